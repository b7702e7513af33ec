"""The rules of a worker request: its categories' periods, the tracking code, timeliness.

Periods are counted in working days on the statutory calendar (``core.calendar``): the day the
request is received is not counted, holidays are skipped and weekend days made working days
(调休) count. Each category has a first-contact period (the union calls the worker back) and an
answer period, both from the day of receipt. An installation may change them in its settings::

    GONGHUI_REQUEST_PERIODS = {"wages": (1, 5), "injury": (2, 10)}
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.workflow.rules import WorkingDays

# An unambiguous alphabet: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10


def new_code() -> str:
    """A random tracking code: 10 characters of a 25-letter alphabet (about 46 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """A code as typed: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (value or "").upper() if ch not in " -\t")


def is_code(value: str) -> bool:
    return len(value) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in value)


def format_code(code: str) -> str:
    """Shown in two groups for reading aloud over the phone: ``ACD34-79FGH``."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


@dataclass(frozen=True)
class Periods:
    """Working days from receipt to the first contact and to the answer."""

    first_contact: int
    answer: int


#: Category → (first contact, answer) in working days. Wages and hardship are urgent (7 days);
#: the others need an employer's or an authority's records (15 days).
DEFAULT_PERIODS: dict[str, tuple[int, int]] = {
    "wages": (2, 7),
    "contracts": (2, 15),
    "social_insurance": (2, 15),
    "injury": (2, 15),
    "hardship": (2, 7),
    "women": (2, 15),
    "other": (2, 15),
}
#: A request received is assigned to a person within one working day.
ASSIGN_RULE = WorkingDays(1, basis=_("assigned within one working day of receipt"))


def periods(category: str) -> Periods:
    table = {**DEFAULT_PERIODS, **getattr(settings, "GONGHUI_REQUEST_PERIODS", {})}
    first, answer = table.get(category, DEFAULT_PERIODS["other"])
    return Periods(first_contact=int(first), answer=int(answer))


def first_contact_rule(category: str) -> WorkingDays:
    return WorkingDays(periods(category).first_contact, basis=_("first contact period of the request's category"))


def answer_rule(category: str) -> WorkingDays:
    return WorkingDays(periods(category).answer, basis=_("answer period of the request's category"))


def answer_due(category: str, received_on: date) -> date:
    return answer_rule(category).due(received_on).date


# --- Timeliness: one definition, read by the list filter and the figures -----------------------
ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"
TIMELINESS = [(ON_TIME, _("answered in time")), (LATE, _("answered late")), (OVERDUE, _("overdue, not answered"))]


def timeliness_q(value: str, today: date, *, open_states: tuple[str, ...]) -> Q | None:
    """The requests of one timeliness as a filter (None: not a timeliness)."""
    if value == ON_TIME:
        return Q(answered_on__isnull=False, answered_on__lte=F("answer_due"))
    if value == LATE:
        return Q(answered_on__isnull=False, answered_on__gt=F("answer_due"))
    if value == OVERDUE:
        return Q(answered_on__isnull=True, state__in=open_states, answer_due__lt=today)
    return None


def is_overdue(obj: Any, today: date, open_states: tuple[str, ...]) -> bool:
    return obj.answered_on is None and obj.state in open_states and obj.answer_due < today
