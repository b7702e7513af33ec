"""The engine's cell cleaning: the fast path for plain text agrees with the reader; repeats are remembered."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from gonghui.core.identifiers import validate_credit_code
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
    amounts = Column("amount", "金额", type="decimal")  # no fast path: every value goes to the cleaner
    cleaner = CellCleaner()
    for i in range(CellCleaner.TRIAL + 10):
        row = Row(number=i, raw=[])
        cleaner.clean(column, "甲", row)
        cleaner.clean(amounts, f"{i}.5", row)
        assert row.values == {"kind": "a", "amount": Decimal(f"{i}.50")}
    assert cleaner.remembered("amount") is None
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


FAST_COLUMNS = (
    Column("name", "姓名", required=True, max_length=6),
    Column("place", "籍贯"),
    Column("id", "证件号码", type="code", digits=18, upper=True, required=True, personal="id_number"),
    Column("card", "会员证号", type="code", max_length=10),
    Column("code", "统一社会信用代码", type="code", digits=18, upper=True, validators=(validate_credit_code,)),
    Column("born", "出生日期", type="date", required=True),
    Column("on", "变化日期", type="date"),
)


def _random_cell(rng: random.Random) -> object:
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice(["", " ", "\u3000"])
    if kind == 2:
        return datetime(rng.randint(1950, 2030), rng.randint(1, 12), rng.randint(1, 28), rng.choice([0, 0, 13]))
    if kind == 3:
        return date(rng.randint(1950, 2030), rng.randint(1, 12), rng.randint(1, 28))
    if kind == 4:
        return rng.choice([12345, 3.5, 20260315, 1.30102198001011e17, True])
    if kind == 5:
        return rng.choice(["91330102MA2XXXXXX7", "91330102MA2H4XJ17N", "110101199003071233", "11010119900307123x"])
    alphabet = "工会张伟青山0123456789AXEe+-. '１Ｘ\u200b（）·,/"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))


def test_each_columns_fast_path_gives_what_the_full_cleaner_gives() -> None:
    rng = random.Random(2026)
    taken = 0
    for column in FAST_COLUMNS:
        fast = engine.fast_path(column)
        assert fast is not None
        for _ in range(4000):
            value = _random_cell(rng)
            result = fast(value)
            if result is engine._SLOW:
                continue
            taken += 1
            assert engine.clean_value(column, value) == (result, (), ()), (column.field, repr(value))
    assert taken > 5000  # the fast paths do take the common cells


def test_choice_and_decimal_columns_have_no_fast_path() -> None:
    assert engine.fast_path(Column("kind", "类型", choices=(("甲", "a"),))) is None
    assert engine.fast_path(Column("amount", "金额", type="decimal")) is None
