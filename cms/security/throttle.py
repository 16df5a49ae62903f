"""Throttles for the password forms that are not logins.

django-axes watches logins. Two other forms take a secret or send an email and need a limit of
their own: Wagtail's page password form (``/_util/authenticate_with_password/...``) and the
admin's password reset form. Both are Wagtail views, so the limit is applied by URL name in a
middleware rather than by decorating the view.
"""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve

from django_ratelimit.core import is_ratelimited

from cms.client_address import client_address

logger = logging.getLogger("cms.security.throttle")

PAGE_PASSWORD_URL = "wagtailcore_authenticate_with_password"  # noqa: S105
PASSWORD_RESET_URL = "wagtailadmin_password_reset"  # noqa: S105


def _rates() -> dict[str, str]:
    return {
        "page_password": settings.HUB_PAGE_PASSWORD_RATE,
        "password_reset_ip": settings.HUB_PASSWORD_RESET_IP_RATE,
        "password_reset_email": settings.HUB_PASSWORD_RESET_EMAIL_RATE,
    }


def client_ip(request) -> str:
    return client_address(request)


def _email_key(group, request) -> str:
    return (request.POST.get("email") or "").strip().lower()


def _page_key(group, request) -> str:
    return f"{client_ip(request)}:{request.resolver_match.kwargs.get('page_view_restriction_id')}"


def _limited(request, *, group: str, key, rate: str) -> bool:
    return is_ratelimited(
        request, group=f"hubsecurity:{group}", key=key, rate=rate, method="POST", increment=True
    )


def _throttled(request, group: str):
    logger.warning("password form throttled", extra={"form": group, "ip": client_ip(request)})
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "3600" if group == "password_reset" else "60"
    return response


class PasswordFormThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None:
                request.resolver_match = match
                rates = _rates()
                if match.url_name == PAGE_PASSWORD_URL and _limited(
                    request, group="page_password", key=_page_key, rate=rates["page_password"]
                ):
                    return _throttled(request, "page_password")
                if match.url_name == PASSWORD_RESET_URL:
                    by_ip = _limited(
                        request, group="reset_ip", key="ip", rate=rates["password_reset_ip"]
                    )
                    by_email = _limited(
                        request,
                        group="reset_email",
                        key=_email_key,
                        rate=rates["password_reset_email"],
                    )
                    if by_ip or by_email:
                        return _throttled(request, "password_reset")
        return self.get_response(request)
