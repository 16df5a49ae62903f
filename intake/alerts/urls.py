from django.urls import path

from intake.alerts import views
from intake.alerts.feeds import NewsFeed

app_name = "alerts"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/sent/", views.follow_sent, name="follow_sent"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="confirm"),
    path("follow/manage/<str:token>/", views.manage, name="manage"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/<slug:kind>/", NewsFeed(), name="feed"),
    path("themes/<slug:slug>/feeds/<slug:kind>/", NewsFeed(), name="theme_feed"),
]
