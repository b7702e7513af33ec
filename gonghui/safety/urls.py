from django.urls import path

from gonghui.safety import views, views_figures

app_name = "safety"
urlpatterns = [
    path("", views.index, name="index"),
    path("hazards/", views.hazard_list, name="hazard_list"),
    path("hazards/add/", views.hazard_new, name="hazard_new"),
    path("employers/<id:employer_id>/hazards/add/", views.hazard_create, name="hazard_create"),
    path("hazards/<id:hazard_id>/", views.hazard_detail, name="hazard_detail"),
    path("hazards/<id:hazard_id>/edit/", views.hazard_edit, name="hazard_edit"),
    path("hazards/<id:hazard_id>/photos/add/", views.photo_add, name="photo_add"),
    path("hazards/<id:hazard_id>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("photos/<id:hazard_photo_id>/", views.photo_download, name="photo_download"),
    path("reports/<id:major_report_id>/acknowledge/", views.report_acknowledge, name="report_acknowledge"),
    path("inspectors/", views.inspector_list, name="inspector_list"),
    path("inspectors/add/", views.inspector_new, name="inspector_new"),
    path("workers/<id:worker_id>/appoint/", views.inspector_appoint, name="inspector_appoint"),
    path("inspectors/<id:inspector_id>/", views.inspector_detail, name="inspector_detail"),
    path("inspectors/<id:inspector_id>/end/", views.inspector_end, name="inspector_end"),
    path("activities/", views.activity_list, name="activity_list"),
    path("employers/<id:employer_id>/activities/add/", views.activity_create, name="activity_create"),
    path("figures/", views_figures.figures, name="figures"),
]
