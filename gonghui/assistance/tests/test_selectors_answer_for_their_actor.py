"""The assistance selectors answer for the user they are given, whatever scope surrounds the call.

Under ``system_scope`` (a report job, a command), ``get_file_for_user(outsider, file)`` used to return
a file of another township and ``files_for_user(user)`` counted every township's files.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from gonghui.assistance import selectors
from gonghui.assistance.models import HardshipFile
from gonghui.core.testing import leakwalker
from gonghui.core.tree.scoping import system_scope


@pytest.fixture
def file(world) -> HardshipFile:
    file_id = leakwalker.sample_all(world)["file_id"]  # a file of union C (township A): a member, a grant …
    with system_scope("the test reads its sample file"):
        return HardshipFile.unscoped.get(pk=file_id)  # unscoped: the test's own sample row


def test_a_file_of_another_township_is_not_found_inside_a_system_scope(world, file):
    with system_scope("a report job reads files as one user"):
        with pytest.raises(Http404):
            selectors.get_file_for_user(world.bea, file.pk)
        assert selectors.get_file_for_user(world.bob, file.pk) == file


def test_a_users_files_are_counted_for_that_user_inside_a_system_scope(world, file):
    with system_scope("a report job counts files per user"):
        assert selectors.files_for_user(world.bea).count() == 0
        assert selectors.files_for_user(world.bob).count() == 1


def test_what_hangs_off_a_file_is_read_for_the_actor(world, file):
    with system_scope("a report job reads a file's household as one user"):
        assert selectors.household_of(world.bea, file) == []
        assert len(selectors.household_of(world.bob, file)) == 1
        with pytest.raises(Http404):
            selectors.grants_of_file(world.bea, file)
        assert len(selectors.grants_of_file(world.bob, file)) == 1
