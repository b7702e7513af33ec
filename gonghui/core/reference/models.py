"""Reference data: the code lists other modules point at (divisions, industries, ethnic groups …).

One table per kind, so that a module can say ``Employer.industry = ForeignKey(Industry)``.
Every table is keyed by the official code itself (``Industry.pk == "13"``): a foreign key
column then holds the code, and an import that looked a name up with
``selectors.lookup("industry", "农副食品加工业")`` can set ``industry_id`` without a query.

The rows come from the CSV files in ``data/`` (see ``data/SOURCES.md``) through
``gonghui loadreference``. A refresh never deletes: a code that left its file is marked
inactive, because other rows may still point at it.

These lists belong to no union and everybody may read them, so the managers are plain.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SYNONYM_SEPARATOR = "|"


def new_token() -> str:
    return uuid.uuid4().hex


class Entry(models.Model):
    """Columns every code list shares: code, name, the variants an import accepts, file order."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    synonyms = models.CharField(_("synonyms"), max_length=500, blank=True, help_text=_("separated by |"))
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("order in the source file"))
    active = models.BooleanField(_("in use"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [s for s in self.synonyms.split(SYNONYM_SEPARATOR) if s]


class Division(Entry):
    """An administrative division by its 12-digit statistical code (统计用区划代码, GB/T 2260 above county)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township or street")
        VILLAGE = "village", _("Village or community")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta(Entry.Meta):
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")


class Industry(Entry):
    """A section (门类, A–T) or division (大类, 01–97) of GB/T 4754-2017."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    section = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
        limit_choices_to={"level": "section"},
    )

    class Meta(Entry.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class EthnicGroup(Entry):
    """An ethnic group (民族), GB/T 3304."""

    class Meta(Entry.Meta):
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")


class Ownership(Entry):
    """An economic type (经济类型) as the provincial union templates list them."""

    class Meta(Entry.Meta):
        verbose_name = _("economic type")
        verbose_name_plural = _("economic types")


class UnitNature(Entry):
    """The kind of body an employer is (单位性质类别): enterprise, public institution, organ …"""

    class Meta(Entry.Meta):
        verbose_name = _("unit nature")
        verbose_name_plural = _("unit natures")


class RegistrationType(Entry):
    """An old registration type code (登记注册类型, 110 国有 … 700), kept to map older files."""

    class Meta(Entry.Meta):
        verbose_name = _("registration type")
        verbose_name_plural = _("registration types")


class EducationLevel(Entry):
    """An education level (学历), GB/T 4658 grouped into the template's eight levels."""

    class Meta(Entry.Meta):
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class SkillLevel(Entry):
    """A vocational skill level (技术等级): none, or 职业资格 level one to five."""

    class Meta(Entry.Meta):
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")


class PoliticalStatus(Entry):
    """A political affiliation (政治面貌), GB/T 4762."""

    class Meta(Entry.Meta):
        verbose_name = _("political status")
        verbose_name_plural = _("political statuses")


class HouseholdType(Entry):
    """A household registration type (户籍类型)."""

    class Meta(Entry.Meta):
        verbose_name = _("household registration type")
        verbose_name_plural = _("household registration types")


class EmploymentStatus(Entry):
    """An employment status (就业状况) as the member template lists them."""

    class Meta(Entry.Meta):
        verbose_name = _("employment status")
        verbose_name_plural = _("employment statuses")


class ReferenceLoad(models.Model):
    """One load that changed reference data. Its token is the version the lookup caches check."""

    token = models.CharField(max_length=32, default=new_token, unique=True, editable=False)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.JSONField(_("changes"), default=dict, help_text=_("{kind: {created, updated, deactivated}}"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("reference data load")
        verbose_name_plural = _("reference data loads")
        default_permissions = ()
        permissions = [("view_reference", "Can browse the reference data")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.token[:8]}"
