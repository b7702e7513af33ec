"""``UnionOwnedModel``: the base of every row that belongs to a union, and the check that enforces it.

A union-owned model inherits::

    class Grant(UnionOwnedModel):
        disbursement = models.ForeignKey(...)

and so has, declared once here:

* ``union``: the owning union (a ``ForeignKey`` to ``tree.Union``, ``PROTECT``, no reverse
  accessor). A model may redeclare it (its own verbose name, a ``related_name``, a
  ``OneToOneField``) but it stays the owning union;
* ``objects = ScopedManager("union__path")``: every query limited to the actor's subtrees
  (``core/tree/scoping.py``); a model scoped through another path redeclares ``objects``;
* ``unscoped``: a plain manager for system code, each use saying why (``# unscoped: ...``);
* ``audit_union()``: the union its audit rows are filed under (the owning union by default);
* ``created_at`` / ``updated_at``. A model that predates the base and lacks one removes it
  (``updated_at = None``) rather than change its table.

The system check ``tree.E101`` refuses a concrete model with a foreign key to ``tree.Union`` that
does not inherit the base, unless it says why in ``union_owned_exempt = "reason"`` (the audit log,
whose rows may belong to no union; user accounts, scoped by their own manager).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.scoping import ScopedManager, ScopedQuerySetMixin

UNION_MODEL = "tree.Union"


class UnionOwnedModel(models.Model):
    """A row that belongs to one union of the tree, and is seen by that union's subtree."""

    union = models.ForeignKey(UNION_MODEL, verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(path="union__path")
    # System code only, each use with its reason: `# unscoped: why` (see the module docstring).
    unscoped = models.Manager()  # noqa: DJ012 (ruff reads a second manager as a field)

    class Meta:
        abstract = True

    def audit_union(self) -> Any:
        """The union this row's audit entries are filed under (and scoped by): its owning union."""
        return self.union


def _points_at_union(field: models.Field) -> bool:
    if not field.is_relation or (not field.many_to_one and not field.one_to_one):
        return False
    target = field.related_model
    return target is not None and not isinstance(target, str) and target._meta.label == UNION_MODEL


def _is_scoped(manager: Any) -> bool:
    queryset_class = getattr(manager, "_queryset_class", None) or getattr(manager, "_scoped_queryset_class", None)
    return isinstance(queryset_class, type) and issubclass(queryset_class, ScopedQuerySetMixin)


def union_owned_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a model that points at a union without being union-owned or saying why not."""
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    return [error for config in configs for model in config.get_models() for error in check_model(model)]


def check_model(model: type[models.Model]) -> list[checks.CheckMessage]:
    """The errors of one model: a union-owned model must be scoped; any other must not point at a union."""
    if model._meta.abstract or model._meta.proxy or model._meta.label == UNION_MODEL:
        return []
    if issubclass(model, UnionOwnedModel):
        errors: list[checks.CheckMessage] = []
        if not _points_at_union(model._meta.get_field("union")):
            errors.append(
                checks.Error(
                    f"{model._meta.label}.union does not point at {UNION_MODEL}.",
                    hint="A union-owned model's `union` is its owning union.",
                    obj=model,
                    id="tree.E102",
                )
            )
        if not _is_scoped(model._default_manager):
            errors.append(
                checks.Error(
                    f"{model._meta.label}'s default manager is not scoped.",
                    hint="Keep `objects = ScopedManager(path=...)` as the first manager.",
                    obj=model,
                    id="tree.E103",
                )
            )
        return errors
    pointing = [field.name for field in model._meta.concrete_fields if _points_at_union(field)]
    exempt = getattr(model, "union_owned_exempt", None)
    if not pointing or (isinstance(exempt, str) and len(exempt.split()) >= 3):
        return []
    return [
        checks.Error(
            f"{model._meta.label} points at a union ({', '.join(pointing)}) but is not a UnionOwnedModel.",
            hint="Inherit gonghui.core.tree.owned.UnionOwnedModel, or say why not in "
            '`union_owned_exempt = "reason"` (a sentence).',
            obj=model,
            id="tree.E101",
        )
    ]
