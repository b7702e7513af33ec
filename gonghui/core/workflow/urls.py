from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from gonghui.core.workflow import views

app_name = "workflow"
urlpatterns = [
    # The reminders page moved to the page shell (web:reminders); old bookmarks still find it.
    path(
        "reminders/",
        login_required(RedirectView.as_view(pattern_name="web:reminders", permanent=True)),
        name="reminders",
    ),
    path("attachments/<id:entry_id>/", views.attachment_download, name="attachment"),
    path("<slug:workflow>/<id:object_id>/<slug:transition>/", views.transition, name="transition"),
]
