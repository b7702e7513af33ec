from django.urls import path

from gonghui.rights import views, views_figures

app_name = "rights"
urlpatterns = [
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/add/", views.alert_create, name="alert_create"),
    path("alerts/<id:alert_id>/", views.alert_detail, name="alert_detail"),
    path("disputes/", views.dispute_list, name="dispute_list"),
    path("disputes/add/", views.dispute_create, name="dispute_create"),
    path("disputes/<id:dispute_id>/", views.dispute_detail, name="dispute_detail"),
    path("disputes/<id:dispute_id>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("disputes/<id:dispute_id>/dates/", views.dispute_dates, name="dispute_dates"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/add/", views.committee_create, name="committee_create"),
    path("committees/<id:committee_id>/", views.committee_detail, name="committee_detail"),
    path("committees/<id:committee_id>/members/add/", views.seat_add, name="seat_add"),
    path("committee-members/<id:seat_id>/remove/", views.seat_remove, name="seat_remove"),
    path("figures/", views_figures.figures, name="figures"),
]
