"""``gonghui startmodule NAME``: write a new module from ``template/``, already wired.

Every file of ``template/`` ends in ``-tpl`` (so that no tool takes the template for code: ruff,
pytest, Django's template loaders), and its text carries placeholders in double angle brackets
(``<<module>>``, ``<<Model>>`` …, see :func:`placeholders`), replaced as the file is written.
The folder ``templates/MODULE/`` becomes ``templates/<name>/``; ``docs.md-tpl`` becomes the
docs page ``docs/<name>.md``.
"""

from __future__ import annotations

import keyword
import re
import shutil
import subprocess
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from gonghui.core.modules import NAME_PATTERN, PACKAGE_DIR, RESERVED

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
SUFFIX = "-tpl"
DOCS = "docs.md"
#: The navigation order and demo step order of a new module: after the modules there are.
ORDER = 90


class StartModuleError(Exception):
    pass


def plural(word: str) -> str:
    """English plural of the last word, good enough for names a newcomer then renames."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


@dataclass(frozen=True)
class Names:
    module: str  # demo_thing: the package, app label, URL namespace
    label: str  # "Demo thing"
    zh_label: str  # the label in Chinese, for the catalogue ("" until translated)

    @property
    def model(self) -> str:  # DemoThing
        return "".join(part.capitalize() for part in self.module.split("_"))

    def placeholders(self) -> dict[str, str]:
        things = plural(self.module)
        labels = plural(self.label)
        return {
            "<<module>>": self.module,
            "<<Model>>": self.model,
            "<<model>>": self.model.lower(),
            "<<things>>": things,
            "<<THINGS>>": things.upper(),
            "<<url>>": self.module.replace("_", "-"),
            "<<Label>>": self.label,
            "<<Labels>>": labels,
            "<<label_lower>>": self.label.lower(),
            "<<labels_lower>>": labels.lower(),
            "<<zh_label>>": self.zh_label,
            "<<order>>": str(ORDER),
        }


def check_name(name: str, *, taken: Collection[str] = (), package_dir: Path = PACKAGE_DIR) -> None:
    """Refuse a name that is no Python identifier in lower case, reserved, or already used."""
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise StartModuleError(f"{name!r}: a module's name is lower case letters, digits and _, starting with a letter")
    if name in RESERVED or name in taken:
        raise StartModuleError(f"{name!r} is taken (by the core or an installed app)")
    if (package_dir / name).exists():
        raise StartModuleError(f"{package_dir / name} exists already")


def render(text: str, names: Names) -> str:
    for placeholder, value in names.placeholders().items():
        text = text.replace(placeholder, value)
    left = re.findall(r"<<\w+>>", text)
    if left:
        raise StartModuleError(f"the template carries unknown placeholders: {sorted(set(left))}")
    return text


def create(
    name: str,
    *,
    label: str = "",
    zh_label: str = "",
    package_dir: Path = PACKAGE_DIR,
    docs_dir: Path | None = None,
    taken: Collection[str] = (),
) -> list[Path]:
    """Write ``package_dir/<name>/`` and ``docs_dir/<name>.md`` from the template; the paths written."""
    check_name(name, taken=taken, package_dir=package_dir)
    names = Names(module=name, label=label or name.replace("_", " ").capitalize(), zh_label=zh_label)
    target = package_dir / name
    docs_dir = docs_dir if docs_dir is not None else package_dir.parent / "docs"
    written: list[Path] = []
    try:
        for source in sorted(TEMPLATE_DIR.rglob(f"*{SUFFIX}")):
            relative = source.relative_to(TEMPLATE_DIR)
            if str(relative) == DOCS + SUFFIX:
                destination = docs_dir / f"{name}.md"
            else:
                parts = [name if part == "MODULE" else part for part in relative.parts]
                destination = target.joinpath(*parts)
            destination = destination.with_name(destination.name.removesuffix(SUFFIX))
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(render(source.read_text(encoding="utf-8"), names), encoding="utf-8")
            written.append(destination)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        (docs_dir / f"{name}.md").unlink(missing_ok=True)
        raise
    return written


def tidy(paths: list[Path]) -> None:
    """Sort the imports and format the Python files written (ruff), as ``make format`` would."""
    python = [str(path) for path in paths if path.suffix == ".py"]
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run([*ruff, "check", "--quiet", "--fix", "--select", "I", *python], check=True)  # noqa: S603
    subprocess.run([*ruff, "format", "--quiet", *python], check=True)  # noqa: S603


def compile_catalogue(target: Path) -> bool:
    """Compile the module's catalogue (``msgfmt``); False when gettext is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return False
    po = target / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    subprocess.run([msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)  # noqa: S603
    return True
