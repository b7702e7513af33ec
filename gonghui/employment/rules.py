"""Employment rules without the database: the skills list and the match score with its reasons.

The score (0–100) of a job seeker for a vacancy adds three parts:

* **skills** (up to ``SKILLS_WEIGHT``): the share of the vacancy's required skills the seeker has
  ("技能匹配 2/3"); a vacancy requiring no skill gives half the part to everyone;
* **place** (``PLACE_WEIGHT``): the vacancy lies in the township the seeker wishes to work in
  ("同一乡镇");
* **pay** (``PAY_WEIGHT``): the top of the vacancy's pay range reaches the seeker's expected
  pay ("薪资满足期望"); without an expectation, half the part.

``match_score`` is pure: the selectors filter the candidates in SQL first (valid, not full, a
skill or the place in common) and score a bounded number of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SKILLS_WEIGHT = 60
PLACE_WEIGHT = 25
PAY_WEIGHT = 15

# The controlled list of skills (code, label): trades of the county's employers and services.
SKILLS: tuple[tuple[str, object], ...] = (
    ("welding", gettext_lazy("welding")),
    ("electrician", gettext_lazy("electrician")),
    ("machining", gettext_lazy("machining (lathe, milling)")),
    ("assembly", gettext_lazy("assembly line work")),
    ("sewing", gettext_lazy("sewing and garments")),
    ("driving", gettext_lazy("driving (licence B or C)")),
    ("forklift", gettext_lazy("forklift")),
    ("warehouse", gettext_lazy("warehouse and logistics")),
    ("construction", gettext_lazy("construction and masonry")),
    ("carpentry", gettext_lazy("carpentry")),
    ("plumbing", gettext_lazy("plumbing")),
    ("cooking", gettext_lazy("cooking")),
    ("cleaning", gettext_lazy("cleaning")),
    ("security", gettext_lazy("security guard")),
    ("care", gettext_lazy("elderly and child care")),
    ("sales", gettext_lazy("sales and shop work")),
    ("office", gettext_lazy("office and computer work")),
    ("accounting", gettext_lazy("bookkeeping")),
    ("agriculture", gettext_lazy("farming and animal husbandry")),
    ("ecommerce", gettext_lazy("e-commerce and live selling")),
)
SKILL_CODES = frozenset(code for code, _label in SKILLS)
SKILL_LABELS: dict[str, object] = dict(SKILLS)


def join_skills(codes: Iterable[str]) -> str:
    """Skills as stored: ``,code,code,`` in the list's order ("" for none); unknown codes refused."""
    wanted = {code.strip() for code in codes if code and code.strip()}
    unknown = wanted - SKILL_CODES
    if unknown:
        raise ValidationError({"skills": _("Unknown skill: %(skill)s.") % {"skill": ", ".join(sorted(unknown))}})
    ordered = [code for code, _label in SKILLS if code in wanted]
    return f",{','.join(ordered)}," if ordered else ""


def split_skills(stored: str) -> list[str]:
    return [code for code in (stored or "").split(",") if code]


def skill_labels(stored: str) -> list[str]:
    return [str(SKILL_LABELS.get(code, code)) for code in split_skills(stored)]


def skill_needle(code: str) -> str:
    """The substring a stored skills column holds when it has ``code``."""
    return f",{code},"


def check_pay_range(pay_min: Decimal | None, pay_max: Decimal | None) -> None:
    """A pay range: both given, not negative, from ≤ to."""
    if pay_min is None or pay_max is None:
        return
    if pay_min < 0 or pay_max < 0:
        raise ValidationError({"pay_min": _("Pay cannot be negative.")})
    if pay_min > pay_max:
        raise ValidationError(
            {
                "pay_max": _("The top of the pay range (¥%(max)s) is below its bottom (¥%(min)s).")
                % {"max": pay_max, "min": pay_min}
            }
        )


@dataclass(frozen=True)
class Match:
    """A score and the reasons shown with it."""

    score: int
    skills_matched: int
    skills_required: int
    same_place: bool
    pay_ok: bool | None  # None: the seeker gave no expected pay
    reasons: tuple[str, ...]


def match_score(
    *,
    seeker_skills: Iterable[str],
    seeker_place: str | None,
    expected_pay: Decimal | None,
    vacancy_skills: Iterable[str],
    vacancy_place: str | None,
    pay_max: Decimal,
) -> Match:
    """How well a seeker fits a vacancy (see the module docstring): 0–100 and its reasons."""
    have = set(seeker_skills)
    need = set(vacancy_skills)
    matched = len(have & need)
    reasons: list[str] = []
    if need:
        skills_part = SKILLS_WEIGHT * matched / len(need)
        reasons.append(_("skills match %(matched)d/%(required)d") % {"matched": matched, "required": len(need)})
    else:
        skills_part = SKILLS_WEIGHT / 2
        reasons.append(_("no particular skill required"))
    same_place = bool(seeker_place) and seeker_place == vacancy_place
    if same_place:
        reasons.append(_("same township"))
    pay_ok: bool | None
    if expected_pay is None:
        pay_ok, pay_part = None, PAY_WEIGHT / 2
    else:
        pay_ok = pay_max >= expected_pay
        pay_part = PAY_WEIGHT if pay_ok else 0
        reasons.append(_("pay meets the expectation") if pay_ok else _("pay below the expectation"))
    total = skills_part + (PLACE_WEIGHT if same_place else 0) + pay_part
    return Match(
        score=int(Decimal(str(total)).quantize(Decimal("1"), rounding="ROUND_HALF_UP")),
        skills_matched=matched,
        skills_required=len(need),
        same_place=same_place,
        pay_ok=pay_ok,
        reasons=tuple(reasons),
    )
