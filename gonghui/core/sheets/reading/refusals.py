"""Refusing a whole file: the exception, and the messages several checks share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import limits
from .cells import join_sentences


class RefusedFile(Exception):
    """The whole file is refused. ``code`` is stable for programs; ``message`` is translated for people."""

    def __init__(self, code: str, message: str) -> None:
        message = join_sentences(message)
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"RefusedFile({self.code!r}, {self.message!r})"


def save_as_xlsx() -> str:
    return _("Open it in Excel or WPS, choose “Save as”, pick “Excel workbook (*.xlsx)”, and upload the new file.")


def refuse(code: str, message: str) -> RefusedFile:
    return RefusedFile(code, message)


def megabytes(size: int) -> str:
    if size < limits.MB:
        return f"{size / limits.MB:.2f}"
    return f"{size / limits.MB:.1f}".removesuffix(".0")


def macros_message() -> str:
    return _(
        "The workbook contains macros (VBA code or macro sheets), which are not accepted. "
        "Open it in Excel, save it as “Excel workbook (*.xlsx)” (this removes the macros), and upload that file."
    )


def encrypted_message() -> str:
    return _(
        "The workbook is protected with a password (encrypted) and cannot be read. Open it in Excel, remove the "
        "password (File → Info → Protect workbook → Encrypt with password, clear it), save, and upload again."
    )


def unreadable_file() -> RefusedFile:
    return refuse(
        "unreadable",
        _("The file is damaged or incomplete and cannot be read.") + " " + save_as_xlsx(),
    )


def unreadable_encoding_message() -> str:
    return _("The CSV file's text encoding is not recognised. Save it from Excel as “CSV UTF-8” and upload it again.")


def zip_bomb() -> RefusedFile:
    return refuse(
        "zip_bomb_ratio",
        _(
            "The file unpacks to more than %(ratio)d times its own size, which no ordinary workbook does "
            "(a “zip bomb”). It is refused for safety."
        )
        % {"ratio": limits.max_ratio()}
        + " "
        + save_as_xlsx(),
    )


def external_entities() -> RefusedFile:
    return refuse(
        "external_entities",
        _(
            "The file contains XML document type or entity declarations, which Excel never writes and which are "
            "used to attack servers. It is refused for safety."
        )
        + " "
        + save_as_xlsx(),
    )
