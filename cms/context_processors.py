from django.conf import settings


def hub(request):
    """Values every template needs."""
    return {"hub_site_name": settings.WAGTAIL_SITE_NAME}
