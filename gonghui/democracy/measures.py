"""Democratic management's measures (``core/figures/measures.py``): congress sittings held, collective
contracts and wage agreements in force, and the delegates of the congress terms running.

Each is counted over any period on one of the module's lists and opens that list narrowed to the
same rows. The contracts in force are read with the module's own rule (``selectors.binding_q``:
filed or in force within the term; a past day from the filing and term dates, so a contract since
expired still counts for the days it bound).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.democracy import lists
from gonghui.democracy.models import CollectiveContract
from gonghui.democracy.selectors import HELD_STATES, binding_q


def sittings_held(period: Period) -> Q:
    """Sittings held on a day of the period (held, or held and since reported)."""
    return Q(held_on__range=(period.start, period.end), state__in=HELD_STATES)


def comprehensive_in_force(period: Period) -> Q:
    """Comprehensive collective contracts binding on the period's last day."""
    return Q(kind=CollectiveContract.Kind.COMPREHENSIVE) & binding_q(period.end)


def wage_agreements_in_force(period: Period) -> Q:
    """Wage agreements (工资专项集体合同) binding on the period's last day."""
    return Q(kind=CollectiveContract.Kind.WAGE) & binding_q(period.end)


def delegates_of_running_terms(period: Period) -> Q:
    """Delegates of congress terms that run on the period's last day."""
    return Q(congress__term_start__lte=period.end, congress__term_end__gte=period.end)


CONGRESSES_HELD = Measure(
    key="democracy.congresses_held",
    counter=_("%(n)s sittings"),
    label=_("Congress sittings held"),
    list=lists.SESSIONS,
    url_name="democracy:session_list",
    permission="democracy.view_session",
    within=sittings_held,
    order=10,
    note=_(
        "sittings of workers' congresses and general assemblies held in the period (a congress "
        "that sat twice counts twice; planned and cancelled sittings do not count)"
    ),
)
CONTRACTS_IN_FORCE = Measure(
    key="democracy.contracts_in_force",
    counter=_("%(n)s contracts"),
    label=_("Collective contracts in force"),
    list=lists.CONTRACTS,
    url_name="democracy:contract_list",
    permission="democracy.view_collectivecontract",
    within=comprehensive_in_force,
    stock=True,
    order=20,
    note=_(
        "comprehensive collective contracts binding on the period's last day (filed or in force, "
        "within their term); wage agreements are counted apart, women workers' and safety special "
        "agreements are not counted here"
    ),
)
WAGE_AGREEMENTS_IN_FORCE = Measure(
    key="democracy.wage_agreements_in_force",
    counter=_("%(n)s contracts"),
    label=_("Wage agreements in force"),
    list=lists.CONTRACTS,
    url_name="democracy:contract_list",
    permission="democracy.view_collectivecontract",
    within=wage_agreements_in_force,
    stock=True,
    order=30,
    note=_(
        "wage agreements (工资专项集体合同) binding on the period's last day (filed or in force, within their term)"
    ),
)
DELEGATES = Measure(
    key="democracy.delegates",
    label=_("Congress delegates"),
    list=lists.DELEGATES,
    url_name="democracy:delegate_list",
    permission="democracy.view_delegate",
    within=delegates_of_running_terms,
    stock=True,
    unit="people",
    order=40,
    note=_(
        "delegates of the congress terms running on the period's last day; a delegate removed "
        "from a term is no longer kept, so a past day counts the delegates on the register now"
    ),
)

MEASURES = (CONGRESSES_HELD, CONTRACTS_IN_FORCE, WAGE_AGREEMENTS_IN_FORCE, DELEGATES)
