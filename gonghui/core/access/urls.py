from django.urls import path

from gonghui.core.access import views

app_name = "access"
urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<id:request_id>/", views.request_detail, name="request_detail"),
]
