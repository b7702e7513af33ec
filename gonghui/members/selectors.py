"""Reads of the member registry, always through the actor's scope.

Search (``search_q``) picks one indexed access path from the shape of the query:

=======================  =====================================================================
query                     where it looks
=======================  =====================================================================
18-character ID number    the blind index (exact), or the card number
11-digit mobile           the phone's blind index (exact), or the card number
4 digits                  the phone's last four digits (plain column), or the card number
other digits / codes      the card number (exact)
latin letters             prefix of the pinyin initials (``zs``) or of the full pinyin (``zhangs``)
Chinese characters        the name index (``name_grams``: characters and pairs): SQLite FTS5,
                          PostgreSQL GIN on an array; then the exact substring on those rows
=======================  =====================================================================

Every function taking an actor is a ``@selector`` (core/selectors.py): it answers for the user it is
given, whatever scope surrounds the call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.identifiers import ID_NUMBER_RE, MOBILE_RE, normalise_id_number, normalise_mobile
from gonghui.core.privacy.crypto import blind_index
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id
from gonghui.core.web.pickers import PICK_LIMIT, pick_words
from gonghui.members.models import Membership, MembershipEvent, Worker, follow_up_cutoff, months_before
from gonghui.members.pinyin import query_grams

WORKER_FILTERS = ("q", "union", "employer", "category", "status", "age")
# Age bands: (code, label, lowest age, highest age or None).
AGE_BANDS: tuple[tuple[str, Any, int, int | None], ...] = (
    ("lt30", _("under 30"), 0, 29),
    ("30_39", _("30 to 39"), 30, 39),
    ("40_49", _("40 to 49"), 40, 49),
    ("50_59", _("50 to 59"), 50, 59),
    ("ge60", _("60 or older"), 60, None),
)
LETTERS_RE = re.compile(r"^[a-z]+$")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _prefix_sql(column: str, prefix: str) -> tuple[str, list[str]]:
    """An indexed prefix match: a range on SQLite, ``LIKE 'p%'`` (pattern-ops index) on PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"{column} LIKE %s", [prefix + "%"]
    bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return f"{column} >= %s AND {column} < %s", [prefix, bound]


def _ids_q(*branches: tuple[str, list[Any]], driving: bool = True) -> Q:
    """Workers found by any of ``branches`` (each a WHERE on one indexed column of the worker table).

    Driving: one ``UNION`` subquery of ids, every branch its own index lookup, so the outer
    (scoped) query starts from the ids found instead of testing an ``OR`` on every row in scope.
    Not driving, on PostgreSQL: the ``OR`` of the branches on the walked row's own columns.
    (PostgreSQL runs ``id + 0 IN (subquery)`` as a subplan, hashed only when it expects the
    ids to fit in ``work_mem``; otherwise it rescans the ids for every row walked: 12 s for
    ``zs`` at 1,000,000 workers.)
    """
    params = [param for _where, branch_params in branches for param in branch_params]
    if not driving and connection.vendor == "postgresql":
        where = " OR ".join(f"({_qualified(where)})" for where, _params in branches)
        return Q(RawSQL(f"({where})", params, output_field=BooleanField()))  # noqa: S611 (fixed SQL, values as parameters)
    parts = [f"SELECT id FROM members_worker WHERE {where}" for where, _params in branches]  # noqa: S608
    return _in_q(" UNION ".join(parts), params, driving=driving)


_WORKER_COLUMN = re.compile(r"\b(pinyin_initials|pinyin|card_number|id_number_hash|phone_hash|phone_last4)\b")


def _qualified(where: str) -> str:
    """A branch's WHERE with the worker's columns named by table, for use in the outer query."""
    return _WORKER_COLUMN.sub(r"members_worker.\1", where)


def _in_q(subquery: str, params: list[Any], *, driving: bool) -> Q:
    """``id IN (subquery)``; not ``driving``: written so the planner cannot start from it (``id + 0``)."""
    if driving:
        return Q(pk__in=RawSQL(subquery, params))  # noqa: S611 (fixed SQL text, values as parameters)
    sql = f"(members_worker.id + 0) IN ({subquery})"
    return Q(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611


def _name_q(text: str, *, driving: bool = True) -> Q:
    """Names containing ``text``: every term of it in the name index, then the exact substring."""
    grams = query_grams(text)
    if not grams:
        return Q(name__contains=text)
    if connection.vendor == "sqlite":
        terms = " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
        fts = "SELECT rowid FROM members_worker_grams WHERE members_worker_grams MATCH %s"
        indexed: Any = _in_q(fts, [terms], driving=driving)
    elif connection.vendor == "postgresql":
        indexed = Q(
            RawSQL(
                "string_to_array(members_worker.name_grams, ' ') @> %s::text[]", [grams], output_field=BooleanField()
            )
        )
    else:
        indexed = Q()
    compact = "".join(text.split())
    # One term that is the whole query matches exactly; otherwise check the rows found.
    return indexed if grams == [compact] else indexed & Q(name__contains=compact)


def _branches(text: str) -> list[tuple[str, list[Any]]] | None:
    """The indexed lookups whose ``UNION`` finds ``text`` (each a WHERE on one column); None: another filter."""
    compact = text.replace(" ", "")
    card = ("card_number = %s", [compact])
    id_like = normalise_id_number(compact)
    if ID_NUMBER_RE.match(id_like):
        return [("id_number_hash = %s", [blind_index("id_number", id_like)]), card]
    if compact.isdigit() or compact.startswith("+"):
        digits = normalise_mobile(compact)
        if MOBILE_RE.match(digits):
            return [("phone_hash = %s", [blind_index("phone", digits)]), card]
        if len(compact) == 4:
            return [("phone_last4 = %s", [compact]), card]
        return None
    lower = compact.lower()
    if LETTERS_RE.match(lower):
        return [_prefix_sql("pinyin_initials", lower), _prefix_sql("pinyin", lower), card]
    return None


def search_q(q: str, *, driving: bool = True) -> Q | None:
    """The filter that finds workers by ``q`` (see the module docstring); None for an empty query."""
    text = " ".join((q or "").split())
    if not text:
        return None
    branches = _branches(text)
    if branches is not None:
        return _ids_q(*branches, driving=driving)
    compact = text.replace(" ", "")
    if not (compact.isdigit() or compact.startswith("+")) and CJK_RE.search(text):
        return _name_q(text, driving=driving)
    return Q(card_number=compact)


def age_band_range(code: str, *, today: date | None = None) -> dict[str, date] | None:
    """Birth-date lookups of the age band ``code`` on ``today`` (``{"lte": …, "gt": …}``), None if unknown."""
    today = today or timezone.localdate()
    for band, _label, low, high in AGE_BANDS:
        if band == code:
            # Age ≥ low ⇔ born on or before today − low years; age ≤ high ⇔ born after today − (high+1) years.
            lookups = {"lte": months_before(today, 12 * low)}
            if high is not None:
                lookups["gt"] = months_before(today, 12 * (high + 1))
            return lookups
    return None


@selector(sample=lambda s: {"union": s.world.union_c.pk})
def workers_for_user(
    actor: User,
    *,
    q: str = "",
    union: str | int = "",
    employer: str | int = "",
    category: str = "",
    status: str = "",
    age: str = "",
) -> QuerySet[Worker]:
    """The workers ``actor`` may see, filtered; by union (path), then id (the order the list's keyset pages walk).

    ``union`` is a union id: its whole subtree; ``status`` a ``Worker.MemberStatus`` value;
    ``age`` an ``AGE_BANDS`` code. Unknown values match nothing.
    """
    # (column, {lookup: value}): plain filters on one indexed column each.
    conditions: list[tuple[str, dict[str, Any]]] = []
    employer_id = parse_id(employer)
    if employer_id is not None:
        conditions.append(("employer_id", {"exact": employer_id}))
    if category:
        conditions.append(("category", {"exact": category}))
    if status:
        conditions.append(("member_status", {"exact": status}))
    band = age_band_range(age) if age else None
    if band is not None:
        conditions.append(("birth_date", band))
    workers = Worker.objects.select_related("union", "employer")
    if age and band is None:
        workers = workers.none()
    union_id = parse_id(union)
    if union_id is not None:
        node = Union.objects.filter(pk=union_id).only("path").first()
        workers = workers.filter(subtree_q("union__path", node.path)) if node else workers.none()
    if q.strip() or conditions:
        workers = _planned(workers, q, conditions)
    return workers.order_by("union__path", "id")


@selector(sample=lambda s: {"q": s.get(Worker, "worker_id").name})
def workers_to_pick(
    actor: User,
    q: str,
    *,
    limit: int = PICK_LIMIT,
    employer: int | None = None,
    union: int | None = None,
) -> list[Worker]:
    """The workers of the registry ``actor`` may pick, found by ``q`` as the worker list finds them.

    At most ``limit``, in the list's order; none for an empty query. ``employer``: only that
    employer's workers; ``union``: only that union's subtree (outside ``actor``'s scope: none).
    """
    text = pick_words(q)
    if not text:
        return []
    rows = workers_for_user(actor, q=text, employer=employer or "", union=union or "")
    return list(rows[: max(limit, 0)])


# Fewer matches than this in the whole table: start from them; more: walk the scope in order.
DENSE = 2000
# Columns the walk reads through the (union, member_status, id) index: never wrapped on SQLite.
WALK_INDEXED = frozenset({"member_status"})


def _planned(workers: QuerySet[Worker], q: str, conditions: list[tuple[str, dict[str, Any]]]) -> QuerySet[Worker]:
    """``workers`` filtered by ``q`` and ``conditions``, shaped for the plan that suits how many rows match.

    A page is read in (union path, id) order. When few rows match (fewer than ``DENSE`` in the
    whole table) the fastest plan starts from them (an index lookup) and sorts that handful;
    when many match, walking the scope in order finds a page after a few hundred rows, so no
    filter may drive the plan: the search is written ``id + 0 IN (…)`` and, on SQLite, each
    column is wrapped (``COALESCE(col, col)``) so that no index on it is used, except the
    membership status, which the walk's own index holds. An employer always drives (its workers
    are together in a few unions, not spread over the scope). One bounded probe of ids
    tells the two apart (it ignores the scope: it only chooses the plan, and its ids are used
    under the scope or not at all).
    """
    search = search_q(q, driving=True)
    employer = next((lookups["exact"] for column, lookups in conditions if column == "employer_id"), None)
    if employer is not None:
        # An employer's workers sit in one union or a few: a walk in path order could pass the
        # whole scope before reaching them (1.2 s on SQLite, 2.6 s on PostgreSQL at 1,000,000
        # workers). Start from the employer's index and sort its workers (a few ms for 6,817).
        # PostgreSQL's statistics expect them spread out, so the ids are handed over as an
        # array it cannot see into, which it reads through the primary key.
        if connection.vendor == "postgresql":
            workers = workers.filter(
                RawSQL(
                    "members_worker.id = ANY(ARRAY(SELECT id FROM members_worker WHERE employer_id = %s))",
                    [employer],
                    output_field=BooleanField(),
                )
            )
        if search is not None:
            workers = workers.filter(search)
        for column, lookups in conditions:
            workers = workers.filter(**{f"{column}__{lookup}": value for lookup, value in lookups.items()})
        return workers
    if not _dense_branch(q):
        probe = Q(search) if search is not None else Q()
        for column, lookups in conditions:
            probe &= Q(**{f"{column}__{lookup}": value for lookup, value in lookups.items()})
        # unscoped: the probe only chooses the plan; its ids are used under the scope or not at all
        ids = list(Worker.unscoped.filter(probe).order_by().values_list("id", flat=True)[:DENSE])
        if len(ids) < DENSE:
            return workers.filter(pk__in=ids)
    if search is not None:
        workers = workers.filter(search_q(q, driving=False))
    for column, lookups in conditions:
        name = column
        if connection.vendor == "sqlite" and column not in WALK_INDEXED:
            # SQLite's planner would start from the column's index and sort; PostgreSQL's has the
            # statistics to choose well, and a wrapped column would blind them.
            name = f"walk_{column}"
            workers = workers.alias(**{name: Coalesce(column, column)})
        workers = workers.filter(**{f"{name}__{lookup}": value for lookup, value in lookups.items()})
    return workers


def _dense_branch(q: str) -> bool:
    """Whether one lookup of the search alone finds ``DENSE`` workers (then the scope is walked).

    Each lookup stops at ``DENSE`` rows of its own index, all of them in one statement; the
    ``UNION`` of the lookups would collect every match before its ``LIMIT`` (81–130 ms for
    ``zs`` at 1,000,000 workers on PostgreSQL, against about 1 ms a lookup). It only chooses the
    plan: the rows shown are always read under the user's scope.
    """
    text = " ".join((q or "").split())
    branches = _branches(text) if text else None
    if not branches:
        return False
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM members_worker WHERE {where} LIMIT %s) AS lookup_{i})"  # noqa: S608
        for i, (where, _params) in enumerate(branches)
    )
    params = [value for _where, values in branches for value in (*values, DENSE)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}", params)  # fixed SQL text, values as parameters
        return max(cursor.fetchone()) >= DENSE


@selector(sample=lambda s: {"worker_id": s.id("worker_id")})
def get_worker_for_user(actor: User, worker_id: int) -> Worker:
    """One worker ``actor`` may see, else 404.

    A worker is seen by the union keeping them (their current union, or their employer's) and
    by every union where they hold or held a membership (a union that transferred a member
    out still sees them, and its own side of the history).
    """
    worker = Worker.objects.select_related("union", "employer").filter(pk=worker_id).first()
    if worker is not None:
        return worker
    if not actor.has_perm("members.view_membership") or not Membership.objects.filter(worker_id=worker_id).exists():
        raise Http404("no such worker in scope")
    with system_scope("a worker seen through a membership in the actor's scope"):
        # unscoped: the worker of a membership in the actor's scope, kept elsewhere now
        return Worker.unscoped.select_related("union", "employer").get(pk=worker_id)


@selector(sample=lambda s: {"worker": s.get(Worker, "worker_id")})
def worker_is_kept_by(actor: User, worker: Worker) -> bool:
    """Whether ``worker``'s keeping union lies in ``actor``'s scope (who may edit the record)."""
    return Worker.objects.filter(pk=worker.pk).exists()


@selector(sample=lambda s: {"worker_ids": [s.id("worker_id")]})
def current_memberships_of_workers(actor: User, worker_ids: list[int]) -> list[Membership]:
    """The current memberships of ``worker_ids`` that ``actor`` may see (for bulk actions)."""
    return list(Membership.objects.filter(worker_id__in=worker_ids[:1000], status__in=Membership.CURRENT))


@selector(sample=lambda s: {"worker": s.get(Worker, "worker_id")})
def memberships_of_worker(actor: User, worker: Worker) -> list[Membership]:
    """The worker's memberships ``actor`` may see (their own union's side of each), newest first."""
    return list(
        Membership.objects.filter(worker=worker).select_related("union", "employer").order_by("-joined_on", "-id")
    )


@selector(sample=lambda s: {"worker": s.get(Worker, "worker_id")})
def events_of_worker(actor: User, worker: Worker) -> list[MembershipEvent]:
    """The worker's membership events in ``actor``'s scope, newest first (the history)."""
    return list(
        MembershipEvent.objects.filter(worker=worker)
        .select_related("union", "counterpart_union", "recorded_by")
        .order_by("-on", "-id")
    )


@selector(sample=lambda s: {"membership_id": s.id("membership_id")})
def get_membership_for_user(actor: User, membership_id: int) -> Membership:
    """One membership in ``actor``'s scope, else 404."""
    membership = Membership.objects.select_related("union", "worker", "employer").filter(pk=membership_id).first()
    if membership is None:
        raise Http404("no such membership in scope")
    return membership


@selector(sample=lambda s: {"worker": s.get(Worker, "worker_id")})
def current_membership(actor: User, worker: Worker) -> Membership | None:
    """The worker's current (active or kept) membership, if ``actor`` may see it."""
    return Membership.objects.filter(worker=worker, status__in=Membership.CURRENT).select_related("union").first()


@selector
def memberships_needing_follow_up(actor: User, *, today: date | None = None) -> QuerySet[Membership]:
    """Active members with neither dues nor activity for six months (中国工会章程 art. 5): by union, longest first.

    The order follows the `(union, status, last_seen_on)` index union by union, so no sort of the scope is needed.
    """
    cutoff = follow_up_cutoff(today or timezone.localdate())
    return (
        Membership.objects.filter(status=Membership.Status.ACTIVE, last_seen_on__lt=cutoff)
        .select_related("worker", "union")
        .order_by("union__path", "last_seen_on", "id")
    )


@selector
def transfers_for_user(actor: User, *, direction: str = "") -> QuerySet[MembershipEvent]:
    """Transfer events in ``actor``'s scope: ``"in"``, ``"out"`` or both; newest first."""
    kinds = {
        "in": [MembershipEvent.Kind.TRANSFER_IN],
        "out": [MembershipEvent.Kind.TRANSFER_OUT],
    }.get(direction, [MembershipEvent.Kind.TRANSFER_IN, MembershipEvent.Kind.TRANSFER_OUT])
    return (
        MembershipEvent.objects.filter(kind__in=kinds)
        .select_related("worker", "union", "counterpart_union")
        .order_by("-on", "-id")
    )


# The membership list's status filter beyond the model's: active or kept (members on the register now).
CURRENT_STATUS = "current"


@selector
def memberships_for_user(actor: User, *, union: str | int = "", status: str = "") -> QuerySet[Membership]:
    """The memberships in ``actor``'s scope (each union's own side of a transfer), by union, newest first.

    ``union`` is a union id: its whole subtree; ``status`` a ``Membership.Status`` value or
    ``"current"`` (active or kept). Unknown values match nothing. The order walks the union's
    index (union path, then id backwards), so a page reads its 50 rows whatever the scope's size.
    """
    memberships = Membership.objects.select_related("worker", "union", "employer")
    union_id = parse_id(union)
    if union_id is not None:
        node = Union.objects.filter(pk=union_id).only("path").first()
        memberships = memberships.filter(subtree_q("union__path", node.path)) if node else memberships.none()
    if status == CURRENT_STATUS:
        memberships = memberships.filter(status__in=Membership.CURRENT)
    elif status:
        memberships = memberships.filter(status=status) if status in Membership.Status.values else memberships.none()
    return memberships.order_by("union__path", "-id")


@selector(sample=lambda s: {"employer_ids": [s.id("employer_id")]})
def member_counts_by_employer(actor: User, employer_ids: list[int]) -> dict[int, int]:
    """Current members per employer (one aggregate query), for the employers ``actor`` may see."""
    rows = (
        Membership.objects.filter(employer_id__in=employer_ids, status__in=Membership.CURRENT)
        .order_by()
        .values("employer_id")
        .annotate(n=Count("id"))
        .values_list("employer_id", "n")
    )
    return dict(rows)


@selector
def workforce_by_employer(actor: User) -> dict[int, tuple[int, int]]:
    """Workers in the registry per employer, ``{employer_id: (workers, dispatched workers)}`` (one grouped query).

    The workers ``actor`` may see whose employer is recorded; dispatched workers are those of
    ``Worker.Category.DISPATCHED``. ``None`` (a periodic job) reads in the surrounding scope.
    """
    rows = (
        Worker.objects.filter(employer_id__isnull=False)
        .order_by()
        .values("employer_id")
        .annotate(n=Count("id"), dispatched=Count("id", filter=Q(category=Worker.Category.DISPATCHED)))
        .values_list("employer_id", "n", "dispatched")
    )
    return {employer_id: (n, dispatched) for employer_id, n, dispatched in rows}


@selector(sample=lambda s: {"selected": str(s.world.union_c.pk)})
def unions_for_filter(actor: User, *, selected: str = "") -> list[Union]:
    """The unions offered by the list's union filter: the actor's own and the ones right below it.

    A deeper union stays reachable (``?union=<id>``, e.g. from a union's page) and is added when
    selected. Few options keep the page light at province size.
    """
    own = getattr(actor, "union", None)
    depth = own.depth if own is not None else 1
    unions = list(Union.objects.filter(depth__lte=depth + 1).only("id", "name", "path", "depth")[:200])
    selected_id = parse_id(selected)
    if selected_id is not None and all(u.pk != selected_id for u in unions):
        unions += list(Union.objects.filter(pk=selected_id).only("id", "name", "path", "depth"))
    return unions


@selector
def worker_for_account(user: User) -> Worker | None:
    """The registry record linked to a worker-role account (``Worker.account``); None for anyone else.

    A worker's own pages (and every module's "my …" reads) start from this record. A worker
    account sees nothing of the union tree, so the record is read in the system scope, by the
    account's own link only.
    """
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.WORKER:
        return None
    with system_scope("a worker reads their own record"):
        return Worker.objects.select_related("union", "employer").filter(account=user).first()


@selector(sample=lambda s: {"card_number": s.get(Worker, "worker_id").card_number})
def workers_with_card_number(actor: User, card_number: str) -> QuerySet[Worker]:
    """The workers ``actor`` may see holding member card ``card_number`` (exact; at most one in practice)."""
    return Worker.objects.filter(card_number=card_number)


@selector(sample=lambda s: {"name": s.get(Worker, "worker_id").name})
def workers_named(actor: User, name: str) -> QuerySet[Worker]:
    """The workers ``actor`` may see whose name is exactly ``name`` (a sheet's or a form's lookup by name)."""
    return Worker.objects.filter(name=name)


@selector(sample=lambda s: {"id_number_hashes": [s.get(Worker, "worker_id").id_number_hash]})
def workers_with_id_number_hashes(actor: User, id_number_hashes: list[str]) -> QuerySet[Worker]:
    """The workers ``actor`` may see whose ID number has one of these blind indexes (``blind_index("id_number", …)``).

    An import that holds the blind indexes of its rows' ID numbers links them to the registry with it.
    """
    return Worker.objects.filter(id_number_hash__in=id_number_hashes)


# --- Reads for system code ---------------------------------------------------------------------
# These take no actor: they serve code that already runs in a system scope (a service's
# ``system_scope`` for a check that must see a member's whole record, or a demo step), and read
# in that surrounding scope. Under an actor's scope they would see that actor's part only.


def membership_spans(worker_ids: Iterable[int], *, within: Union) -> dict[int, list[tuple[date, date | None]]]:
    """``{worker id: [(joined on, ended on or None), …]}``: the workers' memberships of ``within`` or a union below it.

    Every membership counts, whatever its status now (a payout checks the member on its own day).
    Read in the caller's scope: a system scope, since the record of a membership may be kept elsewhere.
    """
    spans = Membership.objects.filter(worker_id__in=set(worker_ids), union__path__startswith=within.path).values_list(
        "worker_id", "joined_on", "ended_on"
    )
    by_worker: dict[int, list[tuple[date, date | None]]] = {}
    for worker, joined, ended in spans:
        by_worker.setdefault(worker, []).append((joined, ended))
    return by_worker


def current_member_ids(union: Union, day: date) -> list[int]:
    """The ids of the workers with a current membership of ``union`` itself on ``day``, in id order.

    Joined on or before ``day``, not ended before it, and current (active or kept) now. Read in
    the caller's scope: a service's system scope once it has checked ``union`` is the actor's.
    """
    current = (
        Q(union=union, joined_on__lte=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        & Q(status__in=Membership.CURRENT)
    )
    return list(Membership.objects.filter(current).order_by("worker_id").values_list("worker_id", flat=True).distinct())


def current_members_of_unions(union_ids: Iterable[int], *, joined_by: date) -> QuerySet[Membership, tuple[Any, ...]]:
    """``(union id, worker id, birth date)`` of the current members of these unions who joined by ``joined_by``.

    For a demo step writing every grassroots union's records; read in its system scope.
    """
    return Membership.objects.filter(
        union_id__in=list(union_ids), status__in=Membership.CURRENT, joined_on__lte=joined_by
    ).values_list("union_id", "worker_id", "worker__birth_date")
