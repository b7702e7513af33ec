"""Template tags for detail pages of workflow objects.

{% load workflow %}
{% workflow_deadline object %}   the open deadline: due date, rule, overdue/escalated
{% workflow_actions object %}    the steps the user may take now, as buttons
{% workflow_timeline object %}   who did what when, with notes and attachments
{% workflow_state object %}      the state's badge: its label, coloured by its kind (open, waiting,
                                 done, refused, cancelled); or {% workflow_state "founding" name %}
                                 for a state read without its object; ``testid="..."`` names it
{% if object|in_state:"filed" %} whether the object is in one of these states (comma-separated);
                                 a name its workflow does not declare is an error, never False
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from gonghui.core.workflow import selectors
from gonghui.core.workflow.declaration import StateKind, Workflow, workflow_for, workflow_named

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


# The badge of each kind of state: Bootstrap's contextual badges.
BADGES = {
    StateKind.OPEN: "text-bg-primary",
    StateKind.WAITING: "text-bg-warning",
    StateKind.DONE: "text-bg-success",
    StateKind.REFUSED: "text-bg-danger",
    StateKind.CANCELLED: "text-bg-light border",
}


def _flow(obj_or_flow: Any) -> type[Workflow]:
    if isinstance(obj_or_flow, str):
        flow = workflow_named(obj_or_flow)
        if flow is None:
            raise LookupError(f"no workflow is named {obj_or_flow!r}")
        return flow
    if isinstance(obj_or_flow, type) and issubclass(obj_or_flow, Workflow):
        return obj_or_flow
    if isinstance(obj_or_flow, Workflow):  # a template variable holding the class calls it
        return type(obj_or_flow)
    return workflow_for(obj_or_flow)


@register.inclusion_tag("workflow/_state.html")
def workflow_state(obj_or_flow: Any, state: str | None = None, testid: str = "state") -> dict[str, Any]:
    """The state badge of a workflow object (or of ``state`` of the workflow named or given)."""
    flow = _flow(obj_or_flow)
    name = str(state) if state is not None else flow.current(obj_or_flow)
    kind = flow.state_kind(name)
    return {
        "name": name,
        "label": flow.state_label(name),
        "kind": kind or "",
        "badge": BADGES[kind or StateKind.CANCELLED],
        "testid": testid,
    }


@register.filter
def in_state(obj: Any, names: str) -> bool:
    """``{% if file|in_state:"filed,exited" %}``: the names are checked against the object's workflow."""
    flow = workflow_for(obj)
    wanted = {name.strip() for name in names.split(",")}
    unknown = wanted - set(flow.state_map)
    if unknown:
        raise ValueError(f"workflow {flow.name!r} has no state {sorted(unknown)}")
    return flow.current(obj) in wanted
