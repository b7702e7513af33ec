"""The coverage page's URLs, included by ``urls.py`` under ``coverage/``."""

from django.urls import path

from gonghui.organisations import views_coverage

urlpatterns = [
    path("", views_coverage.coverage, name="coverage"),
]
