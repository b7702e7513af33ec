from django.urls import path

from gonghui.competitions import views, views_figures

app_name = "competitions"
urlpatterns = [
    path("", views.competition_list, name="list"),
    path("add/", views.competition_create, name="create"),
    path("<id:competition_id>/", views.competition_detail, name="detail"),
    path("<id:competition_id>/edit/", views.competition_edit, name="edit"),
    path("<id:competition_id>/workers/<id:worker_id>/enter/", views.participant_add, name="participant_add"),
    path("<id:competition_id>/employers/<id:employer_id>/team/", views.team_add, name="team_add"),
    path("<id:competition_id>/stages/add/", views.stage_add, name="stage_add"),
    path("<id:competition_id>/prizes/add/", views.prize_add, name="prize_add"),
    path("<id:competition_id>/ranking.pdf", views.ranking_pdf, name="ranking_pdf"),
    path("<id:competition_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("stages/<id:stage_id>/", views.stage_detail, name="stage"),
    path("prize-batches/<id:prize_batch_id>/", views.batch_detail, name="batch"),
    path("participants/", views.participant_list, name="participant_list"),
    path("innovations/", views.innovation_list, name="innovation_list"),
    path("innovations/add/", views.innovation_new, name="innovation_new"),
    path("workers/<id:worker_id>/innovations/add/", views.innovation_by_worker, name="innovation_by_worker"),
    path("employers/<id:employer_id>/innovations/add/", views.innovation_by_team, name="innovation_by_team"),
    path("innovations/<id:innovation_id>/", views.innovation_detail, name="innovation_detail"),
    path("innovations/<id:innovation_id>/evaluate/", views.innovation_evaluate, name="innovation_evaluate"),
    path("studios/", views.studio_list, name="studio_list"),
    path("studios/add/", views.studio_new, name="studio_new"),
    path("workers/<id:worker_id>/studios/add/", views.studio_create, name="studio_create"),
    path("studios/<id:studio_id>/", views.studio_detail, name="studio_detail"),
    path("studios/<id:studio_id>/members/<id:worker_id>/", views.studio_member_add, name="studio_member_add"),
    path("figures/", views_figures.figures, name="figures"),
]
