from django.urls import path

from intake.engagement import views

app_name = "engagement"

urlpatterns = [
    path("request-engagement/", views.EngagementRequestView.as_view(), name="request_new"),
    path(
        "request-engagement/sent/<str:token>/",
        views.engagement_request_sent,
        name="request_sent",
    ),
    path(
        "request-engagement/status/<str:token>/",
        views.engagement_request_status,
        name="request_status",
    ),
    path(
        "request-engagement/handle/<str:token>/",
        views.ChampionRequestView.as_view(),
        name="champion_request",
    ),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("share-a-success/", views.SuccessStoryView.as_view(), name="success_new"),
    path("share-a-success/sent/", views.success_sent, name="success_sent"),
    path("become-a-champion/", views.ChampionSignupView.as_view(), name="champion_signup"),
    path("become-a-champion/sent/", views.champion_signup_sent, name="champion_signup_sent"),
]
