"""Search: name fragments, pinyin initials and prefixes, ID number, phone ending, card number, filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from gonghui.core.tree.scoping import acting_as
from gonghui.core.web.lists import paginate
from gonghui.members import lists, selectors, services
from gonghui.members.models import MembershipEvent, Worker
from gonghui.members.tests.factories import id_number, make_worker


@pytest.fixture(autouse=True, params=["few matches", "many matches"])
def plan(request, monkeypatch):
    """Run every search twice: starting from the matches, and walking the scope in order."""
    if request.param == "many matches":
        monkeypatch.setattr(selectors, "DENSE", 1)
    return request.param


@pytest.fixture
def people(world):
    today = timezone.localdate()
    zhang = make_worker(
        world.carol,
        world.union_c,
        name="张三",
        phone="13800131234",
        card_number="C-1001",
        id_number=id_number(today.replace(year=today.year - 25) - timedelta(days=1)),
    )
    zeng = make_worker(
        world.carol,
        world.union_c,
        name="曾国强",
        phone="13900135678",
        category=Worker.Category.MIGRANT,
        id_number=id_number(date(1970, 1, 1)),
    )
    zhao = make_worker(
        world.dan, world.union_d, name="张三丰", phone="13700131234", id_number=id_number(date(1980, 1, 1))
    )
    services.membership_join(actor=world.carol, worker=zeng, union=world.union_c, on=today)
    return {"zhang": zhang, "zeng": zeng, "zhao": zhao}


def names(actor, **filters) -> list[str]:
    return sorted(w.name for w in selectors.workers_for_user(actor, **filters))


def test_pinyin_initials_and_syllable_prefixes(world, people):
    assert names(world.carol, q="zs") == ["张三"]
    assert names(world.carol, q="zhangs") == ["张三"]
    assert names(world.carol, q="ZHANGSAN") == ["张三"]
    assert names(world.carol, q="zgq") == ["曾国强"]
    assert names(world.carol, q="zengg") == ["曾国强"]
    assert names(world.carol, q="z") == ["张三", "曾国强"]
    assert names(world.carol, q="x") == []
    assert names(world.alice, q="zs") == ["张三", "张三丰"]


def test_name_fragments_of_two_and_three_characters(world, people):
    assert names(world.carol, q="张三") == ["张三"]
    assert names(world.alice, q="张三") == ["张三", "张三丰"]
    assert names(world.alice, q="张三丰") == ["张三丰"]
    assert names(world.alice, q="国强") == ["曾国强"]
    assert names(world.alice, q="曾国强") == ["曾国强"]
    assert names(world.alice, q="三丰") == ["张三丰"]
    assert names(world.alice, q="李") == []


def test_name_pairs_must_be_contiguous(world):
    make_worker(world.carol, world.union_c, name="张伟伟强")
    make_worker(world.carol, world.union_c, name="欧阳娜娜")
    assert names(world.carol, q="张伟强") == []
    assert names(world.carol, q="伟伟强") == ["张伟伟强"]
    assert names(world.carol, q="娜") == ["欧阳娜娜"]
    assert names(world.carol, q="欧阳 娜") == ["欧阳娜娜"]
    assert names(world.carol, q="阳娜娜") == ["欧阳娜娜"]


def test_name_search_follows_renames(world, people):
    services.worker_update(actor=world.carol, worker=people["zeng"], name="曾志伟")
    assert names(world.carol, q="曾志伟") == ["曾志伟"]
    assert names(world.carol, q="曾国强") == []


def test_id_number_phone_and_card(world, people):
    number = people["zhang"].id_number
    assert names(world.carol, q=number) == ["张三"]
    assert names(world.carol, q=number.lower()) == ["张三"]
    assert names(world.dan, q=number) == []
    assert names(world.carol, q="1234") == ["张三"]
    assert names(world.alice, q="1234") == ["张三", "张三丰"]
    assert names(world.carol, q="13800131234") == ["张三"]
    assert names(world.carol, q="C-1001") == ["张三"]
    assert names(world.carol, q="c-1001") == []


def test_filters(world, people):
    assert names(world.alice, category="migrant") == ["曾国强"]
    assert names(world.alice, status="active") == ["曾国强"]
    assert names(world.alice, status="none") == ["张三", "张三丰"]
    assert names(world.alice, union=world.township_b.pk) == ["张三丰"]
    assert names(world.carol, union=world.union_d.pk) == []
    assert names(world.alice, age="lt30") == ["张三"]
    assert names(world.alice, age="ge60") == []
    assert names(world.alice, age="50_59") == ["曾国强"]
    assert names(world.alice, age="nonsense") == []
    assert names(world.alice, q="zs", union=world.union_c.pk) == ["张三"]


def test_age_band_edges(world):
    today = timezone.localdate()
    make_worker(world.carol, world.union_c, name="甲", id_number=id_number(today.replace(year=today.year - 30)))
    make_worker(
        world.carol,
        world.union_c,
        name="乙",
        id_number=id_number(today.replace(year=today.year - 30) + timedelta(days=1)),
    )
    assert names(world.carol, age="30_39") == ["甲"]
    assert names(world.carol, age="lt30") == ["乙"]


def _page(user, rows, pager, after=None, per_page=2):
    """One page of ``rows`` as the list pages them (``core.web.lists``), after the id ``after``."""
    request = RequestFactory().get("/members/", {"after": after} if after else {})
    with acting_as(user):
        return paginate(request, rows, per_page, pager=pager)


def test_worker_pages_by_union_then_id(world):
    for index in range(3):
        make_worker(world.bob, world.union_c, name=f"王{index}")
    for index in range(3, 5):
        make_worker(world.bob, world.joint_a, name=f"王{index}")
    expected = [w.name for w in selectors.workers_for_user(world.bob)]
    assert sorted(expected[:3]) == ["王0", "王1", "王2"] or sorted(expected[:2]) == ["王3", "王4"]
    seen: list[str] = []
    after = None
    for _round in range(4):
        page = _page(world.bob, selectors.workers_for_user(world.bob), lists.WORKERS.pager, after)
        seen += [w.name for w in page.object_list]
        if not page.has_next():
            break
        after = page.next_url.rsplit("after=", 1)[1]
    assert seen == expected
    assert len(seen) == 5
    # An "after" outside the actor's scope starts again at the first page.
    page = _page(world.dan, selectors.workers_for_user(world.dan), lists.WORKERS.pager, after)
    assert page.first_url is None
    assert page.object_list == []


def test_keyset_pages_of_events(world):
    for index in range(3):
        worker = make_worker(world.carol, world.union_c, name=f"李{index}")
        services.membership_join(actor=world.carol, worker=worker, union=world.union_c, on=timezone.localdate())
    with acting_as(world.carol):
        events = MembershipEvent.objects.all()
    first = _page(world.carol, events, lists.TRANSFERS.pager)
    assert len(first.object_list) == 2
    assert first.has_next()
    rest = _page(world.carol, events, lists.TRANSFERS.pager, first.next_url.rsplit("after=", 1)[1])
    assert len(rest.object_list) == 1
    assert not rest.has_next()


def test_the_employer_filter_finds_the_employers_workers_only(world, people):
    from gonghui.core.tree.scoping import system_scope
    from gonghui.organisations.models import Employer

    with system_scope("test"):
        employer = Employer.unscoped.create(union=world.union_c, own_union=world.union_c, name="丙厂", headcount=9)
    with acting_as(world.carol):
        services.worker_update(actor=world.carol, worker=people["zhang"], employer=employer)
    assert names(world.alice, employer=employer.pk) == ["张三"]
    assert names(world.carol, employer=employer.pk, q="zs") == ["张三"]
    assert names(world.carol, employer=employer.pk, status="active") == []
    assert names(world.dan, employer=employer.pk) == []  # another union's officer: out of scope


def test_one_lookup_reaching_the_threshold_alone_chooses_the_walk(world, people, monkeypatch):
    monkeypatch.setattr(selectors, "DENSE", 2)
    assert selectors._dense_branch("zs")  # 张三 and 张三丰: the initials' lookup alone finds two
    assert not selectors._dense_branch("zg")  # 曾国强 alone
    assert not selectors._dense_branch("张三")  # a name: the probe of the name index decides
    assert not selectors._dense_branch("")
    # and the list is the same whichever plan is chosen
    assert names(world.alice, q="zs") == ["张三", "张三丰"]
