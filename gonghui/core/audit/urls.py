from django.urls import path

from gonghui.core.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<id:event_id>/", views.event_detail, name="event_detail"),
]
