"""The union tree: county federation → township / sector federations → grassroots and joint unions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.identifiers import validate_credit_code
from gonghui.core.tree.paths import ALPHABET, STEPLEN
from gonghui.core.tree.scoping import scoped_queryset_class


class UnionManager(MP_NodeManager):
    """Scoped default manager: an actor sees their own node and everything below it."""

    _scoped_queryset_class = scoped_queryset_class(MP_NodeQuerySet, "path")

    def get_queryset(self) -> MP_NodeQuerySet:
        queryset = self._scoped_queryset_class(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]
        queryset._apply_scope()  # type: ignore[attr-defined]
        return queryset.order_by("path")


class Union(MP_Node):
    """A union body at one node of the tree (GLOSSARY: 工会组织)."""

    # The path's shape, from the one place that does path arithmetic (core/tree/paths.py).
    steplen = STEPLEN
    alphabet = ALPHABET

    class Kind(models.TextChoices):
        COUNTY = "county", _("County federation")
        TOWNSHIP = "township", _("Township federation")
        SECTOR = "sector", _("Sector union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        JOINT = "joint", _("Joint union")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnionManager()
    # System code only (tree maintenance, the demo generator, migrations). Grep for `unscoped`.
    unscoped = MP_NodeManager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        indexes = [models.Index(fields=["kind", "path"], name="tree_union_kind_path")]

    def __str__(self) -> str:
        return self.name

    def audit_union(self) -> Union:
        return self

    @property
    def is_federation(self) -> bool:
        return self.kind in {self.Kind.COUNTY, self.Kind.TOWNSHIP, self.Kind.SECTOR}


# Which kind of union may sit under which (GLOSSARY; 工会法 art. 11).
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    Union.Kind.COUNTY: {None},
    Union.Kind.TOWNSHIP: {Union.Kind.COUNTY},
    Union.Kind.SECTOR: {Union.Kind.COUNTY},
    Union.Kind.GRASSROOTS: {Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR},
    Union.Kind.JOINT: {Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR},
}
