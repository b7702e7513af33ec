from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.accounts import selectors, services
from gonghui.core.accounts.forms import LoginForm, NewUserForm, OwnPasswordChangeForm, UserForm
from gonghui.core.accounts.lists import USERS
from gonghui.core.accounts.models import User
from gonghui.core.web.http import AuthedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Clear what the browser kept of this session (MLPS: residual information).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_own_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"account": request.user})


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_list(request: AuthedRequest) -> HttpResponse:
    return USERS.render(request, "accounts/user_list.html")


@login_required
@permission_required("accounts.add_user", raise_exception=True)
def user_create(request: AuthedRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                union=data["union"],
                role=data["role"],
                phone=data.get("phone") or "",
                id_number=data.get("id_number") or None,
                password=data["password"],
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            _warn(request, form)
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    account = selectors.get_user_for_user(request.user, user_id)
    return _detail_page(request, account)


def _detail_page(request: AuthedRequest, account: User, *, status: int = 200) -> HttpResponse:
    context = {
        "account": account,
        "locked": bool(selectors.locked_usernames([account.username])),
        # An administrator's password is reset on the command line only: no button for it here.
        "manageable": services.may_manage_account(request.user, account),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
@permission_required("accounts.change_user", raise_exception=True)
def user_edit(request: AuthedRequest, user_id: int) -> HttpResponse:
    account = selectors.get_user_for_user(request.user, user_id)
    # The form validates into a copy: the service must see the stored values to audit the change.
    form = UserForm(request.POST or None, instance=copy.copy(account), actor=request.user)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name != "username"}
        try:
            services.user_update(actor=request.user, user=account, **changed)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Account saved."))
            _warn(request, form)
            return redirect("accounts:user_detail", user_id=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@require_POST
@login_required
@permission_required("accounts.change_user", raise_exception=True)
def user_reset_password(request: AuthedRequest, user_id: int) -> HttpResponse:
    account = selectors.get_user_for_user(request.user, user_id)
    try:
        password = services.user_reset_password(actor=request.user, user=account)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return _detail_page(request, account, status=403)
    # Shown once, on this response only; never stored in clear or sent anywhere else.
    return render(request, "accounts/password_reset_done.html", {"account": account, "password": password})


@require_POST
@login_required
@permission_required("accounts.unlock_user", raise_exception=True)
def user_unlock(request: AuthedRequest, user_id: int) -> HttpResponse:
    account = selectors.get_user_for_user(request.user, user_id)
    services.user_unlock(actor=request.user, user=account)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": account.username})
    return redirect("accounts:user_detail", user_id=account.pk)


def _warn(request: AuthedRequest, form: UserForm) -> None:
    # An unknown area code is accepted (code tables age) but worth a second look.
    for warning in form.id_number_warnings():
        messages.warning(request, warning)


def _add_errors(form: UserForm, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error("password" if "password" in form.fields else None, exc)
    else:
        form.add_error(None, str(exc) or _("You may not do this."))
