"""The assistance demo step: files whose figures give their category, histories, grants that keep every rule."""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum

from gonghui.assistance import classification, services
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
from gonghui.assistance.workflows import OPEN_FILE_STATES
from gonghui.core.demo import names
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.identifiers import parse_id_number
from gonghui.core.money import round_fen
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree import paths
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import transition_perform
from gonghui.members.models import Worker

TODAY = date(2026, 11, 24)
BEFORE = ("organisations", "founding history and survey campaign", "member registry")
STEP = "hardship assistance"


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def _context(world: World, seed: int) -> tuple[DemoContext, list[str]]:
    lines: list[str] = []
    ctx = DemoContext(random.Random(seed), SIZES["small"], TODAY, PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    return ctx, lines


@pytest.fixture
def demo(world: World, reference: None) -> dict[str, Any]:
    """The employers, founding, member registry and assistance steps, at small size on the test world."""
    ctx, lines = _context(world, 5)
    registered = {name: function for _order, name, function in steps()}
    with system_scope("demo"):
        for name in BEFORE:
            registered[name](ctx)
        started = time.perf_counter()
        registered[STEP](ctx)
        seconds = time.perf_counter() - started
    return {"ctx": ctx, "lines": lines, "seconds": seconds}


def _files() -> list[HardshipFile]:
    return list(
        HardshipFile.unscoped.select_related("worker", "division", "union").prefetch_related("members").order_by("id")
    )


def test_the_step_is_registered_after_the_members(db: Any) -> None:
    order = {name: position for position, name, _function in steps()}
    assert order[STEP] == 60
    assert order[STEP] > order["member registry"]


def test_files_mix_and_classification(world: World, demo: dict[str, Any]) -> None:
    with system_scope("test"):
        files = _files()
        # then 60–100 files are written, quickly
        assert 60 <= len(files) <= 100
        assert demo["seconds"] < 10
        assert f"{len(files)} hardship files" in demo["lines"][-1]
        states = Counter(f.state for f in files)
        # about half filed, a quarter exited, every step of the way taken by a few, a few refused
        assert 0.45 <= states["filed"] / len(files) <= 0.65
        assert 0.15 <= states["exited"] / len(files) <= 0.35
        assert all(states[state] >= 2 for state in OPEN_FILE_STATES)
        assert states["refused"] >= 3
        filed = Counter(f.category for f in files if f.state == "filed")
        assert set(filed) == {"deep", "relative", "sudden"}
        assert filed["relative"] > filed["sudden"]
        assert filed["deep"] > filed["sudden"]
        for file in files:
            members = list(file.members.all())
            # the figures give the category stored, as the services compute it
            result = classification.classify(services.file_figures(file, on=TODAY, size=1 + len(members)))
            assert result.category == file.category, file.number
            assert result.per_head_monthly is not None
            assert round_fen(result.per_head_monthly) == file.per_head_monthly
            assert file.exclusion_codes == ",".join(result.exclusions)
            assert file.excluded == bool(result.exclusions)
            # a file past the first check qualified (exclusions found later end it)
            if file.state in ("checked", "visited", "verified", "notice", "filed"):
                assert result.qualifies, file.number
            if file.excluded:
                assert file.state in ("refused", "exited")
                assert file.homes_owned >= 2 or file.owns_business
            # other income is the members' monthly incomes × 12
            assert file.other_annual_income == sum((m.monthly_income for m in members), Decimal(0)) * 12
            assert file.number == f"KN{file.year}{file.pk:06d}"
            assert file.union_id == file.worker.union_id
            assert file.worker.member_status in ("active", "kept")
            assert file.main_cause not in file.secondary_cause_list
            assert len(file.secondary_cause_list) <= 3
            if file.worker.category == Worker.Category.MIGRANT:
                assert file.work_started is not None
                assert classification.months_between(file.work_started, file.created_at.date()) >= 12
            # 1–4 household members, with valid ID numbers of the county matching their birth dates
            assert 1 <= len(members) <= 4
            for member in members:
                parsed = parse_id_number(member.id_number, today=TODAY)
                assert parsed.birth_date == member.birth_date
                assert member.id_number[:6] == names.COUNTY_DIVISION
                assert member.union_id == file.union_id
            if file.bank_account:
                assert 16 <= len(file.bank_account) <= 19
                assert file.bank_account.isdigit()
                assert file.bank_name
        assert states["refused"] > Counter(f.state for f in files if f.excluded)["refused"]  # not all excluded
        assert any(f.excluded for f in files)
        # members' numbers are unique and never a worker's
        hashes = list(HouseholdMember.unscoped.values_list("id_number_hash", flat=True))
        assert len(hashes) == len(set(hashes))
        assert not Worker.unscoped.filter(id_number_hash__in=hashes).exists()
        # the county's standard for every year a file needs, and a lower rural one
        county = dict(PovertyLine.objects.filter(division=None).values_list("year", "monthly_amount"))
        assert county[2022] == Decimal("800")
        assert set(range(min(f.year for f in files), 2028)) <= set(county)
        assert all(county[year + 1] > county[year] for year in range(2022, 2027))
        rural = PovertyLine.objects.exclude(division=None).filter(year=2026)
        assert rural.exists()
        assert all(line.monthly_amount < county[2026] for line in rural)


def test_histories_deadlines_and_purge(world: World, demo: dict[str, Any]) -> None:
    with system_scope("test"):
        files = _files()
        file_type = ContentType.objects.get_for_model(HardshipFile)
        entries: dict[int, list[TimelineEntry]] = defaultdict(list)
        for entry in TimelineEntry.unscoped.filter(content_type=file_type).order_by("at", "id"):
            entries[entry.object_id].append(entry)
        deadlines = {d.object_id: d for d in Deadline.unscoped.filter(content_type=file_type, closed_at__isnull=True)}
        for file in files:
            history = entries[file.pk]
            # every file has its history: started, then each step to where it is now
            assert history, file.number
            assert history[0].transition == "start"
            assert history[0].to_state == "application"
            assert history[-1].to_state == file.state
            for before, after in itertools.pairwise(history):
                assert before.to_state == after.from_state
                assert before.at <= after.at
            assert history[-1].at.date() <= TODAY
            assert all(e.union_id == file.union_id for e in history)
            # a file on its way has one open deadline, from the day it entered its state
            if file.state in OPEN_FILE_STATES:
                deadline = deadlines[file.pk]
                assert deadline.state == file.state
                if file.state == "notice":
                    # due on the notice's last day, counted as the notice is: from its first day
                    assert deadline.due_on == file.notice_ends
                    assert deadline.started_on == file.notice_starts - timedelta(days=1)
                else:
                    assert deadline.started_on == history[-1].at.date()
                assert deadline.due_on > deadline.started_on
            else:
                assert file.pk not in deadlines
            if file.state in ("notice", "filed", "exited"):
                assert file.notice_starts is not None
                assert file.notice_ends is not None
                assert file.notice_ends >= file.notice_starts
                assert file.visited_on is not None
                assert file.visitors
            if file.state in ("filed", "exited"):
                assert file.notice_ends is not None
                assert file.filed_on is not None
                assert file.filed_on > file.notice_ends
            if file.state == "exited":
                assert file.exited_on is not None
                assert file.filed_on is not None
                assert file.exited_on > file.filed_on
                assert file.exit_reason
        # the notices run around today
        notices = [f for f in files if f.state == "notice"]
        assert all(f.notice_starts and TODAY - timedelta(days=20) <= f.notice_starts <= TODAY for f in notices)
        # the purge has work to do: files that left hardship more than ten years ago
        due = services.files_purge(today=TODAY, dry_run=True)
        assert due
        assert all(f.exited_on and f.exited_on.year in (2014, 2015) for f in files if f.number in due)
        # the open deadlines are the pipeline's (and the batch waiting for approval)
        assert len(deadlines) == sum(1 for f in files if f.state in OPEN_FILE_STATES)


def test_grants_keep_the_rules(world: World, demo: dict[str, Any]) -> None:
    with system_scope("test"):
        # exactly one 送温暖 batch waits for approval: made and checked by two people, nothing counted yet
        waiting = Disbursement.unscoped.filter(state="checked").select_related("program")
        assert waiting.count() == 1
        batch = waiting.get()
        assert batch.program.kind == Program.Kind.WARMTH
        assert batch.program.year == TODAY.year + 1
        assert batch.made_by_id is not None
        assert batch.checked_by_id is not None
        assert batch.made_by_id != batch.checked_by_id
        assert batch.approved_by_id is None
        grants = list(batch.grants.select_related("file"))
        assert grants
        assert not any(g.counted for g in grants)
        households = [g.file for g in grants if g.file is not None]
        assert len(households) == len(grants)
        assert all(f.state == "filed" and f.category == "deep" for f in households)
        # none of its households already holds a counted grant of that kind and year
        held = Grant.unscoped.filter(
            counted=True, kind=batch.program.kind, year=batch.program.year, file__in=households
        )
        assert not held.exists()
        assert services.disbursement_problems(batch) == []
        batch_type = ContentType.objects.get_for_model(Disbursement)
        open_deadline = Deadline.unscoped.get(content_type=batch_type, object_id=batch.pk, closed_at__isnull=True)
        assert open_deadline.state == "checked"
        assert TimelineEntry.unscoped.filter(content_type=batch_type, object_id=batch.pk).count() == 3
        # one counted grant per household, kind and year
        twice = Grant.unscoped.filter(counted=True).values("file", "kind", "year").annotate(n=Count("id"))
        assert not twice.filter(n__gt=1).exists()
        # the paid batches: three different people, paid in the past, every grant counted
        paid = list(Disbursement.unscoped.filter(state="paid").select_related("program"))
        assert len(paid) >= 10
        assert {b.program.kind for b in paid} == set(Program.Kind.values)
        for b in paid:
            assert None not in (b.made_by_id, b.checked_by_id, b.approved_by_id)
            assert len({b.made_by_id, b.checked_by_id, b.approved_by_id}) == 3
            assert b.paid_on is not None
            assert b.created_at.date() <= b.paid_on <= TODAY
            assert b.number == f"FF{b.program.year}{b.pk:05d}"
            assert not Grant.unscoped.filter(disbursement=b, counted=False).exists()
            assert TimelineEntry.unscoped.filter(content_type=batch_type, object_id=b.pk).count() == 5
        # the grant's household was filed when the batch was made
        for grant in Grant.unscoped.filter(counted=True).select_related("file", "disbursement"):
            day = grant.disbursement.created_at.date()
            file = grant.file
            assert file is not None
            assert file.filed_on is not None
            assert file.filed_on <= day
            assert file.exited_on is None or file.exited_on > day
            assert not file.excluded
        # education grants name a student of the household in school; under 14, with the guardian's consent
        education = list(Grant.unscoped.filter(kind="education").select_related("student", "disbursement"))
        assert education
        consented = set(GuardianConsent.objects.values_list("member_id", flat=True))
        for grant in education:
            assert grant.student is not None
            assert grant.student.file_id == grant.file_id
            assert grant.student.schooling
            if grant.student.age_on(grant.disbursement.created_at.date()) < 14:
                assert grant.student.pk in consented
        # most children under 14 have a consent
        children = [m for m in HouseholdMember.unscoped.all() if m.age_on(TODAY) < 14]
        assert children
        assert sum(1 for m in children if m.pk in consented) / len(children) > 0.6
        # budgets cover the grants; the sources add up to the budget
        for program in Program.unscoped.all():
            used = Grant.unscoped.filter(disbursement__program=program).aggregate(s=Sum("amount"))["s"] or 0
            sources = FundingSource.objects.filter(program=program).aggregate(s=Sum("amount"))["s"]
            assert used <= program.budget
            assert sources == program.budget
            assert program.union_id == world.county.pk
        years = set(Program.unscoped.values_list("year", flat=True))
        assert years == {2023, 2024, 2025, 2026, 2027}
        assert EducationRate.objects.filter(level="bachelor", filed_amount=5000, unfiled_amount=4000).exists()
    # the assistance centre can approve the waiting batch
    result = transition_perform(actor=world.ann, obj=batch, name="approve")
    assert result.obj.state == "approved"
    with system_scope("test"):
        assert all(g.counted for g in Grant.unscoped.filter(disbursement=batch))


def test_pairings_and_review(world: World, demo: dict[str, Any]) -> None:
    with system_scope("test"):
        pairings = list(Pairing.unscoped.select_related("file"))
        assert pairings
        for pairing in pairings:
            assert pairing.file.state == "filed"
            assert pairing.file.filed_on is not None
            assert pairing.file.filed_on <= pairing.starts_on <= TODAY
            assert pairing.cadre_name
            assert pairing.cadre_position
            visits = PairingVisit.unscoped.filter(pairing=pairing)
            assert visits.exists()
            assert all(pairing.starts_on <= v.visited_on <= TODAY for v in visits)
        review = ReviewRound.unscoped.get()
        assert (review.year, review.union_id) == (2025, world.county.pk)
        opened = review.opened_at.date()
        reviews = list(FileReview.unscoped.filter(round=review).select_related("file"))
        files = _files()
        # every file filed when the review opened is in it, every one reviewed
        in_round = {
            f.pk
            for f in files
            if f.filed_on is not None
            and f.filed_on <= opened
            and (f.exited_on is None or f.exited_on > opened)
            and f.state in ("filed", "exited")
        }
        assert {r.file_id for r in reviews} == in_round
        assert all(r.outcome and r.reviewed_at for r in reviews)
        # at least 30 % spot-checked in each township, each with a visit
        strata: dict[str, list[FileReview]] = defaultdict(list)
        for r in reviews:
            strata[paths.township_path(r.file.union.path)].append(r)
        for members in strata.values():
            assert sum(r.spot_check for r in members) >= math.ceil(0.3 * len(members))
        assert all(r.visited_on for r in reviews if r.spot_check)
        # the households that left hardship in 2025 after the review opened left by it
        for r in reviews:
            assert r.file.last_reviewed == 2025
            assert r.category == r.file.category
            left = r.file.exited_on is not None and r.file.exited_on.year == 2025
            assert (r.outcome == "exit") == left
            if r.outcome == "continue":
                assert r.file.state == "filed" or (r.file.exited_on and r.file.exited_on.year > 2025)


def _snapshot() -> list[tuple[Any, ...]]:
    # Not the ids (nor the numbers made of them): a second run into the same database takes new
    # ids from the tables' sequences, as every insert does; a fresh database gives the same ones.
    return list(
        HardshipFile.unscoped.order_by("id").values_list(
            "year", "worker_id", "state", "category", "per_head_monthly", "filed_on", "exited_on"
        )
    )


def _remove_assistance() -> None:
    types = [ContentType.objects.get_for_model(m) for m in (HardshipFile, Disbursement)]
    TimelineEntry.unscoped.filter(content_type__in=types).delete()
    Deadline.unscoped.filter(content_type__in=types).delete()
    Grant.unscoped.all().delete()
    Disbursement.unscoped.all().delete()
    Program.unscoped.all().delete()
    ReviewRound.unscoped.all().delete()
    HardshipFile.unscoped.all().delete()
    PovertyLine.objects.all().delete()


def test_the_step_is_deterministic(world: World, reference: None) -> None:
    ctx, _lines = _context(world, 9)
    registered = {name: function for _order, name, function in steps()}
    with system_scope("demo"):
        for name in BEFORE:
            registered[name](ctx)
        state = ctx.rng.getstate()
        registered[STEP](ctx)
        first = _snapshot()
        _remove_assistance()
        ctx.rng.setstate(state)
        registered[STEP](ctx)
        assert _snapshot() == first
