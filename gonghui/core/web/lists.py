"""The page layer: every list, its filters, its pager, its Excel export, and the forms that call services.

A module declares a list once and its page, its export and (later) its API read the same rows::

    class EmployerFilters(FilterForm):
        q = search(_("name or credit code"))
        township = choice(_("township"))

        def setup(self, user):
            self.set_choices("township", township_choices(user))

    EMPLOYERS = ListDef(
        rows=selectors.employers_for_user,       # (user, **filter values) -> rows in the user's scope
        filters=EmployerFilters,
        export="employers",                       # the sheet kind exporting it (core/sheets)
    )

    def employer_list(request):
        return EMPLOYERS.render(request, "organisations/employer_list.html")

The list template includes ``web/_filter_bar.html`` above its ``#rows`` partial, and
``web/_pagination.html`` inside it; ``{% include "web/_export_button.html" %}`` puts the Export
button in the page head, and an htmx refresh of the rows brings the button's filters up to date.
The export goes through ``/sheets/<kind>/export/``: the sheet kind names its list
(``SheetSpec.page_list``), so the export cleans the query string with the same filter form and
reads the same rows — masked unless asked for in full by a role that may unmask, formula-safe, and
audited by the sheets engine. A list without a sheet of its own declares its columns with
:class:`ListSheet`.

**One pager, two modes.** ``NUMBERED`` pages with ``?page=N`` (OFFSET): for lists a user pages
through a few pages of. ``Keyset(order=...)`` pages with ``?after=<id of the last row>``: for lists
that grow without bound (workers, transfers, the audit log); a page costs the same at row 10 and
at row 1,000,000. Both count the rows up to ``COUNT_CAP`` (a bounded ``COUNT`` over a ``LIMIT``):
the exact total where that is cheap, "more than 10,000" where it is not.

Forms that call a service share one skeleton (:func:`service_form`, :func:`service_action`), and
files are sent by :func:`download` (never cached, the name in UTF-8, temporary files removed).
Destructive or irreversible actions are POST-only views marked :func:`destructive`, and their
forms ask first with ``data-confirm="…"`` (handled by ``web/app.js``; a test checks every form
posting to a destructive view carries it).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, wraps
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, overload
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.choices import CallableChoiceIterator
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core.figures import measures
from gonghui.core.figures.measures import MEASURE, MEASURE_IN, NARROWING, PERIOD
from gonghui.core.privacy.display import UNMASK_PERMISSIONS, unmask_permission
from gonghui.core.sheets.specs import REGISTRY, ExportParams, SheetSpec
from gonghui.core.web.converters import MAX_ID, parse_id
from gonghui.core.web.forms import add_service_errors

if TYPE_CHECKING:
    from gonghui.core.web.http import AuthedRequest

PER_PAGE = 50
# Rows counted at most to tell a list's total: beyond it the page says "more than 10,000".
COUNT_CAP = 10_000
# Longest value a filter takes from the query string (longer: the filter is left out).
MAX_FILTER_LENGTH = 100
PAGE_PARAMS = ("page", "after")
# Rows read and decorated at a time by an export.
EXPORT_CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

T = TypeVar("T")
ALL = gettext_lazy("all")
SEARCH = gettext_lazy("Search")


# --- Filters ---------------------------------------------------------------------------------------


class FlagInput(forms.CheckboxInput):
    """A checkbox whose value is the submitted text (``"1"``) or ``""``: what the selectors take."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        value = data.get(name, "")
        return value if isinstance(value, str) else ""


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python: the markup of Django's templates (and the form renderer's
    Bootstrap class), without a template rendered per option.

    A filter may offer 200 unions: 7.3 ms through the templates, 0.5 ms here; the member list
    as a township's staff at province size, found by card number, 26 → 15 ms a request.
    ``test_lists`` compares the markup with Django's.
    """

    CSS = "form-select form-select-sm"  # as ``GonghuiFormRenderer`` gives every select

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        own = self.build_attrs(self.attrs, attrs)
        classes = own.get("class", "")
        if self.CSS.split()[0] not in classes.split():
            own["class"] = f"{classes} {self.CSS}".strip()
        wanted = set(self.format_value(value))
        chosen = False  # one option selected at most, the first that matches (as Django's optgroups)

        def option(option_value: Any, label: Any) -> str:
            nonlocal chosen
            text = "" if option_value is None else str(option_value)
            selected = not chosen and text in wanted
            chosen = chosen or selected
            mark = " selected" if selected else ""
            return f'\n  <option value="{conditional_escape(text)}"{mark}>{conditional_escape(label)}</option>'

        parts = [f'<select name="{conditional_escape(name)}"{flatatt(own)}>']
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'\n  <optgroup label="{conditional_escape(option_value)}">')
                parts.extend(option(sub_value, sub_label) for sub_value, sub_label in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (names, values and labels escaped above)


def search(placeholder: Any = "", *, label: Any = SEARCH, testid: str = "") -> forms.CharField:
    """A search box (``type="search"``)."""
    attrs = {"placeholder": placeholder}
    if testid:
        attrs["data-testid"] = testid
    return forms.CharField(label=label, required=False, max_length=MAX_FILTER_LENGTH, widget=forms.SearchInput(attrs))


def choice(label: Any, choices: Iterable[Any] = (), *, all_label: Any = ALL) -> forms.CharField:
    """A select of ``choices`` (pairs, or groups of pairs) with "all" first.

    The value is handed to the selector as it came (a value that is no choice matches nothing
    there), so the choices may be set per user in ``FilterForm.setup``.
    """
    options = [("", all_label), *choices] if all_label is not None else list(choices)
    widget = QuickSelect(choices=options)
    return forms.CharField(label=label, required=False, max_length=MAX_FILTER_LENGTH, widget=widget)


def flag(label: Any) -> forms.CharField:
    """A checkbox: ``"1"`` when ticked."""
    return forms.CharField(label=label, required=False, max_length=MAX_FILTER_LENGTH, widget=FlagInput)


def carried(label: Any) -> forms.CharField:
    """A filter the page was opened with (a figure's drill-down) and shows as a chip that removes it."""
    return forms.CharField(label=label, required=False, max_length=MAX_FILTER_LENGTH, widget=forms.HiddenInput)


@dataclass(frozen=True)
class Chip:
    label: Any
    text: str
    remove_url: str


class FilterForm(forms.Form):
    """A list's filters, read from the query string; the page, its export and the API clean them alike.

    Every field is optional and the form is always bound: a value that does not clean (too long,
    a NUL byte, a date that is none) is left out, as if it had not been given. ``values`` is what
    the list's rows function takes; ``query()`` the filters in effect, for links and the export.
    """

    def __init__(self, data: Mapping[str, Any] | None = None, *, user: Any = None) -> None:
        super().__init__(data=data if data is not None else {}, auto_id="f-%s")
        self.user = user
        # A figure's drill-down (core/figures/measures.py): every list takes the measure, its
        # period and a township; the list layer narrows the rows, the selector never sees them.
        for name, label in (
            (MEASURE, gettext_lazy("figure")),
            (PERIOD, gettext_lazy("period")),
            (MEASURE_IN, gettext_lazy("township")),
        ):
            self.fields.setdefault(name, carried(label))
        self.setup(user)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, FlagInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def setup(self, user: Any) -> None:
        """Per-user choices (``self.set_choices(name, ...)``); called before the form is cleaned."""

    def set_choices(
        self, name: str, choices: Iterable[Any] | Callable[[], Iterable[Any]], *, all_label: Any = ALL
    ) -> None:
        """The options of select ``name``; a function is called only when the select is drawn."""
        first = [("", all_label)] if all_label is not None else []
        widget = self.fields[name].widget
        if callable(choices):
            read = functools.cache(lambda: [*first, *choices()])  # read once, when first drawn
            widget.choices = CallableChoiceIterator(read)  # type: ignore[attr-defined]
        else:
            widget.choices = [*first, *choices]  # type: ignore[attr-defined]

    def chip_text(self, name: str, value: str) -> str | None:
        """The text of a carried filter's chip (None: carried silently)."""
        return value

    @cached_property
    def cleaned_values(self) -> dict[str, Any]:
        """Every field's cleaned value ("" or None where not given or not clean)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name] if name in cleaned and name not in self.errors else _empty(field)
            for name, field in self.fields.items()
        }

    @property
    def values(self) -> dict[str, Any]:
        """What the list's selector takes: every filter but a figure's narrowing."""
        return {name: value for name, value in self.cleaned_values.items() if name not in NARROWING}

    @property
    def narrowing(self) -> dict[str, Any]:
        """A figure's narrowing (measure, period, township), applied by :meth:`ListDef.rows_for`."""
        return {name: self.cleaned_values.get(name, "") for name in NARROWING}

    def query(self) -> dict[str, str]:
        """The filters in effect as they were written (for links and the export): given and clean."""
        self.is_valid()
        query: dict[str, str] = {}
        for name in self.fields:
            if name in self.errors:
                continue
            raw = self[name].value()
            text = str(raw).strip() if raw not in (None, False) else ""
            if text:
                query[name] = text
        return query

    def querystring(self, **changes: str) -> str:
        query = {**self.query(), **changes}
        return urlencode({k: v for k, v in query.items() if v})

    def chips(self) -> list[Chip]:
        chips = []
        query = self.query()
        for field in self.hidden_fields():
            value = query.get(field.name)
            if not value:
                continue
            if field.name in NARROWING:
                text = measures.chip_text(field.name, value, self.user)
            else:
                text = self.chip_text(field.name, value)
            if text is not None:
                rest = urlencode({k: v for k, v in query.items() if k != field.name})
                chips.append(Chip(label=field.label, text=text, remove_url=f"?{rest}"))
        return chips


def _empty(field: forms.Field) -> Any:
    return "" if isinstance(field, forms.CharField) else None


# --- The pager ---------------------------------------------------------------------------------


class Pageable(Protocol):
    """What the pager needs of a list that is not a queryset: its length and its slices."""

    def count(self) -> int: ...

    def __getitem__(self, index: slice) -> Any: ...


@dataclass(frozen=True)
class Numbered:
    """``?page=N``: pages by OFFSET, numbered."""


@dataclass(frozen=True)
class Keyset:
    """``?after=<id>``: the rows after the last one shown, in ``order`` (fields, ``-`` for descending).

    The order must end with a unique, non-null field (the id). ``by_id``: walk the order's keys
    first and read the page's rows by id afterwards (wide rows and joins are read for 50 rows,
    not for every key the walk passes).
    """

    order: tuple[str, ...] = ("-id",)
    by_id: bool = False


NUMBERED = Numbered()


@dataclass
class Page:
    """One page of a list, whichever way it was found."""

    object_list: list[Any]
    total: int  # the rows of the whole list, up to COUNT_CAP (+1 when there are more)
    capped: bool  # more rows than COUNT_CAP: ``total`` is a floor
    per_page: int
    number: int | None = None  # numbered pages
    offset: int = 0
    next_url: str | None = None
    previous_url: str | None = None
    first_url: str | None = None

    @property
    def count_cap(self) -> int:
        return COUNT_CAP

    @property
    def num_pages(self) -> int | None:
        if self.number is None or self.capped:
            return None
        return max(1, -(-self.total // self.per_page))

    def has_next(self) -> bool:
        return self.next_url is not None

    def has_previous(self) -> bool:
        return self.previous_url is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous() or self.first_url is not None

    def start_index(self) -> int:
        return self.offset + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.offset + len(self.object_list)


def bounded_count(rows: QuerySet[Any] | Pageable, cap: int | None = None) -> tuple[int, bool]:
    """(rows, whether there are more than ``cap``): one ``COUNT`` over at most ``cap + 1`` rows."""
    cap = COUNT_CAP if cap is None else cap
    total = rows.order_by()[: cap + 1].count() if isinstance(rows, QuerySet) else rows.count()
    return (min(total, cap), True) if total > cap else (total, False)


def _link(query: Mapping[str, str], **page: Any) -> str:
    return "?" + urlencode({**{k: v for k, v in query.items() if v and k not in PAGE_PARAMS}, **page})


def _request_query(request: HttpRequest) -> dict[str, str]:
    return {k: str(v) for k, v in request.GET.items() if k not in PAGE_PARAMS and v}


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Pageable,
    per_page: int = PER_PAGE,
    *,
    pager: Numbered | Keyset = NUMBERED,
    query: Mapping[str, str] | None = None,
) -> Page:
    """The page of ``rows`` the request asks for (``?page=`` or ``?after=``), with its total and links.

    ``query``: the filters the links carry (default: the request's own query string).
    """
    query = _request_query(request) if query is None else query
    total, capped = bounded_count(rows)
    if isinstance(pager, Keyset):
        if not isinstance(rows, QuerySet):
            raise TypeError("keyset pages need a queryset")
        return _keyset_page(request, rows, pager, per_page, query, total, capped)
    return _numbered_page(request, rows, per_page, query, total, capped)


def _numbered_page(
    request: HttpRequest, rows: Any, per_page: int, query: Mapping[str, str], total: int, capped: bool
) -> Page:
    number = parse_id(request.GET.get("page", "")) or 1
    # A page number past any list would be an OFFSET the database cannot take.
    number = min(number, MAX_ID // per_page)
    if not capped:
        number = min(number, max(1, -(-total // per_page)))
    offset = (number - 1) * per_page
    fetched = list(rows[offset : offset + per_page + 1])
    has_next = len(fetched) > per_page
    return Page(
        object_list=fetched[:per_page],
        total=total,
        capped=capped,
        per_page=per_page,
        number=number,
        offset=offset,
        next_url=_link(query, page=number + 1) if has_next else None,
        previous_url=_link(query, page=number - 1) if number > 1 else None,
    )


def _key(name: str) -> tuple[str, bool]:
    return (name[1:], True) if name.startswith("-") else (name, False)


def _keyset_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    pager: Keyset,
    per_page: int,
    query: Mapping[str, str],
    total: int,
    capped: bool,
) -> Page:
    keys = [_key(name) for name in pager.order]
    fields = [field for field, _descending in keys]
    ordered = rows.order_by(*pager.order)
    after = parse_id(request.GET.get("after", ""))
    anchor = ordered.filter(pk=after).values_list(*fields).first() if after is not None else None
    walk = ordered.values_list("pk", *fields) if pager.by_id else ordered
    wanted = per_page + 1
    if anchor is None:
        found = list(walk[:wanted])
    else:
        # Rows after the anchor, in order: same leading keys and a later last key, then a later
        # key one level up, and so on (each an index range, so none reads the rows before it).
        found = []
        for level in range(len(keys) - 1, -1, -1):
            same = {fields[i]: anchor[i] for i in range(level)}
            field, descending = keys[level]
            later = Q(**{f"{field}__{'lt' if descending else 'gt'}": anchor[level]})
            found += list(walk.filter(later, **same)[: wanted - len(found)])
            if len(found) >= wanted:
                break
    has_next = len(found) > per_page
    found = found[:per_page]
    if pager.by_id:
        ids = [row[0] for row in found]
        objects = rows.model._default_manager.all()
        objects.query.select_related = rows.query.select_related
        by_pk = objects.in_bulk(ids)
        object_list = [by_pk[pk] for pk in ids if pk in by_pk]
    else:
        ids = [obj.pk for obj in found]
        object_list = found
    return Page(
        object_list=object_list,
        total=total,
        capped=capped,
        per_page=per_page,
        next_url=_link(query, after=ids[-1]) if has_next and ids else None,
        first_url=_link(query) if anchor is not None else None,
    )


# --- Lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportLink:
    url: str
    full_url: str | None  # with full personal data, when the user may see some of it
    kind: str = ""
    title: Any = ""
    # Other sheet kinds exporting the same list (their ``page_list`` is it): the union tree's
    # records beside the tree itself. Offered in the button's menu, with the same filters.
    more: tuple[ExportLink, ...] = ()


@dataclass(frozen=True)
class ListDef:
    """One list: how its rows are read for a user and its filters, how it pages, what exports it.

    ``rows(user, **filters.values)`` returns the rows in the user's scope (a selector).
    ``export`` names the sheet kind whose export is this list (its ``page_list`` is this list).
    ``decorate`` adds what a page shows beside the rows (totals read in bulk for the 50 rows).
    """

    rows: Callable[..., Any]
    filters: type[FilterForm] = FilterForm
    pager: Numbered | Keyset = NUMBERED
    per_page: int = PER_PAGE
    export: str = ""
    decorate: Callable[[list[Any]], list[Any]] | None = None

    def form(self, data: Mapping[str, Any] | None, user: Any) -> FilterForm:
        return self.filters(data, user=user)

    def queryset(self, user: Any, data: Mapping[str, Any] | None = None, **fixed: Any) -> Any:
        """The rows the list shows ``user`` for the query ``data`` (every page of them)."""
        return self.rows_for(user, self.form(data, user), **fixed)

    def rows_for(self, user: Any, form: FilterForm, **fixed: Any) -> Any:
        """The selector's rows for ``form``'s filters, narrowed to a figure's rows if it names one."""
        rows = self.rows(user, **form.values, **fixed)
        narrowing = form.narrowing
        if narrowing.get(MEASURE):
            rows = measures.narrow(self, user, rows, narrowing)
        return rows

    def page(self, request: HttpRequest, form: FilterForm, **fixed: Any) -> Page:
        rows = self.rows_for(request.user, form, **fixed)
        page = paginate(request, rows, self.per_page, pager=self.pager, query=form.query())
        if self.decorate is not None:
            page.object_list = self.decorate(page.object_list)
        return page

    def export_link(self, user: Any, form: FilterForm) -> ExportLink | None:
        """Where the Export button points for ``form``'s filters; None if ``user`` may not export.

        Beside the list's own kind, every other registered kind whose ``page_list`` is this list
        is offered in the button's menu (``more``), with the same filters.
        """
        if not self.export:
            return None
        specs = [REGISTRY[self.export]]
        specs += sorted(
            (spec for spec in REGISTRY.values() if spec.page_list is self and spec.kind != self.export),
            key=lambda spec: spec.kind,
        )
        links = [
            _export_link(spec, user, form.query())
            for spec in specs
            if spec.exports() and user.has_perm(spec.export_permission)
        ]
        if not links:
            return None
        first, *more = links
        return ExportLink(first.url, first.full_url, first.kind, first.title, more=tuple(more))

    def render(
        self,
        request: AuthedRequest,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        page_context: Callable[[], Mapping[str, Any]] | None = None,
        fixed: Mapping[str, Any] | None = None,
        forced: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        """The list page, or only its ``#rows`` partial when htmx asks (with the Export button updated).

        ``context`` goes to both; ``page_context()`` is computed for the whole page only;
        ``fixed`` are rows arguments the page sets itself (a date), not filters; ``forced`` are
        filters the page sets from its address (the annual review it shows), so that its links and
        its export carry them.
        """
        data: Mapping[str, Any] = request.GET
        if forced:
            data = request.GET.copy()
            for name, value in forced.items():
                data[name] = value  # type: ignore[index]
        form = self.form(data, request.user)
        page = self.page(request, form, **(fixed or {}))
        export = self.export_link(request.user, form)
        full: dict[str, Any] = {"page": page, "filters": form, "export": export, **(context or {})}
        if request.htmx and not request.htmx.boosted:
            response = render(request, f"{template}#rows", full)
            if export is not None:
                # The button sits in the page head, outside the rows: swapped out of band.
                button = render_to_string("web/_export_button.html", {"export": export, "oob": True}, request)
                response.content += button.encode()
            return response
        if page_context is not None:
            full.update(page_context())
        return render(request, template, full)


def _export_link(spec: SheetSpec, user: Any, query: Mapping[str, str]) -> ExportLink:
    url = reverse("sheets:export", args=[spec.kind])
    kinds = {column.personal for column in spec.columns if column.personal}
    # Kinds without an unmask permission (names on a public notice) are never shown in full.
    may_unmask = any(user.has_perm(unmask_permission(kind)) for kind in kinds if kind in UNMASK_PERMISSIONS)
    full = f"{url}?{urlencode({**query, 'unmasked': '1'})}" if may_unmask else None
    return ExportLink(
        url=f"{url}?{urlencode(query)}" if query else url, full_url=full, kind=spec.kind, title=spec.title
    )


class ListSheet(SheetSpec):
    """An export-only sheet kind over a list: its declared columns, the rows its filters show.

    ``columns`` name attribute paths of a row (``employer.name``, ``get_state_display``), or
    override ``export_values``. Columns declared ``personal=KIND`` are masked by the engine.
    """

    page_list: ClassVar[ListDef]
    # Sheet kinds of lists are made for people: the operator's command line exports as a user.
    fixed: ClassVar[Mapping[str, Any]] = {}

    def export_queryset(self, user: Any, params: ExportParams) -> Any:
        if user is None:
            raise PermissionDenied(_("This list is exported as a user: give --as USERNAME."))
        rows = self.page_list.queryset(user, params.filters, **self.fixed)
        if params.union is not None and isinstance(rows, QuerySet):
            rows = self.narrow(rows, params.union)
        return rows

    def narrow(self, rows: QuerySet[Any], union: Any) -> QuerySet[Any]:
        """The rows of ``union``'s subtree (the command line's ``--union``)."""
        from gonghui.core.tree.scoping import subtree_q

        return rows.filter(subtree_q("union__path", union.path))

    def export_values(self, obj: Any) -> list[Any]:
        return [attribute(obj, column.field) for column in self.columns]

    def export_rows(self, queryset: Any) -> Iterable[Iterable[Any]]:
        rows = queryset.iterator(chunk_size=EXPORT_CHUNK) if isinstance(queryset, QuerySet) else iter(queryset)
        decorate = self.page_list.decorate or (lambda chunk: chunk)
        while chunk := list(itertools.islice(rows, EXPORT_CHUNK)):
            for obj in decorate(chunk):
                yield self.export_values(obj)


def attribute(obj: Any, path: str) -> Any:
    """``a.b.c`` of ``obj``, calling what is callable (``get_state_display``); None past a missing link."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value):
            value = value()
    if isinstance(value, datetime):
        return timezone.localtime(value).date()  # a sheet's dates carry no time zone
    return "" if value is None else value


# --- Forms that call a service -------------------------------------------------------------------


def service_form(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[Any], T],
    *,
    template: str,
    context: Mapping[str, Any] | None = None,
    success: str | Callable[[T], str],
    message: Any = None,
    valid: bool = True,
) -> HttpResponse:
    """Bind, call the service, show its refusal on the form, redirect on success.

    ``call(form)`` runs on a valid POST; a ``ValidationError`` or ``PermissionDenied`` it raises is
    shown on the form (``add_service_errors``). On success: ``message`` (text, or a function of the
    result) and a redirect to ``success`` (a URL, or a function of the result). ``valid``: more
    forms (formsets) that must be valid too.
    """
    if request.method == "POST" and valid and form.is_valid():
        try:
            result = call(form)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            if message:
                messages.success(request, message(result) if callable(message) else message)
            return redirect(success(result) if callable(success) else success)
    return render(request, template, {"form": form, **(context or {})})


def service_action(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str,
    message: Any = None,
) -> HttpResponse:
    """A POST without a form (remove, end, close): call the service, say what happened, go back.

    A refusal (``ValidationError``, ``PermissionDenied``) is shown as an error message.
    """
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        if message:
            messages.success(request, message(result) if callable(message) else message)
    return redirect(success)


def destructive(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that removes, ends, cancels or closes something: POST only, and its forms confirm.

    The page's form asks first (``data-confirm``); ``core/web/tests/test_confirmations.py`` finds
    every form posting to a view marked so and fails when one does not ask.
    """
    wrapped = require_POST(view)

    @wraps(wrapped)
    def inner(*args: Any, **kwargs: Any) -> HttpResponse:
        return wrapped(*args, **kwargs)

    inner.destructive = True  # type: ignore[attr-defined]
    return inner


# --- Downloads -----------------------------------------------------------------------------------


class _Download(FileResponse):
    def __init__(self, source: IO[bytes], *, remove: Path | None = None, **kwargs: Any) -> None:
        self._remove = remove
        super().__init__(source, **kwargs)

    def close(self) -> None:
        super().close()
        if self._remove is not None:
            self._remove.unlink(missing_ok=True)


def content_disposition(filename: str, *, inline: bool = False, fallback: str = "") -> str:
    """``attachment; filename="fallback"; filename*=UTF-8''…``: the UTF-8 name, and an ASCII one for old clients."""
    ascii_name = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in fallback or filename
    )
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@overload
def download(
    source: bytes,
    filename: str,
    *,
    content_type: str | None = ...,
    inline: bool = ...,
    remove: bool = ...,
    fallback: str = ...,
) -> HttpResponse: ...


@overload
def download(
    source: Path | IO[bytes],
    filename: str,
    *,
    content_type: str | None = ...,
    inline: bool = ...,
    remove: bool = ...,
    fallback: str = ...,
) -> FileResponse: ...


def download(
    source: bytes | Path | IO[bytes],
    filename: str,
    *,
    content_type: str | None = None,
    inline: bool = False,
    remove: bool = False,
    fallback: str = "",
) -> HttpResponse | FileResponse:
    """A file for the browser: its name in UTF-8 (RFC 6266), never cached (personal data).

    ``source``: the bytes (sent at once), a path or an open binary file (streamed). ``remove``:
    delete the path once sent (an export written to a temporary file). ``inline``: opened in the
    browser (a PDF to print). ``fallback``: the name for clients that cannot read a UTF-8 one.
    """
    response: HttpResponse | FileResponse
    if isinstance(source, bytes):
        response = HttpResponse(source, content_type=content_type or "application/octet-stream")
    else:
        path = source if isinstance(source, Path) else None
        handle = source.open("rb") if isinstance(source, Path) else source
        response = _Download(
            handle,
            remove=path if remove else None,
            as_attachment=not inline,
            filename=filename,
            content_type=content_type,
        )
    response["Content-Disposition"] = content_disposition(filename, inline=inline, fallback=fallback)
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response
