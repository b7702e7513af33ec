from django.urls import path

from gonghui.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.seeker_list, name="seeker_list"),
    path("seekers/add/", views.seeker_create, name="seeker_create"),
    path("seekers/<id:job_seeker_id>/", views.seeker_detail, name="seeker_detail"),
    path("seekers/<id:job_seeker_id>/edit/", views.seeker_edit, name="seeker_edit"),
    path("seekers/<id:job_seeker_id>/withdraw/", views.seeker_withdraw, name="seeker_withdraw"),
    path("seekers/<id:job_seeker_id>/refer/", views.seeker_refer, name="seeker_refer"),
    path("vacancies/", views.vacancy_list, name="vacancy_list"),
    path("vacancies/add/", views.vacancy_new, name="vacancy_new"),
    path("employers/<id:employer_id>/vacancies/add/", views.vacancy_create, name="vacancy_create"),
    path("vacancies/<id:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<id:vacancy_id>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<id:vacancy_id>/refer/", views.vacancy_refer, name="vacancy_refer"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<id:job_referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<id:job_referral_id>/hired/", views.referral_hired, name="referral_hired"),
    path("referrals/<id:job_referral_id>/not-hired/", views.referral_not_hired, name="referral_not_hired"),
    path("placements/", views.placement_list, name="placement_list"),
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/add/", views.fair_create, name="fair_create"),
    path("fairs/<id:job_fair_id>/", views.fair_detail, name="fair_detail"),
    path("fairs/<id:job_fair_id>/employers/<id:employer_id>/", views.fair_add_employer, name="fair_add_employer"),
    path("fairs/<id:job_fair_id>/attendance/", views.fair_attendance, name="fair_attendance"),
    path("fairs/<id:job_fair_id>/results/", views.fair_results, name="fair_results"),
    path("figures/", views.figures, name="figures"),
    path("my/", views.my_applications, name="my_applications"),
    path("my/<id:job_referral_id>/", views.my_application, name="my_application"),
]
