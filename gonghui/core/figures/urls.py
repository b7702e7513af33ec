from django.urls import path

from gonghui.core.figures import views

app_name = "figures"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard_export"),
]
