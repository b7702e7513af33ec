"""Browser journeys: a real gonghui server, started as an operator starts it, driven by Debian's Chromium.

The server is built once per test session in a fresh data directory (``migrate``, ``collectstatic``,
``demo --size small``, ``serve``) and always uses SQLite: the journeys test the product as shipped.
Every page gets a new browser context that refuses (and records) any request leaving the local server,
and the test fails if one was attempted, if the console showed an error, or if a request failed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO / "docs" / "images"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "Gonghui#2026"
STARTUP_TIMEOUT = 60.0
STATIC_RESOURCE_TYPES = {"stylesheet", "script", "font", "image", "media"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser journey, whatever its module declares."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            # One worker runs every journey, in this order, against one shared server (the suite
            # runs with --dist loadgroup: the other tests spread over the workers one by one).
            item.add_marker(pytest.mark.xdist_group("browser"))
    # The import journey adds 100,000 unions to the shared demo county: it runs last, so that the
    # journeys that count unions see the county as the demo made it.
    last = [item for item in items if Path(str(item.path)).name == "test_import_journey.py"]
    if last:
        items[:] = [item for item in items if item not in last] + last


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Attach the end of the server's log to every failing journey."""
    report = yield
    server = getattr(item, "funcargs", {}).get("gonghui_server")
    if report.failed and isinstance(server, GonghuiServer):
        report.sections.append(("gonghui server log (last 60 lines, static files left out)", server.log_tail(60)))
    return report


# --- The server ------------------------------------------------------------------------------


@dataclass
class GonghuiServer:
    url: str
    data_dir: Path
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def command(self, *args: str, timeout: float = 600) -> str:
        """Run ``gonghui <args>`` against this server's data directory and return its output."""
        result = subprocess.run(
            [str(gonghui_executable()), *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            output = result.stdout + result.stderr
            raise RuntimeError(f"gonghui {' '.join(args)} failed ({result.returncode}):\n{output}")
        return result.stdout

    def shell_json(self, code: str) -> Any:
        """Run Python in ``gonghui shell`` and decode the JSON it prints on its last line."""
        output = self.command("shell", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    def log_tail(self, lines: int) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"
        kept = [line for line in text.splitlines() if '"GET /static/' not in line]
        return "\n".join(kept[-lines:])


def gonghui_executable() -> Path:
    return Path(sys.executable).with_name("gonghui")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path) -> dict[str, str]:
    """The environment of an operator's shell: shipped settings, SQLite, a fresh data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGHUI_") or k == "GONGHUI_NODE_MODULES"}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"  # pytest-django exported the test settings
    env["GONGHUI_DATA_DIR"] = str(data_dir)
    env["GONGHUI_ACCESS_LOG"] = "-"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def wait_until_serving(server: GonghuiServer, deadline: float) -> None:
    """Wait until *our* server answers: the probe's token must appear in its own access log.

    A free port can be taken by someone else between the check and gunicorn's bind, and gunicorn
    keeps retrying for a while before it gives up; an answer alone proves nothing.
    """
    token = uuid.uuid4().hex
    probe = f"{server.url}/accounts/login/?probe={token}"
    while time.monotonic() < deadline:
        assert server.process is not None
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310 (local http URL)
                answered = response.status == 200
        except (urllib.error.URLError, OSError):
            answered = False
        if answered and token in server.log_path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gonghui serve did not come up at {server.url}.\n--- log ---\n{server.log_tail(80)}")


def chromium_or_skip() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: the browser journeys need Debian's Chromium. "
            "Install it with `apt-get update && apt-get install -y chromium fonts-wqy-zenhei`."
        )


@pytest.fixture(scope="session")
def gonghui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GonghuiServer]:
    """A real server in a fresh data directory, prepared the way ``make run`` prepares one."""
    chromium_or_skip()
    data_dir = tmp_path_factory.mktemp("gonghui-data")
    port = free_port()
    server = GonghuiServer(
        url=f"http://127.0.0.1:{port}",
        data_dir=data_dir,
        env=server_env(data_dir),
        log_path=data_dir / "serve.log",
    )
    # collectstatic needs no database and is the slowest step (hashing and compressing the
    # vendor packages): run it beside migrate and demo.
    static_log = data_dir / "collectstatic.log"
    with static_log.open("wb") as out:
        collect = subprocess.Popen(
            [str(gonghui_executable()), "collectstatic", "--noinput", "-v0"],
            env=server.env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        server.command("migrate", "--noinput", "-v0")
        server.command("demo", "--size", "small")
    finally:
        code = collect.wait(timeout=300)
    if code != 0:
        raise RuntimeError(f"gonghui collectstatic failed ({code}):\n{static_log.read_text(errors='replace')}")

    with server.log_path.open("wb") as log:
        server.process = subprocess.Popen(
            [str(gonghui_executable()), "serve", "--port", str(port), "--workers", "1"],
            env=server.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # gunicorn's master and workers share our process group
        )
    try:
        wait_until_serving(server, time.monotonic() + STARTUP_TIMEOUT)
        yield server
    finally:
        stop_server(server.process)
        # The database and the logs stay for a post-mortem; the collected static files are large.
        shutil.rmtree(data_dir / "static", ignore_errors=True)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def demo(gonghui_server: GonghuiServer) -> dict[str, Any]:
    """Facts about the demo county, read from the server's own database (system code, unscoped)."""
    code = """
import json
from gonghui.core.accounts.models import User
from gonghui.core.tree.models import Union
county = Union.unscoped.get(depth=1)
townships = list(Union.unscoped.filter(kind="township").order_by("path"))
mine = User.unscoped.get(username="demo_grassroots").union
other = User.unscoped.get(username="demo_grassroots_other").union
other_township = next(t for t in townships if other.path.startswith(t.path))
print(json.dumps({
    "county": {"id": county.pk, "name": county.name},
    "kind_counts": [Union.unscoped.filter(kind=k).count() for k in Union.Kind.values],
    "union_names": list(Union.unscoped.order_by("path").values_list("name", flat=True)),
    "townships": [{"id": t.pk, "name": t.name, "path": t.path} for t in townships],
    "grassroots_union": {"id": mine.pk, "name": mine.name},
    "other_union": {"id": other.pk, "name": other.name},
    "other_township": {"id": other_township.pk, "name": other_township.name},
}, ensure_ascii=False))
"""
    return gonghui_server.shell_json(code)


# --- The second factor of the administrators' sign-in -----------------------------------------

# What the administrators' authenticator apps hold: the key each learnt from the enrolment page
# (base32, as shown there), and the last time step each one's code was used (a code works once).
AUTHENTICATOR_KEYS: dict[str, str] = {}
LAST_STEP: dict[str, int] = {}


def authenticator_code(username: str) -> str:
    """The code the app shows now, or the next one when this one was used already (waiting if need be)."""
    from django_otp.oath import hotp

    key = AUTHENTICATOR_KEYS[username].replace(" ", "")
    raw = base64.b32decode(key + "=" * (-len(key) % 8))
    while True:
        now = int(time.time() // 30)
        step = max(now, LAST_STEP.get(username, -1) + 1)
        if step <= now + 1:  # the site accepts one step of drift
            LAST_STEP[username] = step
            return f"{hotp(raw, step, 6):06d}"
        time.sleep(1)


def pass_second_factor(page: Any, username: str) -> None:
    """Do what an administrator does after the password: set up the app at the first sign-in, then type its code."""
    path = urlsplit(page.url).path
    if path == "/accounts/two-factor/enrol/":
        AUTHENTICATOR_KEYS[username] = page.get_by_test_id("totp-key").inner_text().strip()
        page.locator("#id_code").fill(authenticator_code(username))
        page.get_by_test_id("enrol-submit").click()
        page.get_by_test_id("recovery-continue").click()
    elif path == "/accounts/login/verify/":
        page.locator("#id_code").fill(authenticator_code(username))
        page.get_by_test_id("verify-submit").click()


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(gonghui_server: GonghuiServer) -> Iterator[Any]:
    # Per module, not per session: Playwright's synchronous API keeps an event loop running
    # while it is open, and Django refuses database calls under a running loop. Closed at the end
    # of each browser module, it cannot break the database tests that a plain `make test` (one
    # pytest run for everything) schedules after them in the same worker.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class BrowserProblems:
    """What went wrong in the browser while a test ran, beyond what the test itself asserts."""

    server_netloc: str
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    allowed: list[tuple[int, str]] = field(default_factory=list)

    def allow_status(self, status: int, path: str) -> None:
        """A test that visits an error page on purpose declares it here."""
        self.allowed.append((status, path))

    def on_response(self, response: Any) -> None:
        status = response.status
        if status < 400:
            return
        path = urlsplit(response.url).path
        if (status, path) in self.allowed:
            return
        # Chromium asks every site for /favicon.ico; gonghui has none (reported, not the journeys' business).
        if path == "/favicon.ico":
            return
        self.failed_requests.append(f"{status} {response.request.resource_type} {response.url}")

    def on_request_failed(self, request: Any) -> None:
        if urlsplit(request.url).netloc != self.server_netloc:
            return  # recorded as an outside request
        # ERR_ABORTED: the page moved on before the asset arrived (a journey clicks faster than fonts load).
        if request.resource_type in STATIC_RESOURCE_TYPES and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.failure} {request.resource_type} {request.url}")

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        # Chromium repeats every 4xx/5xx as "Failed to load resource"; on_response judges those.
        if message.text.startswith("Failed to load resource"):
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def report(self) -> list[str]:
        lines = []
        lines += [f"request to outside host (aborted): {url}" for url in self.outside_requests]
        lines += [f"console error: {text}" for text in self.console_errors]
        lines += [f"uncaught page error: {text}" for text in self.page_errors]
        lines += [f"failed request: {text}" for text in self.failed_requests]
        return lines


@pytest.fixture
def problems(gonghui_server: GonghuiServer) -> BrowserProblems:
    return BrowserProblems(server_netloc=gonghui_server.netloc)


@pytest.fixture
def new_context(browser: Any, gonghui_server: GonghuiServer, problems: BrowserProblems) -> Iterator[Callable[..., Any]]:
    """Make browser contexts watched for outside requests and errors; checked when the test ends."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None, **kwargs: Any) -> Any:
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai", **kwargs
        )
        context.set_default_timeout(10_000)

        def guard(route: Any) -> None:
            if urlsplit(route.request.url).netloc == gonghui_server.netloc:
                route.continue_()
            else:
                problems.outside_requests.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        context.on("console", problems.on_console)
        context.on("weberror", lambda error: problems.page_errors.append(str(error.error)))
        context.on("response", problems.on_response)
        context.on("requestfailed", problems.on_request_failed)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    found = problems.report()
    if found:
        pytest.fail("The browser saw problems:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """A desktop page (1366×768, zh-CN) in its own context."""
    return new_context().new_page()


@pytest.fixture
def screenshot() -> Callable[[Any, str], None]:
    """Save a page for the user guide, only when GONGHUI_SCREENSHOTS=1 (CI leaves docs/images alone)."""

    def save(page: Any, name: str) -> None:
        if os.environ.get("GONGHUI_SCREENSHOTS") != "1":
            return
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.fonts.ready.then(() => true)")
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), animations="disabled", caret="hide")

    return save
