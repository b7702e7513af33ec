"""The registry's index diet: the single-column indexes that serve no read go.

Django gives every foreign key an index. On the registry's tables, those of the keeping union,
the employer, the worker and the event's union are led by a composite index that serves the
same look-ups (``members_worker_union_status``, ``members_worker_employer``,
``members_ms_union_status_seen``, ``members_ms_worker``, ``members_event_worker``,
``members_event_union_kind``); those of the six national lists (ethnic group, education, skill
level, household type, employment status, political status: a handful of codes per million
rows) serve no query: a list filters them only within the scope, found by the union's index.
Each costs every inserted worker, membership and event (bench/import_members.py).

On PostgreSQL Django also gives every indexed text column a ``varchar_pattern_ops`` twin
(``…_like``) for ``LIKE 'x%'``. The registry looks its codes, hashes, name and category up by
equality, and its pinyin prefixes through its own pattern indexes (``members_worker_pinyin_like``,
``members_worker_initials_like``, 0002): the seven twins go too.

Only the indexes are dropped, by name as the database reports them (PostgreSQL's ``_like``
twins of the code columns too): the state's ``AlterField`` would make SQLite rebuild the worker
table, dropping the triggers of the name index (0002_search_indexes) with it.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = {
    "members_worker": (
        "union_id",
        "employer_id",
        "ethnic_group_id",
        "education_id",
        "skill_level_id",
        "household_type_id",
        "employment_status_id",
        "political_status_id",
    ),
    "members_membership": ("union_id", "worker_id"),
    "members_membershipevent": ("union_id", "worker_id"),
}


# PostgreSQL's pattern twins of the worker's text columns (equality look-ups only).
LIKE_TWINS = ("name", "category", "id_number_hash", "phone_hash", "card_number", "pinyin", "pinyin_initials")
OWN_PATTERN_INDEXES = ("members_worker_pinyin_like", "members_worker_initials_like")


def drop_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, columns in DROPPED.items():
            twins = LIKE_TWINS if table == "members_worker" and connection.vendor == "postgresql" else ()
            constraints = connection.introspection.get_constraints(cursor, table)
            for name, info in constraints.items():
                if not info["index"] or info["unique"] or info["primary_key"] or len(info["columns"] or ()) != 1:
                    continue
                column = info["columns"][0]
                twin = column in twins and name.endswith("_like") and name not in OWN_PATTERN_INDEXES
                if column in columns or twin:
                    quoted = {"table": schema_editor.quote_name(table), "name": schema_editor.quote_name(name)}
                    schema_editor.execute(schema_editor.sql_delete_index % quoted)


def create_indexes(apps, schema_editor):
    models_by_table = {m._meta.db_table: m for m in apps.get_app_config("members").get_models()}
    for table, columns in DROPPED.items():
        model = models_by_table[table]
        for field in model._meta.local_concrete_fields:
            if field.column in columns:
                for statement in schema_editor._field_indexes_sql(model, field):  # the index and its _like twin
                    schema_editor.execute(statement)
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        worker = models_by_table["members_worker"]
        with connection.cursor() as cursor:
            existing = set(connection.introspection.get_constraints(cursor, worker._meta.db_table))
        for field in worker._meta.local_concrete_fields:
            name = schema_editor._create_index_name(worker._meta.db_table, [field.column], suffix="_like")
            if field.column in LIKE_TWINS and name not in existing:
                statement = schema_editor._create_like_index_sql(worker, field)
                if statement is not None:
                    schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_worker_account"),
        ("organisations", "0002_founding_and_surveys"),
        ("reference", "0001_initial"),
        ("tree", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="membership",
                    name="union",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="tree.union",
                        verbose_name="union",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="worker",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="members.worker",
                        verbose_name="worker",
                    ),
                ),
                migrations.AlterField(
                    model_name="membershipevent",
                    name="union",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tree.union",
                        verbose_name="union",
                    ),
                ),
                migrations.AlterField(
                    model_name="membershipevent",
                    name="worker",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.worker",
                        verbose_name="worker",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="education",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.educationlevel",
                        verbose_name="education",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="employer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="workers",
                        to="organisations.employer",
                        verbose_name="employer",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="employment_status",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.employmentstatus",
                        verbose_name="employment status",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="ethnic_group",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.ethnicgroup",
                        verbose_name="ethnic group",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="household_type",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.householdtype",
                        verbose_name="household registration type",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="political_status",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.politicalstatus",
                        verbose_name="political status",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="skill_level",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.skilllevel",
                        verbose_name="skill level",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="union",
                    field=models.ForeignKey(
                        db_index=False,
                        help_text="The union that keeps this record and decides who may see it.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="workers",
                        to="tree.union",
                        verbose_name="keeping union",
                    ),
                ),
            ],
        ),
    ]
