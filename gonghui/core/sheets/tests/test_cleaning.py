"""The engine's cell cleaning: the fast path for plain text agrees with the reader; repeats are remembered."""

from __future__ import annotations

import random

import pytest

from gonghui.core.sheets import engine, reading
from gonghui.core.sheets.engine import CellCleaner, Row, _clean_text
from gonghui.core.sheets.specs import Column


@pytest.mark.parametrize(
    "text",
    ["青山县第1号企业工会委员会", "ABC-123", "（联合）工会·分会", "《工会法》“第十一条”", "A&B/C", "【测试】"],
)
def test_plain_text_fast_path_matches_the_reader(text: str) -> None:
    assert engine._PLAIN_TEXT.fullmatch(text)
    assert _clean_text(text).value == reading.clean_text(text).value == text
    assert reading.clean_text(text).issues == []


def test_fast_path_agrees_with_the_reader_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "工会青山县镇１Ａ a\u200b\u3000\u00a0（）·—《》【】" + "".join(chr(c) for c in range(0x21, 0x7F))
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        fast, slow = _clean_text(text), reading.clean_text(text)
        assert (fast.value, [i.code for i in fast.issues], fast.fatal) == (
            slow.value,
            [i.code for i in slow.issues],
            slow.fatal,
        ), repr(text)


def test_repeated_values_are_remembered_and_unique_ones_are_not() -> None:
    column = Column("kind", "类型", choices=(("甲", "a"),), required=True)
    names = Column("name", "名称")
    cleaner = CellCleaner()
    for i in range(CellCleaner.TRIAL + 10):
        row = Row(number=i, raw=[])
        cleaner.clean(column, "甲", row)
        cleaner.clean(names, f"名称{i}", row)
        assert row.values == {"kind": "a", "name": f"名称{i}"}
    assert cleaner.remembered("name") is None
    assert cleaner.remembered("kind") == 1
    # errors come back from the memory as from the first time
    first, second = Row(number=1, raw=[]), Row(number=2, raw=[])
    cleaner.clean(column, "乙", first)
    cleaner.clean(column, "乙", second)
    assert first.errors == second.errors
    assert first.errors


def test_code_fast_path_agrees_with_the_reader_on_random_codes() -> None:
    rng = random.Random(11)
    alphabet = "0123456789AXEe+-. '１Ｘ\u200b"
    column = Column("code", "证件号码", type="code", digits=18)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))
        fast = engine.clean_value(column, text)
        slow = reading.clean_code(text, digits=18, column="证件号码")
        expected_value = None if slow.fatal or not slow.value else slow.value
        assert fast[0] == expected_value, repr(text)
        assert bool(fast[1]) == slow.fatal, repr(text)
        assert len(fast[2]) == (0 if slow.fatal else len(slow.issues)), repr(text)
