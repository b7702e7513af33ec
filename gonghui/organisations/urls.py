from django.urls import include, path

from gonghui.organisations import views

app_name = "organisations"
urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/add/", views.employer_create, name="employer_create"),
    path("employers/<id:employer_id>/", views.employer_detail, name="employer_detail"),
    path("employers/<id:employer_id>/edit/", views.employer_edit, name="employer_edit"),
    path("re-elections/", views.re_election_list, name="re_election_list"),
    path("unions/<id:union_id>/", views.union_profile, name="union_profile"),
    path("unions/<id:union_id>/edit/", views.union_profile_edit, name="union_profile_edit"),
    path("unions/<id:union_id>/committee/add/", views.committee_member_add, name="committee_member_add"),
    path("committee/<id:member_id>/remove/", views.committee_member_remove, name="committee_member_remove"),
    path("coverage/", include("gonghui.organisations.urls_coverage")),
    path("founding/", include("gonghui.organisations.urls_founding")),
    path("surveys/", include("gonghui.organisations.urls_surveys")),
]
