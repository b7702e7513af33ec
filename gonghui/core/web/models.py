"""Tables of the page layer: the counters that hold back floods of public submissions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCount(models.Model):
    """How many submissions one client address made to one public form in one window.

    Counted in the database so that the limit holds across every web process (a per-process
    cache would let each process take its own share); the address is kept only as a keyed
    hash, never in clear. Old windows are removed by a periodic job.
    """

    scope = models.CharField(_("form"), max_length=60)
    client = models.CharField(_("client (keyed hash)"), max_length=64)
    window = models.DateTimeField(_("window"), db_index=True)
    count = models.PositiveIntegerField(_("submissions"), default=0)

    class Meta:
        verbose_name = _("submission count")
        verbose_name_plural = _("submission counts")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "window"], name="web_throttle_scope_client_window")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window:%Y-%m-%d %H:%M} {self.count}"
