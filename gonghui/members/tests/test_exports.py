"""Every list of the member registry exports exactly what its filters show, masked unless allowed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, Worker
from gonghui.members.tests.factories import make_worker


@pytest.fixture
def registry(world: World) -> dict[str, Worker]:
    """Three members of Carol's union (one a migrant worker), one of Dan's; one transferred from Carol to Dan."""
    today = timezone.localdate()
    workers = {
        "zhang": make_worker(world.carol, world.union_c, name="张三", phone="13800131234"),
        "li": make_worker(world.carol, world.union_c, name="李四", category=Worker.Category.MIGRANT),
        "wang": make_worker(world.carol, world.union_c, name="王五", category=Worker.Category.MIGRANT),
        "ding": make_worker(world.dan, world.union_d, name="丁六", category=Worker.Category.MIGRANT),
    }
    for key, worker in workers.items():
        actor, union = (world.dan, world.union_d) if key == "ding" else (world.carol, world.union_c)
        services.membership_join(actor=actor, worker=worker, union=union, on=today - timedelta(days=400))
    with system_scope("test"):
        wang = Membership.unscoped.get(worker=workers["wang"])
    services.membership_transfer(actor=world.carol, membership=wang, to_union=world.union_d, on=today)
    for worker in workers.values():
        worker.refresh_from_db()
    return workers


def test_the_worker_list_exports_its_filtered_rows(world: World, client_for: Any, registry: dict[str, Worker]) -> None:
    carol = client_for(world.carol)
    everyone = export_of(carol, reverse("members:worker_list"))
    assert sorted(everyone.column("姓名")) == ["张三", "李四"]  # 王五 left for Dan's union, 丁六 is Dan's
    migrants = export_of(carol, reverse("members:worker_list"), {"category": "migrant"})
    assert migrants.column("姓名") == ["李四"] == [w.name for w in migrants.page.object_list]
    searched = export_of(carol, reverse("members:worker_list"), {"q": "zs"})
    assert searched.column("姓名") == ["张三"]


def test_the_worker_export_masks_what_the_role_may_not_see(
    world: World, client_for: Any, registry: dict[str, Worker]
) -> None:
    zhang = registry["zhang"]
    # Carol may see phone numbers in full but not ID numbers: asking for full data leaves the ID masked.
    carol = export_of(client_for(world.carol), reverse("members:worker_list"), {"q": "zs"}, full=True)
    assert carol.column("证件号码") == [zhang.id_number[:6] + "********" + zhang.id_number[-4:]]
    assert carol.column("移动电话") == ["13800131234"]
    masked = export_of(client_for(world.carol), reverse("members:worker_list"), {"q": "zs"})
    assert masked.column("移动电话") == ["138****1234"]
    # The county administrator may see both.
    alice = export_of(client_for(world.alice), reverse("members:worker_list"), {"q": "zs"}, full=True)
    assert alice.column("证件号码") == [zhang.id_number]
    # Asking for full data without the permission by hand changes nothing.
    leo_url = reverse("sheets:export", args=["members"]) + "?q=zs&unmasked=1"
    assert client_for(world.leo).get(leo_url).status_code == 403


def test_transfers_export_their_filtered_rows_masked(
    world: World, client_for: Any, registry: dict[str, Worker]
) -> None:
    wang = registry["wang"]
    dan = export_of(client_for(world.dan), reverse("members:transfer_list"), {"direction": "in"})
    assert dan.column("姓名") == ["王五"]
    assert dan.column("证件号码") == [wang.id_number[:6] + "********" + wang.id_number[-4:]]
    assert export_of(client_for(world.dan), reverse("members:transfer_list"), {"direction": "out"}).rows == []
    carol = export_of(client_for(world.carol), reverse("members:transfer_list"))
    assert carol.column("姓名") == ["王五"]


def test_follow_up_exports_its_rows_masked(world: World, client_for: Any, registry: dict[str, Worker]) -> None:
    exported = export_of(client_for(world.carol), reverse("members:follow_up_list"))
    assert sorted(exported.column("姓名")) == ["张三", "李四"]  # joined 400 days ago, not seen since
    assert "138****1234" in exported.column("移动电话")
    assert export_of(client_for(world.dan), reverse("members:follow_up_list")).column("姓名") == ["丁六"]
