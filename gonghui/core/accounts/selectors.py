"""Reads of accounts, always through the actor's scope."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import acting_as


def users_for_user(actor: Any, *, q: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    with acting_as(actor):
        users = User.objects.select_related("union")
        if q:
            users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        if role:
            users = users.filter(role=role)
        if active in {"1", "0"}:
            users = users.filter(is_active=active == "1")
        return users.order_by("union__path", "username")


def get_user_for_user(actor: Any, user_id: int) -> User:
    with acting_as(actor):
        return get_object_or_404(User.objects.select_related("union"), pk=user_id)


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of ``usernames`` are locked out now (axes failure records inside the cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).values_list("username", flat=True)
    )
