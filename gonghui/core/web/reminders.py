"""Reminders: what is due or overdue for a user, behind the top bar's bell and the reminders page.

Each module registers a provider (``register(SomeReminders())`` in its ``AppConfig.ready()``).
A provider declares its kinds and gives, for a user on a day, one queryset of its reminders
ordered by due date. Both the counts and the rows come from that one queryset: the counts
from one grouped query, a page's rows from one slice of it, whose related objects the
provider fetches in bulk. ``ReminderList`` puts the providers together: its ``count()`` is the
bell's number and its slices are the page's rows, so the bell and the page cannot disagree.

The list is grouped by kind, the most pressing kind first (the one whose earliest item falls
due first), and sorted by due date within a kind. The page is a list of the page layer
(``REMINDERS``, a ``web.lists.ListDef`` narrowed by ``?kind=``), and the ``ReminderList`` the
object list of its pager: the counts say which kinds a page spans, and each kind's share of the
page is an offset slice of its indexed order.

A reminder is something the user must act on, so who is reminded of what follows the roles:
a provider returns no queryset for a role that cannot act on its items. The leader reads
figures only and has no reminders; the worker, the audit administrator and any inactive
account have none either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Count, Min, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.tree.scoping import acting_as
from gonghui.core.web.lists import FilterForm, ListDef, carried


@dataclass(frozen=True)
class Kind:
    """One kind of reminder: ``key`` names it in URLs (``?kind=``), ``value`` in the provider's kind column."""

    key: str
    label: Any
    value: Any = None


@dataclass(frozen=True)
class Badge:
    text: Any
    style: str = "secondary"


@dataclass(frozen=True)
class Reminder:
    """One row of the reminders page: what is due, where, when, and by what rule."""

    kind: Kind
    due_on: date
    overdue: bool
    title: str
    url: str | None
    union: Any
    what: Any
    detail: str = ""
    badges: tuple[Badge, ...] = ()


class Provider:
    """One module's reminders. Subclass it and register an instance in ``AppConfig.ready()``.

    A subclass declares ``kinds()``, ``queryset(user, today)`` and ``reminders(rows, user, today)``;
    ``groups`` and ``page`` are derived from them, so a count and the rows it counts come from
    the same queryset.
    """

    # The column whose value tells the kinds apart, when a provider has more than one.
    kind_field: ClassVar[str | None] = None
    # The due-date column the queryset is ordered by (first), counted as overdue before today.
    due_field: ClassVar[str] = "due_on"

    def kinds(self) -> list[Kind]:
        raise NotImplementedError

    def queryset(self, user: Any, today: date) -> QuerySet | None:
        """Every reminder of ``user`` on ``today``, ordered by due date and then a unique column.

        None when the user's role has none of this provider's reminders. Called, and the
        queryset evaluated, with ``user`` acting.
        """
        raise NotImplementedError

    def reminders(self, rows: list[Any], user: Any, today: date) -> list[Reminder]:
        """The rows of one page of one kind as reminders, in their order.

        What the rows show beyond their own columns is fetched for all of them at once (a query
        per related kind, never one per row).
        """
        raise NotImplementedError

    # --- Derived from the three above ------------------------------------------------------

    def groups(self, user: Any, today: date) -> list[Group]:
        """The user's kinds that have reminders, with their counts: one grouped query."""
        queryset = self.queryset(user, today)
        if queryset is None:
            return []
        due = self.due_field
        figures = {
            "count": Count("pk"),
            "overdue": Count("pk", filter=Q(**{f"{due}__lt": today})),
            "first_due": Min(due),
        }
        kinds = self.kinds()
        by_kind: dict[Any, dict[str, Any]]
        if self.kind_field is None:
            by_kind = {kinds[0].value: queryset.order_by().aggregate(**figures)}
        else:
            grouped = queryset.order_by().values(self.kind_field).annotate(**figures)
            by_kind = {row[self.kind_field]: row for row in grouped}
        groups = []
        for order, kind in enumerate(kinds):
            found = by_kind.get(kind.value)
            if found and found["count"]:
                groups.append(Group(self, kind, order, found["count"], found["overdue"], found["first_due"]))
        return groups

    def page(self, user: Any, kind: Kind, start: int, stop: int, today: date) -> list[Reminder]:
        """Reminders ``start`` to ``stop`` of one kind, by due date."""
        queryset = self.queryset(user, today)
        if queryset is None:
            return []
        if self.kind_field is not None:
            queryset = queryset.filter(**{self.kind_field: kind.value})
        return self.reminders(list(queryset[start:stop]), user, today)


@dataclass(frozen=True)
class Group:
    """The reminders of one kind that a user has: how many, how many overdue, the earliest due date."""

    provider: Provider = field(repr=False)
    kind: Kind
    order: int
    count: int
    overdue: int
    first_due: date


_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add a module's reminders (its ``AppConfig.ready()``); the name keeps a re-registration single."""
    _providers[name] = provider


def providers() -> list[Provider]:
    return list(_providers.values())


class ReminderList:
    """Every reminder of ``user`` on ``today``, grouped by kind and by due date within a kind.

    Countable and sliceable, so it is the object list of the pager; ``only(key)`` narrows it to
    one kind with the counts already made.
    """

    def __init__(self, user: Any, *, today: date | None = None) -> None:
        self.user = user
        self.today = today or timezone.localdate()
        self.kind: str | None = None
        self._selected: list[Group] | None = None

    @cached_property
    def groups(self) -> list[Group]:
        """The kinds with reminders, the one whose earliest item falls due first leading."""
        user = self.user
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.union_id is None:
            return []
        found: list[tuple[int, Group]] = []
        with acting_as(user):
            for rank, provider in enumerate(providers()):
                found += [(rank, group) for group in provider.groups(user, self.today)]
        found.sort(key=lambda item: (item[1].first_due, item[0], item[1].order))
        return [group for _rank, group in found]

    def only(self, key: str) -> ReminderList:
        """The reminders of the kind ``key`` alone (none if the user has none of that kind)."""
        narrowed = ReminderList(self.user, today=self.today)
        narrowed.__dict__["groups"] = self.groups
        narrowed.kind = key
        narrowed._selected = [group for group in self.groups if group.kind.key == key]
        return narrowed

    @property
    def selected(self) -> list[Group]:
        return self.groups if self._selected is None else self._selected

    def count(self) -> int:
        return sum(group.count for group in self.selected)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice | int) -> Any:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("reminders are sliced with step 1")
        rows: list[Reminder] = []
        offset = 0
        with acting_as(self.user):
            for group in self.selected:
                low, high = max(start - offset, 0), min(stop - offset, group.count)
                if low < high:
                    rows += group.provider.page(self.user, group.kind, low, high, self.today)
                offset += group.count
                if offset >= stop:
                    break
        return rows


# --- The page: a list of the page layer (``core.web.lists``) --------------------------------


class ReminderFilters(FilterForm):
    """The kind the page is narrowed to (``?kind=``): chosen with the kinds' tabs above the rows."""

    kind = carried(gettext_lazy("kind"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None  # the kind's tab is shown selected


def reminder_rows(user: Any, *, kind: str = "", everything: ReminderList | None = None) -> ReminderList:
    """The user's reminders, of one kind when ``kind`` names one (none when it names no kind of theirs).

    ``everything``: the request's own list (``for_request``), so the bell and the page share its counts.
    """
    everything = everything if everything is not None else ReminderList(user)
    return everything.only(kind) if kind else everything


REMINDERS = ListDef(rows=reminder_rows, filters=ReminderFilters)


def for_request(request: HttpRequest) -> ReminderList:
    """The signed-in user's reminders, made once per request for the bell and the page alike."""
    user = request.user
    cached = getattr(request, "_gonghui_reminders", None)
    if cached is None or cached.user is not user:
        cached = ReminderList(user)
        request._gonghui_reminders = cached  # type: ignore[attr-defined]
    return cached


def count_for(user: Any) -> int:
    """How many reminders ``user`` has today: the bell's number, the page's total."""
    return ReminderList(user).count()
