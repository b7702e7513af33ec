"""Modules by construction: one declaration (``<module>/manifest.py``) carries a module's glue.

A module of gonghui (organisation building, members, assistance …) is a Django app under
``gonghui/<name>/`` with a ``manifest.py`` that declares, in one place, what the core needs to
know of it::

    MODULE = Module(
        name="members",
        label=_("Member registry"),
        url_prefix="members/",
        requires=("organisations",),
        section=_("Members"),
        navigation=(Nav(_("Workers and members"), "members:worker_list", "people", "members.view_worker", 40),),
        grants={Role.UNION_STAFF: ("members.view_worker", ...)},
        sheets=("gonghui.members.sheets",),
        figures=(),
        measures=("gonghui.members.measures.MEASURES",),
        reminders={},
        demo=("gonghui.members.demo",),
        api=("gonghui.members.api",),
    )

The core reads the declarations:

* ``settings.INSTALLED_APPS`` holds the discovered modules after the core, in the order of their
  ``requires`` (a module after every module it stands on), and ``gonghui/urls.py`` includes each
  module's ``urls`` under its ``url_prefix``: a new module edits neither file;
* the module's ``AppConfig`` subclasses :class:`ModuleConfig`, whose ``ready()`` registers the
  navigation entries, grants the permissions to the roles, registers the reminder providers and
  figure sources, and imports the sheet specs (which register themselves);
* the demo county imports the ``demo`` modules (their ``@demo_step`` functions) when it runs;
* ``gonghui/urls.py`` registers the endpoints of the ``api`` modules under ``/api/v1/<url_prefix>``
  (``api_routes()``; see ``core/api``).

What stays a convention, found by name (:func:`family`): ``leak_samplers`` (the leak walker's
samplers), ``selectors`` (the outsider test), ``services``, each a file or a package of files
(``services/files.py``, ``services/grants.py`` … a file grown past ~600 lines becomes one), and
``tests/figure_data.py`` (rows the figure = drill-down test adds to the test world).

This package is read by ``settings.py`` before Django is set up: it and every manifest import
nothing that needs the apps to be loaded (no models; ``gettext_lazy`` and ``Role`` are fine).
Providers, figure sources and sheets are named by dotted path and loaded in ``ready()``.

``gonghui startmodule NAME`` (``core/web/management/commands/startmodule.py``) writes a new
module from ``template/``, already wired.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from gonghui.core.accounts.roles import Role

#: The folder holding every module: gonghui/ (each module is ``gonghui/<name>/``).
PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE = "gonghui"
MANIFEST = "manifest"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
#: Names a module cannot take: the core, and the project's own files and folders.
RESERVED = frozenset({"core", "locale", "static", "templates", "tests", "settings", "urls", "cli", "env", "wsgi"})
#: Modules left out of discovery (a comma-separated list of names), for a test or an installation
#: that does not run one: ``GONGHUI_DISABLED_MODULES=assistance``.
DISABLED_ENV = "GONGHUI_DISABLED_MODULES"


@dataclass(frozen=True)
class Nav:
    """One entry of the left navigation: shown to users holding ``perm``, in ``order`` across modules."""

    label: Any
    url_name: str
    icon: str
    perm: str | None
    order: int = 100


@dataclass(frozen=True)
class Module:
    """What the core knows of one module (see the package docstring)."""

    name: str  # the app label and folder name: gonghui/<name>/
    label: Any  # what the module is called (lazy translation): the app's verbose name
    url_prefix: str  # where its pages are: "members/"
    requires: tuple[str, ...] = ()  # the modules it stands on (may import), by name
    section: Any = None  # the navigation section its entries sit in (its label by default)
    navigation: tuple[Nav, ...] = ()
    grants: Mapping[Role | str, Iterable[str]] = field(default_factory=dict)  # role -> "app.codename"s
    reminders: Mapping[str, str] = field(default_factory=dict)  # provider name -> dotted class path
    sheets: tuple[str, ...] = ()  # dotted modules whose SheetSpecs register themselves on import
    figures: tuple[str, ...] = ()  # dotted FigureSource class paths
    # dotted paths of tuples of Measures (core/figures/measures.py): its key figures over any
    # period, read by the dashboard, the statistics form and the work report
    measures: tuple[str, ...] = ()
    demo: tuple[str, ...] = ()  # dotted modules holding its @demo_step functions
    api: tuple[str, ...] = ()  # dotted modules declaring ENDPOINTS (core/api), served under /api/v1/<url_prefix>
    # slot -> dotted Panel class paths: its panels on other modules' object pages (core/web/panels.py)
    panels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # dotted selector paths ``employer_concerns(user, employer_ids, *, year)``: what this module
    # holds against an employer, for checks such as an award's eligibility (core/modules/concerns.py)
    concerns: tuple[str, ...] = ()

    @property
    def app(self) -> str:
        """The Django app (dotted package): ``gonghui.<name>``."""
        return f"{PACKAGE}.{self.name}"

    @property
    def urls(self) -> str:
        return f"{self.app}.urls"

    def install(self) -> None:
        """Register the module's glue with the core (from its ``AppConfig.ready()``)."""
        from gonghui.core import figures
        from gonghui.core.accounts.roles import Role, grant
        from gonghui.core.web import navigation, panels, reminders

        section = self.section if self.section is not None else self.label
        for item in self.navigation:
            navigation.register(
                navigation.NavItem(
                    section=section,
                    label=item.label,
                    url_name=item.url_name,
                    icon=item.icon,
                    perm=item.perm,
                    order=item.order,
                )
            )
        for role, perms in self.grants.items():
            grant(Role(role), *perms)
        for name, path in self.reminders.items():
            reminders.register(name, _load(path)())
        for path in self.figures:
            figures.register(_load(path)())
        from gonghui.core.figures import measures

        for path in self.measures:
            measures.register(_load(path))
        for module in self.sheets:
            importlib.import_module(module)
        for slot, paths in self.panels.items():
            for path in paths:
                panels.register(slot, _load(path)())
        from gonghui.core.modules import concerns

        for path in self.concerns:
            concerns.register(self.name, path)


def family(app: str, name: str) -> list[str]:
    """The dotted modules of ``app`` that make up its ``name`` part, found alike as files or packages.

    ``family("gonghui.assistance", "services")``: ``services`` (a file, or a package followed by
    every module inside it) and the older flat spelling ``services_<capability>`` (likewise).
    """
    package = importlib.import_module(app)
    found: list[str] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name != name and not info.name.startswith(f"{name}_"):
            continue
        dotted = f"{app}.{info.name}"
        found.append(dotted)
        if info.ispkg:
            inner = importlib.import_module(dotted)
            found += [sub.name for sub in pkgutil.walk_packages(inner.__path__, prefix=f"{dotted}.")]
    return found


def _load(dotted: str) -> Any:
    module, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


class ModuleError(Exception):
    """A manifest that cannot be read, or modules whose ``requires`` cannot be ordered."""


def _disabled() -> set[str]:
    return {name.strip() for name in os.environ.get(DISABLED_ENV, "").split(",") if name.strip()}


def manifest_names(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The folders of ``package_dir`` holding a ``manifest.py`` (the core excluded), by name."""
    disabled = _disabled()
    return sorted(
        path.parent.name
        for path in package_dir.glob(f"*/{MANIFEST}.py")
        if path.parent.name != "core" and path.parent.name not in disabled
    )


def load(name: str) -> Module:
    """The ``MODULE`` declared by ``gonghui/<name>/manifest.py``."""
    module = importlib.import_module(f"{PACKAGE}.{name}.{MANIFEST}")
    declared = getattr(module, "MODULE", None)
    if not isinstance(declared, Module):
        raise ModuleError(f"{module.__name__} declares no MODULE = Module(...)")
    if declared.name != name:
        raise ModuleError(f"{module.__name__} declares the name {declared.name!r}; its folder is {name!r}")
    if not declared.url_prefix.endswith("/") or declared.url_prefix.startswith("/"):
        raise ModuleError(f"{module.__name__}: url_prefix {declared.url_prefix!r} must be like 'name/'")
    return declared


def in_dependency_order(modules: Iterable[Module]) -> list[Module]:
    """Every module after the modules it requires; among those free to go, by name."""
    pending = {module.name: module for module in modules}
    for module in pending.values():
        unknown = [name for name in module.requires if name not in pending]
        if unknown:
            raise ModuleError(f"module {module.name} requires {unknown}, which are not installed")
    ordered: list[Module] = []
    placed: set[str] = set()
    while pending:
        ready = sorted(name for name, module in pending.items() if set(module.requires) <= placed)
        if not ready:
            raise ModuleError(f"the modules {sorted(pending)} require each other in a circle")
        for name in ready:
            ordered.append(pending.pop(name))
            placed.add(name)
    return ordered


_discovered: list[Module] | None = None


def discover() -> list[Module]:
    """Every module of gonghui/, in dependency order (read once per process)."""
    global _discovered
    if _discovered is None:
        _discovered = in_dependency_order(load(name) for name in manifest_names())
    return list(_discovered)


def installed_apps() -> list[str]:
    """The modules' Django apps, for ``settings.INSTALLED_APPS``."""
    return [module.app for module in discover()]


def url_patterns() -> list[Any]:
    """Each module's URLconf under its prefix, for ``gonghui/urls.py``.

    A module's bare prefix (``/rights/``) leads to its first navigation entry unless the module
    serves a page there itself (its own URLconf is tried first).
    """
    from django.contrib.auth.decorators import login_required
    from django.urls import include, path
    from django.views.generic import RedirectView

    patterns: list[Any] = []
    for module in discover():
        patterns.append(path(module.url_prefix, include(module.urls)))
        if module.navigation:
            first = min(module.navigation, key=lambda item: item.order)
            home = login_required(RedirectView.as_view(pattern_name=first.url_name, permanent=False))
            patterns.append(path(module.url_prefix, home, name=f"{module.name}-home"))
    return patterns


def api_routes() -> list[tuple[str, Any, str]]:
    """Every module's API endpoints as ``(prefix, viewset, basename)`` for the router of ``gonghui/urls.py``.

    A module's ``api`` modules each declare ``ENDPOINTS`` (``core.api.Endpoint``): served at
    ``/api/v1/<url_prefix><path>/``, their URL names ``<module>-<path>-list`` / ``-detail``.
    """
    from gonghui.core.api import viewset_for

    return [
        (f"{module.url_prefix}{endpoint.path}", viewset_for(module.name, endpoint), f"{module.name}-{endpoint.path}")
        for module in discover()
        for dotted in module.api
        for endpoint in importlib.import_module(dotted).ENDPOINTS
    ]


def get(name: str) -> Module:
    for module in discover():
        if module.name == name:
            return module
    raise LookupError(f"no module named {name!r} is installed")


def demo_modules() -> list[str]:
    """The dotted modules holding the modules' demo steps, in dependency order."""
    return [dotted for module in discover() for dotted in module.demo]


class ModuleConfig(AppConfig):
    """The ``AppConfig`` of a module: its verbose name is its manifest's label, and ``ready()``
    installs the manifest. A subclass that overrides ``ready()`` calls ``super().ready()``."""

    # Not ``module``: Django's AppConfig.module is the app's package (it finds ``models`` through it).
    manifest: Module

    def __init__(self, app_name: str, app_module: Any) -> None:
        super().__init__(app_name, app_module)
        self.manifest = load(self.name.rpartition(".")[2])
        if "verbose_name" not in type(self).__dict__:
            self.verbose_name = self.manifest.label

    def ready(self) -> None:
        self.manifest.install()
