from django.urls import path

from gonghui.core.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.profile, name="profile"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<id:user_id>/", views.user_detail, name="user_detail"),
    path("users/<id:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<id:user_id>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<id:user_id>/unlock/", views.user_unlock, name="user_unlock"),
]
