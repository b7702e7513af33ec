from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.workflow.declaration import Transition
from gonghui.core.workflow.services import ALLOWED_ATTACHMENT_SUFFIXES


class TransitionForm(forms.Form):
    """The note and attachment of one step; required where the transition says so."""

    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        if "note" in transition.requires:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
        if "attachment" in transition.requires:
            self.fields["attachment"].required = True
        self.fields["attachment"].widget.attrs["accept"] = ",".join(sorted(ALLOWED_ATTACHMENT_SUFFIXES))
