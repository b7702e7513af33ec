from django.urls import path

from gonghui.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("start/", views.report_start, name="start"),
    path("<id:report_id>/", views.report_detail, name="detail"),
    path("<id:report_id>/report.docx", views.report_docx, name="docx"),
    path("<id:report_id>/report.pdf", views.report_pdf, name="pdf"),
    path("template/", views.template_page, name="template"),
    path("template/download/", views.template_download, name="template_download"),
    path("template/default/", views.template_reset, name="template_reset"),
]
