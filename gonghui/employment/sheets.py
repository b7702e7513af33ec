"""Import of a register of job seekers (求职人员登记表) through the core sheets pipeline.

One row per seeker, registered at the union the import is under. Every row is checked before
anything is written (the pipeline's rule, all or nothing): a valid ID number, neither twice in
the file nor already registered and seeking in the importer's part of the tree; a valid mobile
number; a category and skills of the controlled lists; a township of the county; an expected
pay in yuan; a registration day not in the future. A seeker whose ID number is in the member
registry (in the importer's sight) is linked to that worker.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.identifiers import validate_id_number, validate_mobile
from gonghui.core.privacy.crypto import blind_index
from gonghui.core.reference.models import Division
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.employment import rules
from gonghui.employment.models import JobSeeker
from gonghui.members import selectors as members

CATEGORY_LABELS = (
    ("下岗失业人员", JobSeeker.Category.LAID_OFF),
    ("失业人员", JobSeeker.Category.LAID_OFF),
    ("农民工", JobSeeker.Category.MIGRANT),
    ("高校毕业生", JobSeeker.Category.GRADUATE),
    ("残疾人", JobSeeker.Category.DISABLED),
    ("退役军人", JobSeeker.Category.VETERAN),
    ("困难职工", JobSeeker.Category.HARDSHIP),
    ("其他", JobSeeker.Category.OTHER),
)
# The skills' names in a register (the list's Chinese labels and their usual variants).
SKILL_NAMES_ZH = {
    "welding": ("电焊", "焊工", "焊接"),
    "electrician": ("电工",),
    "machining": ("机械加工", "车工", "铣工", "数控"),
    "assembly": ("流水线装配", "装配", "普工"),
    "sewing": ("缝纫", "服装加工", "缝纫工"),
    "driving": ("驾驶", "司机"),
    "forklift": ("叉车",),
    "warehouse": ("仓储物流", "仓管", "物流"),
    "construction": ("建筑施工", "泥瓦工", "建筑"),
    "carpentry": ("木工",),
    "plumbing": ("水电安装", "管道"),
    "cooking": ("烹饪", "厨师"),
    "cleaning": ("保洁",),
    "security": ("保安",),
    "care": ("养老育婴护理", "护理", "育婴", "家政"),
    "sales": ("销售", "营业员"),
    "office": ("办公文员", "文员", "电脑操作"),
    "accounting": ("记账", "会计"),
    "agriculture": ("种植养殖", "种植", "养殖"),
    "ecommerce": ("电商直播", "电商", "直播"),
}
SKILL_SEPARATORS = re.compile(r"[、，,；;/\s]+")


def skill_names() -> dict[str, str]:
    """Every skill's label in Chinese and English and its code → the code."""
    from django.utils import translation

    names: dict[str, str] = {}
    for code, label in rules.SKILLS:
        names[code] = code
        for variant in SKILL_NAMES_ZH.get(code, ()):
            names[variant] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names[str(label)] = code
    return names


@register
class JobSeekerRegisterSheet(SheetSpec):
    kind = "employment_seeker_register"
    title = gettext_lazy("Job seeker register")
    import_permission = "employment.add_jobseeker"
    export_permission = "employment.view_jobseeker"
    list_url_name = "employment:seeker_list"
    columns = (
        Column("name", "姓名", required=True, max_length=50, personal="name", width=12),
        Column(
            "id_number",
            "身份证号",
            synonyms=("身份证号码", "公民身份号码"),
            type="code",
            digits=18,
            upper=True,
            required=True,
            personal="id_number",
            validators=(validate_id_number,),
            width=22,
        ),
        Column(
            "phone", "手机号码", synonyms=("联系电话",), type="code", personal="phone", validators=(validate_mobile,)
        ),
        Column("category", "人员类别", required=True, choices=CATEGORY_LABELS, width=14),
        Column("skills", "技能", synonyms=("职业技能",), width=30),
        Column("wished_work", "求职意向", synonyms=("意向岗位",), max_length=200, width=20),
        Column("place", "意向乡镇", synonyms=("乡镇",), width=12),
        Column("expected_pay", "期望月薪（元）", synonyms=("期望月薪",), type="decimal", width=12),
        Column("registered_on", "登记日期", type="date", required=True, width=12),
    )
    instructions = (
        gettext_lazy("One row per job seeker. Columns with an orange header are required."),
        gettext_lazy("Skills: names of the platform's skill list, separated by 、 (for example 电焊、电工)."),
        gettext_lazy("The township is one of the county's townships or streets, by its name."),
        gettext_lazy("Nothing is written unless every row is correct."),
    )

    def prepare(self, run: ImportRun) -> None:
        seeking: set[str] = set()
        workers: dict[str, tuple[int, int]] = {}
        if run.actor is not None:
            with acting_as(run.actor):
                seeking = set(
                    JobSeeker.objects.filter(state=JobSeeker.State.SEEKING)
                    .values_list("id_number_hash", flat=True)
                    .iterator(chunk_size=5000)
                )
        places = {d.name: d.code for d in Division.objects.filter(level=Division.Level.TOWNSHIP, active=True)}
        run.state.update(
            seeking=seeking, workers=workers, places=places, skills=skill_names(), today=timezone.localdate()
        )

    def validate_row(self, run: ImportRun, row: Row) -> None:
        values = row.values
        if run.actor is None:
            row.error(None, _("Import the job seeker register as a user (the command's --as)."))
            return
        if values.get("registered_on") and values["registered_on"] > run.state["today"]:
            row.error("registered_on", _("The date lies in the future."))
        codes = []
        for name in SKILL_SEPARATORS.split(str(values.get("skills") or "").strip()):
            if not name:
                continue
            code = run.state["skills"].get(name)
            if code is None:
                row.error("skills", _("Unknown skill: %(skill)s.") % {"skill": name})
            else:
                codes.append(code)
        place = str(values.get("place") or "").strip()
        place_code = None
        if place:
            place_code = run.state["places"].get(place)
            if place_code is None:
                row.error("place", _("No township or street of this name in the county."))
        pay = values.get("expected_pay")
        if pay is not None and pay < 0:
            row.error("expected_pay", _("Pay cannot be negative."))
        number = values.get("id_number")
        if not number or "id_number" in row.bad_fields:
            return
        hashed = blind_index("id_number", number)
        row.key = hashed
        if hashed in run.state["seeking"]:
            row.error("id_number", _("A job seeker with this ID number is already registered and seeking."))
        row.action = "create"
        row.payload = (hashed, codes, place_code)

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        hashes = [row.payload[0] for row in rows]
        with acting_as(run.actor):
            # The registry's workers the importer sees, by ID number: the seeker is linked to them.
            workers = dict(members.workers_with_id_number_hashes(run.actor, hashes).values_list("id_number_hash", "pk"))
        with system_scope("an import writes the job seekers it has checked"):
            for row in rows:
                hashed, codes, place_code = row.payload
                values = row.values
                seeker = JobSeeker(
                    union=run.root,
                    worker_id=workers.get(hashed),
                    name=values["name"].strip(),
                    id_number=values["id_number"],
                    phone=values.get("phone") or None,
                    category=values["category"],
                    skills=rules.join_skills(codes),
                    wished_work=(values.get("wished_work") or "").strip(),
                    place_id=place_code,
                    expected_pay=values.get("expected_pay"),
                    registered_on=values["registered_on"],
                )
                try:
                    seeker.full_clean(exclude=["union", "worker", "place"])
                except ValidationError as error:  # pragma: no cover - the checks above come first
                    raise ValidationError(f"row {row.number}: {'; '.join(error.messages)}") from error
                seeker.save()
        run.created += len(rows)
