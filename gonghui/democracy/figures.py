"""Democratic management's figures (``core/figures``): where congresses and bargaining are missing.

Of the operating employers with a union (own or joint) in the user's scope:

* **congress held**: a sitting of a congress covering them (their own, or a regional or industry
  congress listing them) was held in the year (state held or reported);
* **collective contract** / **wage agreement**: bound on the year's coverage day (today for this
  year, 31 December for a past one: ``selectors.coverage_day``) by a filed or in-force contract
  whose term covers the day (``selectors.binding_q``), their own or a regional one listing them;

and of the contracts: those in their **renewal months** (the last 3 months of the term) and those
**not filed in time** (filed after the deadline, or still unfiled past it). Each of these is a
count with its list (the democracy employer list or the contract list, with the filters naming
exactly its rows). **Workers covered** (the sum of the binding contracts' covered workers) and the
**average agreed wage rise** of the year's wage agreements are sums and averages: they carry no list.

Lines by township, economic type, size band and industry (GB/T 4754 section) group the same counts:
the employers are read once (id, township, type, size, industry) and checked against three sets of
employer ids (held a sitting, bound by a contract, by a wage agreement), so the page costs a handful
of queries whatever the number of groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, Rate, list_url, percent, rate
from gonghui.core.figures.townships import township_names, township_path
from gonghui.core.tree.scoping import acting_as
from gonghui.democracy import selectors
from gonghui.democracy.models import CollectiveContract
from gonghui.democracy.workflows import ContractState
from gonghui.organisations.models import SizeBand

EMPLOYER_LIST = "democracy:employer_list"
CONTRACT_LIST = "democracy:contract_list"
LIST_PERMISSION = "democracy.view_congress"
CONTRACT_PERMISSION = "democracy.view_collectivecontract"


@dataclass
class Line:
    """One group of employers (a township, an economic type, a size band) and its counts."""

    key: str
    label: str
    employers: Figure
    held: Figure
    contract: Figure
    wage: Figure

    @property
    def held_rate(self) -> Decimal | None:
        return rate(self.held.value, self.employers.value)

    @property
    def contract_rate(self) -> Decimal | None:
        return rate(self.contract.value, self.employers.value)

    @property
    def wage_rate(self) -> Decimal | None:
        return rate(self.wage.value, self.employers.value)

    @property
    def held_percent(self) -> float | None:
        return percent(self.held_rate)

    @property
    def contract_percent(self) -> float | None:
        return percent(self.contract_rate)

    @property
    def wage_percent(self) -> float | None:
        return percent(self.wage_rate)


@dataclass
class Board:
    year: int
    coverage_day: date
    total: Line
    expiring: Figure
    unfiled: Figure
    workers_covered: int
    average_rise: Decimal | None
    townships: list[Line] = field(default_factory=list)
    ownerships: list[Line] = field(default_factory=list)
    sizes: list[Line] = field(default_factory=list)
    industries: list[Line] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        lines = [self.total, *self.townships, *self.ownerships, *self.sizes, *self.industries]
        found = [self.expiring, self.unfiled]
        for line in lines:
            found += [line.employers, line.held, line.contract, line.wage]
        return found

    @property
    def held(self) -> Rate:
        return Rate(self.total.held.value, self.total.employers.value)


def _count(
    rows: list[tuple[int, Any]], held: set[int], contract: set[int], wage: set[int]
) -> dict[Any, dict[str, int]]:
    """Per group key: employers, and those in each set (the grouped counts, from one read of the employers)."""
    counts: dict[Any, dict[str, int]] = {}
    for employer_id, key in rows:
        line = counts.setdefault(key, {"employers": 0, "held": 0, "contract": 0, "wage": 0})
        line["employers"] += 1
        line["held"] += employer_id in held
        line["contract"] += employer_id in contract
        line["wage"] += employer_id in wage
    return counts


class DemocracyFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "democracy.figures"
    title = gettext_lazy("Democratic management and collective contracts")
    permission = "democracy.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return self.board(user, year=year).figures()

    def board(self, user: Any, *, year: int | None = None) -> Board:
        today = timezone.localdate()
        year = year or today.year
        may_list = user.has_perm(LIST_PERMISSION)
        may_list_contracts = user.has_perm(CONTRACT_PERMISSION)

        def line(key: str, label: str, counts: dict[str, int], **filters: Any) -> Line:
            linked = may_list and filters.pop("_link", True)

            def fig(what: str, value: int, **more: Any) -> Figure:
                url = list_url(EMPLOYER_LIST, **filters, **more) if linked else ""
                return Figure(value=value, url=url, key=f"{key}.{what}", label=f"{label}: {what}")

            return Line(
                key=key,
                label=label,
                employers=fig("employers", counts["employers"]),
                held=fig("held", counts["held"], congress="held", year=year),
                contract=fig("contract", counts["contract"], contract="yes", year=year),
                wage=fig("wage", counts["wage"], wage="yes", year=year),
            )

        with acting_as(user):
            employers = selectors.employers_for_user(user).order_by()
            rows = list(
                employers.annotate(township=township_path("union__path")).values_list(
                    "id",
                    "township",
                    "ownership_id",
                    "ownership__name",
                    "size_band",
                    "industry__section_id",
                    "industry__section__name",
                )
            )
            held = selectors.employer_ids_held(year)
            day = selectors.coverage_day(year, today)
            bound = selectors.employer_ids_bound(day)
            wage = selectors.employer_ids_bound(day, kinds=(CollectiveContract.Kind.WAGE,))
            everything = _count([(row[0], "") for row in rows], held, bound, wage)
            empty = {"employers": 0, "held": 0, "contract": 0, "wage": 0}
            total = line("total", _("All employers with a union"), everything.get("", empty))
            by_township = _count([(row[0], row[1] or "") for row in rows], held, bound, wage)
            names = township_names(by_township)
            townships = []
            for path, counts in sorted(by_township.items()):
                named = names.get(path)
                if named is None:
                    townships.append(line(f"township.{path or 'none'}", _("Kept by the county"), counts, _link=False))
                else:
                    townships.append(line(f"township.{named[0]}", named[1], counts, township=named[0]))
            ownership_names = {row[2]: row[3] for row in rows}
            by_ownership = _count([(row[0], row[2]) for row in rows], held, bound, wage)
            ownerships = [
                line(
                    f"ownership.{code or 'none'}",
                    ownership_names.get(code) or _("not recorded"),
                    counts,
                    ownership=code,
                    _link=code is not None,
                )
                for code, counts in sorted(by_ownership.items(), key=lambda item: str(item[0] or ""))
            ]
            size_labels = dict(SizeBand.choices)
            by_size = _count([(row[0], row[4]) for row in rows], held, bound, wage)
            sizes = [
                line(f"size.{band}", str(size_labels.get(band, band)), counts, size_band=band)
                for band, counts in sorted(by_size.items())
            ]
            section_names = {row[5]: row[6] for row in rows}
            by_industry = _count([(row[0], row[5]) for row in rows], held, bound, wage)
            industries = [
                line(
                    f"industry.{code or 'none'}",
                    section_names.get(code) or _("not recorded"),
                    counts,
                    industry=code,
                    _link=code is not None,
                )
                for code, counts in sorted(by_industry.items(), key=lambda item: str(item[0] or "~"))
            ]
            contracts = selectors.contracts_for_user(user)
            expiring = selectors.contracts_for_user(user, expiring="1").count()
            unfiled = selectors.contracts_for_user(user, unfiled="1").count()
            binding = contracts.filter(selectors.binding_q(day, today))
            workers = (
                binding.filter(kind=CollectiveContract.Kind.COMPREHENSIVE).aggregate(n=Sum("covered_workers"))["n"] or 0
            )
            rise = (
                contracts.filter(
                    kind=CollectiveContract.Kind.WAGE, signed_on__year=year, wage_rise_percent__isnull=False
                )
                .exclude(state__in=(ContractState.REQUESTED, ContractState.NEGOTIATING, ContractState.ABANDONED))
                .aggregate(avg=Avg("wage_rise_percent"))["avg"]
            )
        contract_url = (lambda **f: list_url(CONTRACT_LIST, **f)) if may_list_contracts else (lambda **f: "")
        return Board(
            year=year,
            coverage_day=day,
            total=total,
            expiring=Figure(
                expiring, contract_url(expiring="1"), "contracts.expiring", _("Contracts to renew within 3 months")
            ),
            unfiled=Figure(unfiled, contract_url(unfiled="1"), "contracts.unfiled", _("Contracts not filed in time")),
            workers_covered=int(workers),
            average_rise=Decimal(rise).quantize(Decimal("0.01")) if rise is not None else None,
            townships=townships,
            ownerships=ownerships,
            sizes=sizes,
            industries=industries,
        )
