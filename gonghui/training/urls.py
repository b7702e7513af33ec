from django.urls import path

from gonghui.training import views, views_figures

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/add/", views.course_create, name="course_create"),
    path("courses/<id:course_id>/", views.course_detail, name="course_detail"),
    path("courses/<id:course_id>/edit/", views.course_edit, name="course_edit"),
    path("courses/<id:course_id>/open/", views.course_open, name="course_open"),
    path("courses/<id:course_id>/start/", views.course_start, name="course_start"),
    path("courses/<id:course_id>/finish/", views.course_finish, name="course_finish"),
    path("courses/<id:course_id>/cancel/", views.course_cancel, name="course_cancel"),
    path("courses/<id:course_id>/enrol/", views.enrol_search, name="enrol_search"),
    path("courses/<id:course_id>/enrol/<id:worker_id>/", views.enrolment_add, name="enrolment_add"),
    path("courses/<id:course_id>/attendance/", views.attendance, name="attendance"),
    path("courses/<id:course_id>/assessment/", views.assessment, name="assessment"),
    path("courses/<id:course_id>/certificates/", views.certificates_issue, name="certificates_issue"),
    path("trainees/", views.enrolment_list, name="enrolment_list"),
    path("trainees/<id:enrolment_id>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("trainees/<id:enrolment_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("figures/", views_figures.figures, name="figures"),
    path("my/", views.my_training, name="my"),
    path("my/courses/<id:course_id>/", views.my_course, name="my_course"),
    path("my/courses/<id:course_id>/enrol/", views.my_enrol, name="my_enrol"),
    path("my/enrolments/<id:enrolment_id>/withdraw/", views.my_withdraw, name="my_withdraw"),
    path("my/enrolments/<id:enrolment_id>/certificate.pdf", views.my_certificate_pdf, name="my_certificate_pdf"),
]
