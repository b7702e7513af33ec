from django.urls import path

from gonghui.core.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/", views.kind_entries, name="kind"),
]
