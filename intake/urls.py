from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("groups/", views.group_directory, name="group_directory"),
    path("groups/download.csv", views.group_download_csv, name="group_download_csv"),
    path("groups/download.json", views.group_download_json, name="group_download_json"),
    path("groups/register/", views.GroupRegisterView.as_view(), name="group_register"),
    path("groups/register/sent/", views.group_register_sent, name="group_register_sent"),
    path("groups/confirm/<str:token>/", views.group_verify, name="group_verify"),
    path("groups/join/confirm/<str:token>/", views.membership_confirm, name="membership_confirm"),
    path("groups/leave/<str:token>/", views.membership_leave, name="membership_leave"),
    path("groups/handover/<str:token>/", views.group_handover, name="group_handover"),
    path(
        "groups/invitation/<str:token>/",
        views.membership_invitation,
        name="membership_invitation",
    ),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/join/", views.GroupJoinView.as_view(), name="group_join"),
    path("groups/<slug:slug>/join/sent/", views.group_join_sent, name="group_join_sent"),
    path("manage/", views.ManageRequestView.as_view(), name="manage_request"),
    path("manage/sent/", views.manage_request_sent, name="manage_request_sent"),
    path("manage/<str:token>/", views.manage_dashboard, name="manage_dashboard"),
    path("manage/<str:token>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<str:token>/confirm/", views.manage_confirm_current, name="manage_confirm"),
    path("manage/<str:token>/archive/", views.manage_archive, name="manage_archive"),
    path("manage/<str:token>/hand-over/", views.manage_handover, name="manage_handover"),
    path(
        "manage/<str:token>/members/<int:membership_id>/",
        views.manage_membership_decide,
        name="manage_membership_decide",
    ),
    path(
        "manage/<str:token>/members/<int:membership_id>/remove/",
        views.manage_membership_remove,
        name="manage_membership_remove",
    ),
    path("manage/<str:token>/invite/", views.manage_invite, name="manage_invite"),
    path(
        "manage/<str:token>/join-summary/",
        views.manage_join_summary,
        name="manage_join_summary",
    ),
    path("manage/<str:token>/members.csv", views.manage_members_csv, name="manage_members_csv"),
]
