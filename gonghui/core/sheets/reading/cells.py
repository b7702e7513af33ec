"""Cleaning single cells: the damage Excel and hand typing leave in values.

Each ``clean_*`` takes a raw value as the reader returns it (str, float, int, bool, date,
datetime, time, timedelta, None) and gives a :class:`Cleaned`: the value to use, the issues
found, and whether the value can be trusted at all. Messages are translated when the
function is called, so call it under the language of the person who reads them.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Excel keeps 15 significant digits in a number cell; anything longer has lost digits.
EXCEL_DIGITS = 15
# 1899-12-30 is day 0 of Excel's 1900 date system (the 1900 leap-year bug is before any real date here).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

_FULLWIDTH_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
# Spaces that look like a plain space (or nothing) on screen.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ODD_SPACE_MAP = dict.fromkeys(map(ord, _ODD_SPACES), " ")


def _character_class(code_points: list[int]) -> str:
    """A regex character class for sorted code points, as ranges."""
    ranges: list[list[int]] = []
    for cp in code_points:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


# Every character clean_text may change: controls and format characters (zero-width, BOM,
# direction marks), odd spaces, full-width letters and digits. Text without any of them
# and without outer whitespace is returned as it is, which is most cells.
_SUSPECT = re.compile(
    _character_class(
        sorted(
            {
                cp
                for cp in (*range(0x30000), *range(0xE0000, 0xE1000))
                if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zs", "Zl", "Zp") and cp != 0x20
            }
            | set(_FULLWIDTH_ALNUM)
        )
    )
)
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_WHOLE_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")


_AFTER_CJK_PUNCTUATION = re.compile(r"(?<=[。！？；：）」”])\s+")


def join_sentences(*sentences: str) -> str:
    """Sentences joined by a space, except after Chinese punctuation, which carries its own."""
    return _AFTER_CJK_PUNCTUATION.sub("", " ".join(s for s in sentences if s))


@dataclass
class CellIssue:
    """Something found in one cell; ``message`` is translated."""

    code: str
    message: str


@dataclass
class Cleaned:
    """A cleaned cell: ``fatal`` means the value cannot be trusted (e.g. digits were lost)."""

    value: Any
    issues: list[CellIssue] = field(default_factory=list)
    fatal: bool = False


def _is_invisible(char: str) -> bool:
    # Cf: zero-width space/joiners, BOM, direction marks, soft hyphen; Cc: control characters.
    # Tab and newlines are whitespace and handled as such.
    return unicodedata.category(char) in ("Cf", "Cc") and char not in "\t\n\r"


def _strip_invisible(text: str) -> tuple[str, bool]:
    if text.isascii() and text.isprintable():
        return text, False
    kept = "".join(c for c in text if not _is_invisible(c))
    return kept, len(kept) != len(text)


def normalise_header(text: Any) -> str:
    """The comparable form of a header cell: 「 证件号码（必填）* 」 → 「证件号码」.

    NFKC turns full-width letters, digits and brackets into their plain forms (and the
    look-alike Kangxi radicals some converters produce into ordinary characters); every
    space, newline and invisible character goes; a required-field marker (*, (必填)) at
    either end goes.
    """
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    result = unicodedata.normalize("NFKC", str(text))
    result = "".join(c for c in result if not c.isspace() and not _is_invisible(c))
    result = result.replace("【", "[").replace("】", "]")
    previous = None
    while previous != result:
        previous = result
        result = result.strip("*※")
        for marker in ("(必填)", "(选填)", "(必填项)", "[必填]", "必填"):
            if result.endswith(marker) and len(result) > len(marker):
                result = result[: -len(marker)]
    return result


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _temporal_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _fullwidth_issue() -> CellIssue:
    return CellIssue(
        "normalised_fullwidth",
        _("Full-width letters or digits were changed to ordinary ones."),
    )


def _invisible_issue() -> CellIssue:
    return CellIssue(
        "invisible_removed",
        _("Invisible characters (zero-width spaces, control characters) were removed."),
    )


def _spaces_issue() -> CellIssue:
    return CellIssue("spaces_trimmed", _("Stray spaces before or after the text were removed."))


def clean_text(value: Any, *, personal: bool = False) -> Cleaned:
    """A cell meant as text, tidied: stray spaces, invisible characters, full-width letters and digits.

    Numbers give their plain text (12 → "12", not "12.0"). Chinese punctuation is left
    alone: only full-width letters and digits are changed. ``personal``: the cell holds
    personal data, which messages never quote (see ``clean_code``).
    """
    if value is None:
        return Cleaned("")
    if isinstance(value, bool):
        return Cleaned("TRUE" if value else "FALSE")
    if isinstance(value, int | float) and not isinstance(value, str):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return Cleaned("")
        if isinstance(value, float) and value.is_integer() and abs(value) >= 10**EXCEL_DIGITS:
            lost = _digits_lost_message("", repr(value), personal=personal)
            return Cleaned(repr(value), [CellIssue("digits_lost", lost)], fatal=True)
        return Cleaned(_number_text(value))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return Cleaned(_temporal_text(value))
    text = str(value)
    if not _SUSPECT.search(text) and not (text[:1].isspace() or text[-1:].isspace()):
        return Cleaned(text)  # the common case: nothing to tidy
    issues: list[CellIssue] = []
    text, removed = _strip_invisible(text)
    if removed:
        issues.append(_invisible_issue())
    widened = text.translate(_FULLWIDTH_ALNUM)
    if widened != text:
        issues.append(_fullwidth_issue())
        text = widened
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    spaced = text.translate(_ODD_SPACE_MAP)
    stripped = spaced.strip()
    if stripped != text:
        issues.append(_spaces_issue())
    return Cleaned(stripped, issues)


def _digits_lost_message(column: str, shown: str, *, personal: bool = False) -> str:
    if personal:
        # What Excel shows (3.30102198001011e+17) is most of an ID or account number: not quoted.
        return _(
            "%(column)s was stored by Excel as a number, so its last digits are already lost: set the "
            "column's format to Text and type these numbers again; changing the format alone does not "
            "bring the digits back."
        ) % {"column": column or _("The number")}
    return _(
        "%(column)s was stored by Excel as a number, so its last digits are already lost "
        "(it shows as %(shown)s): set the column's format to Text and type these numbers again; "
        "changing the format alone does not bring the digits back."
    ) % {"column": column or _("The number"), "shown": shown}


# A code typed as plain letters and digits needs no tidying (no spaces, full-width or invisible
# characters, apostrophe or decimal point); scientific notation such as 32E17 still does.
_PLAIN_CODE = re.compile("[0-9A-Za-z]+")


def _upper_cased_issue(letters: list[str]) -> CellIssue:
    separator = pgettext("between letters in a list", ", ")
    return CellIssue(
        "upper_cased",
        _("Lower-case %(letters)s changed to capital %(capitals)s.")
        % {"letters": separator.join(letters), "capitals": separator.join(c.upper() for c in letters)},
    )


_LOWER_CASE = re.compile("[a-z]")


def clean_code(
    value: Any, *, digits: int | None = None, column: str = "", upper: bool = False, personal: bool = False
) -> Cleaned:
    """A cell holding a code (ID, phone, credit code, card number): any number cell is damage.

    Numbers of more than 15 digits (or scientific notation in text) have lost digits: fatal.
    Shorter whole numbers are given back as their digits with a ``stored_as_number`` issue,
    unless ``digits`` says the code is longer (leading zeros lost): fatal. Full-width
    characters, spaces and invisible characters are removed with a non-fatal issue; with
    ``upper`` (codes written in capitals: the ID number's X, credit codes) so are lower-case
    letters, changed to capitals. Without it they are left to the column's validator.
    ``column`` names the column in messages (e.g. "证件号码").

    ``personal``: the column holds personal data (an ID, phone or bank account number). Its
    messages then say what is wrong without quoting the value: what Excel shows of a mangled
    number (3.30102198001011e+17) is most of the number, and the messages end up in the
    stored report, the preview and the command's output. The row and column locate the cell.
    """
    label = column or _("The number")
    if value is None:
        return Cleaned("")
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        return Cleaned(
            _temporal_text(value) if not isinstance(value, bool) else str(value),
            [
                CellIssue(
                    "not_a_code",
                    _("%(column)s holds a date or a true/false value, not a code.") % {"column": label},
                )
            ],
            fatal=True,
        )
    if isinstance(value, int | float):
        return _code_from_number(value, digits=digits, label=label, personal=personal)
    text = str(value)
    if _PLAIN_CODE.fullmatch(text) and not _SCIENTIFIC.match(text) and not (upper and _LOWER_CASE.search(text)):
        return Cleaned(text)  # the common case: letters and digits as typed, nothing to tidy
    issues: list[CellIssue] = []
    text, removed = _strip_invisible(text)
    if removed:
        issues.append(_invisible_issue())
    narrowed = text.translate(_FULLWIDTH_ASCII).replace("\u3000", " ")
    if narrowed != text:
        issues.append(_fullwidth_issue())
        text = narrowed
    text = text.translate(_ODD_SPACE_MAP)
    compact = "".join(text.split())
    if compact != text:
        issues.append(CellIssue("spaces_removed", _("Spaces inside or around the code were removed.")))
    # Ways people force Excel to keep text: a leading apostrophe, or ="..." in a CSV file.
    if compact.startswith('="') and compact.endswith('"') and len(compact) > 3:
        compact = compact[2:-1]
    elif compact.startswith("'"):
        compact = compact[1:]
    if _SCIENTIFIC.match(compact):
        if personal:
            message = _(
                "%(column)s is in scientific notation: Excel has already dropped the last digits. Set the "
                "column's format to Text and type these numbers again; changing the format alone does not "
                "bring the digits back."
            ) % {"column": label}
        else:
            message = _(
                "%(column)s is in scientific notation (%(shown)s): Excel has already dropped the "
                "last digits. Set the column's format to Text and type these numbers again; "
                "changing the format alone does not bring the digits back."
            ) % {"column": label, "shown": compact}
        return Cleaned(compact, [*issues, CellIssue("scientific_notation", message)], fatal=True)
    whole = _WHOLE_FLOAT_TEXT.match(compact)
    if whole:
        # "13812345678.0": a number that went through a program as a float on its way here.
        if len(whole.group(1)) > EXCEL_DIGITS:
            lost = CellIssue("digits_lost", _digits_lost_message(label, compact, personal=personal))
            return Cleaned(compact, [*issues, lost], fatal=True)
        compact = whole.group(1)
        issues.append(_stored_as_number_issue(label))
    if upper:
        lower = sorted(set(_LOWER_CASE.findall(compact)))
        if lower:
            compact = compact.upper()
            issues.append(_upper_cased_issue(lower))
    return Cleaned(compact, issues)


def _stored_as_number_issue(label: str) -> CellIssue:
    return CellIssue(
        "stored_as_number",
        _(
            "%(column)s was stored as a number; it was read back as digits. Set the column's format "
            "to Text in the workbook to avoid losing digits or leading zeros."
        )
        % {"column": label},
    )


def _code_from_number(value: float | int, *, digits: int | None, label: str, personal: bool) -> Cleaned:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer()):
        if personal:
            message = _("%(column)s holds a number with decimals, which cannot be a code.") % {"column": label}
        else:
            message = _("%(column)s holds the number %(shown)s with decimals, which cannot be a code.") % {
                "column": label,
                "shown": value,
            }
        return Cleaned(str(value), [CellIssue("not_a_code", message)], fatal=True)
    number = int(value)
    text = str(abs(number))
    if number < 0 or len(text) > EXCEL_DIGITS:
        # repr gives what Excel users see in the formula bar: 3.2050519610213e+17. The value is
        # that text too, so that nobody mistakes the surviving digits for the number.
        shown = repr(value)
        lost = _digits_lost_message(label, shown, personal=personal)
        return Cleaned(shown, [CellIssue("digits_lost", lost)], fatal=True)
    if digits is not None and len(text) < digits:
        if personal:
            message = _(
                "%(column)s was stored as a number of fewer than %(digits)d digits: leading zeros were "
                "dropped. Set the column's format to Text and type the code again."
            ) % {"column": label, "digits": digits}
        else:
            message = _(
                "%(column)s was stored as the number %(shown)s, which has fewer than %(digits)d digits: "
                "leading zeros were dropped. Set the column's format to Text and type the code again."
            ) % {"column": label, "shown": text, "digits": digits}
        return Cleaned(text, [CellIssue("leading_zeros_lost", message)], fatal=True)
    return Cleaned(text, [_stored_as_number_issue(label)])


_DATE_SEPARATED = re.compile(
    r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _accepted_dates() -> str:
    return _("Use a date cell or one of: 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日, 20260315.")


def _bad_date(value: Any, shown: str) -> Cleaned:
    return Cleaned(
        value,
        [
            CellIssue(
                "invalid_date",
                join_sentences(_("“%(shown)s” is not a valid date.") % {"shown": shown}, _accepted_dates()),
            )
        ],
        fatal=True,
    )


def _date_of(year: int, month: int, day: int, value: Any, shown: str, issues: list[CellIssue] | None = None) -> Cleaned:
    try:
        return Cleaned(datetime.date(year, month, day), issues or [])
    except ValueError:
        return _bad_date(value, shown)


def _read_as_date_issue(shown: str, year: int, month: int, day: int) -> CellIssue:
    return CellIssue(
        "read_as_date",
        _("“%(shown)s” is not a date Excel recognises; it was read as %(date)s.")
        % {"shown": shown, "date": f"{year:04d}-{month:02d}-{day:02d}"},
    )


def clean_date(value: Any) -> Cleaned:
    """A date: date cells, Excel serial numbers, 2026/3/15, 2026-03-15, 2026.3.15, 2026年3月15日, 20260315."""
    if value is None or value == "":
        return Cleaned(None)
    if isinstance(value, datetime.datetime):
        return Cleaned(value.date())
    if isinstance(value, datetime.date):
        return Cleaned(value)
    if isinstance(value, bool | datetime.time | datetime.timedelta):
        return _bad_date(value, _temporal_text(value) if not isinstance(value, bool) else str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer()):
            return _bad_date(value, str(value))
        number = int(value)
        if 19000101 <= number <= 29991231:
            # 20260315 typed into a General cell: a number to Excel, read here as a date (a repair).
            year, month, day = number // 10000, number // 100 % 100, number % 100
            note = _read_as_date_issue(str(number), year, month, day)
            return _date_of(year, month, day, value, str(number), [note])
        if 1 <= number <= EXCEL_MAX_SERIAL:
            return Cleaned(EXCEL_EPOCH + datetime.timedelta(days=number))
        return _bad_date(value, str(number))
    cleaned = clean_text(value)
    text = str(cleaned.value).translate(_FULLWIDTH_ASCII)
    if not text:
        return Cleaned(None)
    for pattern in (_DATE_SEPARATED, _DATE_CHINESE, _DATE_COMPACT):
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            # Repairs are reported: the tidying of the text (full-width digits, spaces …), and a
            # form Excel keeps as text, not as a date (2026.3.15, 20260315), with how it was read.
            issues = list(cleaned.issues)
            if pattern is _DATE_COMPACT or "." in text[: match.end(3)]:
                issues.append(_read_as_date_issue(text, year, month, day))
            return _date_of(year, month, day, value, text, issues)
    return _bad_date(value, text)


_MONEY_NOISE = re.compile(r"[¥￥元,，\s]|RMB|CNY|人民币", re.IGNORECASE)
_CENT = Decimal("0.01")


def _bad_amount(value: Any, shown: str) -> Cleaned:
    return Cleaned(
        value,
        [
            CellIssue(
                "invalid_amount",
                _("“%(shown)s” is not an amount of money; write it like 1234.50 or ¥1,234.50.") % {"shown": shown},
            )
        ],
        fatal=True,
    )


def clean_decimal(value: Any) -> Cleaned:
    """An amount of money as a Decimal: number cells rounded to cents, "¥1,234.50" and "1,234.5元" accepted.

    The sign is kept; ranges are the column specification's business.
    """
    if value is None or value == "":
        return Cleaned(None)
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        return _bad_amount(value, str(value))
    if isinstance(value, int):
        return Cleaned(Decimal(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return _bad_amount(value, str(value))
        # Excel's own precision is 15 significant digits: read the float as Excel shows it.
        exact = Decimal(f"{value:.15g}")
        rounded = exact.quantize(_CENT, rounding=ROUND_HALF_UP)
        issues = []
        if rounded != exact:
            issues.append(
                CellIssue(
                    "rounded",
                    _("The amount %(shown)s was rounded to %(rounded)s.") % {"shown": exact, "rounded": rounded},
                )
            )
        return Cleaned(rounded, issues)
    cleaned = clean_text(value)
    text = str(cleaned.value).translate(_FULLWIDTH_ASCII)
    if not text:
        return Cleaned(None)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = _MONEY_NOISE.sub("", text)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return _bad_amount(value, str(cleaned.value))
    if not amount.is_finite():
        return _bad_amount(value, str(cleaned.value))
    return Cleaned(-amount if negative else amount, [i for i in cleaned.issues if i.code != "spaces_trimmed"])
