"""Employer concerns: every installed module's answer gathered in one call, tagged with its module."""

from __future__ import annotations

from gonghui.core.modules import concerns
from gonghui.core.modules.concerns import Concern

CALLS: list[tuple] = []


def hazards(user, employer_ids, *, year):
    CALLS.append((user, tuple(employer_ids), year))
    return {employer_ids[0]: [Concern("重大隐患未整改", "/safety/hazards/1/")]}


def disputes(user, employer_ids, *, year):
    return {employer_ids[0]: [Concern("集体劳动争议", "/rights/disputes/2/", "rights")], 99: []}


def test_concerns_of_every_module_are_gathered(monkeypatch):
    monkeypatch.setattr(concerns, "_registry", {})
    concerns.register("safety", f"{__name__}.hazards")
    concerns.register("rights", f"{__name__}.disputes")
    found = concerns.employer_concerns("user", [7, None], year=2026)
    assert CALLS[-1] == ("user", (7,), 2026)
    assert found[7] == [
        Concern("集体劳动争议", "/rights/disputes/2/", "rights"),
        Concern("重大隐患未整改", "/safety/hazards/1/", "safety"),
    ]
    assert found[99] == []
    assert concerns.employer_concerns("user", [], year=2026) == {}
