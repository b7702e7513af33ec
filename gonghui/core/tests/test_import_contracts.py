"""The import contracts (core/testing/import_contracts.py) that `make lint` runs, read from the manifests."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

from gonghui.core import modules
from gonghui.core.testing.import_contracts import (
    ModuleLayersContract,
    PublicSurfaceContract,
    allowed_modules,
    manifest_requires,
)

OPTIONS = {
    "modules": ["app.orgs", "app.members"],
    "public": ["models", "selectors", "services"],
    "exempt": ["tests"],
}


def check(*imports: tuple[str, str]) -> list[tuple[str, str]]:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="import x")
    contract = PublicSurfaceContract(name="surface", session_options={}, contract_options=OPTIONS)
    result = contract.check(graph, verbose=False)
    breaches = [(b.importer, b.imported) for b in result.metadata["breaches"]]
    assert result.kept == (not breaches)
    return breaches


def test_models_selectors_and_services_of_another_module_may_be_imported() -> None:
    assert (
        check(
            ("app.members.services", "app.orgs.models"),
            ("app.members.services", "app.orgs.selectors"),
            ("app.members.services", "app.orgs.services"),
            ("app.members.views", "app.orgs.services_founding"),  # a family of services
            ("app.members.views", "app.orgs.selectors.employers"),  # a selectors package
            ("app.members.views", "app.core.web"),  # not a module of the contract
            ("app.orgs.views", "app.orgs.coverage"),  # a module's own internals
        )
        == []
    )


@pytest.mark.parametrize(
    "imported", ["app.orgs.coverage", "app.orgs.views", "app.orgs.demo", "app.orgs", "app.orgs.modelsx"]
)
def test_anything_else_of_another_module_is_refused(imported: str) -> None:
    assert check(("app.members.services", imported)) == [("app.members.services", imported)]


def test_tests_are_exempt() -> None:
    assert check(("app.members.tests.factories", "app.orgs.demo")) == []


# --- Layers: what a module may import, from its manifest's requires ---------------------------------

REQUIRES = {"orgs": (), "members": ("orgs",), "assist": ("members",), "rights": ("orgs",)}


class FixedLayers(ModuleLayersContract):
    def requires(self) -> dict[str, tuple[str, ...]]:
        return dict(REQUIRES)


def layer_breaches(*imports: tuple[str, str]) -> set[tuple[str, str]]:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="import x")
        for name in (importer, imported):  # the packages above, as a real graph has them
            parts = name.split(".")
            for end in range(1, len(parts)):
                graph.add_module(".".join(parts[:end]))
    contract = FixedLayers(name="layers", session_options={}, contract_options={"package": "app"})
    result = contract.check(graph, verbose=False)
    assert result.kept == (not result.metadata["breaches"])
    return {(b.importer, b.imported) for b in result.metadata["breaches"]}


def test_a_module_may_import_what_it_requires_transitively() -> None:
    assert allowed_modules(REQUIRES) == {
        "orgs": set(),
        "members": {"orgs"},
        "assist": {"members", "orgs"},
        "rights": {"orgs"},
    }
    assert (
        layer_breaches(
            ("app.members.views", "app.orgs.selectors"),
            ("app.assist.services", "app.orgs.models"),  # through members' requires
            ("app.rights.views", "app.orgs.services"),
            ("app.orgs.views", "app.core.web"),
            ("app.assist.views", "app.core.tree"),
        )
        == set()
    )


def test_the_core_imports_no_module_and_a_module_nothing_it_does_not_require() -> None:
    assert layer_breaches(
        ("app.core.web.views", "app.orgs.models"),  # the core knows no module
        ("app.orgs.views", "app.members.selectors"),  # upwards
        ("app.rights.views", "app.members.models"),  # sideways: rights stands on orgs only
        ("app.members.tests.test_x", "app.assist.models"),  # tests included
    ) == {
        ("app.core", "app.orgs"),
        ("app.orgs", "app.members"),
        ("app.rights", "app.members"),
        ("app.members", "app.assist"),
    }


def test_an_indirect_chain_through_any_package_counts() -> None:
    breaches = layer_breaches(("app.core.web.urls", "app.urls"), ("app.urls", "app.assist.urls"))
    assert ("app.core", "app.assist") in breaches


def test_the_contracts_cover_every_manifest_without_naming_it() -> None:
    # given the modules on disk (a module made by startmodule among them, whatever its name)
    on_disk = {path.parent.name for path in modules.PACKAGE_DIR.glob("*/manifest.py")} - {"core"}

    # then both contracts check every one of them, and nothing lists them by hand
    assert set(manifest_requires()) == on_disk
    assert {"organisations", "members", "assistance"} <= on_disk
    surface = PublicSurfaceContract(
        name="surface", session_options={}, contract_options={"public": ["models"], "exempt": []}
    )
    assert set(surface._modules()) == {f"gonghui.{name}" for name in on_disk}
    pyproject = (modules.PACKAGE_DIR.parent / "pyproject.toml").read_text()
    section = pyproject[pyproject.index("[tool.importlinter]") : pyproject.index("[tool.mypy]")]
    assert "gonghui.members" not in section
    assert "layers = [" not in section


FRESH_MANIFEST = """
from gonghui.core.modules import Module

MODULE = Module(name={name!r}, label={name!r}, url_prefix="{name}/", requires={requires!r})
"""


def test_a_forbidden_import_in_a_fresh_module_is_caught(tmp_path, monkeypatch) -> None:
    """A project whose newest module was just written: no contract names it, both check it."""
    # given a project with a module, and a fresh module that stands on nothing
    package = "freshproj"
    files = {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/web.py": "",
        "orgs/__init__.py": "",
        "orgs/manifest.py": FRESH_MANIFEST.format(name="orgs", requires=()),
        "orgs/views.py": "",
        "orgs/selectors.py": "",
        "fresh/__init__.py": "",
        "fresh/manifest.py": FRESH_MANIFEST.format(name="fresh", requires=()),
        "fresh/services.py": "from freshproj.core import web\n",
        # when it reaches into a module it does not require, and past that module's public surface
        "fresh/views.py": "from freshproj.orgs import views\n",
    }
    for name, text in files.items():
        path = tmp_path / package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, package, raising=False)
    graph = grimp.build_graph(package, cache_dir=None)
    options = {"package": package}

    # then the layers contract catches it: fresh does not require orgs
    layers = ModuleLayersContract(name="layers", session_options={}, contract_options=options)
    result = layers.check(graph, verbose=False)
    assert not result.kept
    assert [(b.importer, b.imported) for b in result.metadata["breaches"]] == [("freshproj.fresh", "freshproj.orgs")]

    # and the public surface catches it: views are orgs' own
    surface_options = {**options, "public": ["models", "selectors", "services"], "exempt": ["tests"]}
    surface = PublicSurfaceContract(name="surface", session_options={}, contract_options=surface_options)
    result = surface.check(graph, verbose=False)
    assert [(b.importer, b.imported) for b in result.metadata["breaches"]] == [
        ("freshproj.fresh.views", "freshproj.orgs.views")
    ]

    # and once the manifest requires orgs and the import goes through its selectors, both are kept
    (tmp_path / package / "fresh" / "manifest.py").write_text(FRESH_MANIFEST.format(name="fresh", requires=("orgs",)))
    (tmp_path / package / "fresh" / "views.py").write_text("from freshproj.orgs import selectors\n")
    for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
        monkeypatch.delitem(sys.modules, name)
    graph = grimp.build_graph(package, cache_dir=None)
    assert layers.check(graph, verbose=False).kept
    assert surface.check(graph, verbose=False).kept


# --- Another module's models: keys and types only --------------------------------------------------

MODULES = tuple(manifest_requires())  # every module with a manifest, as the contracts read them
MANAGERS = {"objects", "unscoped", "_base_manager", "_default_manager"}
# Reads that still go past the owner's selectors, in files of other parts of the kit's work
# (the demo, the member sheet, the member form): to move behind selectors, then out of this list.
KNOWN = {
    ("gonghui/members/demo.py", "Employer"),
    ("gonghui/members/sheets.py", "Employer"),
    ("gonghui/members/forms.py", "Employer"),
    ("gonghui/assistance/demo/households.py", "Worker"),
    ("gonghui/assistance/demo/households.py", "Membership"),
}


def foreign_manager_uses() -> set[tuple[str, str]]:
    """(file, model) where a module queries or writes another module's model through its manager.

    Importing another module's model for a foreign key, a type or its choices is fine (the
    public-surface contract allows ``models``); reading or writing its rows goes through that
    module's selectors and services.
    """
    root = Path(__file__).resolve().parents[2]
    found: set[tuple[str, str]] = set()
    for module in MODULES:
        for path in sorted((root / module).rglob("*.py")):
            if {"migrations", "tests", "leak_samplers"} & set(path.parts) or path.name.startswith("leak_samplers"):
                continue  # the test world's scaffolding, exempt as in the import contract
            tree = ast.parse(path.read_text(encoding="utf-8"))
            foreign: set[str] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    parts = node.module.split(".")
                    if (
                        parts[0] == "gonghui"
                        and parts[1:2] != [module]
                        and parts[1:3] in ([m, "models"] for m in MODULES)
                    ):
                        foreign |= {alias.asname or alias.name for alias in node.names}
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in MANAGERS
                    and isinstance(node.value, ast.Name)
                    and node.value.id in foreign
                ):
                    found.add((path.relative_to(root.parent).as_posix(), node.value.id))
    return found


def test_a_module_reads_and_writes_another_modules_rows_only_through_its_selectors_and_services() -> None:
    assert foreign_manager_uses() - KNOWN == set()
