"""Declaring a workflow: what is checked when the class is defined, and what it answers."""

from __future__ import annotations

import pytest

from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, Transition, Workflow, WorkingDays, workflow_named


def test_a_transition_to_an_unknown_state_is_refused_at_declaration():
    with pytest.raises(ValueError, match="unknown"):

        class Broken(Workflow):
            name = "broken_unknown_state"
            model = "tests.Nothing"
            states = [State("a", "A")]
            transitions = [Transition("go", source="a", target="b", label="Go", roles={Role.UNION_STAFF})]


def test_a_final_state_with_a_way_out_is_refused():
    with pytest.raises(ValueError, match="final"):

        class Broken(Workflow):
            name = "broken_final"
            model = "tests.Nothing"
            states = [State("a", "A", final=True), State("b", "B")]
            transitions = [Transition("go", source="a", target="b", label="Go", roles={Role.UNION_STAFF})]


def test_a_transition_without_roles_or_with_an_unknown_requirement_is_refused():
    with pytest.raises(ValueError, match="no role"):
        Transition("go", source="a", target="b", label="Go")
    with pytest.raises(ValueError, match="requirement"):
        Transition("go", source="a", target="b", label="Go", roles={Role.UNION_STAFF}, requires=("photo",))


def test_the_declaration_reads_back():
    flow = workflow_named("account_request")
    assert flow is AccountRequestFlow
    assert flow.initial_state() == "submitted"
    assert [name for name, _label in flow.choices()] == ["submitted", "approved", "rejected", "withdrawn"]
    assert {t.name for t in flow.transitions_from("submitted")} == {"approve", "reject", "withdraw"}
    assert flow.transitions_from("approved") == []
    assert flow.responsible_roles("submitted") == {Role.SECURITY_ADMIN}
    assert flow.state("submitted").deadline == WorkingDays(3)
