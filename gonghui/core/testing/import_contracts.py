"""An import-linter contract for the modules' public surface (``make lint`` runs it as ``lint-imports``).

``public_surface``: a module (``gonghui.members``) may import another module
(``gonghui.organisations``) only from the submodules named ``public``: ``models`` (foreign keys,
types and choices), ``selectors`` (reads) and ``services`` (writes), or a family of them
(``services_founding``, a ``services`` package). Everything else of a module (views, forms,
sheets, figures, demo, helpers …) is its own. Importers in an ``exempt`` submodule (tests, leak
samplers: the test world's scaffolding) are not checked. The layering (which module may import
which at all) is the ``layers`` contract beside it in pyproject.toml.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class Breach:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


class PublicSurfaceContract(Contract):
    """Between ``modules``, only the ``public`` submodules of another module may be imported."""

    type_name = "public_surface"

    modules = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    exempt = fields.ListField(subfield=fields.StringField(), required=False)

    def _strings(self, option: str) -> list[str]:
        """A list option's value (the fields are descriptors to the type checker)."""
        return list(getattr(self, option) or [])

    def _owner(self, module: str) -> str | None:
        for owner in self._strings("modules"):
            if module == owner or module.startswith(f"{owner}."):
                return owner
        return None

    def _first_part(self, module: str, owner: str) -> str:
        return module[len(owner) + 1 :].split(".", 1)[0]

    def _is_public(self, name: str) -> bool:
        return any(name == part or name.startswith(f"{part}_") for part in self._strings("public"))

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        exempt = set(self._strings("exempt"))
        breaches: list[Breach] = []
        for importer in sorted(graph.modules):
            owner = self._owner(importer)
            if owner is None or self._first_part(importer, owner) in exempt:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = self._owner(imported)
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
