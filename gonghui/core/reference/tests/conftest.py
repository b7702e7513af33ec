from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gonghui.core.reference import selectors
from gonghui.core.reference.files import SHIPPED_DIR
from gonghui.core.reference.services import LoadReport, reference_load


@pytest.fixture(autouse=True)
def _fresh_lookup_cache():
    # The cache is per process and outlives each test's rolled-back transaction.
    selectors.clear_cache()
    yield
    selectors.clear_cache()


@pytest.fixture
def loaded(db) -> LoadReport:
    """The shipped reference data, loaded."""
    return reference_load(actor=None)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A writable copy of the shipped files, to edit before loading from it."""
    target = tmp_path / "reference"
    shutil.copytree(SHIPPED_DIR, target)
    return target
