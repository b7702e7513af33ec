"""Template tags for detail pages of workflow objects.

{% load workflow %}
{% workflow_deadline object %}   the open deadline: due date, rule, overdue/escalated
{% workflow_actions object %}    the steps the user may take now, as buttons
{% workflow_timeline object %}   who did what when, with notes and attachments
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from gonghui.core.workflow import selectors
from gonghui.core.workflow.declaration import workflow_for

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("workflow/_timeline.html", takes_context=True)
def workflow_timeline(context: template.Context, obj: Any) -> dict[str, Any]:
    user = _user(context)
    flow = workflow_for(obj)
    entries = list(selectors.timeline_for_user(user, obj)) if user and selectors.may_view(user, flow) else []
    return {"entries": entries, "flow": flow, "object": obj}


@register.inclusion_tag("workflow/_transitions.html", takes_context=True)
def workflow_actions(context: template.Context, obj: Any) -> dict[str, Any]:
    user = _user(context)
    flow = workflow_for(obj)
    steps = []
    if user is not None and user.is_authenticated and selectors.may_view(user, flow):
        for step in selectors.available_transitions(user, obj):
            url = reverse(
                "workflow:transition", kwargs={"workflow": flow.name, "object_id": obj.pk, "transition": step.name}
            )
            steps.append({"step": step, "url": url})
    return {"steps": steps, "object": obj, "state_label": flow.state_label(flow.current(obj))}


@register.inclusion_tag("workflow/_deadline.html", takes_context=True)
def workflow_deadline(context: template.Context, obj: Any) -> dict[str, Any]:
    user = _user(context)
    deadline = selectors.open_deadline_for_user(user, obj) if user is not None and user.is_authenticated else None
    today = timezone.localdate()
    return {"deadline": deadline, "today": today, "overdue": deadline is not None and deadline.due_on < today}
