"""One way to mask personal data, used by pages, exports, the API and the audit log.

身份证 ``230102********1234``; phone ``138****5678``; bank account ``6222 **** **** 1234``.
"""

from __future__ import annotations

from typing import Any

MASK_KINDS = ("id_number", "phone", "bank_account", "name", "secret")


def mask_id_number(value: str) -> str:
    value = value.strip()
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str) -> str:
    digits = value.strip()
    # Keep the first three and last four only when at least four remain hidden between them.
    if len(digits) < 11:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_bank_account(value: str) -> str:
    compact = value.replace(" ", "")
    if len(compact) <= 8:
        return "*" * len(compact)
    return f"{compact[:4]} **** **** {compact[-4:]}"


def mask_name(value: str) -> str:
    # 张三 → 张*, 欧阳娜娜 → 欧***: public notices show the surname only.
    value = value.strip()
    return value[:1] + "*" * max(len(value) - 1, 1) if value else value


def mask(kind: str, value: Any) -> Any:
    """Mask ``value`` as personal data of ``kind``; empty values stay empty."""
    if value is None or value == "":
        return value
    text = str(value)
    if kind == "id_number":
        return mask_id_number(text)
    if kind == "phone":
        return mask_phone(text)
    if kind == "bank_account":
        return mask_bank_account(text)
    if kind == "name":
        return mask_name(text)
    if kind == "secret":
        return "******"
    raise ValueError(f"unknown personal data kind {kind!r}")
