"""The employer sheet: the unit side of the provincial 工会组织信息采集表.

Natural key: the credit code when the row has one, else (township, name). Rows create employers
kept by the importing union (``run.root``), or update employers of its subtree; an update never
changes who keeps the record, nor the links to an own or joint union (pages do that).

Divisions, industries, economic types and unit natures are given by name (or code, or a
synonym) and mapped with ``gonghui.core.reference.selectors.lookup``. An export writes names,
and the code where a name is ambiguous, so that an export imports back unchanged.

A phone number masked by an export (``138****5678``) leaves the stored number unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.identifiers import normalise_credit_code, validate_credit_code, validate_mobile
from gonghui.core.reference.models import Division
from gonghui.core.reference.selectors import lookup, name_of
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, ExportParams, SheetSpec, register
from gonghui.core.tree import paths
from gonghui.core.tree.lists import UNIONS
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import assert_in_scope, subtree_q, system_scope
from gonghui.organisations.lists import EMPLOYERS
from gonghui.organisations.models import CommitteeMember, Employer, UnionProfile, size_band_for

INSERT_BATCH = 200  # rows per INSERT (FACTS.md: 100–250 is fastest)

UnionStatus = Employer.UnionStatus
STATUS_LABELS: tuple[tuple[str, str], ...] = (
    ("单独建会", UnionStatus.OWN),
    ("联合建会覆盖", UnionStatus.JOINT),
    ("未建会", UnionStatus.NONE),
    ("不具备建会条件", UnionStatus.NOT_ELIGIBLE),
)
STATUS_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("已建会", UnionStatus.OWN),
    ("独立建会", UnionStatus.OWN),
    ("联合建会", UnionStatus.JOINT),
    ("不具备条件", UnionStatus.NOT_ELIGIBLE),
)
LABEL_OF_STATUS = {value: label for label, value in STATUS_LABELS}

# The reference kind behind each looked-up column.
REFERENCE_COLUMNS = {"nature": "unit_nature", "ownership": "ownership", "industry": "industry"}
COUNT_FIELDS = ("headcount", "women", "migrant_workers", "dispatched_workers")
# Fields an update writes (the keeping union and the union links are never changed by an import).
UPDATE_FIELDS = (
    "name",
    "credit_code",
    "address",
    "division",
    "village",
    "nature",
    "ownership",
    "industry",
    *COUNT_FIELDS,
    "size_band",
    "contact_name",
    "contact_phone",
    "union_status",
    "updated_at",
)


def _count_column(field_name: str, header: str, synonyms: tuple[str, ...] = (), **kwargs: Any) -> Column:
    return Column(field_name, header, synonyms=synonyms, type="decimal", width=10, **kwargs)


@register
class EmployerSheet(SheetSpec):
    kind = "employers"
    plan_state = ()  # check once: the write needs the rows only
    title = gettext_lazy("Employers")
    import_permission = "organisations.add_employer"
    export_permission = "organisations.view_employer"
    list_url_name = "organisations:employer_list"
    page_list = EMPLOYERS
    columns = (
        Column(
            "name",
            "单位名称",
            synonyms=("单位全称", "企业名称"),
            required=True,
            max_length=200,
            width=36,
            help=gettext_lazy("The employer's registered name."),
        ),
        Column(
            "credit_code",
            "单位统一社会信用代码",
            synonyms=("统一社会信用代码", "信用代码"),
            type="code",
            digits=18,
            upper=True,
            validators=(validate_credit_code,),
            width=24,
            help=gettext_lazy(
                "18 characters. Rows with a code are matched by it: the same code updates that employer."
            ),
        ),
        Column("address", "单位地址", synonyms=("地址",), max_length=300, width=36),
        Column(
            "division",
            "单位所在政区",
            synonyms=("所在政区", "所在乡镇", "所在乡镇(街道)"),
            max_length=100,
            width=16,
            help=gettext_lazy("The township (street) or village, by name or 12-digit code."),
        ),
        Column("nature", "单位性质类别", synonyms=("单位性质",), max_length=100, width=14),
        Column("ownership", "经济类型", synonyms=("经济性质",), max_length=100, width=14),
        Column(
            "industry",
            "单位所属行业",
            synonyms=("所属行业", "行业"),
            max_length=100,
            width=20,
            help=gettext_lazy("A GB/T 4754 division (two digits) by name or code."),
        ),
        _count_column("headcount", "职工人数", ("职工总数",), required=True),
        _count_column("women", "女职工人数"),
        _count_column("migrant_workers", "农民工人数"),
        _count_column("dispatched_workers", "劳务派遣人数", ("劳务派遣工人数",)),
        Column("contact_name", "联系人", max_length=50, width=10),
        Column("contact_phone", "联系电话", type="code", digits=11, personal="phone", width=14),
        Column(
            "union_status",
            "建会状态",
            synonyms=("是否建会",),
            choices=STATUS_LABELS + STATUS_SYNONYMS,
            width=14,
            help=gettext_lazy("Pick from the list. Empty keeps the status of an existing employer (new ones: 未建会)."),
        ),
    )
    instructions = (
        gettext_lazy("One row per employer. Columns with an orange header are required."),
        gettext_lazy(
            "A row whose credit code (or, without a code, whose township and name) matches an employer of your "
            "part of the tree updates it; any other row adds an employer kept by your union."
        ),
        gettext_lazy("A masked phone number (from a masked export) leaves the stored number unchanged."),
    )

    # --- import -----------------------------------------------------------------------------------

    def prepare(self, run: ImportRun) -> None:
        root = run.root
        by_code: dict[str, int] = {}
        by_name: dict[tuple[str | None, str], tuple[int, str | None]] = {}
        with system_scope("an import reads the employers of the subtree it writes into, once, in bulk"):
            rows = (
                # unscoped: the import matches names in the subtree it writes into, read once
                Employer.unscoped.filter(subtree_q("union__path", root.path))
                .values_list("pk", "credit_code", "division_id", "name")
                .order_by()
                .iterator(chunk_size=5000)
            )
            for pk, code, division, name in rows:
                if code:
                    by_code[code] = pk
                # Employers with a code too: a row without one still finds them by township and name.
                by_name[(division, name)] = (pk, code)
            # Credit codes are unique across all employers: codes kept outside the subtree.
            outside = set(
                # unscoped: credit codes are unique county-wide, kept outside the subtree too
                Employer.unscoped.exclude(subtree_q("union__path", root.path))
                .exclude(credit_code=None)
                .values_list("credit_code", flat=True)
                .iterator(chunk_size=5000)
            )
            # Townships and villages (a few hundred rows): level and parent by code.
            divisions = {
                code: (level, parent)
                for code, level, parent in Division.objects.filter(
                    level__in=(Division.Level.TOWNSHIP, Division.Level.VILLAGE)
                ).values_list("code", "level", "parent_id")
            }
        run.state.update(by_code=by_code, by_name=by_name, outside_codes=outside, divisions=divisions)

    def _division(self, run: ImportRun, row: Row) -> tuple[str | None, str | None]:
        """(township code, village code) named by the row's 单位所在政区."""
        text = row.values.get("division")
        if not text or "division" in row.bad_fields:
            return None, None
        code = lookup("division", text)
        found = run.state["divisions"].get(code) if code else None
        if found is None:
            row.error(
                "division",
                _("No township or village has this name or code (or several do: give the 12-digit code)."),
            )
            return None, None
        level, parent = found
        if level == Division.Level.VILLAGE:
            return parent, code
        return code, None

    def _reference(self, row: Row, field_name: str) -> str | None:
        text = row.values.get(field_name)
        if not text or field_name in row.bad_fields:
            return None
        code = lookup(REFERENCE_COLUMNS[field_name], text)
        if code is None:
            row.error(
                field_name, _("Not found in the reference data (or ambiguous): use the name or code of the list.")
            )
            return None
        if field_name == "industry" and code.isalpha():
            row.error(field_name, _("This is an industry section: give one of its divisions (two digits)."))
            return None
        return code

    @staticmethod
    def _count(row: Row, field_name: str) -> int | None:
        value = row.values.get(field_name)
        if value is None or field_name in row.bad_fields:
            return None
        if not isinstance(value, Decimal) or value != value.to_integral_value() or value < 0:
            row.error(field_name, _("A whole number of people, 0 or more."))
            return None
        return int(value)

    def validate_row(self, run: ImportRun, row: Row) -> None:
        state = run.state
        values = row.values
        name: str | None = values.get("name")
        code = normalise_credit_code(values["credit_code"]) if values.get("credit_code") else None
        if code and code in state["outside_codes"]:
            row.error("credit_code", _("This credit code belongs to an employer outside your part of the tree."))
            return
        township, village = self._division(run, row)
        references = {f: self._reference(row, f) for f in REFERENCE_COLUMNS}
        counts = {f: self._count(row, f) for f in COUNT_FIELDS}
        headcount = counts["headcount"]
        if headcount is not None:
            for part in ("women", "migrant_workers", "dispatched_workers"):
                if (counts[part] or 0) > headcount:
                    row.error(part, _("More than the workers (职工人数)."))
        phone: str | None = values.get("contact_phone")
        masked = phone is not None and "*" in phone
        if phone and not masked and "contact_phone" not in row.bad_fields:
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                row.error("contact_phone", "; ".join(exc.messages))
        if not name:
            return
        existing = state["by_code"].get(code) if code else None
        if existing is None:
            candidate = state["by_name"].get((township, name))
            # A row with a code matches by name only an employer recorded without one.
            if candidate is not None and (candidate[1] is None or not code):
                existing = candidate[0]
        row.key = ("code", code) if code else ("name", township, name)
        if masked and existing is None:
            row.error(
                "contact_phone", _("A masked phone number can only leave an existing employer's number as it is.")
            )
        if row.errors:
            return
        row.action = "update" if existing is not None else "create"
        row.payload = {
            "pk": existing,
            "name": name,
            "credit_code": code,
            "address": values.get("address") or "",
            "division_id": township,
            "village_id": village,
            "nature_id": references["nature"],
            "ownership_id": references["ownership"],
            "industry_id": references["industry"],
            **{f: (counts[f] or 0) for f in COUNT_FIELDS},
            "contact_name": values.get("contact_name") or "",
            "contact_phone": None if masked else (phone or None),
            "keep_phone": masked,
            "union_status": values.get("union_status"),
        }

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        creates: list[Employer] = []
        updates: list[dict[str, Any]] = []
        for row in rows:
            if row.action == "update":
                updates.append(row.payload)
            elif row.action == "create":
                payload = dict(row.payload)
                payload.pop("pk")
                payload.pop("keep_phone")
                payload["union_status"] = payload["union_status"] or UnionStatus.NONE
                creates.append(Employer(union_id=run.root.pk, size_band=size_band_for(payload["headcount"]), **payload))
        with system_scope("an import writes employers of the subtree it checked"):
            if creates:
                # unscoped: the import writes employers of the subtree it checked
                Employer.unscoped.bulk_create(creates, batch_size=INSERT_BATCH)
            if updates:
                # unscoped: the import writes employers of the subtree it checked
                existing = Employer.unscoped.in_bulk([p["pk"] for p in updates])
                changed = []
                for payload in updates:
                    employer = existing[payload["pk"]]
                    for key, value in payload.items():
                        if key in {"pk", "keep_phone"}:
                            continue
                        if key == "contact_phone" and payload["keep_phone"]:
                            continue
                        if key in {"union_status", "credit_code"} and not value:
                            continue  # empty keeps what is recorded
                        setattr(employer, key, value)
                    employer.size_band = size_band_for(employer.headcount)
                    employer.updated_at = run.now
                    changed.append(employer)
                # unscoped: the import writes employers of the subtree it checked
                Employer.unscoped.bulk_update(changed, UPDATE_FIELDS, batch_size=INSERT_BATCH)
        run.created += len(creates)
        run.updated += len(updates)

    # --- export -----------------------------------------------------------------------------------

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Employer]:
        if user is None:
            with system_scope("the operator's command line exports every union's employers"):
                employers = Employer.unscoped.all()  # unscoped: the operator's command line exports every union
                if params.union is not None:
                    employers = employers.filter(subtree_q("union__path", params.union.path))
                return employers.order_by("name", "pk")
        # The employer list's own filters and rows: the export holds what the page shows.
        return self.page_list.queryset(user, params.filters, within=params.union).order_by("name", "pk")

    @staticmethod
    def _name(kind: str, code: str | None) -> str:
        """The name of ``code``, or the code itself when the name would not find it again."""
        if not code:
            return ""
        name = name_of(kind, code)
        return name if name and lookup(kind, name) == code else code

    def export_rows(self, queryset: QuerySet[Employer]) -> Iterator[list[Any]]:
        names: dict[tuple[str, str | None], str] = {}

        def named(kind: str, code: str | None) -> str:
            key = (kind, code)
            if key not in names:
                names[key] = self._name(kind, code)
            return names[key]

        for employer in queryset.iterator(chunk_size=2000):
            yield [
                employer.name,
                employer.credit_code or "",
                employer.address,
                named("division", employer.village_id or employer.division_id),
                named("unit_nature", employer.nature_id),
                named("ownership", employer.ownership_id),
                named("industry", employer.industry_id),
                employer.headcount,
                employer.women,
                employer.migrant_workers,
                employer.dispatched_workers,
                employer.contact_name,
                employer.contact_phone or "",
                LABEL_OF_STATUS.get(employer.union_status, employer.union_status),
            ]


# --- the union side ------------------------------------------------------------------------------

UnionType = UnionProfile.Type
TYPE_LABELS: tuple[tuple[str, str], ...] = (
    ("独立基层工会", UnionType.INDEPENDENT),
    ("联合基层工会", UnionType.JOINT),
    ("区域性工会联合会", UnionType.REGIONAL_FEDERATION),
    ("行业性工会联合会", UnionType.INDUSTRY_FEDERATION),
    ("产业(系统)工会", UnionType.SECTOR),
    ("总工会", UnionType.FEDERATION),
)
TYPE_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("产业（系统）工会", UnionType.SECTOR),
    ("乡镇(街道)总工会", UnionType.FEDERATION),
    ("乡镇（街道）总工会", UnionType.FEDERATION),
    ("县(区)总工会", UnionType.FEDERATION),
)
LABEL_OF_TYPE = {value: label for label, value in TYPE_LABELS}
# The profile a union gets when the sheet leaves the type empty.
DEFAULT_TYPE = {
    Union.Kind.GRASSROOTS: UnionType.INDEPENDENT,
    Union.Kind.JOINT: UnionType.JOINT,
    Union.Kind.SECTOR: UnionType.SECTOR,
    Union.Kind.TOWNSHIP: UnionType.FEDERATION,
    Union.Kind.COUNTY: UnionType.FEDERATION,
}


@register
class UnionRecordSheet(SheetSpec):
    """What the records hold about existing unions: type, members, chair, founding date.

    Unions themselves are added and placed with the union sheet (``unions``); this one updates the
    records of unions of the importing user's part of the tree, matched by credit code, else by
    name (a name two unions share needs the code). The parent's name is checked, never changed.
    """

    kind = "union_records"
    plan_state = ()  # check once: the write needs the rows and what prepare loads
    title = gettext_lazy("Union records")
    import_permission = "organisations.change_unionprofile"
    export_permission = "organisations.view_unionprofile"
    list_url_name = "tree:union_list"
    # It exports the union tree's list (core.tree.lists): offered in that page's Export menu,
    # with the page's filters.
    page_list = UNIONS
    columns = (
        Column("name", "工会名称", synonyms=("工会组织名称",), required=True, max_length=200, width=36),
        Column(
            "credit_code",
            "工会统一社会信用代码",
            synonyms=("工会信用代码",),
            type="code",
            digits=18,
            upper=True,
            validators=(validate_credit_code,),
            width=24,
        ),
        Column("parent_name", "上级工会名称", synonyms=("上级工会",), max_length=200, width=30),
        Column("founding_date", "建会日期", synonyms=("成立日期", "建会时间"), type="date", width=14),
        Column("union_type", "基层工会类型", synonyms=("工会类型",), choices=TYPE_LABELS + TYPE_SYNONYMS, width=18),
        _count_column("member_count", "会员人数", ("会员数",)),
        Column("chair", "工会负责人", synonyms=("工会主席", "负责人"), max_length=50, width=12),
        Column("chair_phone", "联系电话", synonyms=("负责人电话",), type="code", digits=11, personal="phone", width=14),
    )
    instructions = (
        gettext_lazy("One row per union already in the union tree (add new unions with the union sheet first)."),
        gettext_lazy("Rows are matched by the union's credit code, else by its name."),
        gettext_lazy("A masked phone number (from a masked export) leaves the stored number unchanged."),
    )

    def prepare(self, run: ImportRun) -> None:
        root = run.root
        by_code: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        parent_of: dict[int, str] = {}
        names_by_path: dict[str, str] = {}
        kinds: dict[int, str] = {}
        with system_scope("an import reads the unions of the subtree it writes into, once, in bulk"):
            rows = list(
                # unscoped: the import reads the subtree it writes into, once
                Union.unscoped.filter(subtree_q("path", root.path))
                .order_by("path")
                .values_list("pk", "path", "name", "credit_code", "kind")
            )
            # unscoped: the name of the union above the import's root, for messages
            above = Union.unscoped.filter(path=paths.parent_path(root.path)).values_list("name", flat=True).first()
            profiles = set(
                # unscoped: the import reads the subtree it writes into, once
                UnionProfile.unscoped.filter(subtree_q("union__path", root.path)).values_list("pk", flat=True)
            )
            chairs = dict(
                # unscoped: the chairs of the unions the rows name, read once
                CommitteeMember.unscoped.filter(
                    subtree_q("union__path", root.path),
                    body=CommitteeMember.Body.COMMITTEE,
                    position=CommitteeMember.Position.CHAIR,
                )
                .order_by("union_id", "-position_order", "-pk")
                .values_list("union_id", "pk")
            )  # the first seat in order wins (later ones are overwritten in the dict)
        for pk, path, name, code, kind in rows:
            names_by_path[path] = name
            parent_of[pk] = names_by_path.get(paths.parent_path(path), above or "")
            kinds[pk] = kind
            if code:
                by_code[code] = pk
            by_name.setdefault(name, []).append(pk)
        run.state.update(
            by_code=by_code, by_name=by_name, parent_of=parent_of, profiles=profiles, chairs=chairs, kinds=kinds
        )

    def validate_row(self, run: ImportRun, row: Row) -> None:
        state = run.state
        values = row.values
        name: str | None = values.get("name")
        code = normalise_credit_code(values["credit_code"]) if values.get("credit_code") else None
        pk: int | None = None
        if code:
            pk = state["by_code"].get(code)
            if pk is None and "credit_code" not in row.bad_fields:
                row.error("credit_code", _("No union of your part of the tree has this credit code."))
        elif name:
            found = state["by_name"].get(name, [])
            if len(found) > 1:
                row.error("name", _("Several unions have this name: give the union's credit code."))
            elif not found:
                row.error("name", _("No union of this name in your part of the tree: add it with the union sheet."))
            else:
                pk = found[0]
        members = EmployerSheet._count(row, "member_count")
        phone: str | None = values.get("chair_phone")
        masked = phone is not None and "*" in phone
        if phone and not masked and "chair_phone" not in row.bad_fields:
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                row.error("chair_phone", "; ".join(exc.messages))
        if pk is None:
            return
        parent_name = values.get("parent_name")
        if parent_name and parent_name != state["parent_of"][pk]:
            row.error(
                "parent_name",
                _("This union is under %(current)s: an import does not move unions.")
                % {"current": state["parent_of"][pk]},
            )
        row.key = ("union", pk)
        if row.errors:
            return
        row.action = "update"
        row.payload = {
            "pk": pk,
            "name": name,
            "founding_date": values.get("founding_date"),
            "union_type": values.get("union_type"),
            "member_count": members,
            "chair": values.get("chair"),
            "chair_phone": None if masked else (phone or None),
            "keep_phone": masked,
        }

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        state = run.state
        payloads = [row.payload for row in rows if row.action == "update"]
        with system_scope("an import writes the records of unions of the subtree it checked"):
            # unscoped: the import writes the unions of the subtree it checked
            unions = Union.unscoped.in_bulk([p["pk"] for p in payloads])
            # unscoped: the import writes the records of the subtree it checked
            profiles = UnionProfile.unscoped.in_bulk([p["pk"] for p in payloads if p["pk"] in state["profiles"]])
            # unscoped: the import writes the records of the subtree it checked
            chairs = CommitteeMember.unscoped.in_bulk(
                [state["chairs"][p["pk"]] for p in payloads if p["pk"] in state["chairs"]]
            )
            new_profiles: list[UnionProfile] = []
            new_chairs: list[CommitteeMember] = []
            changed_chairs: list[CommitteeMember] = []
            for payload in payloads:
                union = unions[payload["pk"]]
                union.name = payload["name"]
                if payload["founding_date"] is not None:
                    union.founding_date = payload["founding_date"]
                union.updated_at = run.now
                profile = profiles.get(payload["pk"])
                if profile is None and payload["union_type"] is None and payload["member_count"] is None:
                    pass  # nothing recorded for it: no empty record is made (an export's row comes back unchanged)
                elif profile is None:
                    profile = UnionProfile(
                        union_id=payload["pk"],
                        union_type=payload["union_type"]
                        or DEFAULT_TYPE.get(state["kinds"][payload["pk"]], UnionType.INDEPENDENT),
                        member_count=payload["member_count"] or 0,
                    )
                    new_profiles.append(profile)
                    state["profiles"].add(payload["pk"])
                else:
                    profile.union_type = payload["union_type"] or profile.union_type
                    if payload["member_count"] is not None:
                        profile.member_count = payload["member_count"]
                    profile.updated_at = run.now
                chair_id = state["chairs"].get(payload["pk"])
                if chair_id is not None:
                    chair = chairs[chair_id]
                    if payload["chair"]:
                        chair.name = payload["chair"]
                    if not payload["keep_phone"]:
                        chair.phone = payload["chair_phone"]
                    chair.updated_at = run.now
                    changed_chairs.append(chair)
                elif payload["chair"]:
                    new_chairs.append(
                        CommitteeMember(
                            union_id=payload["pk"],
                            body=CommitteeMember.Body.COMMITTEE,
                            position=CommitteeMember.Position.CHAIR,
                            name=payload["chair"],
                            phone=payload["chair_phone"],
                        )
                    )
            # unscoped: the import writes the unions of the subtree it checked
            Union.unscoped.bulk_update(
                list(unions.values()), ["name", "founding_date", "updated_at"], batch_size=INSERT_BATCH
            )
            # unscoped: the import writes the records of the subtree it checked
            UnionProfile.unscoped.bulk_update(
                list(profiles.values()), ["union_type", "member_count", "updated_at"], batch_size=INSERT_BATCH
            )
            # unscoped: the import writes the records of the subtree it checked
            UnionProfile.unscoped.bulk_create(new_profiles, batch_size=INSERT_BATCH)
            # unscoped: the import writes the records of the subtree it checked
            CommitteeMember.unscoped.bulk_update(
                changed_chairs, ["name", "phone", "updated_at"], batch_size=INSERT_BATCH
            )
            # unscoped: the import writes the records of the subtree it checked
            created_chairs = CommitteeMember.unscoped.bulk_create(new_chairs, batch_size=INSERT_BATCH)
            for chair in created_chairs:
                if chair.pk is not None:
                    state["chairs"][chair.union_id] = chair.pk
        run.updated += len(payloads)

    def finish(self, run: ImportRun) -> None:
        if run.actor is not None:
            assert_in_scope(run.root.path)

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Union]:
        from gonghui.core.tree.selectors import unions_for_user

        if user is None:
            with system_scope("the operator's command line exports the whole tree"):
                # unscoped: the operator's command line exports every union
                unions = Union.unscoped.all()
                if params.union is not None:
                    unions = unions.filter(subtree_q("path", params.union.path))
                return unions.order_by("path")
        filters = params.filters
        return unions_for_user(
            user, q=filters.get("q", ""), kind=filters.get("kind", ""), within=params.union
        ).order_by("path")

    def export_rows(self, queryset: QuerySet[Union]) -> Iterator[list[Any]]:
        names: dict[str, str] = {}
        chunk: list[Union] = []

        def flush(unions: list[Union]) -> Iterator[list[Any]]:
            ids = [u.pk for u in unions]
            with system_scope("the records of unions the user can see, read in bulk"):
                # unscoped: the records of unions the user sees, read in bulk
                profiles = UnionProfile.unscoped.in_bulk(ids)
                chairs: dict[int, tuple[str, str | None]] = {}
                for union_id, chair_name, phone in (
                    # unscoped: the chairs of the unions the rows name, read once
                    CommitteeMember.unscoped.filter(
                        union_id__in=ids, body=CommitteeMember.Body.COMMITTEE, position=CommitteeMember.Position.CHAIR
                    )
                    .order_by("union_id", "-position_order", "-pk")
                    .values_list("union_id", "name", "phone")
                ):
                    chairs[union_id] = (chair_name, phone)
                missing = {paths.parent_path(u.path) for u in unions} - set(names)
                if missing:
                    # unscoped: the parents' names of unions the user sees, shown beside them
                    names.update(Union.unscoped.filter(path__in=missing).values_list("path", "name"))
            for union in unions:
                profile = profiles.get(union.pk)
                chair = chairs.get(union.pk, ("", None))
                yield [
                    union.name,
                    union.credit_code or "",
                    names.get(paths.parent_path(union.path), ""),
                    union.founding_date,
                    LABEL_OF_TYPE.get(profile.union_type, "") if profile else "",
                    profile.member_count if profile else None,
                    chair[0],
                    chair[1] or "",
                ]

        for union in queryset.iterator(chunk_size=2000):
            names[union.path] = union.name
            chunk.append(union)
            if len(chunk) >= 2000:
                yield from flush(chunk)
                chunk = []
        if chunk:
            yield from flush(chunk)
