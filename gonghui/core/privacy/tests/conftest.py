"""Fixtures of the personal-data tests: a table with bank accounts, and a private key file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test import override_settings

from gonghui.core.privacy import crypto
from gonghui.core.privacy.fields import BlindIndexField, EncryptedPersonalField, PersonalDataModel


@pytest.fixture
def card_model(db) -> Iterator[type[models.Model]]:
    """A model with bank accounts, its table created inside the test's transaction only.

    No real table exists just for the tests: the model is registered for the test and removed
    after it, and the table goes with the rolled-back transaction.
    """
    meta = type("Meta", (), {"app_label": "privacy", "db_table": "privacy_test_card"})
    model = type(
        "TestCard",
        (PersonalDataModel,),
        {
            "__module__": __name__,
            "holder": models.CharField(max_length=50),
            "account": EncryptedPersonalField(kind="bank_account", blind_index="account_hash", blank=True),
            "account_hash": BlindIndexField(unique=True),
            "spare_account": EncryptedPersonalField(kind="bank_account", blank=True),
            "Meta": meta,
        },
    )
    sql, params = connection.schema_editor().table_sql(model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    try:
        yield model
    finally:
        del apps.all_models["privacy"]["testcard"]
        apps.clear_cache()


@pytest.fixture
def key_file(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the test key file, so rotation never touches the shared one."""
    crypto.keyring()  # make sure the shared file exists
    copy = tmp_path / "data_keys"
    shutil.copy(settings.PRIVACY_KEY_FILE, copy)
    with override_settings(PRIVACY_KEY_FILE=copy, PRIVACY_DATA_KEYS="", PRIVACY_INDEX_KEY=""):
        yield copy
