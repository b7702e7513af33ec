"""Democratic management's tables: congresses and their sittings, motions, disclosure, collective contracts.

Every row belongs to the union that keeps the employer it concerns (``UnionOwnedModel``): an
employer's congress and contracts are seen by its own union and the federations above it, a
regional congress or contract by the joint union or federation that runs it. Rows hanging off
another (a delegate, an attendance, a ballot) carry their parent's union, so each is scoped on
its own indexed column.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.core.workflow.models import attachment_storage
from gonghui.democracy import rules
from gonghui.democracy.workflows import ContractFlow, MotionFlow, QuestionFlow, SessionFlow


class Level(models.TextChoices):
    EMPLOYER = "employer", _("employer")
    REGIONAL = "regional", _("regional")
    INDUSTRY = "industry", _("industry")


class MinimumWage(models.Model):
    """The local monthly minimum wage from a date, kept by the county administrators (reference data).

    No union owns it: it is the county's one figure, read by every contract check. When the
    table is empty the demo province's published figure applies (``selectors.DEFAULT_MINIMUM_WAGES``).
    """

    effective_from = models.DateField(_("in force from"), unique=True)
    monthly = models.DecimalField(_("monthly minimum wage (yuan)"), max_digits=10, decimal_places=2)
    hourly = models.DecimalField(_("hourly minimum wage, part-time (yuan)"), max_digits=8, decimal_places=2)
    notice = models.CharField(_("notice"), max_length=300, help_text=_("The government notice that set it."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("local minimum wage")
        verbose_name_plural = _("local minimum wages")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d} ¥{self.monthly:,.2f}"


class Congress(UnionOwnedModel):
    """One term (届) of a workers' congress (职代会) or general assembly (职工大会)."""

    class Form(models.TextChoices):
        ASSEMBLY = "assembly", _("general assembly of all workers")
        DELEGATES = "delegates", _("congress of delegates")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="congresses"
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="congresses",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.EMPLOYER)
    covered_employers = models.ManyToManyField(
        "organisations.Employer", verbose_name=_("employers covered"), blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    term_number = models.PositiveSmallIntegerField(_("term (届)"), default=1)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    workforce = models.PositiveIntegerField(_("workers"))
    women_workers = models.PositiveIntegerField(_("women workers"), default=0)
    dispatched_workers = models.PositiveIntegerField(_("dispatched workers"), default=0)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, editable=False)
    delegates_required = models.PositiveIntegerField(_("delegates required"), null=True, editable=False)
    last_sitting_on = models.DateField(_("last sitting"), null=True, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("workers' congress")
        verbose_name_plural = _("workers' congresses")
        ordering = ["-term_start", "id"]
        permissions = [("view_figures", _("Can view the democratic management figures"))]
        indexes = [models.Index(fields=["union", "term_end"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress", args=[self.pk])

    def derive(self) -> None:
        """The form and the delegates required follow the workforce (``rules.delegate_minimum``)."""
        self.delegates_required = rules.delegate_minimum(self.workforce)
        self.form = self.Form.ASSEMBLY if self.delegates_required is None else self.Form.DELEGATES

    @property
    def is_assembly(self) -> bool:
        return self.form == self.Form.ASSEMBLY


class Delegate(UnionOwnedModel):
    """A delegate (职工代表) of a congress term: a worker of the registry, with their electoral unit."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="delegates"
    )
    worker = models.ForeignKey("members.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+")
    electoral_unit = models.CharField(_("electoral unit (车间/科室)"), max_length=100)
    is_manager = models.BooleanField(_("middle manager or leader"), default=False)
    is_frontline = models.BooleanField(_("frontline worker"), default=True)
    is_woman = models.BooleanField(_("woman"), default=False, editable=False)
    is_dispatched = models.BooleanField(_("dispatched worker"), default=False, editable=False)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["electoral_unit", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "worker"], name="democracy_delegate_once")]

    def __str__(self) -> str:
        return self.worker.name


class Session(UnionOwnedModel):
    """One sitting (会议) of a congress term."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular sitting")
        EXTRAORDINARY = "extraordinary", _("extraordinary sitting")

    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("sitting number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    held_on = models.DateField(_("date of the sitting"), db_index=True)
    materials_sent_on = models.DateField(_("materials sent to the delegates on"), null=True, blank=True)
    # Counted when the attendance is taken (for an assembly: entered), kept for lists and figures.
    members_total = models.PositiveIntegerField(_("delegates (all)"), default=0)
    present = models.PositiveIntegerField(_("present"), default=0)
    reported_on = models.DateField(_("reported to the higher union on"), null=True, blank=True)
    state = StateField(SessionFlow)

    class Meta:
        verbose_name = _("congress sitting")
        verbose_name_plural = _("congress sittings")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="democracy_session_number")]

    def __str__(self) -> str:
        return _("%(congress)s, sitting %(number)d") % {"congress": self.congress.name, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("democracy:session", args=[self.pk])

    @property
    def quorum(self) -> bool:
        return rules.quorum_met(self.present, self.members_total)

    @property
    def materials_due(self) -> date:
        return rules.materials_due(self.held_on)

    @property
    def materials_late(self) -> bool:
        return self.materials_sent_on is not None and not rules.materials_in_time(self.materials_sent_on, self.held_on)

    @property
    def materials_days_before(self) -> int | None:
        if self.materials_sent_on is None:
            return None
        return rules.materials_days_before(self.materials_sent_on, self.held_on)

    @property
    def materials_problem(self) -> str | None:
        """Why the sitting may not vote for want of lawful materials (``rules.materials_problem``)."""
        return rules.materials_problem(self.materials_sent_on, self.held_on)


class Attendance(UnionOwnedModel):
    """One delegate's attendance at one sitting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="democracy_attendance_once")]


class AgendaItem(UnionOwnedModel):
    """An item put to the vote at a sitting; passed items become resolutions (决议)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general matter")
        CONTRACT = "contract", _("collective contract draft")
        WAGE = "wage", _("wage agreement draft")
        ELECTION = "election", _("election (presidium, employee director or supervisor)")
        REPORT = "report", _("work report")

    session = models.ForeignKey(Session, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("item number"))
    title = models.CharField(_("item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    contract = models.ForeignKey(
        "CollectiveContract",
        verbose_name=_("contract"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    passed = models.BooleanField(pgettext_lazy("vote", "passed"), default=False, editable=False)
    resolution_published_on = models.DateField(_("resolution posted on"), null=True, blank=True)
    # An election (presidium, employee director or supervisor): the seats to fill from its candidates.
    seats = models.PositiveSmallIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    # An election's ballot papers counted (each delegate may mark up to ``seats`` candidates).
    ballots_cast = models.PositiveIntegerField(_("ballot papers cast"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="democracy_item_number")]

    def __str__(self) -> str:
        return self.title

    @property
    def resolution_posted_until(self) -> date | None:
        if self.resolution_published_on is None:
            return None
        return rules.resolution_posted_until(self.resolution_published_on)


class Candidate(UnionOwnedModel):
    """A candidate of an election item: a worker of the employer (a delegate or not), with the votes received."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    worker = models.ForeignKey("members.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False, editable=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["item_id", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "worker"], name="democracy_candidate_once")]

    def __str__(self) -> str:
        return self.worker.name


class Ballot(UnionOwnedModel):
    """One vote on an item (a secret ballot recorded as counts); a failed item may be voted again."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballots")
    round = models.PositiveSmallIntegerField(_("round"))
    yes = models.PositiveIntegerField(pgettext_lazy("vote", "yes"))
    no = models.PositiveIntegerField(pgettext_lazy("vote", "no"))
    abstain = models.PositiveIntegerField(_("abstentions"))
    members_total = models.PositiveIntegerField(_("delegates (all)"))
    present = models.PositiveIntegerField(_("present"))
    passed = models.BooleanField(pgettext_lazy("vote", "passed"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="democracy_ballot_round")]


class Motion(UnionOwnedModel):
    """A motion (提案) tabled by delegates, handled by the motions committee and a department."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASIC = "basic", _("basically satisfied")
        UNSATISFIED = "unsatisfied", _("not satisfied")

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="motions")
    session = models.ForeignKey(
        Session, verbose_name=_("tabled at"), on_delete=models.SET_NULL, null=True, blank=True, related_name="motions"
    )
    number = models.PositiveIntegerField(_("motion number"))
    title = models.CharField(_("subject (案由)"), max_length=200)
    proposal = models.TextField(_("proposed measures"))
    tabled_by = models.ForeignKey(
        Delegate, verbose_name=_("tabled by"), on_delete=models.PROTECT, related_name="motions_tabled"
    )
    seconders = models.ManyToManyField(Delegate, verbose_name=_("seconded by"), blank=True, related_name="+")
    tabled_on = models.DateField(_("tabled on"))
    committee_reason = models.TextField(_("motions committee's reason"), blank=True)
    department = models.CharField(_("department responsible"), max_length=100, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True)
    reported_at = models.ForeignKey(
        Session, verbose_name=_("reported at"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = StateField(MotionFlow)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["-tabled_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="democracy_motion_number")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:motion", args=[self.pk])


class DisclosureItem(models.TextChoices):
    """What an employer must disclose (山东省厂务公开条例 2014: 7 items for private firms, 11 for state-owned)."""

    CONTRACT = "contract", _("collective contract and wage agreement")
    RULES = "rules", _("rules affecting workers")
    INSURANCE = "insurance", _("social insurance and housing fund payments")
    TRAINING = "training", _("training and work safety")
    MODEL_WORKERS = "model_workers", _("model-worker selection: conditions and results")
    WAGES = "wages", _("wage and bonus distribution")
    HOURS = "hours", _("working hours, rest and leave")
    # State-owned employers besides (the congress's review of managers, welfare and hospitality funds …).
    MANAGERS = "managers", _("review of middle and senior managers")
    WELFARE = "welfare", _("welfare fund use")
    HOSPITALITY = "hospitality", _("hospitality expenses")
    MAJOR_DECISIONS = "major_decisions", _("major business decisions and restructuring")


PRIVATE_ITEMS = (
    DisclosureItem.CONTRACT,
    DisclosureItem.RULES,
    DisclosureItem.INSURANCE,
    DisclosureItem.TRAINING,
    DisclosureItem.MODEL_WORKERS,
    DisclosureItem.WAGES,
    DisclosureItem.HOURS,
)
STATE_OWNED_ITEMS = (
    *PRIVATE_ITEMS,
    DisclosureItem.MANAGERS,
    DisclosureItem.WELFARE,
    DisclosureItem.HOSPITALITY,
    DisclosureItem.MAJOR_DECISIONS,
)


class Disclosure(UnionOwnedModel):
    """One item an employer disclosed in a year (厂务公开): when, how, and the evidence."""

    class Channel(models.TextChoices):
        NOTICE_BOARD = "board", _("notice board")
        CONGRESS = "congress", _("workers' congress")
        MEETING = "meeting", _("staff meeting")
        ONLINE = "online", _("intranet or messaging group")

    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    item = models.CharField(_("item"), max_length=32, choices=DisclosureItem.choices)
    disclosed_on = models.DateField(_("disclosed on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-year", "item"]
        constraints = [models.UniqueConstraint(fields=["employer", "year", "item"], name="democracy_disclosure_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_display()}"


def evidence_path(instance: DisclosureEvidence, filename: str) -> str:
    # A random name: the original (kept in ``name``) may hold personal data or odd characters.
    return f"democracy/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class DisclosureEvidence(UnionOwnedModel):
    """The evidence of a disclosure: a photo of the notice posted, or a PDF (core attachment storage)."""

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("disclosure"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("evidence file"), storage=attachment_storage, upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["disclosure_id", "id"]
        verbose_name = _("disclosure evidence")
        verbose_name_plural = _("disclosure evidence")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("democracy:disclosure_evidence", args=[self.pk])


class Question(UnionOwnedModel):
    """A worker's question on disclosure, answered by the employer within 30 days."""

    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    asked_on = models.DateField(_("asked on"))
    subject = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    state = StateField(QuestionFlow)

    class Meta:
        verbose_name = _("disclosure question")
        verbose_name_plural = _("disclosure questions")
        ordering = ["-asked_on", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("democracy:employer", args=[self.employer_id]) + f"?year={self.asked_on.year}#questions"


class CollectiveContract(UnionOwnedModel):
    """A collective contract or special agreement, from the bargaining request to its expiry."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("comprehensive collective contract")
        WAGE = "wage", _("wage agreement")
        WOMEN = "women", _("women workers' special agreement")
        SAFETY = "safety", _("labour safety and health special agreement")

    class RequestedBy(models.TextChoices):
        UNION = "union", _("the union")
        EMPLOYER = "employer", _("the employer")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="collective_contracts"
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_contracts",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.EMPLOYER)
    covered_employers = models.ManyToManyField(
        "organisations.Employer", verbose_name=_("employers covered"), blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    requested_by = models.CharField(
        pgettext_lazy("contract", "requested by"), max_length=16, choices=RequestedBy.choices, default=RequestedBy.UNION
    )
    requested_on = models.DateField(_("bargaining requested on"))
    replied_on = models.DateField(_("reply received on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True)
    filing_due = models.DateField(_("filing due"), null=True, blank=True, editable=False)
    filed_on = models.DateField(pgettext_lazy("contract", "filed on"), null=True, blank=True)
    filed_late = models.BooleanField(_("filed late"), default=False, editable=False, db_index=True)
    received_on = models.DateField(_("received by the labour department on"), null=True, blank=True)
    objection_window_end = models.DateField(_("objection window ends"), null=True, blank=True, editable=False)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True, db_index=True)
    covered_workers = models.PositiveIntegerField(_("workers covered"), default=0)
    wage_rise_percent = models.DecimalField(
        _("agreed wage rise (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-50")), MaxValueValidator(Decimal("100"))],
    )
    minimum_wage = models.DecimalField(
        _("minimum wage in the contract (yuan a month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    local_minimum_wage = models.DecimalField(
        _("local minimum wage at signing (yuan a month)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    rest = models.CharField(_("rest and leave"), max_length=200, blank=True)
    insurance = models.CharField(_("insurance and welfare"), max_length=200, blank=True)
    state = StateField(ContractFlow)

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["union", "state", "term_end"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:contract", args=[self.pk])

    @property
    def is_wage_agreement(self) -> bool:
        return self.kind == self.Kind.WAGE

    @property
    def renewal_prompt_from(self) -> date | None:
        return rules.renewal_prompt_from(self.term_end) if self.term_end else None


class Representative(UnionOwnedModel):
    """A bargaining representative (协商代表) of one side."""

    class Side(models.TextChoices):
        WORKERS = "workers", _("workers' side")
        EMPLOYER = "employer", _("employer's side")

    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="representatives")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(pgettext_lazy("representative", "position"), max_length=100, blank=True)
    is_chief = models.BooleanField(_("chief representative"), default=False)

    class Meta:
        verbose_name = _("bargaining representative")
        verbose_name_plural = _("bargaining representatives")
        ordering = ["side", "-is_chief", "id"]

    def __str__(self) -> str:
        return self.name


class NegotiationRound(UnionOwnedModel):
    """One round of bargaining, with its minutes."""

    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    held_on = models.DateField(_("held on"))
    minutes = models.TextField(_("minutes"))

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="democracy_round_number")]
