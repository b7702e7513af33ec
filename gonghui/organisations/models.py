"""Organisation building: employers (单位), what real records hold about a union, and its committee.

An ``Employer`` is kept by one union (``union``), which decides who may see it: the township
or sector federation at first, its own grassroots union once founded, or the joint union
that covers it. ``own_union`` and ``joint_union`` say how it is organised.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.identifiers import validate_credit_code
from gonghui.core.privacy.fields import EncryptedPersonalField
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.organisations.workflows import OPEN_STATES, FoundingFlow

if TYPE_CHECKING:
    from gonghui.core.tree.models import Union

# Size bands of the coverage figures (<25, 25–99, 100–999, ≥1000): 25 is the committee threshold.
SIZE_BANDS: tuple[tuple[str, int], ...] = (("lt25", 0), ("25_99", 25), ("100_999", 100), ("ge1000", 1000))


class SizeBand(models.TextChoices):
    LT25 = "lt25", _("fewer than 25")
    FROM25 = "25_99", _("25 to 99")
    FROM100 = "100_999", _("100 to 999")
    GE1000 = "ge1000", _("1,000 or more")


def size_band_for(headcount: int) -> str:
    """The size band code of an employer with ``headcount`` workers."""
    band = SIZE_BANDS[0][0]
    for code, lower in SIZE_BANDS:
        if headcount >= lower:
            band = code
    return band


class Employer(UnionOwnedModel):
    """An employer (单位): enterprise, public institution or social organisation, and its union status."""

    class Status(models.TextChoices):
        OPERATING = "operating", _("operating")
        CLOSED = "closed", _("closed")

    class UnionStatus(models.TextChoices):
        OWN = "own", _("has its own union")
        JOINT = "joint", _("covered by a joint union")
        NONE = "none", _("no union")
        NOT_ELIGIBLE = "not_eligible", _("not eligible")

    union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("keeping union"),
        on_delete=models.PROTECT,
        related_name="employers",
        help_text=_("The union that keeps this record and decides who may see it."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("employer name"), max_length=200, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    division = models.ForeignKey(
        "reference.Division",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    village = models.ForeignKey(
        "reference.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ownership = models.ForeignKey(
        "reference.Ownership", verbose_name=_("economic type"), on_delete=models.PROTECT, null=True, blank=True
    )
    nature = models.ForeignKey(
        "reference.UnitNature", verbose_name=_("unit nature"), on_delete=models.PROTECT, null=True, blank=True
    )
    industry = models.ForeignKey(
        "reference.Industry", verbose_name=_("industry"), on_delete=models.PROTECT, null=True, blank=True
    )
    headcount = models.PositiveIntegerField(_("workers"), default=0)
    women = models.PositiveIntegerField(_("women workers"), default=0)
    migrant_workers = models.PositiveIntegerField(_("migrant workers"), default=0)
    dispatched_workers = models.PositiveIntegerField(_("dispatched workers"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedPersonalField(_("contact phone"), kind="phone", blank=True, null=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPERATING, db_index=True
    )
    union_status = models.CharField(
        _("union status"), max_length=16, choices=UnionStatus.choices, default=UnionStatus.NONE, db_index=True
    )
    not_eligible_reason = models.CharField(_("reason not eligible"), max_length=200, blank=True)
    own_union = models.OneToOneField(
        "tree.Union",
        verbose_name=_("own union"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_employer",
    )
    joint_union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("joint union"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_employers",
    )
    size_band = models.CharField(_("size band"), max_length=8, choices=SizeBand.choices, db_index=True)
    founded_on = models.DateField(
        _("covered since"), null=True, blank=True, help_text=_("When the employer got a union or joint coverage.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [
            models.Index(fields=["union", "status", "union_status"], name="org_emp_union_status"),
            models.Index(fields=["division", "union_status"], name="org_emp_division_us"),
            models.Index(fields=["industry", "union_status"], name="org_emp_industry_us"),
            models.Index(fields=["ownership", "union_status"], name="org_emp_ownership_us"),
            models.Index(fields=["size_band", "union_status"], name="org_emp_size_us"),
            models.Index(fields=["-headcount"], name="org_emp_headcount"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.size_band = size_band_for(self.headcount or 0)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "headcount" in update_fields and "size_band" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "size_band"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organisations:employer_detail", kwargs={"employer_id": self.pk})

    @property
    def covering_union(self) -> Union | None:
        """The union that organises the employer: its own, else the joint union covering it."""
        return self.own_union or self.joint_union

    @property
    def full_time_chair_expected(self) -> bool:
        """工会法 art. 14: an employer of 200 workers or more should have a full-time chair."""
        return self.headcount >= FULL_TIME_CHAIR_HEADCOUNT


# 工会法 art. 11: 25 members or more elect a committee; fewer, an organizer (or join a joint union).
COMMITTEE_THRESHOLD = 25
# 工会法 art. 14.
FULL_TIME_CHAIR_HEADCOUNT = 200
# How long before the re-election falls due the reminders start.
RE_ELECTION_WARNING_DAYS = 90


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class UnionProfile(UnionOwnedModel):
    """What real records hold about a union beyond the tree: type, members, term, full-time chair."""

    class Type(models.TextChoices):
        INDEPENDENT = "independent", _("independent grassroots union")
        JOINT = "joint", _("joint grassroots union")
        REGIONAL_FEDERATION = "regional_federation", _("regional union federation")
        INDUSTRY_FEDERATION = "industry_federation", _("industry union federation")
        SECTOR = "sector", _("sector union")
        FEDERATION = "federation", _("federation of trade unions")

    TERM_CHOICES = [(3, _("3 years")), (5, _("5 years"))]

    union = models.OneToOneField(
        "tree.Union", verbose_name=_("union"), on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    union_type = models.CharField(_("union type"), max_length=24, choices=Type.choices)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    term_years = models.PositiveSmallIntegerField(_("term"), choices=TERM_CHOICES, default=5)
    elected_on = models.DateField(_("last election"), null=True, blank=True)
    re_election_due = models.DateField(_("re-election due"), null=True, blank=True, db_index=True)
    full_time_chair = models.BooleanField(_("full-time chair"), default=False)

    class Meta:
        ordering = ["union__path"]
        verbose_name = _("union profile")
        verbose_name_plural = _("union profiles")

    def __str__(self) -> str:
        return str(self.union)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.re_election_due = self.compute_re_election_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "re_election_due" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "re_election_due"]
        super().save(*args, **kwargs)

    def compute_re_election_due(self) -> date | None:
        """工会法 art. 16: a committee serves 3 or 5 years from its election."""
        if self.elected_on is None:
            return None
        return add_years(self.elected_on, int(self.term_years))

    @property
    def needs_committee(self) -> bool:
        return self.member_count >= COMMITTEE_THRESHOLD


class CommitteeMember(UnionOwnedModel):
    """One seat on a union's committee, women workers' committee or funds audit committee."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("union committee")
        WOMEN = "women", _("women workers' committee")
        FUNDS_AUDIT = "funds_audit", _("funds audit committee")

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        MEMBER = "member", _("committee member")
        ORGANIZER = "organizer", _("organizer")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.CASCADE, related_name="committee_members"
    )
    body = models.CharField(_("body"), max_length=16, choices=Body.choices, default=Body.COMMITTEE)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices, default=Position.MEMBER)
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedPersonalField(_("phone"), kind="phone", blank=True, null=True)
    full_time = models.BooleanField(_("full-time"), default=False)
    position_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["union", "body", "position_order", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        indexes = [models.Index(fields=["union", "body", "position"], name="org_committee_seat")]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.name}"


# --- Founding pipeline (组建) -------------------------------------------------------------------


class FoundingCase(UnionOwnedModel):
    """One employer's way to a union: no union → preparing (筹建) → founded, or covered by a joint union.

    ``union`` is the federation answerable for the case (the employer's keeping union when the case
    opened: a township or sector federation); it scopes the case, its deadlines and its timeline.
    One open case per employer.
    """

    class Source(models.TextChoices):
        SURVEY = "survey", _("survey visit")
        REGISTER = "register", _("employer register")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("responsible union"), on_delete=models.PROTECT, related_name="founding_cases"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="founding_cases"
    )
    state = StateField(FoundingFlow)
    source = models.CharField(_("found by"), max_length=16, choices=Source.choices, default=Source.REGISTER)
    survey_visit = models.ForeignKey(
        "organisations.SurveyVisit",
        verbose_name=_("survey visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_cases",
    )
    # Preparing (筹建): who organises it, the plan, and when the founding meeting should be.
    organizer_name = models.CharField(_("organizer"), max_length=50, blank=True)
    organizer_phone = EncryptedPersonalField(_("organizer's phone"), kind="phone", blank=True, null=True)
    steps = models.TextField(_("steps planned"), blank=True)
    target_date = models.DateField(_("target founding date"), null=True, blank=True)
    preparing_since = models.DateField(_("preparing since"), null=True, blank=True)
    # Founded: the founding meeting and the union it made; or the joint union that covers the employer.
    founding_meeting_on = models.DateField(_("founding meeting"), null=True, blank=True)
    members_enrolled = models.PositiveIntegerField(_("members enrolled"), null=True, blank=True)
    founded_union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("union founded"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joint_union = models.ForeignKey(
        "tree.Union",
        verbose_name=_("joint union"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        "accounts.User", verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("founding case")
        verbose_name_plural = _("founding cases")
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=models.Q(state__in=OPEN_STATES),
                name="org_one_open_founding_case",
            )
        ]
        indexes = [models.Index(fields=["union", "state"], name="org_founding_union_state")]

    def __str__(self) -> str:
        return str(self.employer)

    def get_absolute_url(self) -> str:
        return reverse("organisations:founding_detail", kwargs={"case_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


# --- Survey campaigns (普查) ---------------------------------------------------------------------


class Survey(UnionOwnedModel):
    """A survey campaign (普查): opened by the county federation for a period, assigned to townships."""

    class Status(models.TextChoices):
        OPEN = "open", _("under way")
        CLOSED = "closed", _("closed")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("opened by union"), on_delete=models.PROTECT, related_name="surveys"
    )
    name = models.CharField(_("campaign name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    notes = models.TextField(_("instructions"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_by = models.ForeignKey(
        "accounts.User", verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:survey_detail", kwargs={"survey_id": self.pk})


class SurveyAssignment(UnionOwnedModel):
    """A township (or sector) federation's share of a campaign: the employers it keeps are its to visit."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey campaign"), on_delete=models.CASCADE, related_name="assignments"
    )
    union = models.ForeignKey(
        "tree.Union", verbose_name=_("assigned union"), on_delete=models.PROTECT, related_name="survey_assignments"
    )
    target = models.PositiveIntegerField(
        _("employers to visit"), default=0, help_text=_("Operating employers in the union's part of the tree.")
    )
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["survey", "union__path"]
        verbose_name = _("survey assignment")
        verbose_name_plural = _("survey assignments")
        constraints = [models.UniqueConstraint(fields=["survey", "union"], name="org_one_assignment_per_union")]

    def __str__(self) -> str:
        return f"{self.survey} · {self.union}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:survey_assignment", kwargs={"assignment_id": self.pk})


class SurveyVisit(UnionOwnedModel):
    """One employer visited in a campaign: when, by whom, what was found."""

    assignment = models.ForeignKey(
        SurveyAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="visits"
    )
    # ``union`` (UnionOwnedModel) is the assignment's union, kept on the row so the scoped manager reads one column.
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="survey_visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visited by"), max_length=100)
    headcount_found = models.PositiveIntegerField(_("workers found"))
    union_status_found = models.CharField(_("union status found"), max_length=16, choices=Employer.UnionStatus.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = None  # type: ignore[assignment]  # no update time: the table predates UnionOwnedModel

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("survey visit")
        verbose_name_plural = _("survey visits")
        indexes = [models.Index(fields=["assignment", "employer"], name="org_visit_assignment_emp")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.visited_on}"
