from django.urls import path

from gonghui.core.ops import views

app_name = "ops"
urlpatterns = [
    path("", views.status, name="status"),
]
