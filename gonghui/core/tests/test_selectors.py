"""The selector kit: the actor is bound from the first argument, options are keyword-only, and every
registered selector, called as an outsider inside a system scope, answers nothing of township A."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gonghui.core import selectors as kit
from gonghui.core.selectors import selector
from gonghui.core.testing import leakwalker
from gonghui.core.testing.outsiders import Samples, victim_rows
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import current_user, system_scope

SELECTORS = sorted(kit.discover_selectors().values(), key=lambda info: info.name)


@pytest.fixture
def registry(monkeypatch):
    """A registry of the test's own: selectors declared in a test do not join the generated test."""
    monkeypatch.setattr(kit, "REGISTRY", dict(kit.REGISTRY))
    return kit.REGISTRY


@pytest.mark.parametrize("info", SELECTORS, ids=lambda info: info.name.removeprefix("gonghui."))
def test_a_selector_answers_an_outsider_nothing_of_another_subtree(world, info):
    """Generated: every registered selector, as every user of township B, inside a system scope (a report job)."""
    # given every sampler's marked rows of township A
    leakwalker.sample_all(world)
    samples = Samples(world)
    for outsider in world.intruders:
        with system_scope("the outsider test: a job asks a selector for one user's view"):
            arguments = info.arguments(samples)
            try:
                answer = info.function(outsider, **arguments)
                # A queryset is evaluated here, in the system scope: only the selector's own scoping holds.
                found = victim_rows(answer, world, besides=arguments.values())
            except (Http404, PermissionDenied):
                found = []
        assert found == [], f"{info.name} as {outsider.username}:\n" + "\n".join(found)


def test_the_generated_test_finds_a_selector_that_ignores_its_actor(world, registry):
    """Positive control: a selector reading past its actor (``.unscoped``) is caught by the same check."""

    @selector
    def leaky_unions_for_user(actor):
        return Union.unscoped.all()  # unscoped: the deliberate leak of this test

    leakwalker.sample_all(world)
    with system_scope("the outsider test's positive control"):
        found = victim_rows(leaky_unions_for_user(world.bea), world)
    assert any("township A" in row for row in found)


def test_the_selectors_of_every_module_are_registered():
    names = {info.name for info in SELECTORS}
    assert {
        "gonghui.assistance.selectors.get_file_for_user",
        "gonghui.assistance.selectors.files_for_user",
        "gonghui.members.selectors.get_worker_for_user",
        "gonghui.organisations.selectors.employers.employers_for_user",
        "gonghui.organisations.selectors.founding.founding_cases_for_user",
        "gonghui.organisations.selectors.surveys.survey_board",
    } <= names


def test_every_function_of_a_module_selectors_file_that_takes_an_actor_is_a_selector():
    """A new read taking ``actor``/``user`` in a module's selectors cannot skip the decorator (and the test)."""
    undeclared = []
    for name in kit.selector_modules():
        if name.startswith("gonghui.core."):
            continue
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("_") or not inspect.isfunction(value) or value.__module__ != name:
                continue
            first = next(iter(inspect.signature(value).parameters), None)
            if first in kit.ACTOR_PARAMETERS and not kit.is_selector(value):
                undeclared.append(f"{name}.{attribute}")
    assert undeclared == []


def test_a_selector_with_required_arguments_and_no_sample_fails_the_generated_test(world, registry):
    @selector
    def thing_for_user(actor, thing_id):
        return thing_id

    info = registry[f"{__name__}.{thing_for_user.__qualname__}"]
    with pytest.raises(LookupError, match="no sample"):
        info.arguments(Samples(world))


def test_a_sample_must_name_every_required_argument(world, registry):
    @selector(sample=lambda s: {"other": 1})
    def thing_for_user(actor, thing_id):
        return thing_id

    with pytest.raises(LookupError, match="thing_id"):
        thing_for_user.selector.arguments(Samples(world))


def test_options_are_keyword_only(registry):
    with pytest.raises(TypeError, match="keyword-only"):

        @selector
        def things_for_user(actor, q=""):
            return q

    with pytest.raises(TypeError, match="first parameter"):

        @selector
        def things_of(union, *, q=""):
            return q

    with pytest.raises(TypeError, match="name every option"):

        @selector
        def more_things_for_user(actor, **filters):
            return filters


def test_the_actor_is_bound_from_the_first_argument_whatever_scope_surrounds_the_call(world, registry):
    @selector
    def unions_for_user(actor):
        return current_user(), Union.objects.all()

    with system_scope("a report job asks for one user's view"):
        user, unions = unions_for_user(world.bea)
        names = {union.name for union in unions}
    assert user == world.bea
    assert names == {world.township_b.name, world.union_d.name}
    # The queryset keeps the actor's filter wherever it is evaluated.
    with system_scope("evaluated again, later"):
        assert isinstance(unions, QuerySet)
        assert {union.name for union in unions.all()} == names


def test_no_actor_reads_in_the_surrounding_scope(world, registry):
    """``None`` is the operator's command line: the selector reads in the system scope around it."""

    @selector
    def union_count_for_user(actor):
        return Union.objects.count()

    with system_scope("the operator's command"):
        assert union_count_for_user(None) == 6
