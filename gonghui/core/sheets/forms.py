from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPTED = ".xlsx,.xls,.csv"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_("An .xlsx, .xls or .csv file laid out like the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED, "data-testid": "import-file"}),
    )
