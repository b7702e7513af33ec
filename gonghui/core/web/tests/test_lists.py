"""The page layer: filter forms, the one pager in both modes, the service-form helpers, downloads."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as
from gonghui.core.web import lists
from gonghui.core.web.lists import FilterForm, Keyset, carried, choice, flag, paginate, search


class Filters(FilterForm):
    q = search("name")
    kind = choice("kind", Union.Kind.choices)
    overdue = flag("overdue only")
    year = carried("year")
    since = forms.DateField(required=False)


def request(query: str = "", method: str = "get", data: dict[str, Any] | None = None) -> Any:
    made = getattr(RequestFactory(), method)(f"/list/?{query}" if method == "get" else "/list/", data or {})
    made.session = {}
    made._messages = FallbackStorage(made)
    return made


# --- Filters ---------------------------------------------------------------------------------------


def test_filters_clean_what_they_can_and_leave_out_the_rest() -> None:
    form = Filters(request("q=%20张三%20&kind=township&overdue=1&year=2025&since=not-a-date&extra=1").GET)
    assert form.values == {"q": "张三", "kind": "township", "overdue": "1", "year": "2025", "since": None}
    assert form.query() == {"q": "张三", "kind": "township", "overdue": "1", "year": "2025"}
    # too long, or with a NUL byte: left out, never an error page
    long = Filters({"q": "x" * (lists.MAX_FILTER_LENGTH + 1), "kind": "a\x00b"})
    assert long.values["q"] == ""
    assert long.values["kind"] == ""
    assert long.query() == {}


def test_a_carried_filter_shows_as_a_chip_that_removes_it() -> None:
    form = Filters({"q": "x", "year": "2025"})
    [chip] = form.chips()
    assert (chip.text, chip.remove_url) == ("2025", "?q=x")
    html = str(form["year"])
    assert 'type="hidden"' in html
    assert 'value="2025"' in html


def test_a_select_offers_all_first_and_choices_drawn_lazily() -> None:
    calls = []

    class Lazy(FilterForm):
        union = choice("union")

        def setup(self, user: Any) -> None:
            def read() -> list[tuple[str, str]]:
                calls.append(1)
                return [("7", "七")]

            self.set_choices("union", read)

    form = Lazy({"union": "7"})
    assert calls == []  # not read until drawn
    html = str(form["union"])
    assert '<option value="">' in html
    assert '<option value="7" selected>' in html
    assert calls == [1]  # read once, though Django walks the choices twice


# --- The pager -------------------------------------------------------------------------------------


def test_numbered_pages_with_their_total_and_links(world: Any) -> None:
    with acting_as(world.alice):
        unions = Union.objects.order_by("path")
        first = paginate(request("kind=&page=1"), unions, 4)
        assert (first.total, first.capped, first.number, first.num_pages) == (6, False, 1, 2)
        assert [first.start_index(), first.end_index()] == [1, 4]
        assert first.next_url == "?page=2"
        assert first.previous_url is None
        last = paginate(request("page=2"), unions, 4)
        assert len(last.object_list) == 2
        assert not last.has_next()
        assert last.previous_url == "?page=1"
        # past the end: the last page; not a number: the first
        assert paginate(request("page=99"), unions, 4).number == 2
        assert paginate(request("page=abc"), unions, 4).number == 1


def test_the_count_stops_at_the_cap(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    with acting_as(world.alice):
        page = paginate(request("page=2"), Union.objects.order_by("path"), 2)
    assert (page.total, page.capped, page.num_pages) == (3, True, None)
    assert page.has_next()  # found by reading one row more, not by counting


@pytest.mark.parametrize("by_id", [False, True])
def test_keyset_pages_walk_a_composite_order_once(world: Any, by_id: bool) -> None:
    pager = Keyset(order=("depth", "-id"), by_id=by_id)
    with acting_as(world.alice):
        unions = Union.objects.all()
        expected = list(unions.order_by("depth", "-id"))
        seen, query = [], ""
        for _ in range(10):
            page = paginate(request(query), unions, 2, pager=pager, query={"kind": ""})
            assert page.total == len(expected)
            assert page.number is None
            seen += page.object_list
            if not page.next_url:
                break
            assert (page.first_url is not None) == bool(query)
            query = page.next_url[1:]
    assert seen == expected


# --- Forms that call a service ------------------------------------------------------------------


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_form_shows_the_refusal_on_its_field_and_redirects_on_success(db: Any) -> None:
    def refuse(form: NameForm) -> None:
        raise ValidationError({"name": "taken"})

    posted = request(method="post", data={"name": "x"})
    response = lists.service_form(posted, NameForm(posted.POST), refuse, template="web/_form_fields.html", success="/")
    assert response.status_code == 200
    assert b"taken" in response.content
    response = lists.service_form(
        posted,
        NameForm(posted.POST),
        lambda form: form.cleaned_data["name"] * 2,
        template="t",
        success=lambda r: f"/{r}/",
        message=lambda r: f"made {r}",
    )
    assert response.status_code == 302
    assert response["Location"] == "/xx/"
    assert [str(m) for m in get_messages(posted)] == ["made xx"]


def test_service_action_says_why_it_was_refused(db: Any) -> None:
    posted = request(method="post")

    def refuse() -> None:
        raise ValidationError("no longer open")

    response = lists.service_action(posted, refuse, success="/back/", message="done")
    assert response["Location"] == "/back/"
    assert [str(m) for m in get_messages(posted)] == ["no longer open"]


# --- Downloads -----------------------------------------------------------------------------------


def test_downloads_are_never_cached_and_named_in_utf8(db: Any) -> None:
    response = lists.download(b"%PDF", "批次 签字表.pdf", content_type="application/pdf", inline=True, fallback="b.pdf")
    assert (
        response["Content-Disposition"]
        == "inline; filename=\"b.pdf\"; filename*=UTF-8''%E6%89%B9%E6%AC%A1%20%E7%AD%BE%E5%AD%97%E8%A1%A8.pdf"
    )
    assert "no-store" in response["Cache-Control"]
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        handle.write(b"data")
    path = Path(handle.name)
    streamed = lists.download(path, "导出.xlsx", content_type=lists.XLSX, remove=True)
    assert b"".join(streamed.streaming_content) == b"data"  # type: ignore[arg-type]
    streamed.close()
    assert not path.exists()


@pytest.mark.parametrize("value", ["", "2", "<b>", None])
def test_the_quick_select_writes_the_markup_of_djangos_templates(value: Any) -> None:
    from django.forms.renderers import get_default_renderer
    from django.test.html import parse_html

    from gonghui.core.web.lists import QuickSelect

    choices = [
        ("", "全部"),
        ("1", "甲镇总工会"),
        ("2", 'A & B "工会" <联合>'),
        ("组", [("3", "丙"), ("<b>", "丁 <i>")]),
    ]
    attrs = {"id": "id_union", "data-testid": "union", "disabled": False, "required": True}
    quick = QuickSelect(choices=choices).render("union", value, attrs, get_default_renderer())
    django = forms.Select(choices=choices).render("union", value, attrs, get_default_renderer())
    assert parse_html(quick) == parse_html(django)
    assert 'class="form-select form-select-sm"' in quick
    assert "&lt;联合&gt;" in quick
