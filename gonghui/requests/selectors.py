"""Worker requests' reads: each answers for the user it is given (``core/selectors.py``).

Three kinds of reader: union staff (their subtree, as everywhere), a signed-in worker (their own
requests only, read by their registry record inside a system scope) and the signed-out visitor of
the tracking page (one request, by its unguessable code, nothing else).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.accounts.models import User as Account
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.paths import ancestor_paths, township_path
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.members.selectors import worker_for_account
from gonghui.organisations.models import Employer
from gonghui.organisations.selectors import employers_for_user
from gonghui.requests import rules
from gonghui.requests.models import Request
from gonghui.requests.workflows import HANDLING_ROLES, OPEN_STATES

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

REQUEST_FILTERS = (
    "q",
    "state",
    "category",
    "channel",
    "township",
    "union",
    "year",
    "timeliness",
    "satisfaction",
    "employer",
    "assigned",
)
OPEN = "open"
MINE = "me"
#: The public employer search answers at most this many names, for at least this many characters.
SEARCH_LIMIT = 10
SEARCH_MIN = 2
#: No actor: the selector reads in the surrounding system scope (the public pages have no user).
SYSTEM: Any = None


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The township and sector federations in the user's scope (the filters' choices)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


def _within_union(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    union_id = parse_id(value)
    node = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q("union__path", node.path)) if node else rows.none()


@selector
def requests_for_user(
    actor: User,
    *,
    q: str = "",
    state: str = "",
    category: str = "",
    channel: str = "",
    township: str = "",
    union: str = "",
    year: str = "",
    timeliness: str = "",
    satisfaction: str = "",
    employer: str = "",
    assigned: str = "",
    today: date | None = None,
) -> QuerySet[Request]:
    """The requests ``actor`` may see, newest first, filtered (unknown values match nothing).

    ``state``: a workflow state or ``open`` (not answered yet); ``township`` / ``union``: a union id
    (its subtree); ``year``: received in; ``timeliness``: ``rules.timeliness_q``; ``satisfaction``:
    the worker's rating; ``assigned=me``: assigned to the actor; ``q``: the tracking code or part of
    the employer's name.
    """
    today = today or timezone.localdate()
    rows = Request.objects.select_related("union", "assigned_to")
    if state == OPEN:
        rows = rows.filter(state__in=OPEN_STATES)
    elif state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    if channel:
        rows = rows.filter(channel=channel)
    if township:
        rows = _within_union(rows, township)
    if union:
        rows = _within_union(rows, union)
    if year:
        received_year = parse_year(year)
        rows = rows.filter(received_on__year=received_year) if received_year else rows.none()
    if timeliness:
        condition = rules.timeliness_q(timeliness, today, open_states=OPEN_STATES)
        rows = rows.filter(condition) if condition is not None else rows.none()
    if satisfaction:
        rows = rows.filter(satisfaction=satisfaction)
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    if assigned == MINE:
        rows = rows.filter(assigned_to=actor)
    elif assigned:
        rows = rows.none()
    q = q.strip()
    if q:
        code = rules.normalise_code(q)
        condition = Q(employer_name__icontains=q)
        if rules.is_code(code):
            condition |= Q(code=code)
        rows = rows.filter(condition)
    return rows.order_by("-received_on", "-id")


@selector
def requests_waiting_for(user: User) -> QuerySet[Request]:
    """Open requests waiting on ``user``: assigned to them, or not yet assigned at their own union."""
    union_id = getattr(user, "union_id", None)
    return (
        Request.objects.filter(state__in=OPEN_STATES)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, union_id=union_id))
        .select_related("union")
    )


@selector(sample=lambda s: {"worker_request_id": s.id("worker_request_id")})
def get_request_for_user(user: User, worker_request_id: int) -> Request:
    """One request of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(
        Request.objects.select_related(
            "union", "employer", "worker", "assigned_to", "dispute", "hardship_file", "transferred_to__union"
        ),
        pk=worker_request_id,
    )


@selector(sample=lambda s: {"request": s.get(Request, "worker_request_id")})
def assignees_for(actor: User, request: Request) -> list[Any]:
    """The people a request may be assigned to: active accounts of its union and of the unions above it
    that the actor sees (the handling roles only)."""
    paths = ancestor_paths(request.union.path, include_self=True)
    return list(
        Account.objects.filter(union__path__in=paths, is_active=True, role__in=HANDLING_ROLES)
        .select_related("union")
        .order_by("-union__depth", "full_name", "id")
    )


@selector(sample=lambda s: {"employer_id": s.id("employer_id")})
def requests_of_employer(user: User, employer_id: int) -> dict[str, Any] | None:
    """The requests about one employer in ``user``'s subtree (the employer page's panel)."""
    rows = Request.objects.filter(employer_id=employer_id).select_related("union")
    count = rows.count()
    if not count:
        return None
    return {"requests": list(rows.order_by("-received_on", "-id")[:5]), "count": count, "employer_id": employer_id}


# --- A signed-in worker's own requests --------------------------------------------------------


@selector
def my_requests(user: User) -> list[Request]:
    """The requests a signed-in worker filed (or that name their registry record), newest first.

    A worker account sees nothing of the union tree: the rows are read in the system scope by the
    worker's own record only. Requests handed on to another union show once, as the newest step.
    """
    worker = worker_for_account(user)
    if worker is None:
        return []
    with system_scope("a worker reads their own requests"):
        return list(
            Request.objects.filter(worker=worker, transferred_to__isnull=True)
            .select_related("union")
            .order_by("-received_on", "-id")
        )


@selector(sample=lambda s: {"worker_request_id": s.id("worker_request_id")})
def get_my_request(user: User, worker_request_id: int) -> Request:
    """One of the signed-in worker's own requests; 404 for anyone else's (or for anyone but a worker)."""
    worker = worker_for_account(user)
    if worker is None:
        raise Http404("not a worker")
    with system_scope("a worker reads one of their own requests"):
        request = (
            Request.objects.select_related("union", "transferred_to")
            .filter(pk=worker_request_id, worker=worker)
            .first()
        )
        if request is None:
            raise Http404("not their request")
        return _follow(request)


# --- The signed-out visitor: one request by its code, the public search ------------------------


def _follow(request: Request) -> Request:
    """The newest step of a request handed from union to union (read in the caller's scope)."""
    seen = {request.pk}
    while request.transferred_to_id is not None:
        successor = Request.objects.select_related("union", "transferred_to").get(pk=request.transferred_to_id)
        if successor.pk in seen:  # pragma: no cover - a transfer never points back
            break
        seen.add(successor.pk)
        request = successor
    return request


def request_by_code(code: str) -> Request | None:
    """The request a tracking code names (followed to the union now handling it), or None.

    The tracking page's only read: no actor (a signed-out worker), so it reads in a system scope,
    one row by its exact, unguessable code.
    """
    code = rules.normalise_code(code)
    if not rules.is_code(code):
        return None
    with system_scope("a worker follows their request by its tracking code"):
        request = Request.objects.select_related("union", "transferred_to").filter(code=code).first()
        return _follow(request) if request is not None else None


def public_townships() -> list[tuple[str, str]]:
    """The townships and streets a worker may choose (division code, name): reference data only.

    The administrative divisions where employers of the register lie; the request goes to the
    federation keeping those employers (``township_for_division``). Union names are not shown to
    a signed-out visitor.
    """
    with system_scope("the public form lists the townships where the register's employers lie"):
        rows = (
            employers_for_user(SYSTEM, status=Employer.Status.OPERATING)
            .filter(division__isnull=False)
            .values_list("division_id", "division__name")
            .distinct()
            .order_by("division_id")
        )
        return [(str(code), str(name)) for code, name in rows]


def township_for_division(code: str) -> Union | None:
    """The township (or street) federation keeping most of the register's employers in division ``code``."""
    if not code or len(code) > 12:
        return None
    with system_scope("a request without a known employer goes to the federation of its township"):
        paths = list(
            employers_for_user(SYSTEM, township=code).values_list("union__path", flat=True).order_by("id")[:200]
        )
        if not paths:
            return None
        path, _count = Counter(township_path(p) for p in paths).most_common(1)[0]
        return Union.objects.filter(path=path).first()


def public_employer_search(q: str) -> list[tuple[int, str]]:
    """Operating employers of the register whose name holds ``q``: ids and names only, a few at most.

    A name is what the employer shows on its gate; nothing else of the register is answered.
    """
    q = (q or "").strip()
    if len(q) < SEARCH_MIN:
        return []
    with system_scope("the public form's employer search answers names only"):
        rows = employers_for_user(SYSTEM, q=q[:50], status=Employer.Status.OPERATING)
        return list(rows.order_by("name", "id").values_list("id", "name")[:SEARCH_LIMIT])


def public_employer_names(employer_ids: list[int]) -> list[tuple[int, str]]:
    """The public names of the given employers (the one picked before a refused submission)."""
    with system_scope("the public form shows again the employer name the worker picked"):
        rows = employers_for_user(SYSTEM, status=Employer.Status.OPERATING).filter(pk__in=employer_ids[:SEARCH_LIMIT])
        return list(rows.values_list("id", "name"))
