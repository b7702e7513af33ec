"""UnionOwnedModel and its system check: a model pointing at a union is union-owned, or says why not."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from gonghui.core.tree.models import Union
from gonghui.core.tree.owned import UnionOwnedModel, check_model, union_owned_check


def test_the_project_passes_the_check():
    assert union_owned_check() == []


def test_every_model_pointing_at_a_union_is_union_owned_or_says_why():
    """Every such model has audit_union() (the services file audit rows with it) and a scoped default manager."""
    for model in apps.get_models():
        points = any(f.is_relation and f.related_model is Union for f in model._meta.concrete_fields)
        if points and not getattr(model, "union_owned_exempt", ""):
            assert issubclass(model, UnionOwnedModel), model
            assert callable(model.audit_union), model
            assert hasattr(model, "unscoped"), model


@isolate_apps("gonghui.core.tree")
def test_a_model_pointing_at_a_union_without_the_base_is_refused():
    class Stray(models.Model):  # noqa: DJ008
        union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "tree"

    errors = check_model(Stray)
    assert [error.id for error in errors] == ["tree.E101"]


@isolate_apps("gonghui.core.tree")
def test_an_exemption_needs_a_reason():
    class Terse(models.Model):  # noqa: DJ008
        union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
        union_owned_exempt = "legacy"

        class Meta:
            app_label = "tree"

    class Explained(models.Model):  # noqa: DJ008
        counterpart = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
        union_owned_exempt = "owned through its parent row, which is union-owned"

        class Meta:
            app_label = "tree"

    assert [error.id for error in check_model(Terse)] == ["tree.E101"]
    assert check_model(Explained) == []


@isolate_apps("gonghui.core.tree")
def test_a_union_owned_model_must_keep_a_scoped_default_manager():
    # (An isolated registry cannot resolve "tree.Union": the union is named by its class here.)
    class Owned(UnionOwnedModel):
        union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "tree"

    class Unscoped(UnionOwnedModel):
        union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")
        everything = models.Manager()

        class Meta:
            app_label = "tree"
            default_manager_name = "everything"

    assert check_model(Owned) == []
    assert [error.id for error in check_model(Unscoped)] == ["tree.E103"]
    # and it carries the kit: union, timestamps, both managers
    assert {f.name for f in Owned._meta.concrete_fields} >= {"union", "created_at", "updated_at"}
    assert isinstance(Owned.unscoped, models.Manager)


@isolate_apps("gonghui.core.tree")
def test_audit_union_is_the_owning_union_by_default(world):
    class Owned(UnionOwnedModel):
        union = models.ForeignKey(Union, on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "tree"

    assert Owned(union=world.union_c).audit_union() == world.union_c
