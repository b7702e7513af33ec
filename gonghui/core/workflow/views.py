from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.core.web.forms import add_service_errors
from gonghui.core.web.http import AuthedRequest
from gonghui.core.web.lists import download
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
    # The step's own data, when the transition declares a form (Transition(form=...)).
    form_class = step.form_class()
    data_form = (
        form_class(request.POST if posted else None, request.FILES if posted else None, obj=obj, actor=request.user)
        if form_class is not None
        else None
    )
    if posted and all([form.is_valid(), data_form is None or data_form.is_valid()]):
        try:
            result = services.transition_perform(
                actor=request.user,
                obj=obj,
                name=step.name,
                note=form.cleaned_data["note"],
                attachment=form.cleaned_data["attachment"],
                data=data_form.cleaned_data if data_form is not None else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            # Everything the step wrote was rolled back; the object in memory goes back too.
            obj.refresh_from_db()
            _add_step_errors(form, data_form, exc)
        else:
            if step.done_template:
                # A one-time result (a temporary password) is shown once, never stored in a message.
                return render(request, step.done_template, {"object": obj, "result": result})
            messages.success(request, _("%(step)s: done.") % {"step": step.label})
            return redirect(obj.get_absolute_url())
    # A step into a final state cannot be taken back: its form asks first.
    irreversible = flow.state(step.target).final
    context = {
        "form": form,
        "data_form": data_form,
        "object": obj,
        "step": step,
        "flow": flow,
        "irreversible": irreversible,
    }
    template = "workflow/transition_form.html#form" if request.htmx else "workflow/transition_form.html"
    return render(request, template, context)


def _add_step_errors(form: TransitionForm, data_form: forms.BaseForm | None, exc: Exception) -> None:
    """A service error on the field it names: the note and attachment, or the step's own form."""
    if data_form is None:
        add_service_errors(form, exc)
        return
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = form if field in form.fields and field not in data_form.fields else data_form
            target.add_error(field if field in target.fields else None, errors)
        return
    add_service_errors(data_form, exc)


@login_required
@require_GET
def attachment_download(request: AuthedRequest, entry_id: int) -> FileResponse:
    entry = selectors.get_timeline_entry_for_user(request.user, entry_id)
    if not entry.attachment:
        raise Http404("no attachment")
    return download(
        entry.attachment.open("rb"), entry.attachment_name or "attachment", content_type="application/octet-stream"
    )
