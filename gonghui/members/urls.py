"""The member registry (会员实名制): workers, memberships and their events."""

from django.urls import path

from gonghui.members import views

app_name = "members"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("add/", views.member_add, name="member_add"),
    path("workers/<id:worker_id>/", views.worker_detail, name="worker_detail"),
    path("workers/<id:worker_id>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<id:worker_id>/join/", views.membership_join, name="membership_join"),
    path("memberships/<id:membership_id>/transfer/", views.membership_transfer, name="membership_transfer"),
    path("memberships/<id:membership_id>/change/", views.membership_change, name="membership_change"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("follow-up/", views.follow_up_list, name="follow_up_list"),
    path("bulk/", views.bulk_action, name="bulk_action"),
]
