"""The statistics form (基层工会调查表) declared as data: the cover, the tables, their fields.

The official form has a cover (901 statistics code, 902 name, 903 division code, 904 organisation
type) and tables 表一 to 表八 over eleven content areas; the row lists and the official checks are
not public (docs/statistics.md). The layout here is ours: one table per content area the platform
can speak to, each field with a code (table number and row, ``0104``), a label, the field it is a
part of ("of which", 其中), a unit, and where it comes from:

* ``measure="members.members"``: filled from live data, the measure counted for the union over the
  statistics year (``core/figures/measures.py``; a stock measure at the year's end, a flow measure
  within the year). A measure no module has registered makes the field typed in, never an error;
* otherwise typed in once, kept, and offered again next year.

Nothing here reads the database: ``selectors`` fill the form, ``checks`` judge it, ``output`` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import measures

Value = int | Decimal


class Unit(StrEnum):
    """What a field counts; yuan fields hold Decimal yuan, every other an integer, a yes/no field 0 or 1."""

    PEOPLE = "people"
    PERSON_TIMES = "person_times"
    HOUSEHOLDS = "households"
    UNITS = "units"
    TIMES = "times"
    CASES = "cases"
    ITEMS = "items"
    YUAN = "yuan"
    FLAG = "flag"


UNIT_LABELS: dict[Unit, Any] = {
    Unit.PEOPLE: pgettext_lazy("statistics unit", "people"),
    Unit.PERSON_TIMES: pgettext_lazy("statistics unit", "person-times"),
    Unit.HOUSEHOLDS: pgettext_lazy("statistics unit", "households"),
    Unit.UNITS: pgettext_lazy("statistics unit", "units"),
    Unit.TIMES: pgettext_lazy("statistics unit", "times"),
    Unit.CASES: pgettext_lazy("statistics unit", "cases"),
    Unit.ITEMS: pgettext_lazy("statistics unit", "items"),
    Unit.YUAN: pgettext_lazy("statistics unit", "yuan"),
    Unit.FLAG: pgettext_lazy("statistics unit", "1 = yes, 0 = no"),
}


@dataclass(frozen=True)
class Field:
    """One row of a table."""

    code: str  # table number and row: "0104"
    label: Any  # what it counts (lazy translation): "Members" / 会员数
    unit: Unit = Unit.PEOPLE
    parent: str = ""  # the code of the field this one is a part of ("of which")
    measure: str = ""  # the key of the measure filling it; empty: typed in
    help: Any = ""  # one sentence shown under a typed field

    @property
    def is_money(self) -> bool:
        return self.unit == Unit.YUAN

    @property
    def is_flag(self) -> bool:
        return self.unit == Unit.FLAG

    @property
    def table(self) -> int:
        return int(self.code[:2])

    @property
    def unit_label(self) -> Any:
        return UNIT_LABELS[self.unit]

    def live_measure(self) -> measures.Measure | None:
        """The registered measure filling the field, or None: the field is typed in."""
        return measures.get(self.measure) if self.measure else None

    @property
    def is_live(self) -> bool:
        return self.live_measure() is not None

    def clean(self, value: Any) -> Value:
        """``value`` as the field keeps it: Decimal yuan to the fen, else an integer (a sum of yuan stays exact)."""
        if value is None:
            return Decimal("0.00") if self.is_money else 0
        if self.is_money:
            return Decimal(value).quantize(Decimal("0.01"))
        return int(value)


@dataclass(frozen=True)
class Table:
    """One content area of the form."""

    number: int
    title: Any
    area: str  # the content area's Chinese name in the national form's list (domain-more.md §1)
    fields: tuple[Field, ...]

    @property
    def code(self) -> str:
        return f"{self.number:02d}"

    @property
    def area_note(self) -> str:
        """The national form's name of the area, where it says more than the title does."""
        return self.area if str(self.title) != self.area else ""


@dataclass(frozen=True)
class CoverField:
    code: str
    label: Any


# --- The cover ---------------------------------------------------------------------------------

CODE = "901"  # 基层工会统计编码: one code per union, the same every year
NAME = "902"  # 基层工会名称
DIVISION = "903"  # 所在地行政区划代码
KIND = "904"  # 基层工会组织类型: 1 single, 2 joint
COVER = (
    CoverField(CODE, pgettext_lazy("statistics cover", "Union statistics code")),
    CoverField(NAME, pgettext_lazy("statistics cover", "Union name")),
    CoverField(DIVISION, pgettext_lazy("statistics cover", "Division code of the location")),
    CoverField(KIND, pgettext_lazy("statistics cover", "Organisation type")),
)
# 904: the codes of the national form (1 单一基层工会, 2 联合基层工会).
KIND_CODES = {"grassroots": "1", "joint": "2"}
KIND_LABELS = {"1": _("single grassroots union"), "2": _("joint grassroots union")}
CODE_MAX_LENGTH = 24


# --- The tables --------------------------------------------------------------------------------

TABLES: tuple[Table, ...] = (
    Table(
        1,
        pgettext_lazy("statistics table", "Organisation"),
        "组织建设",
        (
            Field("0101", pgettext_lazy("statistics field", "Workers"), measure="organisations.workers"),
            Field("0102", pgettext_lazy("statistics field", "Women workers"), parent="0101"),
            Field("0103", pgettext_lazy("statistics field", "Migrant workers"), parent="0101"),
            Field("0104", pgettext_lazy("statistics field", "Members"), measure="members.members"),
            Field(
                "0105",
                pgettext_lazy("statistics field", "Women members"),
                parent="0104",
                measure="members.women_members",
            ),
            Field(
                "0106",
                pgettext_lazy("statistics field", "Migrant worker members"),
                parent="0104",
                measure="members.migrant_members",
            ),
            Field("0107", pgettext_lazy("statistics field", "New members this year"), measure="members.new_members"),
            Field(
                "0108",
                pgettext_lazy("statistics field", "Employers that should have a union"),
                Unit.UNITS,
                measure="organisations.eligible",
            ),
            Field(
                "0109",
                pgettext_lazy("statistics field", "Employers with a union"),
                Unit.UNITS,
                parent="0108",
                measure="organisations.covered",
            ),
            Field(
                "0110",
                pgettext_lazy("statistics field", "Unions founded this year"),
                Unit.UNITS,
                measure="organisations.unions_founded",
            ),
            Field("0111", pgettext_lazy("statistics field", "Women workers' committee set up"), Unit.FLAG),
        ),
    ),
    Table(
        2,
        pgettext_lazy("statistics table", "Cadres and training"),
        "干部协管和教育培训",
        (
            Field("0201", pgettext_lazy("statistics field", "Full-time union staff")),
            Field("0202", pgettext_lazy("statistics field", "Part-time union staff")),
            Field("0203", pgettext_lazy("statistics field", "Full-time chair"), Unit.FLAG),
            Field(
                "0204",
                pgettext_lazy("statistics field", "Workers trained this year"),
                Unit.PERSON_TIMES,
                measure="training.trained",
            ),
        ),
    ),
    Table(
        3,
        pgettext_lazy("statistics table", "Assistance"),
        "保障工作",
        (
            Field(
                "0301",
                pgettext_lazy("statistics field", "Households in hardship on file"),
                Unit.HOUSEHOLDS,
                measure="assistance.hardship_households",
            ),
            Field(
                "0302",
                pgettext_lazy("statistics field", "Households in deep hardship"),
                Unit.HOUSEHOLDS,
                parent="0301",
                measure="assistance.deep_hardship",
            ),
            Field("0303", pgettext_lazy("statistics field", "Assistance paid"), Unit.YUAN, measure="assistance.paid"),
            Field(
                "0304", pgettext_lazy("statistics field", "Workers visited in the warmth campaign"), Unit.PERSON_TIMES
            ),
        ),
    ),
    Table(
        4,
        pgettext_lazy("statistics table", "Contracts and democratic management"),
        "劳动合同、集体合同和民主管理",
        (
            Field("0401", pgettext_lazy("statistics field", "Workers with a labour contract")),
            Field(
                "0402",
                pgettext_lazy("statistics field", "Collective contracts in force"),
                Unit.ITEMS,
                measure="democracy.contracts_in_force",
            ),
            Field(
                "0403",
                pgettext_lazy("statistics field", "Wage agreements in force"),
                Unit.ITEMS,
                measure="democracy.wage_agreements_in_force",
            ),
            Field(
                "0404",
                pgettext_lazy("statistics field", "Workers' congress system in place"),
                Unit.FLAG,
                help=_(
                    "A workers' congress of elected delegates; a general assembly of all workers is not one "
                    "(it has no delegates to count)."
                ),
            ),
            Field(
                "0405",
                pgettext_lazy("statistics field", "Congress sittings this year"),
                Unit.TIMES,
                measure="democracy.congresses_held",
            ),
            Field("0406", pgettext_lazy("statistics field", "Congress delegates"), measure="democracy.delegates"),
            Field("0407", pgettext_lazy("statistics field", "Women delegates"), parent="0406"),
            Field("0408", pgettext_lazy("statistics field", "Open affairs practised"), Unit.FLAG),
            Field("0409", pgettext_lazy("statistics field", "Board of directors set up"), Unit.FLAG),
            Field("0410", pgettext_lazy("statistics field", "Worker directors")),
            Field("0411", pgettext_lazy("statistics field", "Women worker directors"), parent="0410"),
            Field("0412", pgettext_lazy("statistics field", "Board of supervisors set up"), Unit.FLAG),
            Field("0413", pgettext_lazy("statistics field", "Worker supervisors")),
        ),
    ),
    Table(
        5,
        pgettext_lazy("statistics table", "Labour protection"),
        "劳动保护",
        (
            Field(
                "0501", pgettext_lazy("statistics field", "Labour protection supervision committee set up"), Unit.FLAG
            ),
            Field("0502", pgettext_lazy("statistics field", "Labour protection inspectors")),
            Field(
                "0503",
                pgettext_lazy("statistics field", "Hazards found this year"),
                Unit.ITEMS,
                measure="safety.hazards_found",
            ),
            Field(
                "0504",
                pgettext_lazy("statistics field", "Hazards put right this year"),
                Unit.ITEMS,
                measure="safety.hazards_fixed",
            ),
        ),
    ),
    Table(
        6,
        pgettext_lazy("statistics table", "Legal work"),
        "法律工作",
        (
            Field("0601", pgettext_lazy("statistics field", "Labour law supervision body set up"), Unit.FLAG),
            Field("0602", pgettext_lazy("statistics field", "Labour dispute mediation committee set up"), Unit.FLAG),
            Field(
                "0603",
                pgettext_lazy("statistics field", "Labour disputes mediated"),
                Unit.CASES,
                measure="rights.disputes_mediated",
            ),
            Field(
                "0604", pgettext_lazy("statistics field", "Disputes settled by mediation"), Unit.CASES, parent="0603"
            ),
            Field(
                "0605",
                pgettext_lazy("statistics field", "Early warnings of labour relations"),
                Unit.CASES,
                measure="rights.warnings",
            ),
        ),
    ),
    Table(
        7,
        pgettext_lazy("statistics table", "Competitions and proposals"),
        "经济技术工作（劳动竞赛、合理化建议）",
        (
            Field(
                "0701",
                pgettext_lazy("statistics field", "Labour competitions held"),
                Unit.TIMES,
                measure="competitions.contests",
            ),
            Field("0702", pgettext_lazy("statistics field", "Workers taking part in competitions"), Unit.PERSON_TIMES),
            Field(
                "0703",
                pgettext_lazy("statistics field", "Proposals and innovations"),
                Unit.ITEMS,
                measure="competitions.innovations",
            ),
            Field(
                "0704",
                pgettext_lazy("statistics field", "Proposals and innovations adopted"),
                Unit.ITEMS,
                parent="0703",
            ),
        ),
    ),
    Table(
        8,
        pgettext_lazy("statistics table", "Funds and audit"),
        "财务和经审",
        (
            Field("0801", pgettext_lazy("statistics field", "Union fund income"), Unit.YUAN),
            Field("0802", pgettext_lazy("statistics field", "Membership dues received"), Unit.YUAN, parent="0801"),
            Field("0803", pgettext_lazy("statistics field", "Union fund spending"), Unit.YUAN),
            Field(
                "0804", pgettext_lazy("statistics field", "Spending on workers' activities"), Unit.YUAN, parent="0803"
            ),
            Field("0805", pgettext_lazy("statistics field", "Fund audit committee set up"), Unit.FLAG),
        ),
    ),
    Table(
        9,
        pgettext_lazy("statistics table", "Culture"),
        "宣传教育和职工文化体育",
        (
            Field("0901", pgettext_lazy("statistics field", "Workers' library set up"), Unit.FLAG),
            Field("0902", pgettext_lazy("statistics field", "Cultural and sports events held"), Unit.TIMES),
            Field("0903", pgettext_lazy("statistics field", "Workers taking part in events"), Unit.PERSON_TIMES),
        ),
    ),
)

FIELDS: dict[str, Field] = {field.code: field for table in TABLES for field in table.fields}
TABLE_OF: dict[int, Table] = {table.number: table for table in TABLES}
# The cover's number among the tables (its check state shows beside it).
COVER_TABLE = 0


def children_of(code: str) -> list[Field]:
    """The fields declared as parts of ``code``."""
    return [field for field in FIELDS.values() if field.parent == code]


def measure_keys() -> list[str]:
    """Every measure key the form names, whether registered or not."""
    return [field.measure for field in FIELDS.values() if field.measure]


def live_fields() -> list[Field]:
    """The fields filled from live data now (their measures are registered)."""
    return [field for field in FIELDS.values() if field.is_live]


def typed_fields() -> list[Field]:
    """The fields typed in now (no measure named, or its measure not registered)."""
    return [field for field in FIELDS.values() if not field.is_live]
