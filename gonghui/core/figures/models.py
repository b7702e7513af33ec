"""The figures' one table: the stamps that say whether a figure counted earlier still holds (``stamps.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TableStamp(models.Model):
    """A table's stamp (or a part of it), renewed by the database's own triggers on every change (see ``stamps.py``).

    SQLite keeps one row per table; PostgreSQL appends a row per changing statement, folded into one
    by a periodic job. No page shows these rows.
    """

    table_name = models.CharField(_("table"), max_length=63, db_index=True)
    # "" any change, "c:<column>" an update of that column, "*" every township, else a township's path prefix
    part = models.CharField(_("part"), max_length=70, default="", db_default="", blank=True)
    stamp = models.BigIntegerField(_("stamp"))

    class Meta:
        db_table = "figures_tablestamp"
        verbose_name = _("table stamp")
        verbose_name_plural = _("table stamps")
        default_permissions = ()
        indexes = [models.Index(fields=["table_name", "part"], name="figures_stamp_table_part")]

    def __str__(self) -> str:
        return f"{self.table_name} {self.stamp}"
