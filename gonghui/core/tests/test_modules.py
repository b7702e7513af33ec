"""Modules by construction: manifests discovered by the core, and ``gonghui startmodule``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import resolve, reverse

from gonghui.core import modules
from gonghui.core.accounts.roles import Role, permissions_of
from gonghui.core.modules import Module, ModuleError, render
from gonghui.core.web import navigation

REPO = modules.PACKAGE_DIR.parent
THREE = ["organisations", "members", "assistance"]


def test_the_modules_are_installed_from_their_manifests_in_dependency_order():
    names = [module.name for module in modules.discover()]
    assert [name for name in names if name in THREE] == THREE
    assert [app for app in settings.INSTALLED_APPS if app in {f"gonghui.{name}" for name in THREE}] == [
        f"gonghui.{name}" for name in THREE
    ]
    # after the core, every module after the modules it requires
    position = {app: index for index, app in enumerate(settings.INSTALLED_APPS)}
    for module in modules.discover():
        assert position[module.app] > position["gonghui.core.demo"]
        assert all(position[module.app] > position[f"gonghui.{name}"] for name in module.requires)


def test_each_module_is_served_under_its_prefix():
    assert reverse("organisations:employer_list") == "/organisations/employers/"
    assert reverse("members:worker_list").startswith("/members/")
    assert reverse("assistance:file_list").startswith("/assistance/")


@pytest.mark.django_db
def test_a_module_s_bare_prefix_leads_to_its_first_list(world, client_for):
    client = client_for(world.alice)  # signed in: a signed-out visitor is asked to sign in first
    redirected = []
    for module in modules.discover():
        if resolve(f"/{module.url_prefix}").url_name != f"{module.name}-home":
            continue  # the module serves a page of its own there
        first = min(module.navigation, key=lambda item: item.order)
        response = client.get(f"/{module.url_prefix}")
        assert response.status_code == 302, module.name
        assert response["Location"] == reverse(first.url_name), module.name
        redirected.append(module.name)
    assert "rights" in redirected


def test_a_module_config_keeps_its_models_module_and_takes_its_label_from_the_manifest():
    """Regression: the manifest must not shadow ``AppConfig.module`` (Django finds ``models`` through
    it; without it the app's content types and permissions are never created after migrate)."""
    for name in THREE:
        config = apps.get_app_config(name)
        assert isinstance(config, modules.ModuleConfig)
        assert config.models_module is not None
        assert config.manifest.name == name
        assert str(config.verbose_name) == str(config.manifest.label)


def test_the_manifests_register_navigation_grants_sheets_figures_and_reminders():
    from gonghui.core import figures
    from gonghui.core.sheets.specs import REGISTRY
    from gonghui.core.web import reminders

    assert navigation._items["members:worker_list"].perm == "members.view_worker"
    assert str(navigation._items["assistance:figures"].section) == str(modules.get("assistance").section)
    assert "organisations.change_employer" in permissions_of(Role.GRASSROOTS_OFFICER)
    assert "assistance.view_figures" in permissions_of(Role.LEADER)
    assert {"members", "employers", "hardship_files", "founding_cases"} <= set(REGISTRY)
    assert {"organisations.coverage", "assistance.figures"} <= {source.name for source in figures.sources()}
    assert any(type(p).__name__ == "ReElectionReminders" for p in reminders.providers())


def test_the_demo_county_runs_the_steps_the_manifests_declare():
    from gonghui.core.demo.registry import steps

    assert modules.demo_modules()[:2] == ["gonghui.organisations.demo.employers", "gonghui.organisations.demo.founding"]
    names = [name for _order, name, _step in steps()]
    assert {"organisations", "member registry", "hardship assistance"} <= set(names)


def test_dependency_order_refuses_an_unknown_module_and_a_circle():
    def module(name: str, *requires: str) -> Module:
        return Module(name=name, label=name, url_prefix=f"{name}/", requires=requires)

    ordered = modules.in_dependency_order([module("c", "b"), module("b", "a"), module("a"), module("d")])
    assert [m.name for m in ordered] == ["a", "d", "b", "c"]
    with pytest.raises(ModuleError, match="not installed"):
        modules.in_dependency_order([module("a", "x")])
    with pytest.raises(ModuleError, match="circle"):
        modules.in_dependency_order([module("a", "b"), module("b", "a")])


def test_a_module_named_after_the_core_or_an_app_or_not_an_identifier_is_refused(tmp_path):
    for name in ("core", "Demo", "2things", "class", "demo-thing"):
        with pytest.raises(render.StartModuleError):
            render.check_name(name, package_dir=tmp_path)
    with pytest.raises(render.StartModuleError, match="taken"):
        render.check_name("audit", taken={"audit"}, package_dir=tmp_path)
    (tmp_path / "thing").mkdir()
    with pytest.raises(render.StartModuleError, match="exists"):
        render.check_name("thing", package_dir=tmp_path)


def test_the_template_renders_every_placeholder(tmp_path):
    written = render.create("hardship_visit", zh_label="走访", package_dir=tmp_path / "gonghui", docs_dir=tmp_path)
    target = tmp_path / "gonghui" / "hardship_visit"
    assert (target / "templates" / "hardship_visit" / "list.html") in written
    assert (tmp_path / "hardship_visit.md") in written
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "<<" not in text or path.suffix == ".html", path
        if path.suffix == ".py":
            compile(text, str(path), "exec")
    manifest = (target / "manifest.py").read_text()
    assert 'url_prefix="hardship-visit/"' in manifest
    assert "HardshipVisitFigures" in manifest
    assert 'msgstr "走访"' in (target / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text()


# --- Acceptance: a module made by `gonghui startmodule` passes the kit's checks, with no edits ----------

GENERATED = "demo_thing"
# The generated checks, narrowed to the new module: its own tests, the outsider-selector test, the
# leak walker and the route probe for its routes, the figure = drill-down test, the services test.
CHECKS = [
    f"gonghui/{GENERATED}/tests",
    "gonghui/core/tests/test_selectors.py",
    "gonghui/core/tests/test_services.py",
    "gonghui/core/web/tests/test_leak_walker.py",
    "gonghui/core/web/tests/test_route_probes.py",
    "gonghui/core/figures/tests/test_drilldowns.py",
    "gonghui/core/api/tests/test_schema.py",
    "gonghui/core/sheets/tests/test_list_exports.py",  # its export's headers have English names
]
SELECT = f"{GENERATED} or test_pages or test_api or schema_generates or every_route_has_a_sampler or every_service"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False)  # noqa: S603
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(args)}\n{output[-6000:]}"
    return output


def test_a_module_made_by_startmodule_passes_the_kit_checks(tmp_path):
    """Slow-ish (about 40 s): the module is written into a copy of the project (a module is only
    installed when settings are read, so it is checked in processes of its own) and checked there."""
    # given a copy of the project, on SQLite whatever database this suite runs on
    copy = tmp_path / "project"
    shutil.copytree(REPO / "gonghui", copy / "gonghui", ignore=shutil.ignore_patterns("__pycache__", GENERATED))
    for name in ("pyproject.toml", "manage.py"):
        shutil.copy2(REPO / name, copy / name)
    (copy / "docs").mkdir()
    (copy / "node_modules").symlink_to(REPO / "node_modules")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gonghui.settings_test",
        GONGHUI_DATA_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(copy),
    )
    python = sys.executable
    bin_dir = Path(python).parent
    assert _run([python, "-c", "import gonghui; print(gonghui.__file__)"], copy, env).startswith(str(copy))

    # when a newcomer runs `gonghui startmodule demo_thing`
    _run([python, "-m", "gonghui.cli", "startmodule", GENERATED, "--zh", "示例事项"], copy, env)
    module = copy / "gonghui" / GENERATED
    assert (module / "migrations" / "0001_initial.py").exists()
    assert (module / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()
    assert (copy / "docs" / f"{GENERATED}.md").exists()

    # then it is lint-clean, its migrations are complete and Django's checks pass
    _run([python, "-m", "ruff", "check", str(module)], copy, env)
    _run([python, "-m", "ruff", "format", "--check", str(module)], copy, env)
    _run([python, "-m", "django", "makemigrations", "--check", "--dry-run"], copy, env)
    _run([python, "-m", "django", "check"], copy, env)

    # and it keeps the import contracts, which find it from its manifest: pyproject.toml is not edited
    if (bin_dir / "lint-imports").exists():
        lint = [str(bin_dir / "lint-imports"), "--no-logo"]
        assert "BROKEN" not in _run(lint, copy, env)
        # a forbidden import in it is caught: a module it does not require, past the public surface
        views = module / "views.py"
        kept = views.read_text()
        views.write_text(kept + "\nfrom gonghui.assistance import views as assistance_views  # noqa: E402, F401\n")
        result = subprocess.run(lint, cwd=copy, env=env, capture_output=True, text=True, timeout=240, check=False)  # noqa: S603
        assert result.returncode != 0
        assert f"gonghui.{GENERATED}.views -> gonghui.assistance.views" in result.stdout
        assert "Contracts: 0 kept, 2 broken." in result.stdout
        views.write_text(kept)

    # and the kit's generated tests pass for it: leak walker, outsider selectors, figures, services
    pytest_args = [python, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider", *CHECKS, "-k", SELECT]
    collected = _run([*pytest_args, "--collect-only"], copy, env).splitlines()
    for checks in (
        "test_selectors.py",
        "test_leak_walker.py",
        "test_drilldowns.py",
        "test_route_probes.py",
        "test_list_exports.py",
    ):
        assert any(checks in line and GENERATED in line for line in collected), f"no {GENERATED} case in {checks}"
    # its API: its list in the schema, its endpoints walked, its own API tests
    assert any("test_schema.py" in line and f"[{GENERATED}]" in line for line in collected)
    # the walker walks a part of the platform per test: the module's part holds its API routes
    assert any("test_leak_walker.py" in line and f"[{GENERATED}]" in line for line in collected)
    api_route = f"api/v1/^{GENERATED.replace('_', '-')}/"
    walked = _run(
        [
            python,
            "-c",
            "import django; django.setup()\n"
            "from gonghui.core.testing import leakwalker\n"
            "print('\\n'.join(route.description for route in leakwalker.cases()))",
        ],
        copy,
        env,
    ).splitlines()
    assert any(line.startswith(api_route) for line in walked), walked[:20]
    assert any(f"{GENERATED}/tests/test_api.py" in line for line in collected)
    output = _run(pytest_args, copy, env)
    assert " passed" in output
    assert "failed" not in output
    assert " error" not in output
