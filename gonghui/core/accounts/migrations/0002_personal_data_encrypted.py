"""Encrypt account phone numbers at rest, add their blind index, and add the ID number.

Existing phone numbers are encrypted in place (raw SQL: the historical model would try to
decrypt the plaintext it reads). Reversible: going back decrypts them into the column.
"""

from django.db import migrations

import gonghui.core.privacy.fields


def _phones(apps, schema_editor):
    user = apps.get_model("accounts", "User")
    qn = schema_editor.connection.ops.quote_name
    return user._meta.db_table, qn(user._meta.db_table), qn


def encrypt_phones(apps, schema_editor):
    from gonghui.core.privacy import crypto

    table, quoted, qn = _phones(apps, schema_editor)
    aad = crypto.associated_data(table, "phone")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn('id')}, {qn('phone')} FROM {quoted} WHERE {qn('phone')} <> ''")
        rows = cursor.fetchall()
        for pk, phone in rows:
            if crypto.key_id_of(phone):
                continue  # already encrypted (a re-run)
            value = crypto.normalise("phone", phone)
            cursor.execute(
                f"UPDATE {quoted} SET {qn('phone')} = %s, {qn('phone_hash')} = %s WHERE {qn('id')} = %s",
                [crypto.encrypt(value, aad), crypto.blind_index("phone", value), pk],
            )


def decrypt_phones(apps, schema_editor):
    from gonghui.core.privacy import crypto

    table, quoted, qn = _phones(apps, schema_editor)
    aad = crypto.associated_data(table, "phone")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn('id')}, {qn('phone')} FROM {quoted} WHERE {qn('phone')} <> ''")
        for pk, token in cursor.fetchall():
            if crypto.key_id_of(token):
                cursor.execute(
                    f"UPDATE {quoted} SET {qn('phone')} = %s WHERE {qn('id')} = %s",
                    [crypto.decrypt(token, aad), pk],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="id_number",
            field=gonghui.core.privacy.fields.EncryptedPersonalField(
                blank=True, blind_index="id_number_hash", kind="id_number", null=True, verbose_name="ID number"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="id_number_hash",
            field=gonghui.core.privacy.fields.BlindIndexField(max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_hash",
            field=gonghui.core.privacy.fields.BlindIndexField(db_index=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=gonghui.core.privacy.fields.EncryptedPersonalField(
                blank=True, blind_index="phone_hash", kind="phone", verbose_name="mobile phone"
            ),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
    ]
