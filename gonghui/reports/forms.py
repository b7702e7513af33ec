"""The work report's forms: the year asked for, and the county's template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.years import FIRST_YEAR
from gonghui.reports import content, word


def _years() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(year, year) for year in range(this, FIRST_YEAR - 1, -1)]


class ReportForm(forms.Form):
    """The year of the report and the base year of its multiples (five years back unless chosen)."""

    year = forms.TypedChoiceField(label=_("year"), coerce=int, choices=_years)
    base_year = forms.TypedChoiceField(
        label=_("base year"),
        coerce=int,
        choices=_years,
        help_text=_("The year the multiples and the average annual growth are counted from."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        last = timezone.localdate().year - 1
        year = max(FIRST_YEAR, last)
        self.fields["year"].initial = year
        self.fields["base_year"].initial = content.default_base_year(year)


class TemplateForm(forms.Form):
    file = forms.FileField(
        label=_("Word template (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx", "data-testid": "template-file"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {"mb": word.MAX_TEMPLATE_BYTES // (1024 * 1024)}
