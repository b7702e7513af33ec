"""The public notice (公示): its working days across holidays and 调休, no back-dating, approval after its end,
the certificate, and the public page showing name, employer and deeds but never an ID number or a phone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.certificates.selectors import certificate_by_number, certificates_for_source
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.honours import rules
from gonghui.honours.models import Objection
from gonghui.honours.tests.helpers import campaign, nominate, to_notice, travel

# 2026: National Day and Mid-Autumn 1–7 October, Saturday 10 October a working day (调休).
START = date(2026, 9, 28)


def test_the_notice_counts_working_days_across_the_national_day_and_its_adjusted_saturday() -> None:
    # 28, 29, 30 September, then the holiday, then 8 and 9 October
    assert rules.notice_end(START, 5) == date(2026, 10, 9)
    # the sixth working day is Saturday 10 October, a working day made up (调休)
    assert rules.notice_end(START, 6) == date(2026, 10, 10)
    # from Thursday 24 September: 25 September (Mid-Autumn) is a holiday, so 24, 28, 29, 30 and 8 October
    assert rules.notice_end(date(2026, 9, 24), 5) == date(2026, 10, 8)


def test_a_notice_cannot_be_backdated(world: World) -> None:
    obj = campaign(world, frontline=None, leaders=None)
    nomination = nominate(world, obj, "张劳模")
    with travel(START):
        for step, actor in (("submit", world.bob), ("review_township", world.alice), ("review_county", world.alice)):
            transition_perform(actor=actor, obj=nomination, name=step)
            nomination.refresh_from_db()
        # on 28 September, a notice said to have started the day before is refused
        with pytest.raises(ValidationError, match="cannot start in the past"):
            transition_perform(
                actor=world.alice,
                obj=nomination,
                name="publish",
                data={"starts_on": date(2026, 9, 27), "working_days": 5},
            )
        nomination.refresh_from_db()
        assert nomination.state == "county_reviewed"
        assert nomination.notice_starts is None
        # shorter than the campaign's days is refused too
        with pytest.raises(ValidationError, match="at least 5 working days"):
            transition_perform(
                actor=world.alice, obj=nomination, name="publish", data={"starts_on": START, "working_days": 4}
            )
        transition_perform(
            actor=world.alice, obj=nomination, name="publish", data={"starts_on": START, "working_days": 5}
        )
    nomination.refresh_from_db()
    assert (nomination.state, nomination.notice_ends) == ("notice", date(2026, 10, 9))


def test_approval_is_refused_up_to_the_last_day_of_the_notice_and_issues_the_certificate_after(world: World) -> None:
    obj = campaign(world, frontline=None, leaders=None)
    nomination = to_notice(world, nominate(world, obj, "张劳模"), starts=START, days=6)
    assert (nomination.notice_starts, nomination.notice_ends) == (START, date(2026, 10, 10))
    for day in (date(2026, 10, 8), date(2026, 10, 10)):  # in the notice; its last day, the 调休 Saturday
        with travel(day), pytest.raises(ValidationError, match="runs until 2026-10-10"):
            transition_perform(actor=world.alice, obj=nomination, name="approve")
        nomination.refresh_from_db()
        assert nomination.state == "notice"
    with travel(date(2026, 10, 11)):
        transition_perform(actor=world.alice, obj=nomination, name="approve")
    nomination.refresh_from_db()
    assert nomination.state == "commended"
    assert nomination.commended_on == date(2026, 10, 11)
    certificate = certificates_for_source(world.alice, nomination).get()
    assert certificate.title == "五一劳动奖章"
    assert certificate.holder_name == "张劳模"
    assert "张劳模被授予2026年度五一劳动奖章" in certificate.detail
    assert certificate_by_number(certificate.number) == certificate


def test_an_objection_not_answered_holds_the_approval(world: World) -> None:
    obj = campaign(world, frontline=None, leaders=None)
    nomination = to_notice(world, nominate(world, obj, "张劳模"), starts=START)
    from gonghui.honours import services

    with travel(date(2026, 10, 8)), system_scope("a visitor objects on the public page"):
        objection = services.objection_record(actor=None, nomination=nomination, text="该同志曾违规操作")
    with travel(date(2026, 10, 12)), pytest.raises(ValidationError, match="Answer every objection"):
        transition_perform(actor=world.alice, obj=nomination, name="approve")
    services.objection_answer(actor=world.alice, objection=objection, answer="经核实，反映情况不属实。")
    with travel(date(2026, 10, 12)):
        transition_perform(actor=world.alice, obj=nomination, name="approve")
    # an objection outside the notice is refused
    with travel(date(2026, 10, 13)), system_scope("a visitor objects"), pytest.raises(ValidationError):
        services.objection_record(actor=None, nomination=nomination, text="迟到的异议")


def test_the_public_notice_shows_name_employer_and_deeds_never_the_id_number_or_phone(
    world: World, client: Any
) -> None:
    obj = campaign(world, frontline=None, leaders=None)
    nomination = to_notice(world, nominate(world, obj, "张劳模"), starts=START)
    worker = nomination.worker
    with travel(date(2026, 9, 29)):
        html = client.get(f"/honours/notice/{obj.pk}/").content.decode()
        assert "张劳模" in html
        assert nomination.employer.name in html
        assert "技术革新能手" in html
        assert worker.id_number not in html
        assert worker.id_number[-6:] not in html
        assert "13912345678" not in html
        assert "1391" not in html
        assert client.get("/honours/notice/").status_code == 200
    # before it starts and after it ends, the campaign has no public notice
    with travel(date(2026, 10, 12)):
        transition_perform(actor=world.alice, obj=nomination, name="approve")
        assert client.get(f"/honours/notice/{obj.pk}/").status_code == 404


def test_the_public_form_records_an_objection_and_the_throttle_refuses_the_sixth(world: World, client: Any) -> None:
    obj = campaign(world, frontline=None, leaders=None)
    nomination = to_notice(world, nominate(world, obj, "张劳模"), starts=START)
    url = f"/honours/notice/{obj.pk}/"
    form = {
        "nomination": nomination.pk,
        "text": "据反映其所在班组曾发生事故",
        "challenge_0": "x",
        "challenge_1": "PASSED",
    }
    with travel(date(2026, 9, 29)):
        response = client.post(url, form)
        assert response.status_code == 302
        with system_scope("the test reads what the public form wrote"):
            assert Objection.unscoped.filter(nomination=nomination).count() == 1  # unscoped: the test checks
        markup = client.post(url, {**form, "text": "<script>x</script>"})
        assert "Angle brackets" in markup.content.decode() or "尖括号" in markup.content.decode()
        for _ in range(3):
            client.post(url, form)
        refused = client.post(url, form).content.decode()
        assert "Too many submissions" in refused or "提交过于频繁" in refused or "过多" in refused
        with system_scope("the test reads what the public form wrote"):
            assert Objection.unscoped.filter(nomination=nomination).count() == 4  # unscoped: the test checks
