from django.urls import path

from gonghui.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("add/", views.request_record, name="create"),
    path("figures/", views.request_figures, name="figures"),
    path("<id:worker_request_id>/", views.request_detail, name="detail"),
    # A signed-out worker: the public form, its employer search, the tracking page.
    path("submit/", views.submit, name="submit"),
    path("submit/done/", views.submitted, name="submitted"),
    path("employers/", views.employer_search, name="employer_search"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.rate, name="rate"),
    # A signed-in worker's own requests.
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.mine_new, name="mine_new"),
    path("mine/<id:worker_request_id>/", views.mine_detail, name="mine_detail"),
]
