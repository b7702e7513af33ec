"""The worker's own hardship files ("My applications"), for the worker's pages.

A worker account sees nothing of the union tree: these read the files of the registry record
linked to the account (``members.selectors.worker_for_account``) inside a system scope, and
answer 404 for any other file. What they give the page is the state in plain words, the year
and the dates: never the household's figures, members or money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import HardshipFile
from gonghui.assistance.workflows import FileState
from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.scoping import system_scope
from gonghui.members.selectors import worker_for_account

# A file's workflow state as the applicant understands it.
PLAIN_STATES = {
    FileState.APPLICATION: _("Under review"),
    FileState.CHECKED: _("Under review"),
    FileState.VISITED: _("Under review"),
    FileState.VERIFIED: _("Under review"),
    FileState.NOTICE: _("On public notice"),
    FileState.FILED: _("Approved"),
    FileState.EXITED: _("Assistance ended"),
    FileState.REFUSED: _("Not approved"),
}
# Bootstrap colour of each plain state's badge.
STATE_TONES = {FileState.FILED: "success", FileState.REFUSED: "secondary", FileState.EXITED: "secondary"}


@dataclass(frozen=True)
class MyApplication:
    """One hardship file as its applicant sees it: no household figures, no amounts."""

    id: int
    number: str
    year: int
    state: str
    state_label: str
    tone: str
    union_name: str
    applied_on: date
    filed_on: date | None
    exited_on: date | None


def _shown(file: HardshipFile) -> MyApplication:
    return MyApplication(
        id=file.pk,
        number=file.number,
        year=file.year,
        state=file.state,
        state_label=str(PLAIN_STATES.get(file.state, _("Under review"))),
        tone=STATE_TONES.get(file.state, "warning"),
        union_name=file.union.name,
        applied_on=timezone.localdate(file.created_at),
        filed_on=file.filed_on,
        exited_on=file.exited_on,
    )


def _my_files(user: User) -> list[HardshipFile]:
    worker = worker_for_account(user)
    if worker is None:
        return []
    with system_scope("a worker reads their own hardship files"):
        return list(
            HardshipFile.objects.filter(worker=worker)
            .select_related("union")
            .only("id", "number", "year", "state", "union__name", "created_at", "filed_on", "exited_on", "worker_id")
            .order_by("-year", "-id")
        )


@selector
def my_applications(user: User) -> list[MyApplication]:
    """The signed-in worker's own hardship files, newest first, in plain words."""
    return [_shown(file) for file in _my_files(user)]


@selector(sample=lambda s: {"file_id": s.id("file_id")})
def get_my_application(user: User, file_id: int) -> MyApplication:
    """One of the signed-in worker's own hardship files; 404 for any other file, and for anyone else."""
    for file in _my_files(user):
        if file.pk == file_id:
            return _shown(file)
    raise Http404("not your application")
