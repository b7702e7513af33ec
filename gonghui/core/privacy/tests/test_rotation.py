"""Key rotation: a new key, everything re-encrypted and readable, old keys retired safely."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from gonghui.core.accounts.models import User
from gonghui.core.privacy import crypto, rotation
from gonghui.core.tree.scoping import acting_as, system_scope


def raw_column(table: str, column: str) -> list[str]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} <> ''")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def phones() -> dict[int, str]:
    with system_scope("test"):
        return dict(User.unscoped.values_list("pk", "phone"))


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotatekeys", *args, stdout=out)
    return out.getvalue()


def test_rotation_keeps_every_value_readable_and_uses_the_new_key(world, key_file, card_model):
    # given accounts and bank accounts encrypted with the first key
    card = card_model.objects.create(holder="王五", account="6222021234567890123")
    before = phones()
    assert {crypto.key_id_of(t) for t in raw_column("accounts_user", "phone")} == {"k1"}
    # when the keys are rotated
    output = rotate()
    # then a second key is active, every value was re-encrypted with it and reads as before
    assert "New active data key: k2" in output
    assert crypto.keyring().active_id == "k2"
    assert {crypto.key_id_of(t) for t in raw_column("accounts_user", "phone")} == {"k2"}
    assert {crypto.key_id_of(t) for t in raw_column("privacy_test_card", "account")} == {"k2"}
    assert phones() == before
    assert card_model.objects.get(pk=card.pk).account == "6222021234567890123"
    assert f"{len(before) + 1} values re-encrypted" in output
    # and lookups still work (the blind index key did not change)
    with acting_as(world.alice):
        assert User.objects.filter(phone__matches="13812345678").count() == len(before)
    # and the old key can now be retired; values stay readable without it
    assert "retired" in rotate("--retire", "k1")
    assert list(crypto.read_key_file(key_file).data_keys) == ["k2"]
    assert phones() == before


def test_a_key_still_in_use_cannot_be_retired(world, key_file):
    # given a new active key, but values not yet re-encrypted
    rotation.add_data_key()
    assert crypto.keyring().active_id == "k2"
    # then neither the old key (in use) nor the active one may be retired
    with pytest.raises(CommandError, match="still encrypted"):
        rotate("--retire", "k1")
    with pytest.raises(CommandError, match="active"):
        rotate("--retire", "k2")
    assert list(crypto.read_key_file(key_file).data_keys) == ["k2", "k1"]
    # and old values stay readable meanwhile; new writes use the new key
    world.dan.phone = "13500000000"
    world.dan.save()
    usage = rotation.key_usage()["accounts.User.phone"]
    assert usage["k2"] == 1
    assert usage["k1"] == len(phones()) - 1


def test_resumed_rotation_only_touches_stale_values(world, key_file):
    rotate()
    assert "0 values re-encrypted" in rotate("--reencrypt")


def test_index_key_rotation_recomputes_every_blind_index(world, key_file):
    old_hashes = raw_column("accounts_user", "phone_hash")
    output = rotate("--index")
    new_hashes = raw_column("accounts_user", "phone_hash")
    assert "recomputed" in output
    assert set(old_hashes).isdisjoint(new_hashes)
    with acting_as(world.alice):
        assert User.objects.filter(phone__matches="13812345678").count() == len(new_hashes)


def test_rotation_with_keys_from_the_environment(world, key_file):
    # given the keys of the key file moved into the environment, with a new key put first
    ring = crypto.read_key_file(key_file)
    new_key = rotate("--generate").strip()
    assert new_key.startswith("k2:")
    old = f"k1:{crypto.encode_key(ring.data_keys['k1'])}"
    with override_settings(PRIVACY_DATA_KEYS=f"{new_key},{old}", PRIVACY_INDEX_KEY=crypto.encode_key(ring.index_key)):
        # a rotation that would write a key file is refused: the operator changes the environment
        with pytest.raises(CommandError, match="GONGHUI_DATA_KEYS"):
            rotate()
        # when re-encrypting to the active key
        rotate("--reencrypt")
        # then every value uses it, and k1 may be removed from the environment
        assert {crypto.key_id_of(t) for t in raw_column("accounts_user", "phone")} == {"k2"}
        assert "remove it from GONGHUI_DATA_KEYS" in rotate("--retire", "k1")


def test_status_counts_values_per_key(world, key_file):
    output = rotate("--status")
    assert "accounts.User.phone: k1:" in output
    assert "active data key k1" in output
