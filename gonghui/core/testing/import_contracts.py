"""Import-linter contracts read from the modules' manifests (``make lint`` runs them as ``lint-imports``).

Both contracts find the modules themselves, from every ``gonghui/*/manifest.py`` (``core/modules``):
a module written tomorrow with ``gonghui startmodule`` is checked tomorrow, and ``pyproject.toml``
is never edited for it.

``module_layers``: the core imports no module, and a module imports only the modules its manifest
``requires`` (and what those require, transitively). Indirect chains count, through any package
(``gonghui.urls`` …), tests included: a sideways import belongs one floor down.

``public_surface``: a module (``gonghui.members``) may import another module
(``gonghui.organisations``) only from the submodules named ``public``: ``models`` (foreign keys,
types and choices), ``selectors`` (reads) and ``services`` (writes), or a family of them
(``services_founding``, a ``services`` package). Everything else of a module (views, forms,
sheets, figures, demo, helpers …) is its own. Importers in an ``exempt`` submodule (tests, leak
samplers: the test world's scaffolding) are not checked.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import grimp
from importlinter import Contract, ContractCheck, fields, output


def manifest_requires(package: str = "gonghui") -> dict[str, tuple[str, ...]]:
    """Every module of ``package`` (a folder with a ``manifest.py``, the core excluded) and what it requires.

    Read from the manifests themselves, disabled modules included (an installation may switch a
    module off; its code is still checked).
    """
    from gonghui.core import modules

    root = Path(importlib.import_module(package).__file__ or "").parent
    names = sorted(p.parent.name for p in root.glob(f"*/{modules.MANIFEST}.py") if p.parent.name != "core")
    declared: dict[str, tuple[str, ...]] = {}
    for name in names:
        manifest = getattr(importlib.import_module(f"{package}.{name}.{modules.MANIFEST}"), "MODULE", None)
        declared[name] = tuple(getattr(manifest, "requires", ()))
    return declared


def allowed_modules(requires: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """For each module, the modules it may import: what it requires, and what they require, transitively."""
    allowed: dict[str, set[str]] = {}
    for name in requires:
        seen: set[str] = set()
        pending = list(requires[name])
        while pending:
            other = pending.pop()
            if other not in seen and other != name:
                seen.add(other)
                pending += list(requires.get(other, ()))
        allowed[name] = seen
    return allowed


@dataclass(frozen=True)
class Breach:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


@dataclass(frozen=True)
class ChainBreach:
    """``importer`` (a module, or the core) reaches ``imported``, which it may not, through ``chain``."""

    importer: str
    imported: str
    chain: tuple[str, ...]


class _Options(Contract):
    def _strings(self, option: str) -> list[str]:
        """A list option's value (the fields are descriptors to the type checker)."""
        return list(getattr(self, option, None) or [])

    def _string(self, option: str, default: str) -> str:
        return str(getattr(self, option, None) or default)

    def requires(self) -> dict[str, tuple[str, ...]]:
        """The modules and their ``requires``: from the manifests of the root package."""
        return manifest_requires(self._string("package", "gonghui"))


class ModuleLayersContract(_Options):
    """The core imports no module; a module only the modules it requires, transitively (from the manifests)."""

    type_name = "module_layers"

    package = fields.StringField(required=False)  # the root package ("gonghui")
    core = fields.StringField(required=False)  # the core's subpackage ("core")

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        package = self._string("package", "gonghui")
        requires = self.requires()
        allowed = allowed_modules(requires)
        importers: dict[str, set[str]] = {self._string("core", "core"): set(), **allowed}
        breaches: list[ChainBreach] = []
        for importer, may in sorted(importers.items()):
            source = f"{package}.{importer}"
            if source not in graph.modules:
                continue
            for other in sorted(requires):
                target = f"{package}.{other}"
                if other == importer or other in may or target not in graph.modules:
                    continue
                for chain in sorted(graph.find_shortest_chains(importer=source, imported=target, as_packages=True)):
                    breaches.append(ChainBreach(source, target, tuple(chain)))
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches, "allowed": allowed})

    def render_broken_contract(self, check: ContractCheck) -> None:
        allowed = check.metadata["allowed"]
        for breach in check.metadata["breaches"]:
            name = breach.importer.rpartition(".")[2]
            if name not in allowed:
                why = f"{breach.importer} imports no module, not {breach.imported} (the core knows no module):"
            else:
                may = ", ".join(sorted(allowed[name])) or "no module"
                why = (
                    f"{breach.importer} may import {may}, not {breach.imported} "
                    "(add it to the manifest's requires, or move the code one floor down):"
                )
            output.print_error(why, bold=False)
            output.print_error(f"  {' -> '.join(breach.chain)}", bold=False)
        output.new_line()


class PublicSurfaceContract(_Options):
    """Between modules, only the ``public`` submodules of another module may be imported.

    The modules are every manifest's, unless ``modules`` names them (a test's own graph).
    """

    type_name = "public_surface"

    modules = fields.ListField(subfield=fields.StringField(), required=False)
    public = fields.ListField(subfield=fields.StringField())
    exempt = fields.ListField(subfield=fields.StringField(), required=False)
    package = fields.StringField(required=False)

    def _modules(self) -> list[str]:
        named = self._strings("modules")
        if named:
            return named
        package = self._string("package", "gonghui")
        return [f"{package}.{name}" for name in self.requires()]

    def _owner(self, module: str, modules: list[str]) -> str | None:
        for owner in modules:
            if module == owner or module.startswith(f"{owner}."):
                return owner
        return None

    def _first_part(self, module: str, owner: str) -> str:
        return module[len(owner) + 1 :].split(".", 1)[0]

    def _is_public(self, name: str) -> bool:
        return any(name == part or name.startswith(f"{part}_") for part in self._strings("public"))

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        exempt = set(self._strings("exempt"))
        modules = self._modules()
        breaches: list[Breach] = []
        for importer in sorted(graph.modules):
            owner = self._owner(importer, modules)
            if owner is None or self._first_part(importer, owner) in exempt:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = self._owner(imported, modules)
                if other is None or other == owner:
                    continue
                if imported == other or not self._is_public(self._first_part(imported, other)):
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(detail["line_number"] for detail in details)
                    breaches.append(Breach(importer, imported, lines))
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            f"A module imports another only from its {', '.join(self._strings('public'))}:",
            bold=False,
        )
        output.new_line()
        for breach in check.metadata["breaches"]:
            lines = ", ".join(map(str, breach.line_numbers))
            output.print_error(f"- {breach.importer} -> {breach.imported} (l.{lines})", bold=False)
        output.new_line()
