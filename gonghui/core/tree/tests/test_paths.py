"""Path arithmetic in one place (core/tree/paths.py), agreeing with treebeard's and the tree's own paths."""

from __future__ import annotations

import pytest

from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.selectors import with_parent_id


def test_the_shape_is_the_trees():
    assert Union.steplen == paths.STEPLEN
    assert Union.alphabet == paths.ALPHABET


@pytest.mark.parametrize("position", [1, 2, 9, 10, 35, 36, 37, 1295, 1296, 36**4 - 1])
def test_a_childs_path_is_treebeards(position):
    assert paths.child_path("0001", position) == Union._get_path("0001", 2, position)
    assert paths.child_path("", position) == Union._get_path(None, 1, position)
    assert paths.step_number(paths.child_path("0001", position)) == Union._str2int(
        paths.child_path("0001", position)[-4:]
    )
    assert paths.step_number(paths.child_path("0001", position)) == position


def test_a_position_outside_one_step_is_refused():
    with pytest.raises(ValueError, match="starts at 1"):
        paths.child_path("0001", 0)
    with pytest.raises(ValueError, match="children under one node"):
        paths.child_path("0001", 36**4)


def test_parent_ancestors_depth():
    path = "000100020003"
    assert paths.depth_of(path) == 3
    assert paths.parent_path(path) == "00010002"
    assert paths.parent_path("0001") == ""
    assert paths.ancestor_paths(path) == ["0001", "00010002"]
    assert paths.ancestor_paths(path, include_self=True) == ["0001", "00010002", path]
    assert paths.ancestor_paths("0001") == []
    assert paths.path_at_depth(path, 2) == "00010002"
    assert paths.township_path(path) == "00010002"
    assert paths.township_path("0001") == "0001"  # the county has no township above it


def test_the_worlds_paths(world):
    assert paths.parent_path(world.union_c.path) == world.township_a.path
    assert paths.depth_of(world.union_c.path) == world.union_c.depth == 3
    assert paths.township_path(world.union_c.path) == world.township_a.path
    assert paths.ancestor_paths(world.union_c.path) == [world.county.path, world.township_a.path]


def test_the_sql_forms_agree_with_python(world):
    with system_scope("the test reads the whole tree"):
        rows = Union.unscoped.annotate(  # unscoped: the test reads the whole tree
            township=paths.path_at_depth_sql("path", 2),
            parent=paths.parent_path_sql("path"),
        ).values_list("path", "township", "parent")
        for path, township, parent in rows:
            assert township == paths.township_path(path)
            assert parent == paths.parent_path(path)
        # and as a correlated reference: tree.selectors.with_parent_id
        parent_ids = dict(with_parent_id(Union.objects.all()).values_list("pk", "parent_id"))
    assert parent_ids[world.union_c.pk] == world.township_a.pk
    assert parent_ids[world.county.pk] is None
