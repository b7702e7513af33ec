"""Worker requests' tables (职工诉求).

A ``Request`` comes from the public form (no account), a worker's own pages, the 12351 hotline
or a visit. It is kept by the union that answers it: the union of the worker's employer, else
the township federation. Its contact person's name and mobile are personal data (the mobile
encrypted at rest, both masked wherever shown). A random tracking code lets the worker follow
it without an account.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.privacy.fields import EncryptedPersonalField, PersonalCharField, PersonalDataModel
from gonghui.core.privacy.masking import mask
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.requests import rules
from gonghui.requests.workflows import RequestFlow


class Request(PersonalDataModel, UnionOwnedModel):
    """A worker's request or complaint, kept (and answered) by ``union``."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online form")
        PORTAL = "portal", _("worker's own pages")
        HOTLINE = "hotline", _("12351 hotline")
        VISIT = "visit", _("visit in person")

    class Category(models.TextChoices):
        WAGES = "wages", _("wages and pay")
        CONTRACTS = "contracts", _("labour contracts")
        SOCIAL_INSURANCE = "social_insurance", _("social insurance")
        INJURY = "injury", _("work injury")
        HARDSHIP = "hardship", _("hardship")
        WOMEN = "women", _("rights of women workers")
        OTHER = "other", _("others")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        FAIRLY = "fairly", _("fairly satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("handling union"), on_delete=models.PROTECT, related_name="worker_requests"
    )
    code = models.CharField(_("tracking code"), max_length=rules.CODE_LENGTH, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, db_index=True)
    category = models.CharField(
        pgettext_lazy("requests", "category"), max_length=16, choices=Category.choices, db_index=True
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_requests",
    )
    employer_name = models.CharField(_("employer as given"), max_length=200, blank=True)
    contact_name = PersonalCharField(_("contact name"), kind="name", max_length=50)
    contact_phone = EncryptedPersonalField(_("contact mobile"), kind="phone", blank=True, null=True)
    description = models.TextField(pgettext_lazy("requests", "what it is about"))
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=_("worker in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_requests",
    )
    received_on = models.DateField(_("received on"), db_index=True)
    first_contact_due = models.DateField(_("first contact due"))
    answer_due = models.DateField(_("answer due"), db_index=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_worker_requests",
    )
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    reply = models.TextField(_("reply to the worker"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, db_index=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True, db_index=True
    )
    satisfaction_comment = models.CharField(_("worker's comment"), max_length=300, blank=True)
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    transferred_to = models.OneToOneField(
        "self",
        verbose_name=_("transferred to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transferred_from",
    )
    dispute = models.OneToOneField(
        "rights.Dispute",
        verbose_name=_("mediation case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_request",
    )
    hardship_file = models.OneToOneField(
        "assistance.HardshipFile",
        verbose_name=_("hardship application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_request",
    )
    state = StateField(RequestFlow)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("worker request")
        verbose_name_plural = _("worker requests")
        indexes = [
            models.Index(fields=["state", "answer_due"], name="requests_state_due"),
            models.Index(fields=["category", "received_on"], name="requests_category_day"),
        ]
        permissions = [("view_figures", "View worker request figures")]

    def __str__(self) -> str:
        return f"{rules.format_code(self.code)} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("requests:detail", args=[self.pk])

    @property
    def display_code(self) -> str:
        return rules.format_code(self.code)

    @property
    def masked_contact(self) -> str:
        """The contact as the tracking page and the worker's pages show it: masked, like everywhere."""
        return " ".join(
            str(part) for part in (mask("name", self.contact_name), mask("phone", self.contact_phone)) if part
        )
