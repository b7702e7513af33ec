"""Encrypted personal-data fields: no plaintext at rest, exact lookup, tampering detected."""

from __future__ import annotations

import base64
import os
import stat

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection
from django.test import override_settings
from stdnum.cn import ric

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create, user_update
from gonghui.core.audit.models import AuditEvent
from gonghui.core.privacy import crypto
from gonghui.core.privacy.crypto import DecryptionError
from gonghui.core.privacy.fields import personal_kind
from gonghui.core.testing.world import PASSWORD
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.env import ConfigError

ID_NUMBER = "11010119900307" + "123"
ID_NUMBER += ric.calc_check_digit(ID_NUMBER + "0")
BANK_ACCOUNT = "6222021234567890123"


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def raw_value(table: str, column: str, pk: int) -> str:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def set_raw(table: str, column: str, pk: int, value: str) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s", [value, pk])  # noqa: S608


def make_account(world, username="real_name", id_number=ID_NUMBER, phone="139 0000 1111", union=None):
    with system_scope("test"):
        return user_create(
            actor=None,
            username=username,
            full_name="实名账号",
            union=union or world.union_d,
            role=Role.GRASSROOTS_OFFICER,
            password=PASSWORD,
            phone=phone,
            id_number=id_number,
        )


def test_raw_sql_shows_no_plaintext_id_number_or_phone(world):
    # given an account with an ID number and a phone number
    user = make_account(world)
    # when the table is read with raw SQL
    table = raw_rows(User._meta.db_table)
    # then neither number appears, in any form; the stored values are versioned ciphertexts
    assert ID_NUMBER not in table
    assert ID_NUMBER[6:14] not in table  # not even the birth date
    assert "13900001111" not in table
    assert "13812345678" not in table
    assert raw_value(User._meta.db_table, "id_number", user.pk).startswith("v1:")
    assert raw_value(User._meta.db_table, "phone", user.pk).startswith("v1:")
    # and the model reads them back, normalised
    with system_scope("test"):
        fresh = User.unscoped.get(pk=user.pk)
    assert fresh.id_number == ID_NUMBER
    assert fresh.phone == "13900001111"


def test_lookup_by_full_id_number(world):
    user = make_account(world)
    with acting_as(world.alice):
        # the lookup normalises its argument (spaces, lower-case x, full width) like the stored value
        assert list(User.objects.filter(id_number__matches=ID_NUMBER)) == [user]
        assert list(User.objects.filter(id_number__matches=f" {ID_NUMBER.lower()} ")) == [user]
        assert not User.objects.filter(id_number__matches=ID_NUMBER[:-2] + "00").exists()
        assert not User.objects.filter(id_number__matches="").exists()
        assert User.objects.filter(phone__matches="+86 139-0000-1111").get() == user
        assert User.objects.filter(phone__matches="13812345678").count() >= 10
    # the lookup stays scoped: someone of township A does not find township B's account
    with acting_as(world.bob):
        assert not User.objects.filter(id_number__matches=ID_NUMBER).exists()
    assert user.id_number_hash == crypto.blind_index("id_number", ID_NUMBER)


@pytest.mark.parametrize("lookup", ["icontains", "exact", "startswith", "in", "gt"])
def test_other_lookups_on_encrypted_columns_are_refused(world, lookup):
    with acting_as(world.alice), pytest.raises(FieldError, match="encrypted"):
        list(User.objects.filter(**{f"id_number__{lookup}": ID_NUMBER}))


def test_same_value_encrypts_differently_but_hashes_alike(world):
    aad = crypto.associated_data("accounts_user", "phone")
    first, second = crypto.encrypt("13812345678", aad), crypto.encrypt("13812345678", aad)
    assert first != second  # random nonce
    assert crypto.decrypt(first, aad) == crypto.decrypt(second, aad) == "13812345678"
    assert crypto.blind_index("phone", "138 1234 5678") == crypto.blind_index("phone", "+8613812345678")
    # one kind's hash never matches another kind's with the same digits
    assert crypto.blind_index("phone", "13812345678") != crypto.blind_index("bank_account", "13812345678")


def test_a_flipped_gcm_tag_raises(world):
    # given a stored ID number whose last byte (in the GCM tag) is flipped
    user = make_account(world)
    token = raw_value(User._meta.db_table, "id_number", user.pk)
    prefix, body = token.rsplit(":", 1)
    raw = bytearray(base64.b64decode(body))
    raw[-1] ^= 0x01
    set_raw(User._meta.db_table, "id_number", user.pk, f"{prefix}:{base64.b64encode(bytes(raw)).decode()}")
    # when it is read, then decryption fails loudly instead of returning garbage
    with system_scope("test"), pytest.raises(DecryptionError):
        User.unscoped.get(pk=user.pk)


def test_a_ciphertext_moved_to_another_column_fails_to_decrypt(world):
    # given someone copies the encrypted ID number into the phone column of the same row
    user = make_account(world)
    set_raw(User._meta.db_table, "phone", user.pk, raw_value(User._meta.db_table, "id_number", user.pk))
    # then reading the row fails: the ciphertext is bound to its table and column
    with system_scope("test"), pytest.raises(DecryptionError):
        User.unscoped.get(pk=user.pk)


def test_plaintext_written_behind_the_fields_back_is_refused(world):
    set_raw(User._meta.db_table, "phone", world.dan.pk, "13812345678")
    with system_scope("test"), pytest.raises(DecryptionError):
        User.unscoped.get(pk=world.dan.pk)


def test_unknown_key_id_is_refused():
    aad = crypto.associated_data("t", "c")
    token = crypto.encrypt("x", aad)
    body = token.split(":", 2)[2]
    with pytest.raises(DecryptionError, match="not in the key ring"):
        crypto.decrypt(f"v1:zz:{body}", aad)


def test_bank_accounts_are_encrypted_and_found(card_model):
    # given a card holder's bank account
    card = card_model.objects.create(holder="王五", account="6222 0212 3456 7890 123")
    # then raw SQL shows no account number, the model reads it, and exact lookup finds it
    assert BANK_ACCOUNT not in raw_rows("privacy_test_card")
    assert card_model.objects.get(pk=card.pk).account == BANK_ACCOUNT
    assert card_model.objects.get(account__matches="6222-0212-3456-7890-123") == card
    assert personal_kind(card_model._meta.get_field("account")) == "bank_account"


def test_a_bank_account_moved_to_another_table_fails(card_model, world):
    card = card_model.objects.create(holder="王五", account=BANK_ACCOUNT, spare_account=BANK_ACCOUNT)
    # into another column of the same table
    set_raw("privacy_test_card", "spare_account", card.pk, raw_value("privacy_test_card", "account", card.pk))
    with pytest.raises(DecryptionError):
        card_model.objects.get(pk=card.pk)
    # and into another table
    set_raw(User._meta.db_table, "phone", world.dan.pk, raw_value("privacy_test_card", "account", card.pk))
    with system_scope("test"), pytest.raises(DecryptionError):
        User.unscoped.get(pk=world.dan.pk)


def test_id_number_is_unique_when_present(world):
    make_account(world)
    with pytest.raises(ValidationError) as caught:
        make_account(world, username="second", id_number=ID_NUMBER.lower())
    # reported on the ID number, not on its hash column
    assert set(caught.value.message_dict) == {"id_number"}
    # accounts without an ID number are many
    make_account(world, username="third", id_number=None)
    make_account(world, username="fourth", id_number="")


def test_blind_index_follows_the_value_on_every_save(world):
    user = make_account(world)
    user.phone = "13700000000"
    user.save(update_fields=["phone"])  # the index is added to update_fields
    assert raw_value(User._meta.db_table, "phone_hash", user.pk) == crypto.blind_index("phone", "13700000000")
    with system_scope("test"):
        user_update(actor=None, user=user, id_number="")
    assert raw_value(User._meta.db_table, "id_number_hash", user.pk) is None


def test_bulk_create_computes_the_blind_index(world):
    # the demo creates accounts with bulk_create
    with system_scope("test"):
        (_user,) = User.unscoped.bulk_create(
            [User(username="bulk", union=world.union_d, role="worker", phone="13600000000")]
        )
        assert User.unscoped.get(phone__matches="13600000000").username == "bulk"
    assert "13600000000" not in raw_rows(User._meta.db_table)


def test_audit_rows_never_hold_plaintext(world):
    # given an account created and changed with personal data
    user = make_account(world)
    with system_scope("test"):
        user_update(actor=None, user=user, phone="13712345678", id_number="")
    # then the audit table, read raw, holds neither number (only masked forms)
    audit = raw_rows(AuditEvent._meta.db_table)
    for plaintext in (ID_NUMBER, "13900001111", "13712345678"):
        assert plaintext not in audit
    assert "139****1111" in audit
    assert "137****5678" in audit


def test_phone_change_hidden_by_the_mask_is_still_recorded(world):
    user = make_account(world, phone="13900001111")
    with system_scope("test"):
        user_update(actor=None, user=user, phone="13988881111")  # same masked form 139****1111
        event = AuditEvent.objects.filter(object_id=str(user.pk)).order_by("-id").first()
    assert event.changes == {"phone": ["139****1111", "139****1111"]}


def test_key_file_is_created_private(tmp_path):
    path = tmp_path / "keys" / "data_keys"
    with override_settings(PRIVACY_KEY_FILE=path, PRIVACY_DATA_KEYS="", PRIVACY_INDEX_KEY=""):
        ring = crypto.keyring()
        assert ring.active_id == "k1"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert crypto.keyring().data_keys == crypto.read_key_file(path).data_keys


def test_keys_from_the_environment():
    k2, k1, index = (crypto.encode_key(crypto.generate_key()) for _ in range(3))
    with override_settings(PRIVACY_DATA_KEYS=f"k2:{k2},k1:{k1}", PRIVACY_INDEX_KEY=index):
        ring = crypto.keyring()
        assert ring.from_environment
        assert ring.active_id == "k2"
        assert list(ring.data_keys) == ["k2", "k1"]
    with override_settings(PRIVACY_DATA_KEYS=f"k2:{k2}", PRIVACY_INDEX_KEY=""), pytest.raises(ConfigError):
        crypto.keyring()
    with override_settings(PRIVACY_DATA_KEYS="k2:short", PRIVACY_INDEX_KEY=index), pytest.raises(ConfigError):
        crypto.keyring()


def test_id_number_uniqueness_is_checked_beyond_the_actors_scope(world):
    # given a real-name account in township A
    make_account(world, union=world.union_c)
    # when township B's security administrator (who cannot see it) creates one with the same number
    with acting_as(world.sid), pytest.raises(ValidationError) as caught:
        user_create(
            actor=world.sid,
            username="dup_b",
            full_name="重复",
            union=world.union_d,
            role=Role.GRASSROOTS_OFFICER,
            password=PASSWORD,
            id_number=ID_NUMBER,
        )
    # then it is refused as a validation error on the field, not by the database
    assert set(caught.value.message_dict) == {"id_number"}
