"""The union sheet: the union side of the provincial 工会组织信息采集表.

Natural key: the credit code when the row has one, else (parent, name). Rows create unions
under the importing user's union (or ``--union``), or update existing ones; they never move a
union (a changed parent is an error: moving is a page of its own).

Creating many unions needs their materialised paths: they are computed here, from each
parent's last child, exactly as treebeard would (``core.tree.paths.child_path``), and inserted in
bulk; the parents' ``numchild`` is fixed at the end, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.identifiers import normalise_credit_code, validate_credit_code
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, ExportParams, SheetSpec, register
from gonghui.core.tree import paths
from gonghui.core.tree.lists import UNIONS
from gonghui.core.tree.models import ALLOWED_PARENT_KINDS, Union
from gonghui.core.tree.scoping import assert_in_scope, subtree_q, system_scope

INSERT_BATCH = 200  # rows per batch of the ORM (FACTS.md: 100–250 is fastest); executemany takes 5×

KIND_LABELS: tuple[tuple[str, str], ...] = (
    ("独立基层工会", Union.Kind.GRASSROOTS),
    ("联合基层工会", Union.Kind.JOINT),
    ("乡镇(街道)总工会", Union.Kind.TOWNSHIP),
    ("产业(系统)工会", Union.Kind.SECTOR),
    ("县(区)总工会", Union.Kind.COUNTY),
)
KIND_SYNONYMS = {"乡镇（街道）总工会": Union.Kind.TOWNSHIP, "产业（系统）工会": Union.Kind.SECTOR}
LABEL_OF_KIND = {value: label for label, value in KIND_LABELS}


@dataclass(slots=True)
class Known:
    """What an import needs to know of one union (existing, or created earlier in the file)."""

    pk: int | None
    path: str
    name: str
    kind: str
    credit_code: str | None
    founding_date: Any
    numchild: int


def _add_name(by_name: dict[str, Known | list[Known]], name: str, known: Known) -> None:
    found = by_name.get(name)
    if found is None:
        by_name[name] = known
    elif isinstance(found, list):
        found.append(known)
    else:
        by_name[name] = [found, known]


@register
class UnionSheet(SheetSpec):
    kind = "unions"
    plan_state = ("new_children",)  # check once: finish fixes the child counters of the parents
    title = gettext_lazy("Unions")
    import_permission = "tree.add_union"
    export_permission = "tree.view_union"
    list_url_name = "tree:union_list"
    page_list = UNIONS
    columns = (
        Column(
            "name",
            "工会名称",
            synonyms=("工会组织名称", "名称"),
            required=True,
            max_length=200,
            width=36,
            help=gettext_lazy("The union's full name, as on its founding document."),
        ),
        Column(
            "credit_code",
            "工会统一社会信用代码",
            synonyms=("统一社会信用代码", "工会信用代码", "信用代码"),
            type="code",
            digits=18,
            upper=True,
            validators=(validate_credit_code,),
            width=24,
            help=gettext_lazy("18 characters. Rows with a code are matched by it: the same code updates that union."),
        ),
        Column(
            "parent_name",
            "上级工会名称",
            synonyms=("上级工会",),
            max_length=200,
            width=30,
            help=gettext_lazy(
                "The union directly above: yours, one below it, or one created higher up in this file. "
                "Empty means your own union."
            ),
        ),
        Column(
            "parent_code",
            "上级工会统一社会信用代码",
            synonyms=("上级工会信用代码",),
            type="code",
            digits=18,
            upper=True,
            validators=(validate_credit_code,),
            width=24,
            help=gettext_lazy("Instead of, or beside, the parent's name when two unions share that name."),
        ),
        Column(
            "founding_date",
            "建会日期",
            synonyms=("成立日期", "建会时间"),
            type="date",
            width=14,
            help=gettext_lazy("A date such as 2015-06-01."),
        ),
        Column(
            "kind",
            "基层工会类型",
            synonyms=("工会类型", "组织类型"),
            required=True,
            choices=KIND_LABELS + tuple(KIND_SYNONYMS.items()),
            width=18,
            help=gettext_lazy("Pick from the list."),
        ),
    )
    instructions = (
        gettext_lazy("One row per union. Columns with an orange header are required."),
        gettext_lazy(
            "A row whose credit code (or, without a code, whose parent and name) matches an existing union "
            "updates it; any other row adds a union."
        ),
        gettext_lazy("A parent must come before its children in the file. Imports never move a union."),
    )

    # --- import -----------------------------------------------------------------------------------

    def prepare(self, run: ImportRun) -> None:
        root: Union = run.root
        by_code: dict[str, Known] = {}
        by_parent_name: dict[tuple[str, str], Known] = {}
        # name → one union, or a list when several share the name (rare: a list per name costs memory)
        by_name: dict[str, Known | list[Known]] = {}
        by_path: dict[str, Known] = {}
        last_child: dict[str, str] = {}
        with system_scope("an import reads the subtree it writes into, once, in bulk"):
            rows = (
                Union.unscoped.filter(subtree_q("path", root.path))
                .values_list("pk", "path", "name", "kind", "credit_code", "founding_date", "numchild")
                .order_by("path")
                .iterator(chunk_size=5000)
            )
            for pk, path, name, kind, code, founded, numchild in rows:
                known = Known(pk, path, name, kind, code, founded, numchild)
                if code:
                    by_code[code] = known
                _add_name(by_name, name, known)
                by_path[path] = known
                by_parent_name[(paths.parent_path(path), name)] = known
                if path != root.path:
                    last_child[paths.parent_path(path)] = path  # ordered by path: the last one wins
            # Credit codes are unique across the whole tree: codes used outside the subtree.
            outside = set(
                Union.unscoped.exclude(subtree_q("path", root.path))
                .exclude(credit_code=None)
                .values_list("credit_code", flat=True)
                .iterator(chunk_size=5000)
            )
            above = Union.unscoped.filter(path=paths.parent_path(root.path)).first() if root.depth > 1 else None
        run.state.update(
            by_code=by_code,
            by_parent_name=by_parent_name,
            by_name=by_name,
            by_path=by_path,
            outside_codes=outside,
            root_parent=above,
            last_child=last_child,
            # Filled while the file is read: the rows that will create unions.
            new_children=defaultdict(int),
            pending_create=[],
            pending_update=[],
        )

    def _resolve_parent(self, run: ImportRun, row: Row) -> Known | None:
        state = run.state
        code = row.values.get("parent_code")
        name = row.values.get("parent_name")
        if "parent_code" in row.bad_fields or "parent_name" in row.bad_fields:
            return None
        if code:
            code = normalise_credit_code(code)
            parent = state["by_code"].get(code)
            if parent is None:
                if code in state["outside_codes"]:
                    row.error("parent_code", _("The parent union is outside your part of the tree."))
                else:
                    row.error("parent_code", _("No union has this credit code (here or earlier in the file)."))
                return None
            if name and name != parent.name:
                row.error(
                    "parent_name",
                    _("The parent's name does not match its credit code (%(name)s).") % {"name": parent.name},
                )
                return None
            return parent
        if not name:
            root = run.root
            return state["by_path"].get(root.path) or Known(
                root.pk, root.path, root.name, root.kind, root.credit_code, root.founding_date, root.numchild
            )
        found = state["by_name"].get(name)
        matches = [] if found is None else found if isinstance(found, list) else [found]
        if len(matches) > 1:
            row.error("parent_name", _("Several unions have this name: give the parent's credit code."))
            return None
        if not matches:
            row.error(
                "parent_name",
                _(
                    "No union of this name in your part of the tree (or earlier in the file); "
                    "the parent union may be outside your part of the tree."
                ),
            )
            return None
        return matches[0]

    def validate_row(self, run: ImportRun, row: Row) -> None:
        state = run.state
        values = row.values
        name: str | None = values.get("name")
        kind: str | None = values.get("kind")
        code = normalise_credit_code(values["credit_code"]) if values.get("credit_code") else None
        if code and code in state["outside_codes"]:
            row.error("credit_code", _("This credit code belongs to a union outside your part of the tree."))
            return
        existing = state["by_code"].get(code) if code else None
        parent = self._resolve_parent(run, row)
        if existing is not None and existing.path == run.root.path:
            # The importing union's own row (an export of one's subtree starts with it): its parent is
            # above the user's scope, so compare with that instead of resolving it.
            self._validate_root_row(run, row, existing)
            return
        if parent is None or not name:
            return
        if existing is None:
            candidate = state["by_parent_name"].get((parent.path, name))
            if candidate is not None and (candidate.credit_code is None or not code):
                existing = candidate
        if existing is not None:
            row.key = ("code", code) if code else ("name", parent.path, name)
            if paths.parent_path(existing.path) != parent.path:
                row.error(
                    "parent_name",
                    _(
                        "This union is under %(current)s: an import does not move unions; "
                        "use “Move” on the union's page."
                    )
                    % {"current": self._name_of(run, paths.parent_path(existing.path))},
                )
                return
            if kind and kind != existing.kind:
                if existing.numchild and kind in {Union.Kind.GRASSROOTS, Union.Kind.JOINT}:
                    row.error("kind", _("A union with unions below it cannot become a grassroots or joint union."))
                    return
                if parent.kind not in ALLOWED_PARENT_KINDS.get(kind, set()):
                    row.error("kind", self._placement_message(kind, parent.kind))
                    return
            row.action = "update"
            row.payload = (existing, name, kind, code, values.get("founding_date"))
            return
        if not kind:
            return
        if kind == Union.Kind.COUNTY or parent.kind not in ALLOWED_PARENT_KINDS.get(kind, set()):
            row.error("kind", self._placement_message(kind, parent.kind))
            return
        if parent.kind in {Union.Kind.GRASSROOTS, Union.Kind.JOINT}:
            row.error("parent_name", self._placement_message(kind, parent.kind))
            return
        row.key = ("code", code) if code else ("name", parent.path, name)
        if row.key in run.keys:
            return  # the engine reports the duplicate with both row numbers
        # The new union's path, computed now so that later rows can sit under it.
        path = self._next_child_path(state, parent.path)
        known = Known(None, path, name, kind, code, values.get("founding_date"), 0)
        if code:
            state["by_code"][code] = known
        # Only what later rows need: to name it as their parent. (Its key is in run.keys, so a
        # second row for the same union is reported as a duplicate.)
        _add_name(state["by_name"], name, known)
        state["new_children"][parent.path] += 1
        row.action = "create"
        row.payload = known

    def _validate_root_row(self, run: ImportRun, row: Row, existing: Known) -> None:
        above = run.state["root_parent"]
        parent_name, parent_code = row.values.get("parent_name"), row.values.get("parent_code")
        moved = (parent_code and (above is None or normalise_credit_code(parent_code) != above.credit_code)) or (
            parent_name and (above is None or parent_name != above.name)
        )
        row.errors = [(f, m) for f, m in row.errors if f not in {"parent_name", "parent_code"}]
        row.bad_fields -= {"parent_name", "parent_code"}
        if moved:
            row.error("parent_name", _("An import does not move unions; use “Move” on the union's page."))
            return
        if row.values.get("kind") and row.values["kind"] != existing.kind:
            row.error("kind", _("The kind of your own union cannot be changed by an import."))
            return
        row.key = ("code", existing.credit_code)
        row.action = "update"
        row.payload = (
            existing,
            row.values.get("name"),
            existing.kind,
            existing.credit_code,
            row.values.get("founding_date"),
        )

    def _name_of(self, run: ImportRun, path: str) -> str:
        known = run.state["by_path"].get(path)
        return known.name if known is not None else path

    @staticmethod
    def _placement_message(kind: str, parent_kind: str) -> str:
        return _("A %(kind)s cannot sit under a %(parent)s.") % {
            "kind": Union.Kind(kind).label,
            "parent": Union.Kind(parent_kind).label,
        }

    @staticmethod
    def _next_child_path(state: dict[str, Any], parent_path: str) -> str:
        last = state["last_child"].get(parent_path)
        path = paths.child_path(parent_path, paths.step_number(last) + 1 if last else 1)
        state["last_child"][parent_path] = path
        return path

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        """Insert and update with plain ``executemany``: building 100,000 model instances and their
        SQL through the ORM costs more than the whole check (bench/import_unions.py)."""
        creates: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        now = run.now
        for row in rows:
            if row.action == "create":
                known: Known = row.payload
                creates.append(
                    (
                        known.path,
                        paths.depth_of(known.path),
                        known.name,
                        known.kind,
                        known.credit_code,
                        known.founding_date,
                        now,
                        now,
                    )
                )
            elif row.action == "update":
                existing, name, kind, code, founded = row.payload
                updates.append(
                    (
                        name or existing.name,
                        kind or existing.kind,
                        code or existing.credit_code,
                        founded if founded is not None else existing.founding_date,
                        now,
                        existing.pk,
                    )
                )
        ops = connection.ops
        table = ops.quote_name(Union._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(creates), INSERT_BATCH * 5):
                cursor.executemany(
                    f"INSERT INTO {table} (path, depth, numchild, name, kind, credit_code, founding_date, "  # noqa: S608
                    "created_at, updated_at) VALUES (%s, %s, 0, %s, %s, %s, %s, %s, %s)",
                    [self._adapt(values, (5, 6, 7)) for values in creates[start : start + INSERT_BATCH * 5]],
                )
            if updates:
                cursor.executemany(
                    f"UPDATE {table} SET name = %s, kind = %s, credit_code = %s, founding_date = %s, "  # noqa: S608
                    "updated_at = %s WHERE id = %s",
                    [self._adapt(values, (3, 4)) for values in updates],
                )
        run.created += len(creates)
        run.updated += len(updates)

    @staticmethod
    def _adapt(values: tuple[Any, ...], temporal: tuple[int, ...]) -> tuple[Any, ...]:
        """Dates and times as the database backend stores them (what the ORM would send)."""
        ops = connection.ops
        adapted = list(values)
        for index in temporal:
            value = adapted[index]
            if value is None:
                continue
            if hasattr(value, "hour"):
                adapted[index] = ops.adapt_datetimefield_value(value)
            else:
                adapted[index] = ops.adapt_datefield_value(value)
        return tuple(adapted)

    def finish(self, run: ImportRun) -> None:
        by_count: dict[int, list[str]] = defaultdict(list)
        for path, count in run.state["new_children"].items():
            by_count[count].append(path)
        with system_scope("fixing the parents' child counters after a bulk insert"):
            for count, parents in by_count.items():
                for start in range(0, len(parents), 500):
                    Union.unscoped.filter(path__in=parents[start : start + 500]).update(numchild=F("numchild") + count)
        if run.actor is not None:
            assert_in_scope(run.root.path)

    # --- export -----------------------------------------------------------------------------------

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Any]:
        filters = params.filters
        if user is None:
            with system_scope("operator export"):
                unions = Union.unscoped.all()
                if params.union is not None:
                    unions = unions.filter(subtree_q("path", params.union.path))
        else:
            unions = self.page_list.queryset(user, filters, within=params.union)
        return unions.order_by("path")

    def export_rows(self, unions: QuerySet[Any]) -> Any:
        """Every union with its parent's name and code, parents read once per chunk of paths."""
        parents: dict[str, tuple[str, str]] = {}
        for union in unions.iterator(chunk_size=2000):
            parent_path = paths.parent_path(union.path)
            if parent_path and parent_path not in parents:
                with system_scope("the parent's name is shown beside a union the user can see"):
                    found = Union.unscoped.filter(path=parent_path).values_list("name", "credit_code").first()
                parents[parent_path] = (found[0], found[1] or "") if found else ("", "")
            parent = parents.get(parent_path, ("", ""))
            yield [
                union.name,
                union.credit_code or "",
                parent[0],
                parent[1],
                union.founding_date,
                LABEL_OF_KIND.get(union.kind, union.kind),
            ]
