"""The demo's tables (sizes, mixes, causes, schools, banks, notes) and its small date and number rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from gonghui.assistance import services
from gonghui.assistance.classification import Category
from gonghui.assistance.models import FundingSource, HardshipFile, HouseholdMember, Program
from gonghui.assistance.workflows import OPEN_FILE_STATES, FileState
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.demo import names
from gonghui.core.demo.dates import Calendar

Cause = HardshipFile.Cause
Housing = HardshipFile.Housing
Health = HardshipFile.Health
Relation = HouseholdMember.Relation
Schooling = HouseholdMember.Schooling
Kind = Program.Kind

FILES_BY_SIZE = {"small": 80, "county": 1200, "province": 4000}
FILES_PER_GRASSROOTS = 1.8  # sizes not listed above
HISTORY_SINCE = date(2016, 1, 1)  # files opened since; a few older ones left hardship in 2014/2015
BASE_YEAR, BASE_LINE, LINE_GROWTH = 2022, Decimal("800"), Decimal("1.03")
RURAL_SHARE = Decimal("0.80")  # the rural townships' standard, of the county's
QUALIFYING_MIX = ((Category.DEEP, Category.RELATIVE, Category.SUDDEN), (35, 50, 15))
PIPELINE = OPEN_FILE_STATES
# The way to filing: (transition, from, to).
FILE_PATH = (
    ("start", "", FileState.APPLICATION),
    ("check", FileState.APPLICATION, FileState.CHECKED),
    ("visit", FileState.CHECKED, FileState.VISITED),
    ("verify", FileState.VISITED, FileState.VERIFIED),
    ("publish", FileState.VERIFIED, FileState.NOTICE),
    ("approve", FileState.NOTICE, FileState.FILED),
)
# Calendar days between one step and the next (then moved to a working day).
GAPS = {"check": (2, 9), "visit": (3, 16), "verify": (2, 9), "publish": (1, 5), "approve": (1, 6)}
CENTRE_STEPS = {"verify", "publish", "approve", "exit"}
MEMBER_SEQUENCES = 900  # ID sequence digits 900–999: workers use 500–…, test sheets 000–499

CAUSES = {
    Category.DEEP: (
        [Cause.ILLNESS, Cause.DISABILITY, Cause.UNEMPLOYMENT, Cause.SINGLE_PARENT, Cause.ENTERPRISE],
        [35, 20, 20, 15, 10],
    ),
    Category.RELATIVE: (
        [Cause.LOW_WAGE, Cause.EDUCATION, Cause.ILLNESS, Cause.ENTERPRISE, Cause.SINGLE_PARENT],
        [30, 25, 25, 10, 10],
    ),
    Category.SUDDEN: ([Cause.ACCIDENT, Cause.ILLNESS, Cause.DISASTER], [45, 40, 15]),
    Category.NONE: ([Cause.LOW_WAGE, Cause.EDUCATION, Cause.ILLNESS, Cause.OTHER], [40, 25, 25, 10]),
}
SUDDEN_EVENTS = {
    Cause.ACCIDENT: HardshipFile.SuddenEvent.ACCIDENT,
    Cause.ILLNESS: HardshipFile.SuddenEvent.ILLNESS,
    Cause.DISASTER: HardshipFile.SuddenEvent.DISASTER,
}
HOUSING = ([Housing.OWN, Housing.RENTED, Housing.PUBLIC, Housing.RELATIVES, Housing.DORMITORY], [55, 25, 10, 7, 3])
DISABILITIES = ["physical", "physical", "visual", "hearing", "intellectual", "mental", "multiple"]
EDUCATION_COST: dict[str, int] = {
    Schooling.PRESCHOOL: 3000,
    Schooling.PRIMARY: 800,
    Schooling.JUNIOR: 1200,
    Schooling.SENIOR: 4000,
    Schooling.VOCATIONAL: 3000,
    Schooling.COLLEGE: 9000,
    Schooling.BACHELOR: 12000,
    Schooling.POSTGRADUATE: 15000,
}
SCHOOLS: dict[str, list[str]] = {
    Schooling.PRESCHOOL: [f"{names.COUNTY}幼儿园", f"{names.COUNTY}城关幼儿园"],
    Schooling.PRIMARY: [f"{names.COUNTY}实验小学", f"{names.COUNTY}城关小学", f"{names.COUNTY}东城小学"],
    Schooling.JUNIOR: [f"{names.COUNTY}第二中学", f"{names.COUNTY}第三中学", f"{names.COUNTY}城关初级中学"],
    Schooling.SENIOR: [f"{names.COUNTY}第一中学", f"{names.COUNTY}第二中学"],
    Schooling.VOCATIONAL: [f"{names.COUNTY}职业技术学校"],
    Schooling.COLLEGE: ["浙江机电职业技术学院", "金华职业技术学院", "杭州职业技术学院"],
    Schooling.BACHELOR: ["浙江工业大学", "浙江师范大学", "宁波大学", "浙江理工大学", "杭州电子科技大学"],
    Schooling.POSTGRADUATE: ["浙江大学", "浙江工业大学"],
}
# 金秋助学 per level: (filed household, household not yet filed).
EDUCATION_RATES: dict[str, tuple[int, int]] = {
    Schooling.POSTGRADUATE: (6000, 5000),
    Schooling.BACHELOR: (5000, 4000),
    Schooling.COLLEGE: (4000, 3000),
    Schooling.SENIOR: (3000, 2000),
    Schooling.VOCATIONAL: (2000, 1500),
    Schooling.JUNIOR: (1000, 800),
    Schooling.PRIMARY: (1000, 800),
}
LEVEL_ORDER: list[str] = list(EDUCATION_RATES)  # highest first
BANKS = (
    (f"中国农业银行{names.COUNTY}支行", "622848", 19),
    (f"中国工商银行{names.COUNTY}支行", "621226", 19),
    (f"中国建设银行{names.COUNTY}支行", "621700", 19),
    (f"中国邮政储蓄银行{names.COUNTY}支行", "621799", 19),
    (f"中国银行{names.COUNTY}支行", "621785", 19),
    (f"{names.COUNTY}农村商业银行", "623092", 19),
    (f"浙江农商银行{names.COUNTY}支行", "622858", 16),
)
EXIT_REASONS = (
    [
        HardshipFile.ExitReason.RECOVERED,
        HardshipFile.ExitReason.RETIRED,
        HardshipFile.ExitReason.MOVED,
        HardshipFile.ExitReason.EXCLUDED,
    ],
    [68, 12, 10, 10],
)
EXIT_NOTES = {
    "recovered": [
        "家庭收入稳定增长，人均月收入已超过低保标准两倍",
        "配偶实现再就业，家庭收入明显改善",
        "子女毕业参加工作，家庭负担减轻",
        "病情好转恢复工作，家庭收入回升",
    ],
    "retired": ["申请人办理退休手续，按月领取养老金", "申请人退休，转由社区按规定救助"],
    "moved": ["举家迁往外地，转由迁入地工会帮扶", "随子女迁居外省"],
    "excluded_homes": ["复核发现家庭另有一套住房，不再符合建档条件"],
    "excluded_business": ["复核发现家庭经营个体商铺并雇用他人，不再符合建档条件"],
}
REFUSE_NOTES = {
    "homes": "初审发现家庭拥有两套住房，不符合建档条件",
    "business": "初审发现申请人经营个体商铺并雇用他人，不符合建档条件",
    "none": "家庭人均月收入高于低保标准两倍，且无突发事件支出，不符合建档条件",
    "objection": "公示期间收到实名反映，经核实家庭有未申报的经营性收入，不予建档",
}
CADRE_POSITIONS = (
    "县总工会党组书记、常务副主席",
    "县总工会副主席",
    "县总工会经费审查委员会主任",
    "县总工会办公室主任",
    "县总工会组织宣传部部长",
    "县总工会权益保障部部长",
    "县总工会女职工部部长",
    "县职工服务中心主任",
    "县困难职工帮扶中心主任",
)
VISIT_HELP = (
    "送去大米、食用油等生活物资",
    "送去慰问金500元",
    "协助申请大病医疗救助",
    "联系县人社局推荐就业岗位",
    "了解子女上学情况，宣传金秋助学政策",
    "协调用人单位落实带薪病休",
    "帮助办理医保异地报销手续",
    "了解近期收入和支出变化",
)
VISIT_NOTES = ("", "", "", "家庭情况稳定", "申请人身体状况好转", "孩子学习成绩不错，已鼓励", "需继续关注医疗支出")
FUNDING = (
    (FundingSource.Kind.HIGHER_UNION, "市总工会下拨专项资金", Decimal("0.40")),
    (FundingSource.Kind.GOVERNMENT, "县财政帮扶专项资金", Decimal("0.20")),
    (FundingSource.Kind.DONATION, "爱心企业和职工捐赠", Decimal("0.10")),
    # Own funds take the rest.
)


# Working days looked up once per run (the statutory calendar reads its overrides on every call).
_calendar = Calendar()


def reset_calendar() -> None:
    """A fresh statutory calendar for each run of the step (the years it knows may have changed)."""
    global _calendar
    _calendar = Calendar()


def _working_on_or_after(day: date) -> date:
    return _calendar.on_or_after(day)


def _working_on_or_before(day: date) -> date:
    return _calendar.on_or_before(day)


def _notice(day: date) -> tuple[date, date]:
    """The first and last day of a notice published on ``day``, as ``services.notice_end`` counts them.

    The service refuses a notice that would end in a year whose statutory calendar is
    unknown; such a notice is published on the last working day before ``day`` that it allows.
    """
    while True:
        try:
            return day, services.notice_end(day, settings.GONGHUI_NOTICE_WORKING_DAYS)
        except CalendarYearUnknown:
            day = _working_on_or_before(day - timedelta(days=1))


def _round_to(value: Decimal, step: int) -> Decimal:
    return (value / step).quantize(Decimal("1"), ROUND_HALF_UP) * step


def county_line(year: int) -> Decimal:
    """The county's 低保 standard: ¥800 in 2022, 3 % more a year, rounded to ¥5."""
    return _round_to(BASE_LINE * LINE_GROWTH ** (year - BASE_YEAR), 5)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, char in enumerate(reversed(body)):
        digit = int(char)
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)
