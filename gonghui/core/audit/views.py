from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.audit import selectors
from gonghui.core.audit.lists import AUDIT_EVENTS
from gonghui.core.web.http import AuthedRequest


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request: AuthedRequest) -> HttpResponse:
    return AUDIT_EVENTS.render(request, "audit/event_list.html")


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_detail(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, event_id)
    context = {
        "event": event,
        "object_type": selectors.object_type_label(event),
        "changes": selectors.change_rows(event),
    }
    return render(request, "audit/event_detail.html", context)
