"""The member registry (会员实名制): workers, memberships and their events."""

from django.urls import path

from gonghui.members import views, views_worker

app_name = "members"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("add/", views.member_add, name="member_add"),
    path("workers/<id:worker_id>/", views.worker_detail, name="worker_detail"),
    path("workers/<id:worker_id>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<id:worker_id>/join/", views.membership_join, name="membership_join"),
    path("memberships/<id:membership_id>/transfer/", views.membership_transfer, name="membership_transfer"),
    path("memberships/<id:membership_id>/change/", views.membership_change, name="membership_change"),
    path("memberships/", views.membership_list, name="membership_list"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("follow-up/", views.follow_up_list, name="follow_up_list"),
    path("bulk/", views.bulk_action, name="bulk_action"),
    # Accounts for workers: made by staff, or by the worker with a one-time code (public page)
    path("workers/<id:worker_id>/account/", views_worker.account_create, name="account_create"),
    path("workers/<id:worker_id>/activation/", views_worker.activation_issue, name="activation_issue"),
    path("activate/", views_worker.activate, name="activate"),
    # The worker's own pages, and the check of a scanned member card
    path("me/", views_worker.my_membership, name="my_membership"),
    path("me/card/", views_worker.my_card, name="my_card"),
    path("card/<id:worker_id>/", views_worker.card, name="card"),
    path("card/check/", views_worker.card_check, name="card_check"),
]
