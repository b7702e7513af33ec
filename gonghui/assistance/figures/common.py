"""What the figures share: the states and labels they count by, the list they link to, a grant reaching a file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet

from gonghui.assistance.classification import Category
from gonghui.assistance.models import FundingSource, Grant, HardshipFile, Program
from gonghui.assistance.workflows import BatchState, FileState
from gonghui.core.figures import list_url

FILED = FileState.FILED
EXITED = FileState.EXITED
PAID = BatchState.PAID
DEEP = Category.DEEP
CATEGORIES = [code for code, _label in Category.choices]
CATEGORY_LABELS = dict(Category.choices)
CATEGORY_COLOURS = {"deep": "#dc3545", "relative": "#fd7e14", "sudden": "#0dcaf0", "none": "#adb5bd"}
CAUSE_LABELS = dict(HardshipFile.Cause.choices)
KIND_LABELS = dict(Program.Kind.choices)
SOURCE_LABELS = dict(FundingSource.Kind.choices)
ZERO = Decimal("0")
FILE_LIST = "assistance:file_list"
# Who may open the lists behind the figures (without it, the figures are shown unlinked).
LIST_PERMISSION = "assistance.view_hardshipfile"


def file_list_url(**filters: Any) -> str:
    """The hardship file list showing exactly ``filters`` (empty values left out)."""
    return list_url(FILE_LIST, **filters)


def reached_grants(year: int) -> QuerySet[Grant]:
    """A file's counted grants of ``year``, across unions: the inside of the "reached" ``Exists``.

    Unscoped on purpose: the files around it are scoped, and a grant proposed by a union above the
    file's (or before the file moved) still reaches the household.
    """
    # unscoped: the files around it are scoped; a grant proposed above the file's union still reaches it
    return Grant.unscoped.filter(file=OuterRef("pk"), counted=True, year=year)
