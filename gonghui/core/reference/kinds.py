"""The kinds of reference data: which table, which file, which extra columns.

The key (``"industry"``, ``"ethnic_group"`` …) is what selectors, pages and URLs use.
Kinds load in this order; within a load all foreign keys are checked at commit, so a
parent may come after its child in a file, but files list parents first for readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.reference import models


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[models.Entry]
    file: str
    label: Any
    # Columns besides code, name and synonyms, in file order. A column named after a
    # foreign key ("parent", "section") holds the parent's code.
    extra: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("division", models.Division, "divisions.csv", _("Administrative divisions"), ("level", "parent")),
        Kind("industry", models.Industry, "industries.csv", _("Industries (GB/T 4754-2017)"), ("level", "section")),
        Kind("ownership", models.Ownership, "ownership.csv", _("Economic types")),
        Kind("unit_nature", models.UnitNature, "unit_natures.csv", _("Unit natures")),
        Kind("registration_type", models.RegistrationType, "registration_types.csv", _("Registration types")),
        Kind("ethnic_group", models.EthnicGroup, "ethnic_groups.csv", _("Ethnic groups")),
        Kind("education_level", models.EducationLevel, "education_levels.csv", _("Education levels")),
        Kind("skill_level", models.SkillLevel, "skill_levels.csv", _("Skill levels")),
        Kind("political_status", models.PoliticalStatus, "political_status.csv", _("Political status")),
        Kind("household_type", models.HouseholdType, "household_types.csv", _("Household registration types")),
        Kind("employment_status", models.EmploymentStatus, "employment_statuses.csv", _("Employment statuses")),
    )
}


def get_kind(key: str) -> Kind:
    """The kind named ``key``; ``KeyError`` with the known keys otherwise."""
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"unknown reference kind {key!r}; known: {', '.join(KINDS)}") from None
