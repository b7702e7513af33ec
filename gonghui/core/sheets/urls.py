from django.urls import path

from gonghui.core.sheets import views

app_name = "sheets"
urlpatterns = [
    path("<str:sheet_kind>/import/", views.import_start, name="import_start"),
    path("<str:sheet_kind>/template/", views.template_download, name="template_download"),
    path("<str:sheet_kind>/export/", views.export, name="export"),
    path("imports/<uuid:import_id>/preview/", views.import_preview, name="import_preview"),
    path("imports/<uuid:import_id>/errors/", views.import_errors, name="import_errors"),
    path("imports/<uuid:import_id>/confirm/", views.import_confirm, name="import_confirm"),
]
