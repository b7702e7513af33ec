from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from gonghui.core.audit import selectors
from gonghui.core.audit.forms import AuditFilterForm
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.pagination import paginate


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.events_for_user(request.user, **{k: v for k, v in filters.items() if v})
    page = paginate(request, events)
    context = {"form": form, "page": page}
    template = "audit/event_list.html#rows" if request.htmx else "audit/event_list.html"
    return render(request, template, context)


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
