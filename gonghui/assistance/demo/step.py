"""The demo step itself: plans, builds and writes the module's rows in bulk."""

from __future__ import annotations

from collections import Counter

from gonghui.assistance.demo.households import Builder
from gonghui.assistance.demo.money import Money
from gonghui.assistance.demo.pairings import _pairings
from gonghui.assistance.demo.plans import AssistanceBuilt
from gonghui.assistance.demo.review import _review
from gonghui.assistance.demo.tables import BASE_YEAR, FILES_BY_SIZE, FILES_PER_GRASSROOTS, Kind, reset_calendar
from gonghui.assistance.models import (
    Disbursement,
    EducationRate,
    FileReview,
    FundingSource,
    Grant,
    GuardianConsent,
    HardshipFile,
    HouseholdMember,
    Pairing,
    PairingVisit,
    PovertyLine,
    Program,
    ReviewRound,
)
from gonghui.assistance.workflows import FileState
from gonghui.core.demo.registry import DemoContext, demo_step

# --- The step ------------------------------------------------------------------------------------


def _scale(ctx: DemoContext) -> int:
    return FILES_BY_SIZE.get(ctx.size.name, max(60, round(ctx.size.grassroots * FILES_PER_GRASSROOTS)))


@demo_step(60, "hardship assistance")
def build_assistance(ctx: DemoContext) -> None:
    reset_calendar()
    b = Builder(ctx)
    pool = b.candidates(_scale(ctx))
    plans = b.plan(min(_scale(ctx), len(pool)))
    # The most demanding histories pick their workers first.
    order = {"exited_old": 0, "exited": 1, "filed": 2}
    plans.sort(key=lambda p: order.get(p[0], 3))
    for state, category in plans:
        worker = b.pick_worker(pool, state)
        if worker is None:
            break
        b.household(worker, state, category)
    b.check_id_numbers()
    for household in b.households:
        b.write_history(household.file, household.steps)
    pairings, visits = _pairings(b)
    money = Money(b)
    money.paid_batches()
    pending = money.pending_warmth()
    for kind in Kind.values:  # next year's programmes are planned already
        money.program(b.this_year + 1, kind)
    money.budgets()
    for batch, steps in money.batches:
        b.write_history(batch, steps)
    review, reviews = _review(b)

    files = [h.file for h in b.households]
    first_year = min((f.year for f in files), default=BASE_YEAR)
    writer = b.writer
    writer.add_all(PovertyLine, b.poverty_lines(min(first_year, BASE_YEAR)))
    writer.add_all(HardshipFile, files)
    writer.add_all(HouseholdMember, [m.obj for h in b.households for m in h.members])
    writer.add_all(GuardianConsent, b.consents)
    writer.add_all(Program, sorted(money.programs.values(), key=lambda p: p.pk))
    writer.add_all(FundingSource, money.sources)
    writer.add_all(EducationRate, money.rates)
    writer.add_all(Disbursement, [batch for batch, _steps in money.batches])
    writer.add_all(Grant, money.grants)
    writer.add_all(Pairing, pairings)
    writer.add_all(PairingVisit, visits)
    if review is not None:
        writer.add(ReviewRound, review)
        writer.add_all(FileReview, reviews)
    for row in b.timeline:
        writer.add(type(row), row, with_id=False)
    writer.flush()

    states = Counter(f.state for f in files)
    categories = Counter(f.category for f in files if f.state == FileState.FILED)
    ctx.put(AssistanceBuilt(files=len(files), states=dict(states), pending_batch=pending))
    ctx.write(
        f"    {len(files)} hardship files ({', '.join(f'{s} {n}' for s, n in sorted(states.items()))}; filed: "
        f"{', '.join(f'{c} {n}' for c, n in sorted(categories.items()))}), "
        f"{sum(len(h.members) for h in b.households)} household members; {len(money.programs)} programmes, "
        f"{len(money.batches)} batches with {len(money.grants)} grants (one waiting for approval); "
        f"{len(pairings)} pairings, {len(reviews)} files in the {b.review_year} review"
    )
