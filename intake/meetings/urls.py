from django.urls import path

from intake.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings.ics", views.hub_calendar, name="hub_calendar"),
    path("meetings/<uuid:public_id>/", views.meeting_detail, name="detail"),
    path("meetings/<uuid:public_id>.ics", views.meeting_calendar, name="meeting_calendar"),
    path("groups/<slug:slug>/meetings.ics", views.group_calendar, name="group_calendar"),
    path("themes/<slug:slug>/meetings.ics", views.theme_calendar, name="theme_calendar"),
    path("manage/<str:token>/meetings/add/", views.manage_meeting_add, name="manage_add"),
    path(
        "manage/<str:token>/meetings/<uuid:public_id>/edit/",
        views.manage_meeting_edit,
        name="manage_edit",
    ),
    path(
        "manage/<str:token>/meetings/<uuid:public_id>/cancel/",
        views.manage_meeting_cancel,
        name="manage_cancel",
    ),
]
