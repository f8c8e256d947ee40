"""Shared fixtures: a headless Chromium (Playwright), a throw-away JupyterLab server, and
whether the grading tests can run ``finmkt grade`` sandboxed.

They are only built for tests that ask for them; Playwright is imported lazily so the
rest of the suite runs without it.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Environment variable naming the Chromium executable (default: Debian's package).
CHROMIUM_ENV = "FINMKT_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _unavailable(reason: str):
    """Skip when a browser prerequisite is missing, but fail on CI (where it must be there)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium driven by Playwright (sync API), shared by the session's tests."""
    exe = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        _unavailable(f"Chromium not found at {exe} (install it, or set {CHROMIUM_ENV})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


#: Set to 1 to run the grading tests as on a machine without bubblewrap (``--no-sandbox``).
NO_BWRAP_ENV = "FINMKT_NO_BWRAP"


@dataclass(frozen=True)
class GradingSandbox:
    """How the grading tests run ``finmkt grade``: sandboxed (bubblewrap found) or not."""

    on: bool
    why_not: str = ""

    @property
    def argv(self) -> list[str]:
        """Extra ``finmkt grade`` arguments: none, or ``--no-sandbox`` without bubblewrap."""
        return [] if self.on else ["--no-sandbox"]

    def require(self, what: str) -> None:
        """Skip the calling test when grading runs without the sandbox; ``what`` says why the
        assertion needs it (an isolation property, or a case only safe inside it)."""
        __tracebackhide__ = True  # the skip is reported at the test's line
        if not self.on:
            pytest.skip(f"{what} (needs the sandbox; {self.why_not}, graded with --no-sandbox)")


@pytest.fixture(scope="session")
def grading_sandbox():
    """Sandboxed grading if bubblewrap is installed, else ``--no-sandbox``.

    With ``FINMKT_NO_BWRAP=1`` the grader is made to believe bubblewrap is missing for the
    whole session, so that path can be tested on a machine that has it.
    """
    from finmkt.grading import sandbox

    if os.environ.get(NO_BWRAP_ENV) == "1":
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sandbox, "bwrap_path", lambda: None)
            yield GradingSandbox(False, f"{NO_BWRAP_ENV} is set")
    else:
        yield GradingSandbox(sandbox.bwrap_path() is not None, "bubblewrap is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    root: Path
    port: int
    token: str
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """URL of a lab path, e.g. ``url("lab/tree/x.ipynb")``, with the token."""
        return f"{self.base_url}/{path.lstrip('/')}{'&' if '?' in path else '?'}token={self.token}"

    def shutdown_kernels(self) -> None:
        """Shut down every kernel the server runs (the REST API), e.g. between two tests."""
        import json

        with urllib.request.urlopen(self.url("api/kernels"), timeout=10) as resp:
            kernels = json.load(resp)
        for k in kernels:
            req = urllib.request.Request(self.url(f"api/kernels/{k['id']}"), method="DELETE")
            urllib.request.urlopen(req, timeout=30).close()

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])


#: JupyterLab user settings for tests: every cell stays in the DOM, no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        '{"fetchNews": "false", "checkForUpdates": false}',
}


@pytest.fixture(scope="module")
def shared_lab(tmp_path_factory):
    """JupyterLab on loopback (free port, random token) serving a temporary ``root`` folder,
    one for a test module's tests: each opens its own notebook in its own workspace and shuts
    its kernels down afterwards (a server start and a page load of JupyterLab cost seconds of
    CPU each).

    Jupyter config, lab settings, workspaces and runtime files live in the same temporary
    folder (a developer's own Jupyter config cannot interfere). Teardown always stops the
    server, its process group and its kernels.
    """
    yield from _lab(tmp_path_factory.mktemp("lab"))


def _lab(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    home = tmp_path / "jupyter"
    for rel, text in LAB_SETTINGS.items():
        path = home / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    server = LabServer(root=root, port=_free_port(), token=secrets.token_hex(16),
                       log=tmp_path / "jupyterlab.log")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               IPYTHONDIR=str(home / "ipython"),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={server.port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={server.token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers often run as root
    yield from _serve(server, cmd, env, cwd=root)


def _serve(server: LabServer, cmd: list[str], env: dict, cwd: Path):
    """Start ``cmd``, wait until the server answers, yield it, always stop it."""
    with open(server.log, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(server.url("api/status"), timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within 90 s:\n{server.log_tail()}", pytrace=False)
            time.sleep(0.3)
        yield server
    finally:
        _stop_server(server, proc)


@pytest.fixture
def course_lab(tmp_path):
    """Start JupyterLab through the course's own launcher, as ``make lab`` does.

    ``with course_lab("trainee", root) as lab:`` runs ``finmkt lab --dir root`` (or
    ``finmkt lab --instructor --dir root``) on loopback with a random token. Only the
    Jupyter home is isolated (no lab user settings: the course's own settings must do
    the work) and the venv's scripts folder is taken *off* PATH, so the launcher has to
    put it back itself (nbgrader runs ``alembic`` by name). The app object is exposed
    in the page (``window.jupyterapp``) so a test can ask which commands exist.
    """
    import contextlib

    @contextlib.contextmanager
    def start(mode: str, root: Path, *extra: str):
        n = len(list(tmp_path.glob("home*")))
        home = tmp_path / f"home{n}"
        home.mkdir()
        server = LabServer(root=root, port=_free_port(), token=secrets.token_hex(16),
                           log=tmp_path / f"{mode}{n}.log")
        scripts = str(Path(sys.executable).parent)
        path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != scripts)
        env = dict(os.environ, PATH=path or os.defpath, JUPYTER_CONFIG_DIR=str(home / "config"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"),
                   MPLBACKEND="module://matplotlib_inline.backend_inline")
        cmd = [sys.executable, "-m", "finmkt.cli", "lab", f"--dir={root}",
               *(["--instructor"] if mode == "instructor" else []),
               "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={server.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={server.token}",
               f"--LabApp.user_settings_dir={home / 'settings'}", "--LabApp.expose_app_in_browser=True",
               *extra]
        gen = _serve(server, cmd, env, cwd=tmp_path)
        lab = next(gen)
        try:
            yield lab
        finally:
            gen.close()

    return start


def _descendants(pid: int) -> list[int]:
    """Child processes, recursively (Linux /proc; empty elsewhere)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = [int(k) for k in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            kids = []
        out += kids
        todo += kids
    return out


def _stop_server(server: LabServer, proc: subprocess.Popen) -> None:
    """Shut the server down with its kernels; kill whatever is left (kernels run in their own
    sessions, so the server's process group alone would miss them)."""
    kernels = _descendants(proc.pid)
    if proc.poll() is None:
        try:
            req = urllib.request.Request(server.url("api/shutdown"), method="POST")
            urllib.request.urlopen(req, timeout=5).close()
            proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            pass
    for pid in kernels:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=10)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait(timeout=10)


# --- order: the long tests spread over the workers -----------------------------------

#: Rough seconds of the suite's longest tests on the reference 2-core machine (from
#: ``--durations``), by node id prefix; other tests marked slow count 5 s, the rest 0.
#: Only the order of the tests depends on these.
LONG_TESTS = {
    "tests/test_catch_mistakes.py::": 200,
    "tests/test_grade_assignments.py::test_finmkt_grade_scores_each_exercise[04": 110,
    "tests/test_grade_assignments.py::test_finmkt_grade_scores_each_exercise[05": 95,
    "tests/test_grade_assignments.py::test_finmkt_grade_scores_each_exercise[02": 90,
    "tests/test_grade_assignments.py::test_finmkt_grade_scores_each_exercise[01": 90,
    "tests/test_grade_assignments.py::test_finmkt_grade_scores_each_exercise[03": 70,
    "tests/test_classroom.py::test_class_on_jupyterhub": 65,
    "tests/test_browser.py::test_trainee_and_instructor_modes": 30,
    "tests/test_data.py::test_scale_generates_a_bigger_bank": 25,
    "tests/test_browser.py::test_lesson_in_the_browser": 18,
    "tests/test_browser.py::test_first_lesson": 15,
    "tests/test_grading.py::": 3.5,
    "tests/test_browser.py::test_browser_lessons_cover": 0,  # no browser: short
}


#: Long tests kept together on one worker (they share a costly module-scoped fixture).
TOGETHER = ("tests/test_grading.py::",)


def _expected_seconds(item) -> float:
    for prefix, seconds in LONG_TESTS.items():
        if item.nodeid.startswith(prefix):
            return seconds
    return 5.0 if item.get_closest_marker("slow") else 0.0


def balanced_order(items: list, workers: int, seconds, together=lambda item: None) -> list:
    """``items`` laid out for pytest-xdist's ``worksteal`` scheduler (``make test``), which
    hands worker k the k-th of ``workers`` contiguous blocks of the collection and then lets
    an idle worker take the tail of a busy one's queue: the long tests (``seconds`` > 0) are
    shared out longest first, each to the block with the least expected time so far (tests
    with the same ``together`` key as one unit, in their own order), and open their blocks;
    the short ones fill the blocks in collection order. So no worker starts with all the
    long tests, and the end of the run, where stealing evens out the queues, holds only
    short tests."""
    units: dict = {}
    for item in items:
        if seconds(item) > 0:
            key = together(item)
            units.setdefault(key if key is not None else id(item), []).append(item)
    ranked = sorted(units.values(), key=lambda u: sum(seconds(i) for i in u), reverse=True)
    short = [i for i in items if seconds(i) <= 0]
    sizes, left = [], len(items)
    for k in range(workers):  # worksteal's first split: remaining // nodes remaining
        sizes.append(left // (workers - k))
        left -= sizes[-1]
    blocks: list[list] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for unit in ranked:
        open_ = [k for k in range(workers) if len(blocks[k]) + len(unit) <= sizes[k]] or range(workers)
        k = min(open_, key=lambda b: load[b])
        blocks[k] += unit
        load[k] += sum(seconds(i) for i in unit)
    for k in range(workers):
        take = max(sizes[k] - len(blocks[k]), 0)
        blocks[k] += short[:take]
        short = short[take:]
    blocks[-1] += short
    return [i for block in blocks for i in block]


def pytest_collection_modifyitems(config, items):
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers > 1:  # every worker collects and orders alike; the order is what xdist shares out
        items[:] = balanced_order(items, workers, _expected_seconds,
                                  lambda i: next((p for p in TOGETHER if i.nodeid.startswith(p)), None))
