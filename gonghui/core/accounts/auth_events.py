"""Security events from Django's and axes' authentication signals into the audit log.

Signals are the only hook these libraries offer; the receivers only record, they decide nothing.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from gonghui.core.audit.services import Action, Outcome, audit_record
from gonghui.core.tree.scoping import system_scope


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session["auth_at"] = timezone.now().timestamp()
        request.session["last_activity"] = timezone.now().timestamp()
    with system_scope("audit of a login"):
        audit_record(Action.LOGIN, obj=user, actor=user)


def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with system_scope("audit of a logout"):
        audit_record(Action.LOGOUT, obj=user, actor=user)


def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from gonghui.core.accounts.models import User

    username = str(credentials.get("username", ""))[:150]
    with system_scope("audit of a failed login"):
        user = User.unscoped.filter(username=username).select_related("union").first()
        audit_record(
            Action.LOGIN_FAILED,
            obj=user,
            username=username,
            outcome=Outcome.FAILURE,
            object_repr=username if user is None else None,
            union=user.union if user is not None else None,
        )


def _on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    from gonghui.core.accounts.models import User

    name = (username or "")[:150]
    with system_scope("audit of a lockout"):
        user = User.unscoped.filter(username=name).select_related("union").first()
        audit_record(
            Action.LOCKOUT,
            obj=user,
            username=name,
            outcome=Outcome.DENIED,
            object_repr=name if user is None else None,
            union=user.union if user is not None else None,
        )


def connect() -> None:
    user_logged_in.connect(_on_login, dispatch_uid="gonghui_login")
    user_logged_out.connect(_on_logout, dispatch_uid="gonghui_logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="gonghui_login_failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="gonghui_locked_out")
