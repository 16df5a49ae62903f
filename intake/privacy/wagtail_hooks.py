"""The Personal data page in the Wagtail admin's settings menu, for those granted it."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from intake.privacy import admin_views


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    urls = [path("", admin_views.personal_data_home, name="personal_data")]
    # The address administrators have always used.
    return [
        path(
            "engagement/personal-data/",
            include((urls, "privacy_admin"), namespace="privacy_admin"),
        )
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Personal data", reverse("privacy_admin:personal_data"), icon_name="user", order=900
    )
