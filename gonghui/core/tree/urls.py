from django.urls import path

from gonghui.core.tree import views

app_name = "tree"
urlpatterns = [
    path("", views.union_list, name="union_list"),
    path("<id:union_id>/", views.union_detail, name="union_detail"),
    path("<id:union_id>/add/", views.union_create, name="union_create"),
    path("<id:union_id>/edit/", views.union_edit, name="union_edit"),
    path("<id:union_id>/move/", views.union_move, name="union_move"),
]
