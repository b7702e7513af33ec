"""Employment services' tables (就业服务).

* ``JobSeeker`` (求职者): a laid-off, migrant or other worker looking for work, registered by a
  union or its service point (from the member registry when the worker is in it); name, ID
  number and phone are personal data (the last two encrypted), shown masked.
* ``Vacancy`` (岗位): a post offered by an employer, with its skills, pay range, headcount,
  place and the day it is valid until (an expired vacancy matches nobody).
* ``Referral`` (推荐): a seeker sent to a vacancy and its outcome; a hire makes a ``Placement``
  (就业安置) and marks the seeker placed.
* ``JobFair`` (招聘会) with its participating employers (``FairEmployer``) and its attendance
  (``FairAttendance``).

Skills are codes of one controlled list (``rules.SKILLS``) kept as ``,code,code,`` so that a
candidate query can filter by any of them in SQL.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, PersonalCharField, PersonalDataModel
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.employment import rules

TOWNSHIP = {"level": "township"}


class JobSeeker(PersonalDataModel, UnionOwnedModel):
    """A job seeker (求职者), kept by the union (or service point) that registered them."""

    class Category(models.TextChoices):
        LAID_OFF = "laid_off", _("laid-off worker")
        MIGRANT = "migrant", _("migrant worker")
        GRADUATE = "graduate", _("college graduate")
        DISABLED = "disabled", _("worker with a disability")
        VETERAN = "veteran", _("retired serviceman")
        HARDSHIP = "hardship", _("worker in hardship")
        OTHER = "other", pgettext_lazy("employment", "other")

    class State(models.TextChoices):
        SEEKING = "seeking", _("seeking work")
        PLACED = "placed", pgettext_lazy("employment", "placed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="job_seekers"
    )
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("worker in the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="job_seekers",
    )
    name = PersonalCharField(_("full name"), kind="name", max_length=50, db_index=True)
    id_number = EncryptedPersonalField(_("ID number"), kind="id_number", blind_index="id_number_hash")
    id_number_hash = BlindIndexField()
    phone = EncryptedPersonalField(_("mobile phone"), kind="phone", blind_index="phone_hash", blank=True, null=True)
    phone_hash = BlindIndexField()
    category = models.CharField(
        pgettext_lazy("employment", "category"), max_length=12, choices=Category.choices, db_index=True
    )
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    wished_work = models.CharField(_("work wished for"), max_length=200, blank=True)
    place = models.ForeignKey(
        "reference.Division",
        verbose_name=_("township wished for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=TOWNSHIP,
    )
    expected_pay = models.DecimalField(
        _("expected monthly pay (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    registered_on = models.DateField(_("registered on"), db_index=True)
    state = models.CharField(
        pgettext_lazy("employment", "state"), max_length=10, choices=State.choices, default=State.SEEKING, db_index=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        indexes = [models.Index(fields=["state", "category"], name="employment_seeker_state")]
        permissions = [("view_figures", "View employment figures")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employment:seeker_detail", args=[self.pk])

    @property
    def skill_codes(self) -> list[str]:
        return rules.split_skills(self.skills)

    @property
    def skill_labels(self) -> list[str]:
        return rules.skill_labels(self.skills)


class Vacancy(UnionOwnedModel):
    """A post an employer offers (岗位), kept by the union that keeps the employer."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="job_vacancies"
    )
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="job_vacancies"
    )
    post = models.CharField(_("post"), max_length=100)
    skills = models.CharField(_("skills required"), max_length=300, blank=True)
    pay_min = models.DecimalField(_("pay from (yuan a month)"), max_digits=10, decimal_places=2)
    pay_max = models.DecimalField(_("pay up to (yuan a month)"), max_digits=10, decimal_places=2)
    headcount = models.PositiveIntegerField(_("headcount"))
    filled = models.PositiveIntegerField(pgettext_lazy("employment", "placed"), default=0, editable=False)
    place = models.ForeignKey(
        "reference.Division",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=TOWNSHIP,
    )
    valid_until = models.DateField(_("valid until"), db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(condition=Q(pay_min__lte=F("pay_max")), name="employment_pay_range"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="employment_headcount_positive"),
            models.CheckConstraint(condition=Q(filled__lte=F("headcount")), name="employment_headcount_respected"),
        ]

    def __str__(self) -> str:
        return f"{self.employer.name}：{self.post}"

    def get_absolute_url(self) -> str:
        return reverse("employment:vacancy_detail", args=[self.pk])

    @property
    def open_places(self) -> int:
        return max(0, self.headcount - self.filled)

    @property
    def skill_codes(self) -> list[str]:
        return rules.split_skills(self.skills)

    @property
    def skill_labels(self) -> list[str]:
        return rules.skill_labels(self.skills)


class JobFair(UnionOwnedModel):
    """A job fair (招聘会) organised by ``union``."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organising union"), on_delete=models.PROTECT, related_name="job_fairs"
    )
    title = models.CharField(pgettext_lazy("employment", "title"), max_length=200)
    held_on = models.DateField(pgettext_lazy("employment", "held on"), db_index=True)
    place = models.ForeignKey(
        "reference.Division",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=TOWNSHIP,
    )
    venue = models.CharField(_("venue"), max_length=200)
    results = models.TextField(pgettext_lazy("employment", "results"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("employment:fair_detail", args=[self.pk])


class FairEmployer(UnionOwnedModel):
    """An employer at a job fair with the posts it offered there."""

    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    fair = models.ForeignKey(JobFair, verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    posts = models.CharField(_("posts offered"), max_length=300)
    positions = models.PositiveIntegerField(_("positions offered"), default=0)

    class Meta:
        ordering = ["fair_id", "id"]
        verbose_name = _("employer at a job fair")
        verbose_name_plural = _("employers at job fairs")
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="employment_fair_employer_once")]

    def __str__(self) -> str:
        return self.employer.name


class FairAttendance(UnionOwnedModel):
    """A job seeker who came to a job fair."""

    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    fair = models.ForeignKey(JobFair, verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="attendance")
    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="fairs_attended"
    )

    class Meta:
        ordering = ["fair_id", "id"]
        verbose_name = _("job fair attendance")
        verbose_name_plural = _("job fair attendance")
        constraints = [models.UniqueConstraint(fields=["fair", "seeker"], name="employment_fair_seeker_once")]

    def __str__(self) -> str:
        return self.seeker.name


class Referral(UnionOwnedModel):
    """A job seeker referred to a vacancy (推荐), kept by the seeker's union, and its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("awaiting the employer")
        HIRED = "hired", pgettext_lazy("employment", "hired")
        NOT_HIRED = "not_hired", pgettext_lazy("employment", "not hired")

    class Reason(models.TextChoices):
        SKILLS = "skills", _("skills did not fit")
        PAY = "pay", _("pay not accepted")
        DISTANCE = "distance", _("too far away")
        DECLINED = "declined", _("the seeker declined")
        NO_SHOW = "no_show", _("did not attend the interview")
        FILLED = "filled", _("post already filled")
        OTHER = "other", pgettext_lazy("employment", "other")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="job_referrals"
    )
    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="referrals"
    )
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="referrals")
    fair = models.ForeignKey(
        JobFair,
        verbose_name=_("at the job fair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    referred_on = models.DateField(_("referred on"), db_index=True)
    score = models.PositiveSmallIntegerField(_("match score"), default=0)
    outcome = models.CharField(
        pgettext_lazy("employment", "outcome"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.PENDING,
        db_index=True,
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reason = models.CharField(_("why not hired"), max_length=10, choices=Reason.choices, blank=True)
    reason_note = models.CharField(pgettext_lazy("employment", "details"), max_length=300, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [models.UniqueConstraint(fields=["seeker", "vacancy"], name="employment_referral_once")]

    def __str__(self) -> str:
        return f"{self.seeker.name} → {self.vacancy.post}"

    def get_absolute_url(self) -> str:
        return reverse("employment:referral_detail", args=[self.pk])


class Placement(UnionOwnedModel):
    """A job seeker placed in work (就业安置), kept by the seeker's union."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="job_placements"
    )
    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="placements"
    )
    referral = models.OneToOneField(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement",
    )
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("post"), max_length=100)
    pay = models.DecimalField(_("monthly pay (yuan)"), max_digits=10, decimal_places=2)
    placed_on = models.DateField(_("placed on"), db_index=True)

    class Meta:
        ordering = ["-placed_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.seeker.name}：{self.post}"

    def get_absolute_url(self) -> str:
        return self.seeker.get_absolute_url()
