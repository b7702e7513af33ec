"""Every URL pattern, as every user of a sibling subtree: nothing of the other subtree shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core import modules
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER

pytestmark = pytest.mark.walker

LEAKY_URLCONF = "gonghui.core.web.tests.leaky_urls"


def test_every_route_has_a_sampler_for_its_parameters():
    assert leakwalker.missing_samplers() == {}


def test_walker_sees_every_route():
    names = {route.name for route in leakwalker.routes()}
    # A few routes from each app, so a broken enumeration cannot pass silently.
    assert {
        "tree:union_list",
        "tree:union_detail",
        "accounts:user_detail",
        "audit:event_detail",
        "union-detail",
    } <= names
    assert len(names) >= 20


MODULES = {module.name for module in modules.discover()}


def intruders_for(route, world):
    """Township B's users to walk ``route`` as: every role on the core's routes; on a module's
    routes, the roles that hold data permissions (union staff, grassroots officer, worker).

    The security and audit administrators hold no module permission (test_separation_of_duties):
    a module's page refuses them before it reads anything, so walking every module route as them
    only repeats that refusal. Their own pages (the audit log, accounts, the system status) are
    core routes and are walked as them."""
    module = route.name.split(":")[0] if ":" in route.name else route.name.split("-")[0]
    if module not in MODULES:
        return world.intruders
    return [user for user in world.intruders if user.role not in {"security_admin", "audit_admin"}]


leakwalker.discover_samplers()
# Every route; a route with an enumerated parameter (the sheet kind) once per value.
ROUTES = leakwalker.cases()


def group_of(route: leakwalker.Route) -> str:
    """The part of the platform a route belongs to: its module or core app, a sheet kind's module,
    a workflow's name (so that the walk spreads over processes in pieces of similar size)."""
    fixed = dict(route.fixed)
    if "sheet_kind" in fixed:
        return f"sheets:{fixed['sheet_kind'].split('_')[0]}"
    if "workflow" in fixed:
        return f"workflow:{fixed['workflow']}"
    if "kind" in fixed:
        return f"{route.name.split(':')[0]}:{fixed['kind']}"
    return route.name.split(":")[0] if ":" in route.name else route.name.split("-")[0]


GROUPS: dict[str, list[leakwalker.Route]] = {}
for _route in ROUTES:
    GROUPS.setdefault(group_of(_route), []).append(_route)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_no_page_or_api_leaks_to_a_sibling_subtree(world, group):
    """Every route of one part of the platform (a test per part, so the walk spreads over
    processes), every victim row created first, once for the part.

    Every sheet kind's export is a route of its own: every list's Excel export is walked, its
    cells read inside the workbook."""
    values = leakwalker.sample_all(world)
    leaks = []
    for route in GROUPS[group]:
        leaks += leakwalker.walk_route(route, intruders_for(route, world), values, world=world)
    assert leaks == [], "\n".join(map(str, leaks))


def test_every_registered_export_kind_is_walked_as_a_route_of_its_own():
    from gonghui.core.sheets.specs import REGISTRY

    walked = {dict(route.fixed).get("sheet_kind") for route in ROUTES if route.name == "sheets:export"}
    assert walked == set(REGISTRY)
    assert len(REGISTRY) > 5
    assert "sheets/members/export/" in {route.description for route in ROUTES}
    # the reference tables too, and a route without enumerated parameters is walked once
    from gonghui.core.reference.kinds import KINDS

    assert {dict(route.fixed).get("kind") for route in ROUTES if route.name == "reference:kind"} == set(KINDS)
    assert [route.description for route in ROUTES if route.name == "tree:union_list"] == ["unions/"]
    # and every workflow's transition page, each with the victim's object of that workflow's model
    from gonghui.core.workflow.declaration import workflows

    walked = {dict(route.fixed)["workflow"] for route in ROUTES if route.name == "workflow:transition"}
    assert walked == set(workflows())
    assert {"account_request", "founding", "hardship-file", "disbursement"} <= walked


def test_a_case_names_the_object_of_its_own_workflow(world):
    """The transition page of the founding workflow is walked with a founding case, not an account request."""
    from gonghui.core.workflow.declaration import workflow_named

    values = leakwalker.sample_all(world)
    route = next(r for r in ROUTES if r.name == "workflow:transition" and ("workflow", "founding") in r.fixed)
    kwargs = leakwalker.case_values(route, values, world)
    founding = workflow_named("founding")
    assert founding is not None
    case = founding.model_class()._base_manager.get(pk=kwargs["object_id"])  # a founding case
    assert case.union.path.startswith(world.township_a.path)
    with pytest.raises(AssertionError, match="needs the world"):
        leakwalker.case_values(route, values, None)


@pytest.mark.parametrize("kind", ["unions", "members", "employers", "hardship_files", "accounts"])
def test_the_walker_finds_the_marker_inside_an_exported_workbook(world, client_for, kind):
    """Positive control: an export the victim's own staff make carries the marker, and the walker
    sees it inside the workbook (its cells are compressed: a search of the raw bytes finds nothing)."""
    leakwalker.sample_all(world)
    user = world.sam if kind == "accounts" else world.bob
    response = client_for(user).get(reverse("sheets:export", args=[kind]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert MARKER.encode() not in body  # compressed
    response = client_for(user).get(reverse("sheets:export", args=[kind]))
    assert leakwalker.judge(response, names_object=False) == "the response shows data of another subtree"


def test_every_marked_row_exists_before_the_walk(world, client_for):
    """A list walked first shows the victim's rows to those entitled: the walk has something to find."""
    # given the samplers run before the walk, as the walk runs them
    leakwalker.sample_all(world)

    # then township A's lists carry the marker for township A's own staff
    bob = client_for(world.bob)
    for name in ("organisations:employer_list", "members:worker_list", "assistance:file_list"):
        assert MARKER in bob.get(reverse(name)).content.decode(), name


def test_the_markers_are_visible_to_those_entitled(world, client_for):
    """Positive control: the walker's marker does show where it should, so its absence means something."""
    bob = client_for(world.bob)
    assert MARKER in bob.get(f"/unions/{world.union_c.pk}/").content.decode()
    sam = client_for(world.sam)
    assert MARKER.lower() in sam.get(f"/accounts/users/{world.carol.pk}/").content.decode()


@pytest.mark.urls(LEAKY_URLCONF)
def test_walker_catches_unscoped_views(world):
    leaks = leakwalker.walk(world, [world.dan], urlconf=LEAKY_URLCONF)
    leaked_urls = {leak.url for leak in leaks}
    assert f"/leaky/{world.union_c.pk}/" in leaked_urls
    assert "/leaky/" in leaked_urls
    assert f"/leaky/{world.union_c.pk}/silent/" in leaked_urls
    # ... and only those: the real routes stay clean.
    assert all(url.startswith("/leaky/") for url in leaked_urls), leaked_urls


def test_walker_reports_routes_it_cannot_fill(monkeypatch):
    monkeypatch.delitem(leakwalker.SAMPLERS, "union_id")
    missing = leakwalker.missing_samplers()
    assert "union_id" in missing
    assert any("unions/" in route for route in missing["union_id"])


def test_a_parameter_name_has_one_sampler_only():
    # given the sampler registered for union_id
    leakwalker.discover_samplers()

    # when another module registers a different sampler under the same name
    def another_union(world):
        return world.union_d.pk

    # then it is refused: one parameter sampled two ways would walk some routes with the wrong object
    with pytest.raises(ValueError, match="union_id"):
        leakwalker.sampler("union_id")(another_union)
    assert leakwalker.SAMPLERS["union_id"].__name__ == "_union"


def test_the_walker_catches_an_export_that_ignores_the_scope(world, monkeypatch):
    """A kind whose export reads past the scope is caught as soon as it is registered: every kind is walked."""
    from gonghui.core.sheets.specs import REGISTRY, Column, ExportParams, SheetSpec
    from gonghui.core.tree.models import Union

    class LeakyUnions(SheetSpec):
        kind = "leaky_unions_test"
        title = "leaky"
        export_permission = "tree.view_union"
        columns = (Column("name", "工会名称"),)

        def export_queryset(self, user, params: ExportParams):
            return Union._base_manager.order_by("path")  # deliberately past the scope

        def export_values(self, obj):
            return [obj.name]

    monkeypatch.setitem(REGISTRY, LeakyUnions.kind, LeakyUnions())
    values = leakwalker.sample_all(world)
    case = next(r for r in leakwalker.cases() if r.description == f"sheets/{LeakyUnions.kind}/export/")
    leaks = leakwalker.walk_route(case, [world.bea], values, world=world)
    assert {leak.reason for leak in leaks} == {"the response shows data of another subtree"}
    # while the real kind beside it stays clean
    real = next(r for r in leakwalker.cases() if r.description == "sheets/unions/export/")
    assert leakwalker.walk_route(real, [world.bea], values, world=world) == []


def test_security_and_audit_administrators_hold_no_module_permission(world):
    """What lets the walk skip them on module routes: no module grants them anything."""
    for admin in (world.sam, world.audrey, world.sid, world.aud):
        held = {perm.split(".")[0] for perm in admin.get_all_permissions()}
        assert held & MODULES == set(), (admin.username, held & MODULES)
