"""Hardship assistance (困难职工帮扶): household files, programmes, grants in batches, pairings.

* ``HardshipFile`` (困难职工档案): one per household (一户一档), opened for a worker by their union.
  ``union`` is the applicant's union when the file opened; it scopes the file, so a grassroots
  union sees its own files, a township its subtree and the assistance centre (at the county
  federation) all of them. Its state is a workflow (``workflows.HardshipFileFlow``).
* ``HouseholdMember`` (家庭成员), ``FileAttachment`` (scans), ``GuardianConsent`` (under 14).
* ``PovertyLine``: the local minimum living standard (低保) per year and place.
* ``Program`` (帮扶项目) per year with ``FundingSource`` rows and, for 金秋助学, ``EducationRate`` rows.
* ``Disbursement`` (发放批次): a batch of ``Grant`` rows, made → checked → approved → paid, a
  workflow too (``workflows.DisbursementFlow``). A grant of an approved batch is *counted*: a
  partial unique index allows one counted grant per household, programme kind and year.
* ``Pairing`` (一帮一) of a cadre with a household, and its ``PairingVisit`` records.
* ``ReviewRound`` / ``FileReview``: the annual review (动态管理) with ≥ 30 % spot checks.

See docs/assistance.md.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.assistance import classification
from gonghui.assistance.workflows import DisbursementFlow, FileState, HardshipFileFlow
from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, PersonalDataModel
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.core.workflow.models import attachment_storage

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
RETENTION_YEARS = 10  # files are kept at least ten years after the household leaves hardship


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, for a negative number); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, default=Decimal("0"), **MONEY, **kwargs)


class PovertyLine(models.Model):
    """The local minimum living standard (低保标准), yuan per person per month, for one year.

    ``division`` empty is the county's standard; a township may have its own (urban and rural
    standards differ). The file's place picks the most specific one.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    division = models.ForeignKey(
        "reference.Division",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the standard for the whole county."),
    )
    monthly_amount = models.DecimalField(_("yuan per person per month"), **MONEY)
    note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "division_id"]
        verbose_name = _("minimum living standard")
        verbose_name_plural = _("minimum living standards")
        constraints = [
            models.UniqueConstraint(fields=["year", "division"], name="assistance_povertyline_year_place"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(division__isnull=True), name="assistance_povertyline_year_county"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.division or ''} ¥{self.monthly_amount}"


class HardshipFile(PersonalDataModel, UnionOwnedModel):
    """One hardship household's file (一户一档), from application to exit."""

    class Cause(models.TextChoices):
        ILLNESS = "illness", _("illness")
        DISABILITY = "disability", _("disability")
        EDUCATION = "education", _("children's education")
        UNEMPLOYMENT = "unemployment", _("unemployment")
        LOW_WAGE = "low_wage", _("low wages")
        ENTERPRISE = "enterprise", _("enterprise in difficulty")
        ACCIDENT = "accident", _("accident")
        DISASTER = "disaster", _("natural disaster")
        SINGLE_PARENT = "single_parent", _("single-parent household")
        OTHER = "other", _("other")

    class Housing(models.TextChoices):
        OWN = "own", _("own home")
        RENTED = "rented", _("rented")
        PUBLIC = "public", _("public rental housing")
        DORMITORY = "dormitory", _("employer dormitory")
        RELATIVES = "relatives", _("living with relatives")
        NONE = "none", _("no fixed home")

    class Health(models.TextChoices):
        HEALTHY = "healthy", _("healthy")
        CHRONIC = "chronic", _("chronic illness")
        SERIOUS = "serious", _("serious illness")
        DISABLED = "disabled", pgettext_lazy("health", "disabled")

    class Disability(models.TextChoices):
        NONE = "", _("none")
        VISUAL = "visual", _("visual")
        HEARING = "hearing", _("hearing")
        SPEECH = "speech", _("speech")
        PHYSICAL = "physical", _("physical")
        INTELLECTUAL = "intellectual", _("intellectual")
        MENTAL = "mental", _("mental")
        MULTIPLE = "multiple", _("multiple")

    class SuddenEvent(models.TextChoices):
        NONE = "", _("none")
        DISASTER = "disaster", _("natural disaster")
        ACCIDENT = "accident", _("accident")
        ILLNESS = "illness", _("major illness")
        EPIDEMIC = "epidemic", _("epidemic")

    class ExitReason(models.TextChoices):
        RECOVERED = "recovered", _("income recovered")
        RETIRED = "retired", _("retired")
        MOVED = "moved", _("moved away")
        DIED = "died", _("died")
        EXCLUDED = "excluded", _("found excluded on review")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    worker = models.ForeignKey(
        "members.Worker", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    number = models.CharField(_("file number"), max_length=20, unique=True)
    state = StateField(HardshipFileFlow)
    category = models.CharField(
        _("hardship category"),
        max_length=10,
        choices=classification.Category.choices,
        default=classification.Category.NONE,
        editable=False,
        db_index=True,
    )
    per_head_monthly = models.DecimalField(
        _("per head per month"), max_digits=12, decimal_places=2, null=True, editable=False
    )
    # The year of the minimum living standard the stored category was computed against.
    standard_year = models.PositiveSmallIntegerField(_("standard of"), null=True, blank=True, editable=False)
    excluded = models.BooleanField(_("excluded"), default=False, editable=False)
    exclusion_codes = models.CharField(_("exclusions"), max_length=100, blank=True, editable=False)
    division = models.ForeignKey(
        "reference.Division",
        verbose_name=_("place of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Township or street: picks the local minimum living standard."),
    )
    year = models.PositiveSmallIntegerField(_("year of application"))
    # Income and costs (yuan).
    applicant_monthly_income = money(_("applicant's monthly income"))
    other_annual_income = money(
        _("other household income in the year"), help_text=_("Filled in from the household members' incomes.")
    )
    medical_costs = money(_("medical costs in the year"))
    education_costs = money(_("education costs in the year"))
    rent_costs = money(_("rent in the year"))
    sudden_event = models.CharField(
        _("sudden event"), max_length=10, choices=SuddenEvent.choices, default=SuddenEvent.NONE, blank=True
    )
    sudden_costs = money(_("hardship costs of the sudden event in the year"))
    # Situation.
    housing = models.CharField(_("housing"), max_length=10, choices=Housing.choices, default=Housing.OWN)
    housing_area = models.DecimalField(_("housing area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    health = models.CharField(_("applicant's health"), max_length=10, choices=Health.choices, default=Health.HEALTHY)
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, default=Disability.NONE, blank=True
    )
    main_cause = models.CharField(_("main cause of hardship"), max_length=16, choices=Cause.choices)
    secondary_causes = models.CharField(
        _("secondary causes"), max_length=60, blank=True, help_text=_("Up to three, comma-separated codes.")
    )
    single_parent = models.BooleanField(_("single-parent household"), default=False)
    zero_employment = models.BooleanField(_("no one in the household employed"), default=False)
    # Exclusions (one or more blocks the file).
    homes_owned = models.PositiveSmallIntegerField(_("homes owned"), default=0)
    owns_business = models.BooleanField(_("owns a business"), default=False)
    employs_others = models.BooleanField(_("employs others"), default=False)
    private_schooling = models.BooleanField(
        _("children in high-fee private schooling or abroad at own cost"), default=False
    )
    # Migrant workers qualify after one year of actual work.
    work_started = models.DateField(_("actual work since"), null=True, blank=True)
    # Payment.
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = EncryptedPersonalField(_("bank account"), kind="bank_account", blank=True, null=True)
    # Dates of the file's life (set by the workflow's effects).
    visited_on = models.DateField(_("home visit on"), null=True, blank=True, editable=False)
    visitors = models.CharField(_("visited by"), max_length=100, blank=True, editable=False)
    notice_starts = models.DateField(_("public notice from"), null=True, blank=True, editable=False)
    notice_ends = models.DateField(_("public notice until"), null=True, blank=True, editable=False)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False, db_index=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True, editable=False, db_index=True)
    exit_reason = models.CharField(
        _("exit reason"), max_length=10, choices=ExitReason.choices, blank=True, editable=False
    )
    last_reviewed = models.PositiveSmallIntegerField(_("last reviewed in"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=pgettext_lazy("hardship file", "opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("hardship file", "opened at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        indexes = [
            models.Index(fields=["union", "state", "id"], name="assistance_file_union_state"),
            models.Index(fields=["state", "category"], name="assistance_file_state_cat"),
        ]
        constraints = [
            # One household, one file: a worker has at most one file that is not exited or refused.
            models.UniqueConstraint(
                fields=["worker"],
                condition=~Q(state__in=(FileState.EXITED, FileState.REFUSED)),
                name="assistance_file_one_open_per_worker",
            ),
        ]

    def __str__(self) -> str:
        return self.number  # the audit log names the file, never the person

    def get_absolute_url(self) -> str:
        return reverse("assistance:file_detail", args=[self.pk])

    @property
    def essential_costs(self) -> Decimal:
        return self.medical_costs + self.education_costs + self.rent_costs

    @property
    def secondary_cause_list(self) -> list[str]:
        return [code for code in self.secondary_causes.split(",") if code]

    @property
    def secondary_cause_labels(self) -> list[str]:
        labels = dict(self.Cause.choices)
        return [str(labels.get(code, code)) for code in self.secondary_cause_list]

    @property
    def exclusion_list(self) -> list[str]:
        return [code for code in self.exclusion_codes.split(",") if code]

    @property
    def purge_due(self) -> date | None:
        """The first day the file may be purged (``files_purge`` removes it from the day after)."""
        return None if self.exited_on is None else years_after(self.exited_on, RETENTION_YEARS)


class HouseholdMember(PersonalDataModel, UnionOwnedModel):
    """A member of the hardship household (家庭成员), the applicant not included."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        PARENT_IN_LAW = "parent_in_law", _("parent-in-law")
        GRANDCHILD = "grandchild", _("grandchild")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other")

    class Schooling(models.TextChoices):
        NONE = "", _("not in school")
        PRESCHOOL = "preschool", _("preschool")
        PRIMARY = "primary", _("primary school")
        JUNIOR = "junior", _("junior middle school")
        SENIOR = "senior", _("senior high school")
        VOCATIONAL = "vocational", _("secondary vocational school")
        COLLEGE = "college", _("college (专科)")
        BACHELOR = "bachelor", _("university (本科)")
        POSTGRADUATE = "postgraduate", _("postgraduate")

    file = models.ForeignKey(HardshipFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("full name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    id_number = EncryptedPersonalField(_("ID number"), kind="id_number", blind_index="id_number_hash")
    id_number_hash = BlindIndexField()
    birth_date = models.DateField(_("birth date"), editable=False)
    monthly_income = money(_("monthly income"))
    health = models.CharField(
        _("health"), max_length=10, choices=HardshipFile.Health.choices, default=HardshipFile.Health.HEALTHY
    )
    schooling = models.CharField(_("school"), max_length=14, choices=Schooling.choices, blank=True, default="")
    school_or_work = models.CharField(_("school or workplace"), max_length=100, blank=True)
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["file_id", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class GuardianConsent(UnionOwnedModel):
    """A guardian's consent to process the data of a household member under 14 (PIPL art. 31)."""

    member = models.OneToOneField(
        HouseholdMember, verbose_name=_("child"), on_delete=models.CASCADE, related_name="consent"
    )
    guardian_name = models.CharField(_("guardian"), max_length=50)
    guardian_relation = models.CharField(_("guardian's relation"), max_length=20)
    given_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    created_at = None  # type: ignore[assignment]  # recorded_at instead: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")

    def __str__(self) -> str:
        return f"consent {self.pk}"


def file_attachment_path(instance: FileAttachment, filename: str) -> str:
    # A random name: the original (kept in ``name``) may hold personal data.
    return f"assistance/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class FileAttachment(UnionOwnedModel):
    """A scan kept with a file: ID card, commitment letter, employer certificate …"""

    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("ID card scan")
        COMMITMENT = "commitment", _("commitment letter (承诺书)")
        EMPLOYER = "employer", _("employer certificate")
        APPLICATION = "application", _("signed application form")
        AUTHORISATION = "authorisation", _("signed authorisation to check finances")
        OTHER = "other", _("other document")

    file = models.ForeignKey(HardshipFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    document = models.FileField(_("file"), storage=attachment_storage, upload_to=file_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_at = None  # type: ignore[assignment]  # uploaded_at instead: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["file_id", "id"]
        verbose_name = _("file attachment")
        verbose_name_plural = _("file attachments")

    def __str__(self) -> str:
        return self.name


class Program(UnionOwnedModel):
    """An assistance programme of one year (帮扶项目), with its budget and funding sources."""

    class Kind(models.TextChoices):
        WARMTH = "warmth", _("Spring Festival visits (送温暖)")
        EDUCATION = "education", _("Golden Autumn education aid (金秋助学)")
        MEDICAL = "medical", _("medical aid")
        LIVING = "living", _("living aid")
        PAIRING = "pairing", _("one-to-one pairing (一帮一)")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="assistance_programs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(pgettext_lazy("programme", "name"), max_length=100)
    budget = money(_("budget"))
    default_amount = money(_("default amount per household"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("rules and notes"), blank=True)
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = _("assistance programme")
        verbose_name_plural = _("assistance programmes")
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "kind", "name"], name="assistance_program_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:program_detail", args=[self.pk])


class FundingSource(UnionOwnedModel):
    """Where a programme's money comes from (上级拨付, 本级经费, 财政, 社会捐赠 …)."""

    class Kind(models.TextChoices):
        HIGHER_UNION = "higher", _("allocation from the higher union")
        OWN_FUNDS = "own", _("own union funds")
        GOVERNMENT = "government", _("government funds")
        DONATION = "donation", _("donations")
        OTHER = "other", _("other")

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("source"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=100, blank=True)
    amount = money(_("amount"))
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["program_id", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"


class EducationRate(UnionOwnedModel):
    """A 金秋助学 amount by education level and by filed / not yet filed household."""

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rates")
    level = models.CharField(_("education level"), max_length=14, choices=HouseholdMember.Schooling.choices)
    filed_amount = money(_("filed household"))
    unfiled_amount = money(_("household not yet filed"))
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["program_id", "id"]
        verbose_name = _("education aid rate")
        verbose_name_plural = _("education aid rates")
        constraints = [models.UniqueConstraint(fields=["program", "level"], name="assistance_rate_unique_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ¥{self.filed_amount} / ¥{self.unfiled_amount}"


class Disbursement(UnionOwnedModel):
    """A batch of grants (发放批次): made by one person, checked by another, approved, then paid."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="disbursements"
    )
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="disbursements"
    )
    number = models.CharField(_("batch number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=100)
    state = StateField(DisbursementFlow)
    made_by = models.ForeignKey(
        "accounts.User", verbose_name=_("made by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        "accounts.User", verbose_name=_("checked by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("disbursement batch")
        verbose_name_plural = _("disbursement batches")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:disbursement_detail", args=[self.pk])


class Grant(UnionOwnedModel):
    """One grant of money or goods to one household (帮扶记录 / 慰问金), in a batch.

    ``counted`` is set when the batch is approved; the partial unique index then refuses a
    second counted grant to the same household for the same kind of programme in the same year,
    whichever union proposed it. ``file`` is emptied when an exited file is purged: the money
    stays in the figures, the person does not.
    """

    disbursement = models.ForeignKey(
        Disbursement, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="grants"
    )
    file = models.ForeignKey(
        HardshipFile, verbose_name=_("file"), on_delete=models.SET_NULL, null=True, related_name="grants"
    )
    kind = models.CharField(_("programme kind"), max_length=10, choices=Program.Kind.choices, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    amount = models.DecimalField(_("amount"), **MONEY)
    goods = models.CharField(_("goods"), max_length=100, blank=True)
    student = models.ForeignKey(
        HouseholdMember, verbose_name=_("student"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counted = models.BooleanField(_("counted"), default=False, editable=False)
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["disbursement_id", "id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        indexes = [models.Index(fields=["file", "kind", "year"], name="assistance_grant_file_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["file", "kind", "year"],
                condition=Q(counted=True),
                name="assistance_grant_once_a_year",
            ),
            models.UniqueConstraint(fields=["disbursement", "file"], name="assistance_grant_once_a_batch"),
        ]

    def __str__(self) -> str:
        return f"grant {self.pk} ¥{self.amount}"


class Pairing(UnionOwnedModel):
    """一帮一: a cadre paired with one hardship household."""

    file = models.ForeignKey(HardshipFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="pairings")
    cadre_name = models.CharField(_("cadre"), max_length=50)
    cadre_position = models.CharField(pgettext_lazy("cadre", "position"), max_length=100, blank=True)
    cadre_user = models.ForeignKey(
        "accounts.User", verbose_name=_("account"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(pgettext_lazy("pairing", "from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("one-to-one pairing")
        verbose_name_plural = _("one-to-one pairings")

    def __str__(self) -> str:
        return self.cadre_name


class PairingVisit(UnionOwnedModel):
    class Kind(models.TextChoices):
        HOME = "home", _("home visit")
        PHONE = "phone", _("phone call")
        WORKPLACE = "workplace", _("workplace visit")

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOME)
    help_given = models.CharField(_("help given"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("pairing visit")
        verbose_name_plural = _("pairing visits")

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.get_kind_display()}"


class ReviewRound(UnionOwnedModel):
    """The annual review (动态管理) of every filed household, with spot checks on ≥ 30 %."""

    year = models.PositiveSmallIntegerField(_("year"))
    spot_check_share = models.DecimalField(_("share spot-checked"), max_digits=3, decimal_places=2)
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=pgettext_lazy("hardship file", "opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    created_at = None  # type: ignore[assignment]  # opened_at instead: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="assistance_review_once_a_year")]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("assistance:review_detail", args=[self.pk])


class FileReview(UnionOwnedModel):
    class Outcome(models.TextChoices):
        PENDING = "", _("not reviewed yet")
        CONTINUE = "continue", _("still in hardship")
        EXIT = "exit", _("left hardship")

    round = models.ForeignKey(ReviewRound, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reviews")
    file = models.ForeignKey(HardshipFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="reviews")
    spot_check = models.BooleanField(_("spot check"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True, default="")
    category = models.CharField(
        _("category after review"), max_length=10, choices=classification.Category.choices, blank=True
    )
    visited_on = models.DateField(_("spot check visit"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("reviewed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = None  # type: ignore[assignment]  # no creation time: the table predates UnionOwnedModel
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["round_id", "file_id"]
        verbose_name = _("file review")
        verbose_name_plural = _("file reviews")
        constraints = [models.UniqueConstraint(fields=["round", "file"], name="assistance_review_once_per_file")]

    def __str__(self) -> str:
        return f"review {self.pk}"
