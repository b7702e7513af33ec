"""Job seekers, vacancies, matching, referrals and placements: rules at their boundaries, scoping, pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.employment import selectors, services
from gonghui.employment.models import JobSeeker, Placement, Referral, Vacancy
from gonghui.employment.tests import testdata
from gonghui.members.models import Worker
from gonghui.members.services import worker_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english() -> Any:
    """The refusals are matched by their English words."""
    with translation.override("en"):
        yield


def _employer(world: World) -> Any:
    return testdata.employer_of(world.union_c, f"丙公司{MARKER}")


def _hire(referral: Referral) -> Placement:
    return services.referral_hired(actor=None, referral=referral, hired_on=timezone.localdate(), pay=Decimal("4500"))


# --- vacancies: pay range, headcount, expiry -------------------------------------------------------


def test_a_pay_range_upside_down_is_refused_on_the_page_and_by_the_service(world: World, client_for: Any) -> None:
    employer = _employer(world)
    with pytest.raises(ValidationError) as refused:
        testdata.vacancy(employer, "倒挂岗", pay_min=Decimal("6000"), pay_max=Decimal("5999.99"))
    assert "pay_max" in refused.value.message_dict
    client = client_for(world.carol)
    response = client.post(
        f"/employment/employers/{employer.pk}/vacancies/add/",
        {"post": "普工", "pay_min": "5000", "pay_max": "4000", "headcount": "2", "valid_until": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "below its bottom" in response.content.decode() or "低于" in response.content.decode()
    with system_scope("the test checks nothing was written"):
        assert not Vacancy.unscoped.filter(post="普工").exists()  # unscoped: the test checks the table
    ok = client.post(
        f"/employment/employers/{employer.pk}/vacancies/add/",
        {"post": "普工", "pay_min": "4000", "pay_max": "4000", "headcount": "1", "valid_until": "2099-01-01"},
    )
    assert ok.status_code == 302


def test_headcount_is_respected_at_the_referral_and_at_the_hire(world: World) -> None:
    vacancy = testdata.vacancy(_employer(world), f"单人岗{MARKER}", headcount=1)
    first = testdata.referral(testdata.seeker(world.union_c, f"一号{MARKER}", 101), vacancy)
    second = testdata.referral(testdata.seeker(world.union_c, f"二号{MARKER}", 102), vacancy)
    placement = _hire(first)
    vacancy.refresh_from_db()
    assert vacancy.filled == vacancy.headcount == 1
    # The last place is taken: the second hire and a third referral are refused.
    with pytest.raises(ValidationError, match="filled"):
        _hire(second)
    with pytest.raises(ValidationError, match="filled"):
        testdata.referral(testdata.seeker(world.union_c, f"三号{MARKER}", 103), vacancy)
    # The headcount cannot be lowered below the seekers placed.
    with pytest.raises(ValidationError) as refused:
        services.vacancy_update(
            actor=None,
            vacancy=vacancy,
            post=vacancy.post,
            pay_min=vacancy.pay_min,
            pay_max=vacancy.pay_max,
            headcount=0,
            valid_until=vacancy.valid_until,
        )
    assert "headcount" in refused.value.message_dict
    with system_scope("the test reads the placement"):
        seeker = JobSeeker.unscoped.get(pk=first.seeker_id)  # unscoped: the test checks the row itself
        assert seeker.state == JobSeeker.State.PLACED
        assert (placement.employer_id, placement.post, placement.pay) == (vacancy.employer_id, vacancy.post, 4500)
        assert Referral.unscoped.get(pk=second.pk).outcome == Referral.Outcome.PENDING  # unscoped: as above


def test_an_expired_vacancy_matches_nobody_and_takes_no_referral(world: World) -> None:
    today = timezone.localdate()
    employer = _employer(world)
    last_day = testdata.vacancy(employer, f"今天截止{MARKER}", valid_until=today)
    expired = testdata.vacancy(employer, f"昨天截止{MARKER}", valid_until=today - timedelta(days=1))
    seeker = testdata.seeker(world.union_c, f"找工作{MARKER}", 104)
    matched = [r.obj.pk for r in selectors.vacancy_matches(world.carol, seeker.pk)]
    assert last_day.pk in matched
    assert expired.pk not in matched
    assert seeker.pk not in [r.obj.pk for r in selectors.seeker_matches(world.carol, expired.pk)]
    with pytest.raises(ValidationError, match="expired"):
        testdata.referral(seeker, expired)
    testdata.referral(seeker, last_day)  # valid through its last day


def test_matches_are_ranked_by_score_with_their_reasons(world: World) -> None:
    reference_load(actor=None)
    from gonghui.core.reference.models import Division

    town, other = Division.objects.filter(level="township").order_by("code")[:2]
    employer = _employer(world)
    best = testdata.vacancy(employer, f"焊工电工{MARKER}", skills=["welding", "electrician"], place=town)
    partial = testdata.vacancy(employer, f"焊工车工{MARKER}", skills=["welding", "machining"], place=other)
    unrelated = testdata.vacancy(employer, f"厨师{MARKER}", skills=["cooking"], place=other)
    seeker = testdata.seeker(world.union_c, f"排序{MARKER}", 105, place=town)
    ranked = selectors.vacancy_matches(world.carol, seeker.pk)
    order = [r.obj.pk for r in ranked]
    assert order.index(best.pk) < order.index(partial.pk)
    assert unrelated.pk not in order  # neither a skill nor the township in common: not a candidate
    top = ranked[0]
    assert top.obj.pk == best.pk
    assert top.match.score == 100
    assert len(top.match.reasons) == 3
    # And the other way round, for the vacancy.
    assert selectors.seeker_matches(world.carol, best.pk)[0].obj.pk == seeker.pk


# --- referrals and outcomes -----------------------------------------------------------------------


def test_not_hired_says_why(world: World) -> None:
    referral = testdata.referral(
        testdata.seeker(world.union_c, f"未录用{MARKER}", 106), testdata.vacancy(_employer(world), f"岗{MARKER}")
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.referral_not_hired(actor=None, referral=referral, decided_on=today, reason="")
    with pytest.raises(ValidationError) as refused:
        services.referral_not_hired(actor=None, referral=referral, decided_on=today, reason="other")
    assert "reason_note" in refused.value.message_dict
    services.referral_not_hired(actor=None, referral=referral, decided_on=today, reason="pay")
    with pytest.raises(ValidationError, match="already recorded"):
        _hire(referral)


def test_an_id_number_is_registered_once_while_seeking(world: World) -> None:
    testdata.seeker(world.union_c, f"重复{MARKER}", 107)
    with pytest.raises(ValidationError) as refused:
        services.seeker_register(
            actor=None,
            union=world.union_c,
            name="另一人",
            id_number=testdata.id_number(107),
            category="migrant",
            registered_on=timezone.localdate(),
        )
    assert "id_number" in refused.value.message_dict


def test_a_seeker_from_the_registry_takes_its_name_and_id_number(world: World, client_for: Any) -> None:
    worker = worker_create(actor=None, union=world.union_c, name=f"登记职工{MARKER}", id_number=testdata.id_number(108))
    client = client_for(world.carol)
    response = client.post(
        f"/employment/seekers/add/?worker={worker.pk}",
        {"union": world.union_c.pk, "category": "laid_off", "registered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("the test reads what the page wrote"):
        seeker = JobSeeker.unscoped.get(worker=worker)  # unscoped: the test checks the row itself
        assert seeker.name == worker.name
        assert seeker.id_number == worker.id_number
    # Township B's staff cannot take a worker of township A.
    assert client_for(world.bea).get(f"/employment/seekers/add/?worker={worker.pk}").status_code == 404


# --- scoping and pages ----------------------------------------------------------------------------


def test_another_subtree_is_a_404_and_the_list_shows_the_users_own(world: World, client_for: Any) -> None:
    seeker = testdata.seeker(world.union_c, f"甲镇人{MARKER}", 109)
    vacancy = testdata.vacancy(_employer(world), f"甲镇岗{MARKER}")
    referral = testdata.referral(seeker, vacancy)
    bea = client_for(world.bea)
    for url in (
        f"/employment/seekers/{seeker.pk}/",
        f"/employment/vacancies/{vacancy.pk}/",
        f"/employment/referrals/{referral.pk}/",
        f"/employment/seekers/{seeker.pk}/edit/",
    ):
        assert bea.get(url).status_code == 404, url
    assert (
        bea.post(f"/employment/referrals/{referral.pk}/hired/", {"hired_on": "2025-01-01", "pay": "1"}).status_code
        == 404
    )
    assert MARKER not in bea.get("/employment/").content.decode()
    bob = client_for(world.bob)
    page = bob.get(f"/employment/seekers/{seeker.pk}/").content.decode()
    assert seeker.name in page
    assert testdata.id_number(109) not in page  # masked
    assert seeker.name in bob.get("/employment/").content.decode()
    assert bob.get("/sheets/employment_seekers/export/").status_code == 200


def test_matches_only_offer_vacancies_in_the_users_scope(world: World) -> None:
    seeker_d = testdata.seeker(world.union_d, "乙镇人", 110)
    vacancy_c = testdata.vacancy(_employer(world), f"甲镇焊工{MARKER}")
    assert vacancy_c.pk not in [r.obj.pk for r in selectors.vacancy_matches(world.dan, seeker_d.pk)]
    with pytest.raises(Http404):
        selectors.vacancy_matches(world.dan, testdata.seeker(world.union_c, f"甲{MARKER}", 111).pk)


def test_staff_refer_from_the_matches_and_record_the_hire(world: World, client_for: Any) -> None:
    seeker = testdata.seeker(world.union_c, f"推荐{MARKER}", 112)
    vacancy = testdata.vacancy(_employer(world), f"推荐岗{MARKER}")
    client = client_for(world.carol)
    assert f"推荐岗{MARKER}" in client.get(f"/employment/seekers/{seeker.pk}/").content.decode()
    assert client.post(f"/employment/seekers/{seeker.pk}/refer/", {"vacancy": vacancy.pk}).status_code == 302
    referral = selectors.referrals_for_user(world.carol, seeker=str(seeker.pk)).get()
    response = client.post(
        f"/employment/referrals/{referral.pk}/hired/",
        {"hired_on": timezone.localdate().isoformat(), "pay": "¥4,800"},
    )
    assert response.status_code == 302
    with system_scope("the test reads what the page wrote"):
        placement = Placement.unscoped.get(referral=referral)  # unscoped: the test checks the row itself
        assert placement.pay == Decimal("4800.00")
        events = AuditEvent.objects.filter(object_type="employment.referral", object_id=str(referral.pk))
        assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


# --- the worker's own pages -----------------------------------------------------------------------


def _wendys_referral(world: World) -> Referral:
    with system_scope("the test links Wendy's account to her record"):
        worker = worker_create(actor=None, union=world.union_c, name=f"温蒂{MARKER}", id_number=testdata.id_number(113))
        Worker.unscoped.filter(pk=worker.pk).update(account=world.wendy)  # unscoped: the test links the account
    seeker = services.seeker_register(
        actor=None,
        union=world.union_c,
        name="",
        id_number="",
        category="migrant",
        registered_on=timezone.localdate(),
        worker=worker,
    )
    return testdata.referral(seeker, testdata.vacancy(_employer(world), f"温蒂岗{MARKER}"))


def test_a_worker_sees_their_own_applications_and_nobody_elses(world: World, client_for: Any) -> None:
    mine = _wendys_referral(world)
    other = testdata.referral(
        testdata.seeker(world.union_c, f"别人{MARKER}", 114), testdata.vacancy(_employer(world), f"别人岗{MARKER}")
    )
    wendy = client_for(world.wendy)
    page = wendy.get("/employment/my/").content.decode()
    assert f"温蒂岗{MARKER}" in page
    assert f"别人岗{MARKER}" not in page
    assert wendy.get(f"/employment/my/{mine.pk}/").status_code == 200
    assert wendy.get(f"/employment/my/{other.pk}/").status_code == 404
    assert client_for(world.will).get(f"/employment/my/{mine.pk}/").status_code == 404
    assert client_for(world.bea).get(f"/employment/my/{mine.pk}/").status_code == 404
    # Staff pages stay closed to a worker.
    assert wendy.get(f"/employment/referrals/{mine.pk}/").status_code == 403


def test_the_worker_home_panel_lists_their_applications(world: World) -> None:
    from django.test import RequestFactory

    from gonghui.employment.panels import MyJobApplications

    mine = _wendys_referral(world)
    request = RequestFactory().get("/")
    request.user = world.wendy
    context = MyJobApplications().context(request, world.wendy)
    assert context is not None
    assert [r.pk for r in context["referrals"]] == [mine.pk]
    request.user = world.will
    assert MyJobApplications().context(request, world.will) is None
