from django.urls import path

from gonghui.core.accounts import signin, views
from gonghui.core.web.public import public

app_name = "accounts"
urlpatterns = [
    path("login/", public(signin.LoginView.as_view()), name="login"),
    # The second step of signing in, and the account's own second factor (two_factor.py).
    path("login/verify/", public(signin.verify), name="login_verify"),
    path("two-factor/", signin.manage, name="two_factor"),
    path("two-factor/enrol/", signin.enrol, name="two_factor_enrol"),
    path("two-factor/qr.svg", signin.qr_code, name="two_factor_qr"),
    path("two-factor/recovery-codes/", signin.recovery_codes, name="two_factor_recovery"),
    path("two-factor/turn-off/", signin.turn_off, name="two_factor_turn_off"),
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
