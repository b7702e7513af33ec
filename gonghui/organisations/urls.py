from django.urls import path

from gonghui.organisations.views import coverage, employers, founding, surveys, unions

app_name = "organisations"
urlpatterns = [
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/add/", employers.employer_create, name="employer_create"),
    path("employers/<id:employer_id>/", employers.employer_detail, name="employer_detail"),
    path("employers/<id:employer_id>/edit/", employers.employer_edit, name="employer_edit"),
    path("re-elections/", unions.re_election_list, name="re_election_list"),
    path("unions/<id:union_id>/", unions.union_profile, name="union_profile"),
    path("unions/<id:union_id>/edit/", unions.union_profile_edit, name="union_profile_edit"),
    path("unions/<id:union_id>/committee/add/", unions.committee_member_add, name="committee_member_add"),
    path("committee/<id:member_id>/remove/", unions.committee_member_remove, name="committee_member_remove"),
    # Coverage
    path("coverage/", coverage.coverage, name="coverage"),
    # The founding pipeline
    path("founding/", founding.founding_list, name="founding_list"),
    path("founding/<id:case_id>/", founding.founding_detail, name="founding_detail"),
    path("founding/open/<id:employer_id>/", founding.founding_open, name="founding_open"),
    # Survey campaigns
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/add/", surveys.survey_create, name="survey_create"),
    path("surveys/<id:survey_id>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<id:survey_id>/close/", surveys.survey_close, name="survey_close"),
    path("surveys/<id:survey_id>/assign/", surveys.survey_assign, name="survey_assign"),
    path("surveys/assignments/<id:assignment_id>/", surveys.survey_assignment, name="survey_assignment"),
    path("surveys/assignments/<id:assignment_id>/visit/", surveys.survey_visit_record, name="survey_visit_record"),
]
