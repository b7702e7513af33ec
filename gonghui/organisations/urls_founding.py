from django.urls import path

from gonghui.organisations import views_founding

urlpatterns = [
    path("", views_founding.founding_list, name="founding_list"),
    path("<id:case_id>/", views_founding.founding_detail, name="founding_detail"),
    path("open/<id:employer_id>/", views_founding.founding_open, name="founding_open"),
]
