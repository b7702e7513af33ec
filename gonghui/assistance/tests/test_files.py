"""Hardship files: opening, one household one file, the workflow to filing, exit, return, purge, scope."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.classification import Category
from gonghui.assistance.models import FileAttachment, Grant, HardshipFile, HouseholdMember
from gonghui.assistance.tests import factories as f
from gonghui.core.audit.models import AuditEvent
from gonghui.core.calendar.statutory import coverage
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.core.workflow.services import transition_perform
from gonghui.members.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def line(db: Any) -> None:
    f.standard()


def test_open_classifies_and_starts_the_workflow(world: World) -> None:
    file = f.open_file(world)
    assert file.number.startswith(f"KN{timezone.localdate().year}")
    assert file.state == "application"
    assert file.category == Category.DEEP
    assert file.per_head_monthly == Decimal("600.00")
    with system_scope("test"):
        assert TimelineEntry.unscoped.filter(object_id=file.pk, workflow="hardship-file").count() == 1
        assert Deadline.unscoped.filter(object_id=file.pk, closed_at__isnull=True).exists()
        event = AuditEvent.objects.filter(
            action="create", object_id=str(file.pk), object_type__endswith="hardshipfile"
        ).get()
    assert "6228480012345678901" not in str(event.changes)  # the bank account is masked in the log


def test_household_members_change_the_classification(world: World) -> None:
    file = f.open_file(world, applicant_monthly_income=Decimal("2000"))
    assert file.category == Category.NONE  # ¥2,000 for one person
    services.household_member_add(
        actor=world.carol,
        file=file,
        name="李配偶",
        relation="spouse",
        id_number=f.id_number(),
        monthly_income=Decimal("0"),
    )
    file.refresh_from_db()
    assert file.per_head_monthly == Decimal("1000.00")
    assert file.category == Category.RELATIVE
    child = services.household_member_add(
        actor=world.carol,
        file=file,
        name="张小",
        relation="child",
        id_number=f.id_number(date(2016, 5, 1)),
        schooling="primary",
    )
    file.refresh_from_db()
    assert file.per_head_monthly == Decimal("666.67")
    assert file.category == Category.DEEP
    assert child.birth_date == date(2016, 5, 1)
    services.household_member_update(actor=world.carol, member=child, monthly_income=Decimal("300"))
    file.refresh_from_db()
    assert file.other_annual_income == Decimal("3600")


def test_one_household_one_file(world: World) -> None:
    file = f.open_file(world)
    with pytest.raises(ValidationError) as refused:
        services.file_open(actor=world.carol, worker=file.worker, **f.deep_fields())
    assert file.number in str(refused.value)
    # The spouse listed in one household cannot apply, nor be listed in another household.
    spouse_id = f.id_number()
    services.household_member_add(actor=world.carol, file=file, name="李配偶", relation="spouse", id_number=spouse_id)
    with system_scope("test"):
        spouse = Worker.unscoped.create(
            union=world.union_d, name="李配偶", id_number=spouse_id, sex="female", birth_date=date(1980, 1, 1)
        )
    with pytest.raises(ValidationError) as again:
        services.file_open(actor=world.dan, worker=spouse, **f.deep_fields())
    assert file.number in str(again.value)
    other = f.open_file(world, union=world.union_d, name="王其他")
    with pytest.raises(ValidationError):
        services.household_member_add(
            actor=world.dan, file=other, name="李配偶", relation="spouse", id_number=spouse_id
        )


def test_the_whole_workflow_to_filing(world: World) -> None:
    file = f.filed_file(world)
    assert file.state == "filed"
    assert file.filed_on is not None
    assert file.visitors == "卡罗尔、鲍勃"
    with system_scope("test"):
        steps = list(
            TimelineEntry.unscoped.filter(object_id=file.pk, workflow="hardship-file").values_list(
                "transition", flat=True
            )
        )
    assert steps == ["start", "check", "visit", "verify", "publish", "approve"]


def test_the_home_visit_needs_the_signed_forms(world: World) -> None:
    file = f.open_file(world)
    transition_perform(actor=world.carol, obj=file, name="check")
    with pytest.raises(ValidationError) as refused:
        transition_perform(
            actor=world.carol, obj=file, name="visit", data={"visited_on": timezone.localdate(), "visitors": "卡罗尔"}
        )
    assert "attachment" in refused.value.message_dict


def test_only_the_centre_verifies_and_approves(world: World) -> None:
    file = f.open_file(world)
    transition_perform(actor=world.carol, obj=file, name="check")
    transition_perform(
        actor=world.carol,
        obj=file,
        name="visit",
        attachment=f.attachment(),
        data={"visited_on": timezone.localdate(), "visitors": "x"},
    )
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.carol, obj=file, name="verify")
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.bob, obj=file, name="verify")


def test_approval_waits_for_the_end_of_the_notice(world: World) -> None:
    file = f.file_to_notice(world, f.open_file(world))
    assert file.notice_ends is not None
    assert file.notice_ends > timezone.localdate()
    with pytest.raises(ValidationError) as early:
        transition_perform(actor=world.ann, obj=file, name="approve")
    assert file.notice_ends.isoformat() in str(early.value)
    # The last day of the notice still counts.
    with time_machine.travel(file.notice_ends, tick=False), pytest.raises(ValidationError):
        transition_perform(actor=world.ann, obj=file, name="approve")


def test_a_notice_cannot_be_backdated(world: World) -> None:
    file = f.file_verified(world, f.open_file(world))
    with pytest.raises(ValidationError) as refused:
        transition_perform(
            actor=world.ann,
            obj=file,
            name="publish",
            data={"starts_on": timezone.localdate() - timedelta(days=30), "working_days": 5},
        )
    assert "starts_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        transition_perform(
            actor=world.ann, obj=file, name="publish", data={"starts_on": timezone.localdate(), "working_days": 3}
        )


def test_notice_of_five_working_days_skips_the_weekend() -> None:
    # Monday 2026-11-23 + 5 working days (Monday counted) → Friday 2026-11-27.
    assert services.notice_end(date(2026, 11, 23), 5) == date(2026, 11, 27)
    # Thursday 2026-11-26 → Wednesday 2026-12-02.
    assert services.notice_end(date(2026, 11, 26), 5) == date(2026, 12, 2)


def test_the_notice_deadline_is_the_last_day_of_the_notice(world: World) -> None:
    # Tuesday 2026-12-01; the notice runs 7 working days from Thursday 12-03: 3, 4, 7, 8, 9, 10, 11.
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        file = f.file_verified(world, f.open_file(world))
        transition_perform(
            actor=world.ann, obj=file, name="publish", data={"starts_on": date(2026, 12, 3), "working_days": 7}
        )
    file.refresh_from_db()
    assert (file.notice_starts, file.notice_ends) == (date(2026, 12, 3), date(2026, 12, 11))
    with system_scope("test"):
        deadline = Deadline.unscoped.get(workflow="hardship-file", object_id=file.pk, closed_at__isnull=True)
    # One rule: the state's deadline is the notice's last day, counted as the notice is.
    assert deadline.state == "notice"
    assert deadline.due_on == file.notice_ends
    assert (deadline.rule_kind, deadline.rule_days) == ("working", 7)


def test_a_notice_running_into_a_year_without_a_calendar_is_refused_plainly(world: World) -> None:
    # The last year whose statutory holidays are known, a few days before its end.
    last_known = max(coverage())
    with time_machine.travel(datetime(last_known, 12, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        file = f.file_verified(world, f.open_file(world))
        with pytest.raises(ValidationError) as refused:
            transition_perform(actor=world.ann, obj=file, name="publish", data={"starts_on": date(last_known, 12, 28)})
    # A clear message naming the unknown year, not a server error; nothing was published.
    assert str(last_known + 1) in " ".join(refused.value.message_dict["starts_on"])
    file.refresh_from_db()
    assert file.notice_starts is None
    assert file.notice_ends is None


def test_a_worker_transferred_out_gets_a_file_from_the_union_keeping_them_now(world: World) -> None:
    applicant = f.transferred_worker(world)
    # Carol still sees the worker (her side of the membership history), but no longer keeps them.
    with pytest.raises(ValidationError) as refused:
        services.file_open(actor=world.carol, worker=applicant, **f.deep_fields())
    assert "worker" in refused.value.message_dict
    assert not HardshipFile.unscoped.filter(worker=applicant).exists()
    file = services.file_open(actor=world.dan, worker=applicant, **f.deep_fields())
    assert file.union == world.union_d


@pytest.mark.parametrize(
    "fields",
    [{"homes_owned": 2}, {"owns_business": True}, {"employs_others": True}, {"private_schooling": True}],
)
def test_an_excluded_household_cannot_pass_the_first_check(world: World, fields: dict[str, Any]) -> None:
    file = f.open_file(world, **fields)
    assert file.excluded
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.carol, obj=file, name="check")
    assert refused.value.code == "excluded" or "excluded" in str(refused.value) or "排除" in str(refused.value)
    file.refresh_from_db()
    assert file.state == "application"


def test_a_household_above_twice_the_standard_cannot_pass(world: World) -> None:
    file = f.open_file(world, applicant_monthly_income=Decimal("1800"))  # exactly 2 × ¥900 for one person
    assert file.category == Category.NONE
    with pytest.raises(ValidationError):
        transition_perform(actor=world.carol, obj=file, name="check")


def test_migrant_worker_needs_a_year_of_work(world: World) -> None:
    with system_scope("test"):
        migrant = f.worker(world.union_c, "赵农民", category=Worker.Category.MIGRANT)
    fields = f.deep_fields(work_started=timezone.localdate() - timedelta(days=200))
    file = services.file_open(actor=world.carol, worker=migrant, **fields)
    with pytest.raises(ValidationError):
        transition_perform(actor=world.carol, obj=file, name="check")
    services.file_update(actor=world.carol, file=file, work_started=timezone.localdate() - timedelta(days=400))
    transition_perform(actor=world.carol, obj=file, name="check")


def test_exit_and_return(world: World) -> None:
    file = f.filed_file(world)
    transition_perform(
        actor=world.ann, obj=file, name="exit", data={"reason": "recovered", "exited_on": timezone.localdate()}
    )
    file.refresh_from_db()
    assert (file.state, file.exit_reason) == ("exited", "recovered")
    assert file.purge_due == file.exited_on.replace(year=file.exited_on.year + 10)
    with pytest.raises(ValidationError):
        services.file_update(actor=world.carol, file=file, applicant_monthly_income=Decimal("100"))
    transition_perform(actor=world.carol, obj=file, name="reopen", note="丈夫再次住院")
    file.refresh_from_db()
    assert file.state == "application"
    assert file.exited_on is None


def test_exit_needs_a_reason(world: World) -> None:
    file = f.filed_file(world)
    with pytest.raises(ValidationError):
        transition_perform(
            actor=world.ann, obj=file, name="exit", data={"reason": "", "exited_on": timezone.localdate()}
        )


def test_ten_year_purge(world: World, tmp_path: Any, settings: Any) -> None:
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path
    old = f.filed_file(world, name="旧档案")
    recent = f.filed_file(world, name="新档案")
    services.file_attachment_add(actor=world.carol, file=old, kind="id_card", upload=f.attachment("id.pdf"))
    prog = f.program(world)
    f.approve(world, f.batch(world, prog, [old]))
    today = timezone.localdate()
    with system_scope("test"):
        stored = FileAttachment.unscoped.get(file=old).document.name
        HardshipFile.unscoped.filter(pk=old.pk).update(
            state="exited", exited_on=today.replace(year=today.year - 10) - timedelta(days=1)
        )
        HardshipFile.unscoped.filter(pk=recent.pk).update(state="exited", exited_on=today.replace(year=today.year - 10))
    assert (tmp_path / stored).exists()
    assert services.files_purge(dry_run=True) == [old.number]
    assert services.files_purge() == [old.number]
    with system_scope("test"):
        assert not HardshipFile.unscoped.filter(pk=old.pk).exists()
        assert HardshipFile.unscoped.filter(pk=recent.pk).exists()  # exactly ten years: kept
        assert not HouseholdMember.unscoped.filter(file_id=old.pk).exists()
        assert not TimelineEntry.unscoped.filter(object_id=old.pk, workflow="hardship-file").exists()
        grant = Grant.unscoped.get(disbursement__program=prog)
        assert grant.file_id is None
        assert grant.amount == Decimal("1000")
        assert AuditEvent.objects.filter(action="delete", object_repr=old.number).exists()
    assert not (tmp_path / stored).exists()
    assert services.files_purge() == []


def test_township_officer_sees_only_their_township(world: World) -> None:
    mine = f.open_file(world)
    theirs = f.open_file(world, union=world.union_d, name="王乙镇")
    with acting_as(world.bea):
        visible = set(HardshipFile.objects.values_list("pk", flat=True))
    assert theirs.pk in visible
    assert mine.pk not in visible
    with acting_as(world.ann):
        assert {mine.pk, theirs.pk} <= set(HardshipFile.objects.values_list("pk", flat=True))
    with pytest.raises(Http404):
        transition_perform(actor=world.bea, obj=mine, name="check")
    with pytest.raises(Http404):  # a worker Dan cannot see at all
        services.file_open(actor=world.dan, worker=mine.worker, **f.deep_fields())


def test_the_purge_command(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    file = f.filed_file(world)
    with system_scope("test"):
        HardshipFile.unscoped.filter(pk=file.pk).update(state="exited", exited_on=date(2015, 6, 30))
    out = StringIO()
    call_command("purgefiles", "--dry-run", "--today", "2025-07-01", stdout=out)
    assert file.number in out.getvalue()
    assert "1 files would be purged" in out.getvalue()
    call_command("purgefiles", "--today", "2025-06-30", stdout=out)  # exactly ten years: kept
    with system_scope("test"):
        assert HardshipFile.unscoped.filter(pk=file.pk).exists()
    call_command("purgefiles", "--today", "2025-07-01", stdout=out)
    with system_scope("test"):
        assert not HardshipFile.unscoped.filter(pk=file.pk).exists()


def test_the_standard_of_the_day_with_the_latest_earlier_year_until_one_is_set(world: World) -> None:
    this_year = timezone.localdate().year
    file = f.open_file(world, applicant_monthly_income=Decimal("1000"))  # ¥1,000 a head
    assert (file.category, file.standard_year) == (Category.RELATIVE, this_year)
    with time_machine.travel(date(this_year + 1, 1, 5), tick=False):
        # No standard for next year yet: this year's still applies.
        services.file_update(actor=world.carol, file=file, medical_costs=Decimal("0"))
        file.refresh_from_db()
        assert file.standard_year == this_year
        f.standard(this_year + 1, Decimal("1100"))
        services.file_update(actor=world.carol, file=file, medical_costs=Decimal("0"))
        file.refresh_from_db()
        assert (file.category, file.standard_year) == (Category.DEEP, this_year + 1)
        with acting_as(world.carol):
            lines = services.file_classify(file).lines
    assert any(str(this_year + 1) in line and "1,100.00" in line for line in lines)


def test_a_township_standard_applies_to_its_households(world: World) -> None:
    from gonghui.core.reference.models import Division
    from gonghui.core.reference.services import reference_load

    reference_load(actor=None)
    township = Division.objects.filter(level=Division.Level.TOWNSHIP).order_by("code").first()
    assert township is not None
    services.poverty_line_set(
        actor=None, year=timezone.localdate().year, monthly_amount=Decimal("500"), division=township
    )
    # ¥600 a head: deep hardship at the county's ¥900, relative at the township's ¥500.
    county = f.open_file(world, name="城区户")
    rural = f.open_file(world, name="乡村户", division=township)
    assert county.category == Category.DEEP
    assert rural.category == Category.RELATIVE
