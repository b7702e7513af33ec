from django.urls import path

from gonghui.honours import views

app_name = "honours"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/add/", views.campaign_create, name="campaign_create"),
    path("campaigns/<id:award_campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<id:award_campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<id:award_campaign_id>/quotas/", views.quota_set, name="quota_set"),
    path("campaigns/<id:award_campaign_id>/unions/<id:union_id>/", views.union_list, name="union_list"),
    path("campaigns/<id:award_campaign_id>/unions/<id:union_id>/composition/", views.composition, name="composition"),
    path("campaigns/<id:award_campaign_id>/unions/<id:union_id>/workers/", views.worker_search, name="worker_search"),
    path("campaigns/<id:award_campaign_id>/unions/<id:union_id>/submit/", views.union_submit, name="union_submit"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/<id:nomination_id>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<id:nomination_id>/certificate.pdf", views.nomination_certificate, name="certificate_pdf"),
    path("objections/<id:objection_id>/answer/", views.objection_answer, name="objection_answer"),
    path("notice/", views.notice_index, name="notice_index"),
    path("notice/<id:award_campaign_id>/", views.notice_detail, name="notice_detail"),
    path("model-workers/", views.model_worker_list, name="model_worker_list"),
    path("model-workers/add/", views.model_worker_create, name="model_worker_create"),
    path("model-workers/<id:model_worker_id>/", views.model_worker_detail, name="model_worker_detail"),
    path("model-workers/<id:model_worker_id>/edit/", views.model_worker_edit, name="model_worker_edit"),
    path("model-workers/<id:model_worker_id>/care/", views.care_add, name="care_add"),
    path("care/", views.care_list, name="care_list"),
    path("allowances/", views.allowance_rates, name="allowance_rates"),
    path("rest-stays/", views.batch_list, name="batch_list"),
    path("rest-stays/add/", views.batch_create, name="batch_create"),
    path("rest-stays/<id:rest_batch_id>/", views.batch_detail, name="batch_detail"),
    path("rest-stays/<id:rest_batch_id>/add/<id:model_worker_id>/", views.batch_add, name="batch_add"),
    path("figures/", views.figures, name="figures"),
]
