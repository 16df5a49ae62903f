"""The hub's own URLs plus the bare views the benchmarks compare against."""

from django.urls import path

from bench import views
from cms.urls import urlpatterns as hub_urlpatterns

urlpatterns = [
    path("__bench/bare-page/", views.bare_page),
    path("__bench/raw-case-studies/", views.raw_case_studies),
    path("__bench/bare-register/", views.bare_register),
    *hub_urlpatterns,
]
