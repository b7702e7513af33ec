from django.urls import path

from gonghui.core.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<uuid:job_id>/", views.job_detail, name="job_detail"),
    path("<uuid:job_id>/download/", views.job_download, name="job_download"),
    path("<uuid:job_id>/retry/", views.job_retry, name="job_retry"),
    path("<uuid:job_id>/cancel/", views.job_cancel, name="job_cancel"),
]
