"""Where the course's files live, resolved through the package (never '../..' strings)."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that points the loaders at another dataset folder
#: (for example a larger world built with ``finmkt data build --scale``).
DATA_DIR_ENV = "FINMKT_DATA_DIR"


def repo_root() -> Path:
    """The course repository root (the folder holding ``finmkt/`` and ``datasets/``)."""
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder the loaders read: ``$FINMKT_DATA_DIR`` if set, else ``<repo>/datasets``."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return repo_root() / "datasets"


def solutions_dir() -> Path:
    return repo_root() / "solutions"


def release_dir() -> Path:
    return repo_root() / "notebooks"


def workspace_dir() -> Path:
    """The trainee's personal copies of the lessons (never overwritten by the kit)."""
    return repo_root() / "my_work"


def tool_env(extra: dict | None = None) -> dict:
    """Environment for subprocesses: this Python's scripts folder first on PATH.

    nbgrader runs helper programs (``alembic``) by name, so they must be found even when
    the virtual environment is not activated (``.venv/bin/python -m ...``).
    """
    import sys

    env = dict(os.environ)
    scripts = str(Path(sys.executable).parent)
    env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
    if extra:
        env.update(extra)
    return env
