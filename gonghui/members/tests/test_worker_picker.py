"""The worker picker: one bounded search of the registry, scoped as the worker list, and its shared template."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import selectors, services
from gonghui.members.tests.factories import id_number, make_worker
from gonghui.organisations.models import Employer


def _names(actor, q, **options) -> list[str]:
    return [worker.name for worker in selectors.workers_to_pick(actor, q, **options)]


def test_the_picker_finds_by_name_pinyin_initials_id_number_and_phone_ending(world):
    number = id_number()
    zhang = make_worker(world.carol, world.union_c, name="张小燕", phone="13800134321", id_number=number)
    make_worker(world.carol, world.union_c, name="李四")
    assert _names(world.carol, "小燕") == [zhang.name]
    assert _names(world.carol, "zxy") == [zhang.name]
    assert _names(world.carol, "ZhangX") == [zhang.name]
    assert _names(world.carol, number) == [zhang.name]
    assert _names(world.carol, "4321") == [zhang.name]
    assert _names(world.carol, "  ") == []  # an empty query finds nobody, not everybody


def test_a_township_b_user_picks_nobody_of_township_a(world):
    number = id_number()
    make_worker(world.carol, world.union_c, name="王甲镇", phone="13800135555", id_number=number)
    for query in ("王甲镇", "wjz", number, "5555"):
        assert _names(world.alice, query) == ["王甲镇"]
        for outsider in (world.bea, world.dan):
            assert _names(outsider, query) == []
    # Naming township A's union does not widen the scope either.
    assert _names(world.bea, "王甲镇", union=world.union_c.pk) == []


def test_the_picker_is_bounded_and_narrowed_by_union_and_employer(world):
    for n in range(5):
        make_worker(world.carol, world.union_c, name=f"赵{'一二三四五'[n]}")
    zhao_d = make_worker(world.dan, world.union_d, name="赵六")
    assert len(selectors.workers_to_pick(world.alice, "zhao")) == 6
    assert len(selectors.workers_to_pick(world.alice, "zhao", limit=3)) == 3
    assert _names(world.alice, "zhao", union=world.union_d.pk) == ["赵六"]
    with system_scope("test data"):
        employer = Employer.unscoped.create(union=world.union_d, own_union=world.union_d, name="丁厂", headcount=9)
    with acting_as(world.dan):
        services.worker_update(actor=world.dan, worker=zhao_d, employer=employer)
    assert _names(world.alice, "zhao", employer=employer.pk) == ["赵六"]


def _render(user, **context) -> str:
    request = RequestFactory().get("/somewhere/", {"q": context.get("q", "")})
    request.user = user
    return render_to_string("members/_worker_picker.html", context, request=request)


def test_the_picker_template_renders_the_box_the_rows_and_the_callers_action(world):
    worker = make_worker(world.carol, world.union_c, name="钱多多", id_number=id_number())
    rows = selectors.workers_to_pick(world.carol, "钱多多")
    html = _render(
        world.carol,
        q="钱多多",
        picker_rows=rows,
        post_to="members:membership_join",
        label="Join",
        confirm="Make %(name)s a member?",
        choose_testid="join-",
    )
    # The box asks the page it sits on, as the user types, and swaps the results in.
    assert 'hx-get="/somewhere/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#worker-results"' in html
    assert 'data-testid="worker-search"' in html
    # One row: the name, the masked ID number (never the whole), the union, and the action.
    assert "钱多多" in html
    assert worker.union.name in html
    assert worker.id_number not in html
    assert worker.id_number[-4:] in html
    action = reverse("members:membership_join", args=[worker.pk])
    assert f'action="{action}"' in html
    assert 'data-confirm="Make 钱多多 a member?"' in html
    assert f'data-testid="join-{worker.pk}"' in html

    link = _render(world.carol, q="钱", picker_rows=rows, link_to="members:member_add", query="worker", label="Take")
    assert f'href="{reverse("members:member_add")}?worker={worker.pk}"' in link
    radio = _render(world.carol, q="钱", picker_rows=rows, pick_field="worker", in_form=True, label="Choose")
    assert f'type="radio" name="worker" value="{worker.pk}"' in radio
    assert "<form" not in radio
    with translation.override("en"):
        nothing = _render(world.carol, q="无此人", picker_rows=[])
    assert "No worker in your part of the tree matches." in nothing
