from django.urls import path

from gonghui.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("union/<id:union_id>/", views.union_page, name="union"),
    path("union/<id:union_id>/summary/", views.summary, name="summary"),
    path("union/<id:union_id>/statistics.xlsx", views.export_xlsx, name="export_xlsx"),
    path("union/<id:union_id>/statistics.json", views.export_json, name="export_json"),
    path("report/<id:statistics_report_id>/", views.report, name="report"),
]
