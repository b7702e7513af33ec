"""The unscoped-read rule: every read past the scoped managers in module code says why, greppably.

* ``Model.unscoped`` (and ``Model._base_manager``) carries a comment ``# unscoped: <reason>`` on the
  same line, or on the comment lines just above it.
* ``system_scope("<reason>")`` carries its reason as a literal sentence.

A reason is at least three words: "test", "system" or "demo data" say nothing a reviewer can check.
``violations(source)`` lists the breaches of one file; ``module_files()`` names the files the rule
covers: every app package under ``gonghui/`` that is not the core, without tests and migrations.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

MARK = "# unscoped:"
BYPASSES = {"unscoped", "_base_manager"}
MIN_WORDS = 3
SKIPPED_DIRS = {"tests", "migrations"}
PACKAGE = Path(__file__).resolve().parents[2]  # gonghui/


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def is_reason(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def module_files(root: Path = PACKAGE) -> list[Path]:
    """Python files of every module package under ``root`` (not ``core``), without tests and migrations."""
    files: list[Path] = []
    for package in sorted(p for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        if package.name == "core":
            continue
        for path in sorted(package.rglob("*.py")):
            if SKIPPED_DIRS & set(path.relative_to(package).parts[:-1]):
                continue
            files.append(path)
    return files


def bypasses(source: str) -> list[tuple[int, str]]:
    """``(line, name)`` of every ``.unscoped`` / ``._base_manager`` in ``source`` (code only, not strings)."""
    found: list[tuple[int, str]] = []
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in BYPASSES and previous == ".":
            found.append((token.start[0], token.string))
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous = token.string
    return found


def violations(source: str, path: str = "<string>") -> list[Violation]:
    """The unexplained bypasses and reasonless system scopes in ``source``."""
    lines = source.splitlines()
    comments = {
        token.start[0]: token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = [
        Violation(path, line, f".{name} without a `{MARK} <reason>` comment")
        for line, name in bypasses(source)
        if not _explained(line, comments, lines)
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) == "system_scope":
            reason = _literal(node.args[0]) if node.args else None
            if reason is None or not is_reason(reason):
                found.append(Violation(path, node.lineno, "system_scope() without a reason in words"))
    return sorted(found, key=lambda v: v.line)


def _explained(line: int, comments: dict[int, str], lines: list[str]) -> bool:
    """A reason on ``line`` itself, or among the comment-only lines right above it."""

    def reason_in(comment: str) -> bool:
        at = comment.find(MARK)
        return at >= 0 and is_reason(comment[at + len(MARK) :])

    if reason_in(comments.get(line, "")):
        return True
    above = line - 1
    while above >= 1 and lines[above - 1].lstrip().startswith("#"):
        if reason_in(comments.get(above, "")):
            return True
        above -= 1
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal or f-string (its fixed parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            part.value for part in node.values if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def unexplained(root: Path = PACKAGE) -> list[Violation]:
    """Every breach of the rule in module code under ``root``."""
    found: list[Violation] = []
    for path in module_files(root):
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(root.parent)))
    return found


def count(root: Path = PACKAGE) -> dict[str, int]:
    """How many bypasses module code holds, and how many of them say why (for reports)."""
    uses = unexplained_uses = 0
    for path in module_files(root):
        source = path.read_text(encoding="utf-8")
        uses += len(bypasses(source))
        unexplained_uses += sum(1 for v in violations(source) if v.text.startswith("."))
    return {"uses": uses, "explained": uses - unexplained_uses}
