"""Plausible demo names: unique where they must be, varied as real ones are, never numbered in brackets."""

from __future__ import annotations

import random
import re

from gonghui.core.demo import names

NUMBERED = re.compile(r"[0-9０-９]")


def test_taken_firm_names_get_a_place_another_brand_or_a_qualifier_never_a_number() -> None:
    # given one brand, one trade and one form asked for far more often than it can exist
    namer = names.UniqueNames(random.Random(3))
    made = [namer.company(trade="机械制造", form="有限公司", place="城关", brand="宏达") for _ in range(400)]
    # then every name is different, shaped like a registered firm's, with no number in it
    assert len(set(made)) == len(made)
    assert not [name for name in made if NUMBERED.search(name)]
    assert all(name.startswith(names.COUNTY) and name.endswith("机械制造有限公司") for name in made)
    # the first is the plain name, the second carries the township's place word
    assert made[:2] == ["青山县宏达机械制造有限公司", "青山县城关宏达机械制造有限公司"]


def test_taken_institutions_become_the_townships_own() -> None:
    namer = names.UniqueNames(random.Random(5))
    townships = ["城关镇", "西河镇", "北山乡"]
    made = [namer.institution("卫生健康系统工会", townships) for _ in range(20)]
    assert len(set(made)) == 20
    assert not [name for name in made if NUMBERED.search(name)]
    assert "青山县西河镇卫生院" in made


def test_joint_unions_take_another_area_then_a_district() -> None:
    namer = names.UniqueNames(random.Random(1))
    made = [namer.joint("城关镇", names.JOINT_AREAS, "联合工会委员会", start=0) for _ in range(12)]
    assert made[0] == "城关镇商贸街联合工会委员会"
    assert "城关镇商贸街东区联合工会委员会" in made
    assert len(set(made)) == 12
    assert not [name for name in made if NUMBERED.search(name)]


def test_the_same_seed_gives_the_same_names() -> None:
    def run(seed: int) -> list[str]:
        namer = names.UniqueNames(random.Random(seed))
        return [namer.company(trade="纺织", form="有限公司", place="东城") for _ in range(200)]

    assert run(9) == run(9)
