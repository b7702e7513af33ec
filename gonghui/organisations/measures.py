"""Organisation building's measures (``core/figures/measures.py``): eligible employers, those covered by a
union, their workers and the unions founded — each counted over any period as rows of the employer list.

The coverage rules are ``coverage.py``'s: the eligible employers are the operating ones not marked
not eligible; an employer is covered by its own union or a joint union (``union_status``), since
``founded_on`` ("covered since"). The register keeps no day an employer closed or was judged not
eligible, nor its workforce in the past: those are read as recorded today, and a past period
differs from today only by the dates of coverage.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.organisations import lists
from gonghui.organisations.coverage import COVERED, ELIGIBLE, founding_target

LIST = lists.EMPLOYERS
URL_NAME = "organisations:employer_list"
PERMISSION = "organisations.view_employer"


def _covered_by(day: date) -> Q:
    """Covered employers whose coverage began by ``day``: by ``founded_on``, else by their own union's
    founding date (the tree's); a record with neither counts as covered all along."""
    return Q(union_status__in=COVERED) & (
        Q(founded_on__lte=day)
        | Q(founded_on__isnull=True, own_union__founding_date__lte=day)
        | Q(founded_on__isnull=True, own_union__founding_date__isnull=True)
    )


def eligible(period: Period) -> Q:
    """Operating employers not marked not eligible (as recorded today: the register keeps no day of closing)."""
    return ELIGIBLE


def covered(period: Period) -> Q:
    """Eligible employers covered by their own or a joint union on the period's last day."""
    return ELIGIBLE & _covered_by(period.end)


def founded(period: Period) -> Q:
    """Employers whose own union was founded, or whose joint coverage began, within the period."""
    days = (period.start, period.end)
    return Q(union_status__in=COVERED) & (
        Q(founded_on__range=days) | Q(founded_on__isnull=True, own_union__founding_date__range=days)
    )


ELIGIBLE_EMPLOYERS = Measure(
    key="organisations.eligible",
    counter=_("%(n)s employers"),
    label=_("Eligible employers"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=eligible,
    stock=True,
    order=10,
    note=_(
        "operating employers on the register that may found a union (closed and not-eligible ones left out), "
        "as recorded today: the register keeps no day an employer closed"
    ),
)
COVERED_EMPLOYERS = Measure(
    key="organisations.covered",
    counter=_("%(n)s employers"),
    label=_("Employers covered by a union"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=covered,
    stock=True,
    share_of=ELIGIBLE_EMPLOYERS.key,
    target=founding_target,
    order=20,
    note=_(
        "eligible employers with their own union or covered by a joint union on the period's last day, "
        "by the date coverage began; an employer without that date counts as covered throughout, and "
        "one that lost its union later is not known to have had it"
    ),
)
WORKERS = Measure(
    key="organisations.workers",
    label=_("Workers of eligible employers"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=eligible,
    stock=True,
    total="headcount",
    unit="people",
    order=30,
    note=_("the workforce the eligible employers report, as recorded today"),
)
UNIONS_FOUNDED = Measure(
    key="organisations.unions_founded",
    counter=_("%(n)s employers"),
    label=_("Unions founded"),
    list=LIST,
    url_name=URL_NAME,
    permission=PERMISSION,
    within=founded,
    order=40,
    note=_(
        "employers that founded their own union or came under a joint union within the period (closed since or not)"
    ),
)

MEASURES = (ELIGIBLE_EMPLOYERS, COVERED_EMPLOYERS, WORKERS, UNIONS_FOUNDED)
