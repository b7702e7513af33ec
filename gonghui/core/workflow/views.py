from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.workflow import selectors, services
from gonghui.core.workflow.forms import TransitionForm


@login_required
def transition(request: AuthedRequest, workflow: str, object_id: int, transition: str) -> HttpResponse:
    """One step on one object: GET shows the note/attachment form, POST takes the step."""
    flow, obj = selectors.get_workflow_object_for_user(request.user, workflow, object_id)
    if not selectors.may_view(request.user, flow):
        raise Http404("no such object")
    step = flow.transition(transition)
    if step is None:
        raise Http404("no such step")
    if step not in selectors.available_transitions(request.user, obj):
        raise PermissionDenied(_("You cannot take this step on this item now."))
    posted = request.method == "POST"
    # Bound on every POST, even an empty one: a step without a note is still a step.
    form = TransitionForm(request.POST if posted else None, request.FILES if posted else None, transition=step)
    if posted and form.is_valid():
        try:
            result = services.transition_perform(
                actor=request.user,
                obj=obj,
                name=step.name,
                note=form.cleaned_data["note"],
                attachment=form.cleaned_data["attachment"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            if step.done_template:
                # A one-time result (a temporary password) is shown once, never stored in a message.
                return render(request, step.done_template, {"object": obj, "result": result})
            messages.success(request, _("%(step)s: done.") % {"step": step.label})
            return redirect(obj.get_absolute_url())
    context = {"form": form, "object": obj, "step": step, "flow": flow}
    template = "workflow/transition_form.html#form" if request.htmx else "workflow/transition_form.html"
    return render(request, template, context)


@login_required
@require_GET
def attachment_download(request: AuthedRequest, entry_id: int) -> FileResponse:
    entry = selectors.get_timeline_entry_for_user(request.user, entry_id)
    if not entry.attachment:
        raise Http404("no attachment")
    response = FileResponse(
        entry.attachment.open("rb"),
        as_attachment=True,
        filename=entry.attachment_name or "attachment",
        content_type="application/octet-stream",
    )
    return response


@login_required
def reminders(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    items = selectors.reminders_for_user(request.user, today=today)
    return render(request, "workflow/reminders.html", {"reminders": items, "today": today})
