"""The member sheet: the provincial member collection sheet (会员信息采集表) through the core pipeline.

One row per person, matched by the resident ID number (upsert). The row's change columns
(会籍变化类型 / 日期 / 原因) become a membership change with its event; a row without a change
only records or updates the worker. The checks are those of the membership services
(``services.membership_change_check``), the writes are bulk (``importing.py``).

Decisions (docs/import-export.md, "Member sheet"):

* The same ID number twice in a file: with different names both rows are errors; with the same
  name the later row is an error naming the first (one row per person: the sheet states where each
  person stands, it is not a journal of changes).
* A person who is a current member of a union outside the importer's part of the tree is an
  error ("already a member of another union": that union transfers them); inside it, a 转入 row
  transfers them to the row's union, a 入会 row is an error naming the union they are in.
* 工作单位 is matched by exact name against the employers kept in the importer's part of the
  tree; empty means the importing grassroots union's own employer
  (``organisations.selectors.own_employer_of``, as on the member form).
* The membership goes to the employer's own (or joint) union when that union is in the
  importer's part of the tree, else to the importing union if it is a grassroots or joint union.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import ric

from gonghui.core.demo.bulk import blind_index_of
from gonghui.core.identifiers import IdNumber, normalise_id_number, parse_id_number, validate_mobile
from gonghui.core.reference.selectors import choices as reference_choices
from gonghui.core.reference.selectors import lookup, name_of
from gonghui.core.sheets import engine
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, ExportParams, SheetSpec, get_spec, register
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import assert_in_scope, path_upper_bound, system_scope
from gonghui.members import services
from gonghui.members.lists import WORKERS
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.organisations.models import Employer
from gonghui.organisations.selectors import own_employer_of

Kind = MembershipEvent.Kind
Reason = Membership.Reason
Status = Membership.Status

SEX_LABELS: tuple[tuple[str, str], ...] = (("男", Worker.Sex.MALE), ("女", Worker.Sex.FEMALE))
SEX_TEXT = {value: label for label, value in SEX_LABELS}
# The provincial template's words for the reasons of a change of membership.
REASON_TEXT = {
    "labour_relation": "劳动（工作）关系发生变化",
    "laid_off": "在本单位下岗后待岗",
    "unemployed": "失业",
    "bankruptcy": "所在企业破产",
    "personal": "个人要求退会",
    "expelled": "因犯罪被开除会籍",
}
ID_TYPE = "居民身份证"
ID_TYPE_LABELS: tuple[tuple[str, str], ...] = ((ID_TYPE, "resident_id"), ("身份证", "resident_id"))
# 会籍变化类型: the sheet's six change types (恢复 is not one of them: the pages record it).
KIND_LABELS: tuple[tuple[str, str], ...] = (
    ("入会", Kind.JOIN),
    ("转入", Kind.TRANSFER_IN),
    ("保留", Kind.KEEP),
    ("转出", Kind.TRANSFER_OUT),
    ("除名", Kind.REMOVAL),
    ("退会", Kind.LEAVE),
)
KIND_TEXT = {value: label for label, value in KIND_LABELS}
KIND_TEXT[Kind.RESUME] = "入会"  # a resumed membership is a current one again: exported as 入会
# 会籍变化原因: the sheet's standard list, then short forms people type.
REASON_LABELS: tuple[tuple[str, str], ...] = tuple((text, code) for code, text in REASON_TEXT.items())
REASON_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("劳动关系发生变化", Reason.LABOUR_RELATION),
    ("劳动关系变化", Reason.LABOUR_RELATION),
    ("下岗待岗", Reason.LAID_OFF),
    ("企业破产", Reason.BANKRUPTCY),
    ("个人要求", Reason.PERSONAL),
    ("开除会籍", Reason.EXPELLED),
)
YES_NO: tuple[tuple[str, str], ...] = (("是", "yes"), ("否", "no"))
# Reference columns → (Worker field, reference kind).
REFERENCE_COLUMNS = {
    "ethnic_group": "ethnic_group",
    "employment_status": "employment_status",
    "education": "education_level",
    "skill_level": "skill_level",
    "household_type": "household_type",
    "political_status": "political_status",
}
_ASCII_ID = re.compile(r"\d{17}[\dX]")
LOOKUP_CHUNK = 2000  # values per IN (…) query
# Rows looked up together before the engine checks them. The same ID number with different
# names within one window makes both rows errors; further apart, the later row (and the engine
# names the first). 10,000 rows of 20 cells hold ~15 MB.
READ_AHEAD = 10_000
CURRENT = frozenset(Membership.CURRENT)
MEMBER_UNION_KINDS = frozenset(services.MEMBER_UNION_KINDS)


def _names(field_name: str) -> Callable[[], list[str]]:
    """The names of a national list, for the template's dropdown (read when the template is written)."""
    kind = REFERENCE_COLUMNS[field_name]
    return lambda: [name for _code, name in reference_choices(kind)]


def _reference_column(field_name: str, header: str, *, width: int, synonyms: tuple[str, ...] = ()) -> Column:
    """A column holding an entry of a national list: its name, code or a common short form."""
    return Column(
        field_name,
        header,
        synonyms=synonyms,
        max_length=30,
        width=width,
        help=_reference_help(header),
        suggestions=_names(field_name),
    )


def _reference_help(kind: str) -> Any:
    return gettext_lazy("The name or code of the national list (%(kind)s); common short forms are accepted.") % {
        "kind": kind
    }


# --- what the import knows about the database ----------------------------------------------------


@dataclass(slots=True)
class Existing:
    """A worker already recorded, as the import compares and writes it (no decryption)."""

    pk: int
    union_id: int
    union_path: str
    name: str
    phone_hash: str | None
    ethnic_group_id: str | None
    employment_status_id: str | None
    education_id: str | None
    skill_level_id: str | None
    household_type_id: str | None
    political_status_id: str | None
    household_place: str
    native_place: str
    employer_id: int | None
    category: str
    card_number: str | None
    member_status: str


@dataclass(slots=True)
class Current:
    """A worker's latest membership and the date of its last change."""

    pk: int
    union_id: int
    union_path: str
    union_name: str
    status: str
    joined_on: date
    ended_on: date | None
    last_change: date
    last_kind: str


@dataclass(slots=True)
class Change:
    """The membership change a row asks for, as the write needs it."""

    op: str  # "join" (new membership), "transfer" (from a union in scope), "status" (on the current one)
    kind: str  # the event kind
    on: date
    reason: str
    union_id: int  # where the (new) membership is
    membership: Current | None = None  # the membership changed (status) or ended (transfer)
    target: str = Status.ACTIVE


@dataclass(slots=True)
class Plan:
    """What one valid row writes."""

    existing: Existing | None
    values: dict[str, Any]  # Worker columns (plain values: the write encrypts and hashes)
    phone: str | None  # None with keep_phone: leave the stored number
    keep_phone: bool
    change: Change | None
    union_id: int  # the keeping union afterwards
    member_status: str
    worker_changed: bool


def parse_id(value: str, *, today: date | None = None) -> IdNumber:
    """``core.identifiers.parse_id_number`` without its area-table lookup, for the bulk path.

    The core's lookup of the area code (python-stdnum's ``get_birth_place``, a scan of its
    table) costs ~150 µs a number, 15 s for 100,000 rows, and only adds a warning (unknown
    area), which an import does not report (the demo county's code is fictional). A number that
    fails any check goes to ``parse_id_number`` itself, so the errors are the core's, word for word.
    """
    number = value if _ASCII_ID.fullmatch(value) else normalise_id_number(value)
    if _ASCII_ID.fullmatch(number) and ric.calc_check_digit(number) == number[17]:
        try:
            birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            birth = None
        if birth is not None and birth.year >= 1900 and birth <= (today or timezone.localdate()):
            sex = "male" if int(number[16]) % 2 else "female"
            return IdNumber(value=number, birth_date=birth, sex=sex, area_code=number[:6])
    parsed = parse_id_number(number)
    return IdNumber(parsed.value, parsed.birth_date, parsed.sex, parsed.area_code)


_CHECK_CHARS = "0123456789X"


def file_key(number: str) -> int:
    """A compact key for an (upper-case) ID number, for the maps kept over the whole file.

    An 18-character number is the int of its 17 digits and its check character (32 bytes,
    where the string and a tuple holding it took ~120): a 1,000,000-row sheet's maps fit in
    ~130 MB instead of ~450 MB. Anything else (which its row reports as an error) hashes to a
    negative number, apart from every real ID's.
    """
    if len(number) == 18 and number.isascii() and number[:17].isdigit() and number[17] in _CHECK_CHARS:
        return int(number[:17]) * 11 + _CHECK_CHARS.index(number[17])
    return -1 - (hash(number) & 0x7FFF_FFFF_FFFF_FFFF)


def _mark(row_number: int, name: str) -> int:
    """Where an ID number was first seen and with which name: the row in the high bits, the name's CRC-32 below."""
    return (row_number << 32) | zlib.crc32(name.encode("utf-8"))


def _in(path: str, root_path: str, bound: str | None) -> bool:
    return path >= root_path and (bound is None or path < bound)


def _chunks(values: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def load_existing(hashes: list[str]) -> tuple[dict[str, Existing], dict[int, Current]]:
    """The workers with these ID blind indexes, and their latest membership: a few IN queries.

    Read in a system scope: the import must find a person recorded anywhere in the county (to
    refuse a member of another union); what it tells the user about them is decided by the spec.
    """
    workers: dict[str, Existing] = {}
    latest: dict[int, Current] = {}
    with system_scope("an import finds the people of its file by ID number, across the county, in bulk"):
        for chunk in _chunks(hashes):
            # unscoped: the import finds its people by ID number across the county
            for row in Worker.unscoped.filter(id_number_hash__in=chunk).values_list(
                "id_number_hash",
                "pk",
                "union_id",
                "union__path",
                "name",
                "phone_hash",
                "ethnic_group_id",
                "employment_status_id",
                "education_id",
                "skill_level_id",
                "household_type_id",
                "political_status_id",
                "household_place",
                "native_place",
                "employer_id",
                "category",
                "card_number",
                "member_status",
            ):
                workers[row[0]] = Existing(*row[1:])
        worker_ids = [w.pk for w in workers.values()]
        for chunk in _chunks(worker_ids):
            memberships = (
                # unscoped: the current memberships of the people found, wherever they are
                Membership.unscoped.filter(worker_id__in=chunk)
                .order_by("worker_id", "joined_on", "pk")
                .values_list(
                    "worker_id", "pk", "union_id", "union__path", "union__name", "status", "joined_on", "ended_on"
                )
            )
            found: dict[int, Current] = {}
            for worker_id, pk, union_id, path, name, status, joined, ended in memberships:
                # The current one if any, else the latest (ordered by joining: the last wins).
                if worker_id in found and found[worker_id].status in CURRENT and status not in CURRENT:
                    continue
                found[worker_id] = Current(pk, union_id, path, name, status, joined, ended, joined, Kind.JOIN)
            by_membership = {c.pk: c for c in found.values()}
            events = (
                # unscoped: the history of the memberships found, wherever they are
                MembershipEvent.unscoped.filter(membership_id__in=list(by_membership))
                .order_by("membership_id", "on", "pk")
                .values_list("membership_id", "on", "kind")
            )
            for membership_id, on, kind in events:
                current = by_membership[membership_id]
                if on >= current.last_change:
                    current.last_change, current.last_kind = on, kind
            latest.update(found)
    return workers, latest


@register
class MemberSheet(SheetSpec):
    kind = "members"
    title = gettext_lazy("Members")
    import_permission = "members.add_worker"
    export_permission = "members.view_worker"
    list_url_name = "members:worker_list"
    page_list = WORKERS
    prescan_rows = READ_AHEAD
    plan_state = ()  # check once: the write needs the rows' plans only
    plan_values = False
    columns = (
        Column("name", "姓名", synonyms=("职工姓名", "会员姓名"), required=True, max_length=50, width=10),
        Column(
            "sex",
            "性别",
            choices=SEX_LABELS,
            width=6,
            help=gettext_lazy("Optional: checked against the ID number, which decides."),
        ),
        Column(
            "birth_date",
            "出生日期",
            type="date",
            width=12,
            help=gettext_lazy("Optional: checked against the ID number, which decides."),
        ),
        _reference_column("ethnic_group", "民族", width=8),
        _reference_column("employment_status", "就业状况", width=10),
        Column(
            "id_type",
            "证件类别",
            synonyms=("有效证件类别", "证件类型"),
            choices=ID_TYPE_LABELS,
            width=12,
            help=gettext_lazy("Only 居民身份证 (resident ID card) is supported; empty means 居民身份证."),
        ),
        Column(
            "id_number",
            "证件号码",
            synonyms=("身份证号", "身份证号码", "公民身份号码"),
            type="code",
            digits=18,
            upper=True,
            required=True,
            personal="id_number",
            width=22,
            help=gettext_lazy("The 18-character resident ID number, as text. A row with a known number updates it."),
        ),
        _reference_column("education", "学历", width=12, synonyms=("文化程度",)),
        _reference_column("skill_level", "技术等级", width=14),
        Column(
            "phone",
            "移动电话",
            synonyms=("手机号码", "手机号", "联系电话"),
            type="code",
            digits=11,
            personal="phone",
            width=14,
            help=gettext_lazy("11 digits, as text. A masked number (from a masked export) keeps the stored one."),
        ),
        _reference_column("household_type", "户籍类型", width=12),
        Column("household_place", "户籍所在地", max_length=100, width=24),
        Column(
            "change_kind",
            "会籍变化类型",
            choices=KIND_LABELS,
            width=12,
            help=gettext_lazy("Empty: only the worker's details are recorded."),
        ),
        Column("change_date", "会籍变化日期", type="date", width=12),
        Column(
            "change_reason",
            "会籍变化原因",
            choices=REASON_LABELS + REASON_SYNONYMS,
            width=24,
            help=gettext_lazy(
                "保留: 在本单位下岗后待岗, 失业, 所在企业破产, 劳动（工作）关系发生变化; 退会: 个人要求退会, "
                "劳动（工作）关系发生变化, 失业, 所在企业破产; 除名: 因犯罪被开除会籍; 转出: 劳动（工作）关系发生变化; "
                "入会 and 转入: empty."
            ),
        ),
        _reference_column("political_status", "政治面貌", width=10),
        Column(
            "employer",
            "工作单位",
            synonyms=("单位名称", "所在单位"),
            max_length=200,
            width=30,
            help=gettext_lazy(
                "The employer's exact name, as recorded in your part of the tree. Empty: your union's own employer."
            ),
        ),
        Column(
            "native_place",
            "籍贯",
            max_length=100,
            width=12,
            help=gettext_lazy("Where the family comes from, as written (e.g. 浙江宁波)."),
        ),
        Column(
            "card_number",
            "会员证号",
            max_length=32,
            width=16,
            help=gettext_lazy("Optional: empty issues a number on joining (year and record number)."),
        ),
        Column("migrant", "是否农民工会员", synonyms=("是否农民工",), choices=YES_NO, width=10),
    )
    instructions = (
        gettext_lazy("One row per person, matched by the ID number: a known number updates that person."),
        gettext_lazy(
            "会籍变化类型, 日期 and 原因 record one change: 入会 or 转入 make the person a member of the employer's "
            "union (or yours); 保留, 转出, 除名 and 退会 change their current membership. Empty: details only."
        ),
        gettext_lazy("性别 and 出生日期 must agree with the ID number. 工作单位: the exact name of the employer."),
        gettext_lazy("A person who is a member of a union outside your part of the tree is transferred by that union."),
    )

    # --- import -----------------------------------------------------------------------------------

    def prepare(self, run: ImportRun) -> None:
        root = run.root
        bound = path_upper_bound(root.path)
        state = run.state
        state.update(
            reference_memo={},
            today=timezone.localdate(),  # read once a pass: every row compares dates with it
            root_path=root.path,
            bound=bound,
            root_member=root.kind in MEMBER_UNION_KINDS,
            workers={},
            latest={},
            hashes={},
            looked_up=set(),
            first={},  # file_key → _mark(row, name) of its first row: duplicates and name conflicts
            conflicts=set(),  # file_keys seen with different names
            employers={},
            cards={},
            unions={},
            touched=set(),
            # Read ahead (``_read_ahead``): ID number (upper case) → blind index, → first name.
            card_rows={},
            note=_("Imported from %(file)s") % {"file": run.filename},
        )
        with system_scope("an import reads the employers and unions of the subtree it writes into, once"):
            own = own_employer_of(root)
            state["own_employer"] = (own.pk, own.union_id, own.name) if own is not None else None
            state["unions"] = {
                pk: (path, name, kind)
                # unscoped: the import reads the subtree it writes into, once
                for pk, path, name, kind in Union.unscoped.filter(path__gte=root.path)
                .filter(**({"path__lt": bound} if bound else {}))
                .filter(kind__in=MEMBER_UNION_KINDS)
                .values_list("pk", "path", "name", "kind")
            }
            state["unions"][root.pk] = (root.path, root.name, root.kind)

    def prescan(self, run: ImportRun, rows: list[tuple[int, list[Any]]], header_map: Any) -> None:
        """The ID numbers, names, employers and card numbers of these rows, looked up in bulk."""
        state = run.state
        index = {c.field: i for i, c in enumerate(header_map.columns) if c is not None}
        id_column = self.column("id_number")
        i_id, i_name = index.get("id_number"), index.get("name")
        i_employer, i_card = index.get("employer"), index.get("card_number")
        # What the previous window looked up is no longer needed (its rows are checked; a later
        # row with one of its numbers is a duplicate): memory stays bounded by the window.
        hashes: dict[str, str] = state["hashes"]
        hashes.clear()
        state["workers"].clear()
        state["latest"].clear()
        first: dict[int, int] = state["first"]
        conflicts: set[int] = state["conflicts"]
        new_hashes: list[str] = []
        employer_names: set[str] = set()
        cards: set[str] = set()
        cleaner = engine.CellCleaner()
        for number, raw in rows:
            row = Row(number=number, raw=[])
            if i_id is None or i_id >= len(raw):
                continue
            cleaner.clean(id_column, raw[i_id], row)
            number_text = row.values.get("id_number")
            if number_text:
                key = number_text.upper()
                name = " ".join(str(raw[i_name] or "").split()) if i_name is not None and i_name < len(raw) else ""
                compact = file_key(key)
                mark = first.get(compact)
                if mark is not None:
                    if mark & 0xFFFF_FFFF != zlib.crc32(name.encode("utf-8")):
                        conflicts.add(compact)
                else:
                    first[compact] = _mark(number, name)
                    if "*" not in key:
                        hashes[key] = blind_index_of(Worker, "id_number", key) or ""
                        new_hashes.append(hashes[key])
            if i_employer is not None and i_employer < len(raw) and raw[i_employer]:
                employer_names.add(" ".join(str(raw[i_employer]).split()))
            if i_card is not None and i_card < len(raw) and raw[i_card] not in (None, ""):
                cards.add(str(raw[i_card]).strip())
        workers, latest = load_existing(new_hashes)
        state["workers"].update(workers)
        state["latest"].update(latest)
        loaded: set[tuple[str, str]] = state["looked_up"]
        self._load_employers(run, {n for n in employer_names if ("employer", n) not in loaded})
        self._load_cards(run, {c for c in cards if ("card", c) not in loaded})
        loaded.update(("employer", n) for n in employer_names)
        loaded.update(("card", c) for c in cards)

    def _load_employers(self, run: ImportRun, names: set[str]) -> None:
        state = run.state
        root_path, bound = state["root_path"], state["bound"]
        employers: dict[str, list[tuple[int, int, int | None]]] = state["employers"]
        with system_scope("an import finds the employers its file names, in the subtree it writes into"):
            for chunk in _chunks(sorted(names)):
                # unscoped: the employers the file names, in the subtree it writes into
                rows = Employer.unscoped.filter(name__in=chunk, union__path__gte=root_path)
                if bound:
                    rows = rows.filter(union__path__lt=bound)
                for pk, name, keeping, own, joint in rows.values_list(
                    "pk", "name", "union_id", "own_union_id", "joint_union_id"
                ):
                    organised = own if own in state["unions"] else joint if joint in state["unions"] else None
                    employers.setdefault(name, []).append((pk, keeping, organised))
            own = state["own_employer"]
            if own is not None:
                pk, keeping, name = own
                state["own_employer"] = (pk, keeping, run.root.pk)

    def _load_cards(self, run: ImportRun, cards: set[str]) -> None:
        holders: dict[str, str] = run.state["cards"]
        with system_scope("card numbers are unique across every worker"):
            for chunk in _chunks(sorted(cards)):
                # unscoped: card numbers are unique across every worker
                for card, id_hash in Worker.unscoped.filter(card_number__in=chunk).values_list(
                    "card_number", "id_number_hash"
                ):
                    if card is not None:
                        holders[card] = id_hash

    def _reference(self, run: ImportRun, row: Row, field_name: str) -> str | None:
        text = row.values.get(field_name)
        if not text or field_name in row.bad_fields:
            return None
        memo = run.state["reference_memo"]  # text → code, for this pass
        key = (field_name, text)
        code = memo.get(key, "")
        if code == "":
            # The lists hold a few dozen entries and every row repeats them: look each text up once.
            code = memo[key] = lookup(REFERENCE_COLUMNS[field_name], text)
        if code is None:
            row.error(
                field_name,
                _("“%(value)s” is not in the national list (or names several entries): use its name or code.")
                % {"value": text},
            )
        return code

    def _employer(self, run: ImportRun, row: Row) -> tuple[int, int, int | None] | None:
        """(employer id, its keeping union, the union organising it in scope) for the row."""
        state = run.state
        name = row.values.get("employer")
        if "employer" in row.bad_fields:
            return None
        if not name:
            if state["own_employer"] is None:
                row.error(
                    "employer",
                    _("Name the employer: your union has no own employer to take by default."),
                )
            return state["own_employer"]
        found = state["employers"].get(name, [])
        if len(found) > 1:
            row.error("employer", _("Several employers in your part of the tree have this name."))
            return None
        if not found:
            row.error(
                "employer",
                _("No employer of this exact name in your part of the tree: add it, or correct the name."),
            )
            return None
        return found[0]

    def validate_row(self, run: ImportRun, row: Row) -> None:
        state = run.state
        values = row.values
        raw_number: str | None = values.get("id_number")
        name: str | None = values.get("name")
        if name:
            name = " ".join(name.split())
        parsed = None
        key = raw_number.upper() if raw_number else None
        if raw_number and "id_number" not in row.bad_fields:
            if "*" in raw_number:
                row.error(
                    "id_number",
                    _("A masked ID number cannot be imported: export with full personal data, or type the number."),
                )
            else:
                try:
                    parsed = parse_id(raw_number, today=run.state["today"])
                except ValidationError as exc:
                    row.error("id_number", "; ".join(exc.messages))
        if parsed is not None:
            sex = values.get("sex")
            if sex and "sex" not in row.bad_fields and sex != parsed.sex:
                row.error(
                    "sex",
                    _("性别 is %(sheet)s but the ID number (证件号码) says %(id)s.")
                    % {"sheet": SEX_TEXT[sex], "id": SEX_TEXT[parsed.sex]},
                )
            born = values.get("birth_date")
            if born is not None and "birth_date" not in row.bad_fields:
                born_day = born.date() if hasattr(born, "date") and callable(born.date) else born
                if born_day != parsed.birth_date:
                    row.error(
                        "birth_date",
                        _("出生日期 is %(sheet)s but the ID number (证件号码) says %(id)s.")
                        % {"sheet": born_day.isoformat(), "id": parsed.birth_date.isoformat()},
                    )
        if key:
            compact = file_key(key)
            first_row = state["first"].get(compact, _mark(row.number, "")) >> 32
            if compact in state["conflicts"]:
                row.error(
                    "id_number",
                    _("This ID number is on several rows of the file with different names (first on row %(row)d).")
                    % {"row": first_row},
                )
            elif first_row != row.number:
                # One row per person (the engine's duplicate check, on the compact key).
                row.error(None, _("Duplicates row %(row)d of this file.") % {"row": first_row})
        references = {f: self._reference(run, row, f) for f in REFERENCE_COLUMNS}
        phone: str | None = values.get("phone")
        masked = phone is not None and "*" in phone
        if phone and not masked and "phone" not in row.bad_fields:
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                row.error("phone", "; ".join(exc.messages))
        employer = self._employer(run, row)
        if row.errors or parsed is None or not name:
            return
        existing: Existing | None = state["workers"].get(state["hashes"].get(key, ""))
        if masked and (existing is None or existing.phone_hash is None):
            row.error("phone", _("A masked phone number can only leave a recorded number as it is."))
        card = values.get("card_number") or None
        if card:
            first = state["card_rows"].setdefault(card, row.number)
            if first != row.number:
                row.error("card_number", _("The same card number is on row %(row)d.") % {"row": first})
            holder = state["cards"].get(card)
            if holder is not None and (existing is None or holder != state["hashes"].get(key)):
                row.error("card_number", _("Another worker already holds this card number."))
            elif existing is not None and existing.card_number and existing.card_number != card:
                row.error("card_number", _("This worker already holds card %(card)s.") % {"card": existing.card_number})
        change = self._change(run, row, existing, employer, parsed.birth_date)
        if row.errors or employer is None:
            return
        employer_id, employer_union, _organised = employer
        migrant = values.get("migrant")
        category = existing.category if existing is not None else Worker.Category.REGULAR
        if migrant == "yes":
            category = Worker.Category.MIGRANT
        elif migrant == "no" and category == Worker.Category.MIGRANT:
            category = Worker.Category.REGULAR
        worker_values = {
            "name": name,
            "ethnic_group_id": references["ethnic_group"],
            "employment_status_id": references["employment_status"],
            "education_id": references["education"],
            "skill_level_id": references["skill_level"],
            "household_type_id": references["household_type"],
            "political_status_id": references["political_status"],
            "household_place": values.get("household_place") or "",
            "native_place": values.get("native_place") or "",
            "employer_id": employer_id,
            "category": category,
        }
        # Where the worker is kept afterwards, and their status (docs/members.md).
        latest = state["latest"].get(existing.pk) if existing is not None else None
        if change is not None:
            union_id = change.union_id
            member_status = {  # type: ignore[call-overload]
                Status.ACTIVE: Worker.MemberStatus.ACTIVE,
                Status.KEPT: Worker.MemberStatus.KEPT,
            }.get(change.target, Worker.MemberStatus.FORMER)
        elif latest is not None and latest.status in CURRENT:
            union_id, member_status = latest.union_id, existing.member_status  # type: ignore[union-attr]
        elif latest is not None:
            union_id, member_status = latest.union_id, Worker.MemberStatus.FORMER
        else:
            union_id, member_status = employer_union, Worker.MemberStatus.NONE
        phone_value = None if masked else (phone or None)
        if existing is None:
            worker_changed = True
        else:
            phone_hash = existing.phone_hash if masked else blind_index_of(Worker, "phone", phone_value)
            worker_changed = (
                any(getattr(existing, k) != v for k, v in worker_values.items())
                or phone_hash != existing.phone_hash
                or (card is not None and existing.card_number != card)
                or union_id != existing.union_id
                or member_status != existing.member_status
            )
        if card:
            worker_values["card_number"] = card
        if existing is None:
            row.action = "create"
        elif worker_changed or change is not None:
            row.action = "update"
        else:
            row.action = None  # valid, and nothing to change
        row.payload = Plan(
            existing=existing,
            values={
                **worker_values,
                "id_number": parsed.value,
                "sex": parsed.sex,
                "birth_date": parsed.birth_date,
            },
            phone=phone_value,
            keep_phone=masked,
            change=change,
            union_id=union_id,
            member_status=member_status,
            worker_changed=worker_changed,
        )

    def _change(
        self,
        run: ImportRun,
        row: Row,
        existing: Existing | None,
        employer: tuple[int, int, int | None] | None,
        birth_date: date,
    ) -> Change | None:
        """The membership change the row asks for, checked as the services check it (None: none)."""
        state = run.state
        values = row.values
        kind = values.get("change_kind")
        on = values.get("change_date")
        reason = values.get("change_reason") or ""
        root_path, bound = state["root_path"], state["bound"]
        latest = state["latest"].get(existing.pk) if existing is not None else None
        current = latest if latest is not None and latest.status in CURRENT else None
        # A person kept or held outside the importer's part of the tree.
        if current is not None and not _in(current.union_path, root_path, bound):
            row.error("id_number", _("This person is already a member of another union: that union transfers them."))
            return None
        if (
            existing is not None
            and current is None
            and not _in(existing.union_path, root_path, bound)
            and kind not in (Kind.JOIN, Kind.TRANSFER_IN)
        ):
            row.error(
                "id_number",
                _("This person is recorded by another union: only a 入会 or 转入 row can bring them here."),
            )
            return None
        if not kind:
            if on is not None or reason:
                row.error("change_kind", _("Give the change type (会籍变化类型) for this date or reason."))
            return None
        if "change_kind" in row.bad_fields or "change_reason" in row.bad_fields:
            return None
        if on is None:
            if "change_date" not in row.bad_fields:
                row.error("change_date", _("Give the date of the change (会籍变化日期)."))
            return None
        on = on.date() if hasattr(on, "date") and callable(on.date) else on
        if kind in (Kind.JOIN, Kind.TRANSFER_IN):
            if employer is None:
                return None
            target = employer[2] or (run.root.pk if state["root_member"] else None)
            if target is None:
                row.error(
                    "employer",
                    _("This employer has no grassroots or joint union in your part of the tree: members join a union."),
                )
                return None
            if current is not None and current.union_id == target:
                return None  # already a member there: nothing to change (a re-import)
            after = None
            op = "join"
            if current is not None:
                if kind == Kind.JOIN:
                    row.error(
                        "change_kind",
                        _("This person is already a member of %(union)s: use 转入 to transfer them.")
                        % {"union": current.union_name},
                    )
                    return None
                op, after = "transfer", current.last_change
            elif latest is not None:
                after = latest.last_change
            if not self._check(row, kind, on, reason, after=after, birth_date=birth_date, today=run.state["today"]):
                return None
            if op == "transfer" and not reason:
                reason = Reason.LABOUR_RELATION
            return Change(op, kind, on, reason, target, membership=current)
        # 保留 / 转出 / 除名 / 退会: the current membership, in scope.
        target_status = services.EVENT_TARGETS[kind]
        if current is None:
            if latest is not None and latest.status == target_status and latest.last_change == on:
                return None  # already done (a re-import)
            row.error("change_kind", _("This person has no current membership in your part of the tree to change."))
            return None
        if current.status == target_status and current.last_kind == kind and current.last_change == on:
            return None  # already done (a re-import)
        if current.status not in services.EVENT_SOURCES[kind]:
            row.error(
                "change_kind",
                _("A membership that is “%(status)s” cannot be changed this way.")
                % {"status": Status(current.status).label},
            )
            return None
        if not self._check(row, kind, on, reason, after=current.last_change, today=run.state["today"]):
            return None
        return Change("status", kind, on, reason, current.union_id, membership=current, target=target_status)

    @staticmethod
    def _check(
        row: Row,
        kind: str,
        on: date,
        reason: str,
        *,
        after: date | None,
        today: date,
        birth_date: date | None = None,
    ) -> bool:
        try:
            services.membership_change_check(kind, on, reason, after=after, birth_date=birth_date, today=today)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = {"on": "change_date", "reason": "change_reason"}.get(field_name, "change_kind")
                for message in messages:
                    row.error(column, message)
            return False
        return True

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        from gonghui.members.importing import write_plans

        plans = [row.payload for row in rows if row.action in ("create", "update")]
        created, updated = write_plans(run, plans)
        run.created += created
        run.updated += updated

    def finish(self, run: ImportRun) -> None:
        from gonghui.members.importing import finish_writes

        finish_writes(run)
        touched = run.state["touched"]
        if touched:
            services.member_counts_refresh(touched)
        if run.actor is not None:
            assert_in_scope(run.root.path)

    # --- export -----------------------------------------------------------------------------------

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Worker]:
        if user is None:
            with system_scope("the operator's command line exports every union's workers"):
                workers = Worker.unscoped.all()  # unscoped: the operator's command line exports every union
                if params.union is not None:
                    bound = path_upper_bound(params.union.path)
                    workers = workers.filter(union__path__gte=params.union.path)
                    if bound:
                        workers = workers.filter(union__path__lt=bound)
                return workers.order_by("union__path", "id")
        # The worker list's own filters and rows: the export holds what the page shows.
        fixed = {"union": str(params.union.pk)} if params.union is not None else {}
        return self.page_list.queryset(user, {**params.filters, **fixed}).order_by("union__path", "id")

    def export_rows(self, queryset: QuerySet[Worker]) -> Iterator[list[Any]]:
        """Rows in the template's columns; the latest event the exporter may see gives the change columns."""
        names: dict[tuple[str, str | None], str] = {}
        employers: dict[int, str] = {}

        def named(kind: str, code: str | None) -> str:
            if not code:
                return ""
            key = (kind, code)
            if key not in names:
                name = name_of(kind, code)
                names[key] = name if name and lookup(kind, name) == code else code
            return names[key]

        chunk: list[Worker] = []

        def flush(workers: list[Worker]) -> Iterator[list[Any]]:
            ids = [w.pk for w in workers]
            latest: dict[int, tuple[str, date, str]] = {}
            # The exporter's own scope decides which events (and so which change) they see.
            for worker_id, kind, on, reason in (
                MembershipEvent.objects.filter(worker_id__in=ids)
                .order_by("worker_id", "on", "id")
                .values_list("worker_id", "kind", "on", "reason")
            ):
                latest[worker_id] = (kind, on, reason)
            missing = {w.employer_id for w in workers if w.employer_id and w.employer_id not in employers}
            if missing:
                with system_scope("the names of the employers of workers the user can see"):
                    # unscoped: the employers' names of workers the user sees
                    employers.update(Employer.unscoped.filter(pk__in=missing).values_list("pk", "name"))
            for worker in workers:
                event = latest.get(worker.pk)
                yield [
                    worker.name,
                    SEX_TEXT.get(worker.sex, ""),
                    worker.birth_date,
                    named("ethnic_group", worker.ethnic_group_id),
                    named("employment_status", worker.employment_status_id),
                    ID_TYPE,
                    worker.id_number or "",
                    named("education_level", worker.education_id),
                    named("skill_level", worker.skill_level_id),
                    worker.phone or "",
                    named("household_type", worker.household_type_id),
                    worker.household_place,
                    KIND_TEXT.get(event[0], "") if event else "",
                    event[1] if event else None,
                    REASON_TEXT.get(event[2], "") if event else "",
                    named("political_status", worker.political_status_id),
                    employers.get(worker.employer_id or 0, ""),
                    worker.native_place,
                    worker.card_number or "",
                    "是" if worker.category == Worker.Category.MIGRANT else "否",
                ]

        for worker in queryset.iterator(chunk_size=2000):
            chunk.append(worker)
            if len(chunk) >= 2000:
                yield from flush(chunk)
                chunk = []
        if chunk:
            yield from flush(chunk)


def import_member_sheet(path: Any, *, union: Union, actor: Any = None, write: bool = True) -> Any:
    """Check (and with ``write``, import) a member sheet under ``union``, as the command line does.

    ``actor=None`` is the operator (every union); a user acts with their scope and permissions.
    Returns the engine's ``ImportReport``. For benchmarks and scripts; the pages use the jobs.
    """
    from pathlib import Path

    from gonghui.core.sheets import services as sheet_services

    path = Path(path)
    root = sheet_services.import_root(actor=actor, union=union)
    return sheet_services.sheet_import_run(
        actor=actor, spec=get_spec(MemberSheet.kind), path=path, filename=path.name, root=root, write=write
    )
