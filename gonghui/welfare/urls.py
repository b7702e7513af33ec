from django.urls import path

from gonghui.welfare import views

app_name = "welfare"
urlpatterns = [
    path("", views.payout_list, name="payout_list"),
    path("add/", views.payout_create, name="payout_create"),
    path("<id:welfare_payout_id>/", views.payout_detail, name="payout_detail"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/add/", views.batch_create, name="batch_create"),
    path("batches/<id:welfare_batch_id>/", views.batch_detail, name="batch_detail"),
    path("lines/<id:welfare_line_id>/amount/", views.batch_line_update, name="batch_line_update"),
    path("lines/<id:welfare_line_id>/remove/", views.batch_line_remove, name="batch_line_remove"),
    path("caps/", views.caps, name="caps"),
    path("spending/", views.spending, name="spending"),
]
