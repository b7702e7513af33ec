"""Leak-walker samplers for account requests, and for the workflow's generic URLs.

The workflow core knows no module, so its URL parameters (workflow, object_id, transition,
entry_id) are sampled here, on the account request: the one workflow object of the core. The
transition page is also walked once per registered workflow (any module's), with the victim's
object of that workflow's model, which the module's own samplers have made.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from gonghui.core.accounts.roles import Role
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope

SAMPLE_USERNAME = f"sample_{MARKER.lower()}"


def sample_request(world: World) -> int:
    """A submitted account request at grassroots union C, with an attachment on its timeline."""
    from gonghui.core.access.models import AccountRequest
    from gonghui.core.access.services import account_request_create
    from gonghui.core.workflow.models import TimelineEntry

    with system_scope("leak walker sample"):
        existing = AccountRequest.unscoped.filter(username=SAMPLE_USERNAME).first()
        if existing is not None:
            return existing.pk
        request = account_request_create(
            actor=world.carol,
            union=world.union_c,
            full_name=f"样本{MARKER}",
            username=SAMPLE_USERNAME,
            role=Role.GRASSROOTS_OFFICER,
            reason=f"理由{MARKER}",
            phone="13812345678",
        )
        entry = TimelineEntry.unscoped.get(object_id=request.pk, workflow="account_request")
        entry.note = f"附件{MARKER}"
        entry.attachment_name = f"{MARKER}.txt"
        entry.attachment.save("sample.txt", ContentFile(MARKER.encode()), save=False)
        entry.save()
        return request.pk


@leakwalker.sampler("request_id")
def _request(world: World) -> int:
    return sample_request(world)


@leakwalker.sampler("object_id")
def _object(world: World) -> int:
    return sample_request(world)


@leakwalker.sampler("workflow")
def _workflow(world: World) -> str:
    return "account_request"


@leakwalker.sampler("transition")
def _transition(world: World) -> str:
    return "withdraw"


@leakwalker.sampler("entry_id")
def _entry(world: World) -> int:
    from gonghui.core.workflow.models import TimelineEntry

    request_id = sample_request(world)
    with system_scope("leak walker sample"):
        return TimelineEntry.unscoped.get(object_id=request_id, workflow="account_request").pk


# Every workflow's transition page is walked with the victim's object of that workflow's model:
# the page is generic, but each workflow reads its own model (one case per workflow, its first step:
# the object is looked up, within scope, before the step is).
@leakwalker.enumerated("workflow", "transition")
def _every_workflow() -> list[tuple[str, str]]:
    from gonghui.core.workflow.declaration import workflows

    return [(name, next(iter(flow.transitions)).name) for name, flow in workflows().items() if flow.transitions]


@leakwalker.case_sampler("object_id")
def _object_of_the_workflow(world: World, values: dict[str, str]) -> int:
    """The first object of township A's subtree under the case's workflow (made by its module's samplers)."""
    from gonghui.core.tree.scoping import subtree_q
    from gonghui.core.workflow.declaration import workflows

    flow = workflows()[values["workflow"]]
    model: Any = flow.model_class()
    with system_scope("leak walker: the victim's object of each workflow"):
        # unscoped: the walker names township A's object to the intruders of township B
        rows = model.unscoped.filter(subtree_q("union__path", world.township_a.path))
        found = rows.order_by("pk").values_list("pk", flat=True).first()
    if found is None:
        raise AssertionError(
            f"no object of workflow {flow.name!r} in township A: its module's leak samplers must make one"
        )
    return int(found)
