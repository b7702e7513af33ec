from django.urls import path

from gonghui.core.workflow import views

app_name = "workflow"
urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
    path("attachments/<int:entry_id>/", views.attachment_download, name="attachment"),
    path("<slug:workflow>/<int:object_id>/<slug:transition>/", views.transition, name="transition"),
]
