from django.urls import path

from cms.insights import views

app_name = "insights"

urlpatterns = [
    path("state-of-engagement/", views.state_of_engagement, name="state_of_engagement"),
]
