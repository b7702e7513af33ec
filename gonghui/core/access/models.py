"""Account requests (账号申请): MLPS wants accounts applied for and approved, not just created."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.accounts.roles import MANAGED_ROLES
from gonghui.core.privacy.fields import EncryptedPersonalField
from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField

# Ordinary roles only: the county, security and audit administrators are appointed on the
# command line, not requested (三权分立).
REQUESTABLE_ROLES = [(role.value, role.label) for role in MANAGED_ROLES]


class AccountRequest(UnionOwnedModel):
    """A request for an account for one person at one union, approved by the security administrator."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="account_requests"
    )
    full_name = models.CharField(_("full name"), max_length=100)
    username = models.CharField(_("user name"), max_length=150)
    role = models.CharField(_("role"), max_length=32, choices=REQUESTABLE_ROLES)
    phone = EncryptedPersonalField(_("mobile phone"), kind="phone", blank=True)
    reason = models.TextField(_("reason"))
    state = StateField(AccountRequestFlow)
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account created"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        default_permissions = ()
        permissions = [
            ("view_accountrequest", "Can see account requests"),
            ("add_accountrequest", "Can request accounts"),
            ("decide_accountrequest", "Can approve or reject account requests"),
        ]
        indexes = [models.Index(fields=["union", "state"], name="access_request_union_state")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def get_absolute_url(self) -> str:
        return reverse("access:request_detail", kwargs={"request_id": self.pk})
