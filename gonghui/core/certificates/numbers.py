"""Certificate numbers: the year, eight random characters and an ISO 7064 MOD 37,36 check character."""

from __future__ import annotations

import secrets
import string

from stdnum.iso7064 import mod_37_36

ALPHABET = string.digits + string.ascii_uppercase
RANDOM_LENGTH = 8


def new_number(year: int) -> str:
    """A fresh number such as ``2026-7K3Q9M2X-P`` (the caller checks it is not taken)."""
    body = f"{year}{''.join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))}"
    return format_number(body + mod_37_36.calc_check_digit(body))


def format_number(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:-1]}-{compact[-1]}"


def normalise(value: str) -> str | None:
    """The number as stored, from what a visitor typed (case, spaces and dashes ignored), or
    ``None`` when it cannot be a certificate number (wrong length or check character)."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(compact) != 4 + RANDOM_LENGTH + 1 or not compact[:4].isdigit() or not compact.isascii():
        return None
    if not mod_37_36.is_valid(compact):
        return None
    return format_number(compact)
