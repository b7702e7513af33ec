"""Pinyin of names, computed once at write time and stored in indexed columns (see docs/members.md).

``name_pinyin("张三") == ("zhangsan", "zs")``. Plain values in, plain values out, with a
per-character cache, so a bulk import computes 100,000 names in well under a second
(FACTS.md: 19 s calling pypinyin per name, 0.3 s caching per character).

Surnames with a special reading (曾 zeng, 单 shan …) take their surname reading when they
are the first character of the name; pypinyin gives the common reading otherwise.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from pypinyin import lazy_pinyin

# The reading of a character when it is a surname (the first character of a name).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "覃": "qin",
    "尉": "yu",
    "员": "yun",
    "召": "shao",
    "瞿": "qu",
}
# Column widths (the model's max_length): long foreign names are cut, never refused.
PINYIN_MAX = 200
INITIALS_MAX = 50


@lru_cache(maxsize=20000)
def _syllable(char: str) -> str:
    """The pinyin of one character, lower-case ASCII; letters and digits as they are; '' otherwise."""
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    reading = lazy_pinyin(char, errors="ignore")
    return reading[0].lower() if reading else ""


def syllables(name: str) -> list[str]:
    """The syllables of ``name`` (surname readings for its first character)."""
    name = (name or "").strip()
    result: list[str] = []
    for position, char in enumerate(name):
        syllable = SURNAME_READINGS.get(char) if position == 0 else None
        syllable = syllable or _syllable(char)
        if syllable:
            result.append(syllable)
    return result


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def name_grams(name: str) -> str:
    """The name's characters and character pairs, space-separated: what the name index holds.

    ``name_grams("张伟强") == "张 伟 强 张伟 伟强"``. A search for one or two characters (the
    common case: 张伟) is then one exact term in an inverted index, on SQLite (FTS5) and
    PostgreSQL (GIN) alike; longer queries look up all their pairs.
    """
    chars = [c for c in (name or "") if is_cjk(c)]
    grams = list(dict.fromkeys(chars))
    grams += list(dict.fromkeys(a + b for a, b in itertools.pairwise(chars)))
    return " ".join(grams)


def query_grams(text: str) -> list[str]:
    """The terms a name query must all match: the character itself, or every pair in it."""
    chars = [c for c in text if is_cjk(c)]
    if len(chars) == 1:
        return chars
    return list(dict.fromkeys(a + b for a, b in itertools.pairwise(chars)))


def name_pinyin(name: str) -> tuple[str, str]:
    """``(full pinyin, initials)`` of ``name``: ``("zhangsan", "zs")`` for 张三."""
    parts = syllables(name)
    full = "".join(parts)[:PINYIN_MAX]
    initials = "".join(part[0] for part in parts)[:INITIALS_MAX]
    return full, initials
