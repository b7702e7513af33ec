"""Reads of account requests, through the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.core.access.models import AccountRequest
from gonghui.core.tree.scoping import acting_as


def account_requests_for_user(user: Any, *, state: str = "", q: str = "") -> QuerySet[AccountRequest]:
    with acting_as(user):
        requests = AccountRequest.objects.select_related("union", "requested_by")
        if state:
            requests = requests.filter(state=state)
        if q:
            requests = requests.filter(Q(full_name__icontains=q) | Q(username__icontains=q))
        return requests


def get_account_request_for_user(user: Any, request_id: int) -> AccountRequest:
    with acting_as(user):
        return get_object_or_404(
            AccountRequest.objects.select_related("union", "requested_by", "account"), pk=request_id
        )
