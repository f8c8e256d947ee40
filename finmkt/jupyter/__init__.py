"""Starting JupyterLab for the course: ``finmkt lab`` (trainees) and ``finmkt lab --instructor``.

Both modes run the venv's JupyterLab with the venv's scripts folder first on PATH
(nbgrader runs ``alembic`` by name, so the Formgrader works even when the venv is not
activated) and with the course's lab settings (``lab/<mode>/``: no news pop-up, Markdown
opens as a preview, and which nbgrader plugins load):

- **trainee** (``make lab``): rooted at ``my_work/``; nbgrader's Validate button; the
  Assignment List only when an nbgrader exchange is configured; no Formgrader, Create
  Assignment or Course List (their lab plugins and server extensions are off). The first
  launch opens ``START_HERE.md``.
- **instructor** (``make instructor``): rooted at the repository (the Formgrader finds
  ``nbgrader_config.py`` and ``solutions/`` as source), every nbgrader tool on.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Lab settings per mode (``LabApp.app_settings_dir``): overrides.json and page_config.json.
LAB_SETTINGS = HERE / "lab"
MODES = ("trainee", "instructor")

#: nbgrader's server extensions and whether each mode loads them (None: when an exchange is set).
SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.validate_assignment": {"trainee": True, "instructor": True},
    "nbgrader.server_extensions.assignment_list": {"trainee": None, "instructor": True},
    "nbgrader.server_extensions.formgrader": {"trainee": False, "instructor": True},
    "nbgrader.server_extensions.course_list": {"trainee": False, "instructor": True},
}
#: The kit's server extension that puts the one-line reason first in the Validate dialog.
VALIDATE_REASON_FIRST = "finmkt.jupyter.validate"
#: The kit's server extension that makes the Assignment List say why a fetch or submit failed.
EXCHANGE_REASONS = "finmkt.jupyter.exchange"
#: The lab plugins only instructors get.
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list")
#: The file the first launch opens (written by ``finmkt workspace``).
START_PAGE = "START_HERE.md"
MAX_HINT_ENV = "FINMKT_MAX_HINT_LEVEL"


@dataclass
class LabLaunch:
    """What ``finmkt lab`` runs: the command, its environment changes and folder."""

    mode: str
    root: Path
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    exchange: str | None = None

    def environ(self) -> dict[str, str]:
        """The full environment for the server (this process's, plus ``env``)."""
        return {**os.environ, **self.env}


def scripts_dir() -> Path:
    """The folder of this Python's console scripts (``jupyter``, ``nbgrader``, ``alembic``)."""
    return Path(sys.executable).parent


def exchange_root(root: Path) -> str | None:
    """The nbgrader exchange folder a trainee server rooted at ``root`` would use, if it exists.

    nbgrader reads its config from the Jupyter config path and ``root``'s
    ``nbgrader_config.py`` (``c.Exchange.root``, default ``/srv/nbgrader/exchange``); self-study
    has none, so the Assignment List (which would only show "Error fetching courses!") stays off.
    """
    try:
        from jupyter_core.paths import jupyter_config_path
        from nbgrader.apps import NbGrader
        from nbgrader.exchange.default.exchange import Exchange
    except ImportError:
        return None
    app = NbGrader()
    here = [str(root)] if Path(root).is_dir() else []
    app.config_file_paths[:] = [*here, *jupyter_config_path()]
    cwd = os.getcwd()
    try:
        if here:
            os.chdir(root)
        app.load_config_file()
    finally:
        os.chdir(cwd)
    folder = Exchange(config=app.config).root
    return folder if folder and os.path.isdir(folder) else None


def settings_dir(mode: str, exchange: bool = False) -> Path:
    """The lab settings folder of a mode (``trainee_exchange`` adds the Assignment List)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    return LAB_SETTINGS / ("trainee_exchange" if mode == "trainee" and exchange else mode)


def first_launch_workspace(workspaces: Path, start_page: str = START_PAGE) -> Path | None:
    """Write JupyterLab's default workspace (file browser + the start page as a preview)
    unless one exists already (a trainee's own layout is never replaced). Returns the file
    written, or None."""
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, WorkspacesManager, slugify

    if (workspaces / (slugify("default") + WORKSPACE_EXTENSION)).exists():
        return None
    key = f"markdownviewer-widget:{start_page}"
    data = {
        "data": {
            "layout-restorer:data": {
                "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": [key]}, "current": key},
                "left": {"collapsed": False, "visible": True, "current": "filebrowser", "widgets": ["filebrowser"]},
            },
            key: {"data": {"path": start_page, "factory": "Markdown Preview"}},
        },
        "metadata": {"id": "default"},
    }
    return WorkspacesManager(str(workspaces)).save("default", json.dumps(data, indent=1))


def lab_command(mode: str = "trainee", root: Path | None = None, extra: list[str] | None = None,
                max_hint_level: int | None = None, exchange: str | None = None) -> LabLaunch:
    """Build the JupyterLab command of ``mode`` (nothing is started or written).

    ``exchange``: the trainee's nbgrader exchange when the caller knows it (``finmkt
    classroom``); by default it is looked up in the nbgrader config ``root`` would load."""
    from finmkt.paths import repo_root, workspace_dir

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    root = Path(root).resolve() if root else (workspace_dir() if mode == "trainee" else repo_root())
    if mode != "trainee":
        exchange = None
    elif exchange is None:
        exchange = exchange_root(root)
    if mode == "trainee":
        workspaces = root / ".jupyter" / "workspaces"
    else:
        workspaces = root / "grading" / "lab-workspaces"
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
            f"--LabApp.app_settings_dir={settings_dir(mode, exchange is not None)}",
            f"--LabApp.workspaces_dir={workspaces}"]
    for ext, on in SERVER_EXTENSIONS.items():
        enabled = on[mode] if on[mode] is not None else exchange is not None
        argv.append(f"--ServerApp.jpserver_extensions={ext}={enabled}")
    argv.append(f"--ServerApp.jpserver_extensions={VALIDATE_REASON_FIRST}=True")
    argv.append(f"--ServerApp.jpserver_extensions={EXCHANGE_REASONS}=True")
    extra = list(extra or [])
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        argv.append("--allow-root")  # containers often run as root
    argv += extra
    path = os.environ.get("PATH", "")
    env = {"PATH": str(scripts_dir()) + (os.pathsep + path if path else "")}
    if max_hint_level is not None:
        env[MAX_HINT_ENV] = str(max_hint_level)
    return LabLaunch(mode=mode, root=root, argv=argv, env=env, exchange=exchange)


def prepare(launch: LabLaunch) -> None:
    """Files the launch needs: the trainee's lessons and start page, the first-launch layout."""
    if launch.mode == "trainee":
        from finmkt import workspace

        workspace.ensure(launch.root)
    launch.root.mkdir(parents=True, exist_ok=True)
    ws = next(a.split("=", 1)[1] for a in launch.argv if a.startswith("--LabApp.workspaces_dir="))
    if launch.mode == "trainee":
        first_launch_workspace(Path(ws))


def run(launch: LabLaunch) -> int:
    """Replace this process by JupyterLab (or run it as a child where exec is unavailable)."""
    env = launch.environ()
    os.chdir(launch.root)
    if os.name == "posix":
        os.execve(launch.argv[0], launch.argv, env)
    import subprocess

    return subprocess.call(launch.argv, env=env, cwd=launch.root)
