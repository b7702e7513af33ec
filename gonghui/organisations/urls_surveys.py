from django.urls import path

from gonghui.organisations import views_surveys as views

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("add/", views.survey_create, name="survey_create"),
    path("<id:survey_id>/", views.survey_detail, name="survey_detail"),
    path("<id:survey_id>/close/", views.survey_close, name="survey_close"),
    path("<id:survey_id>/assign/", views.survey_assign, name="survey_assign"),
    path("assignments/<id:assignment_id>/", views.survey_assignment, name="survey_assignment"),
    path("assignments/<id:assignment_id>/visit/", views.survey_visit_record, name="survey_visit_record"),
]
