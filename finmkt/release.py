"""Generate the student release (``notebooks/``) from the nbgrader source (``solutions/``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from finmkt.paths import release_dir, repo_root, solutions_dir, tool_env


def assignments() -> list[str]:
    """Assignment ids: the module folders of ``solutions/`` that hold notebooks."""
    return sorted(p.name for p in solutions_dir().iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def lessons(assignment: str) -> list[str]:
    return sorted(p.stem for p in (solutions_dir() / assignment).glob("*.ipynb"))


def generate(assignment: str, out: Path | None = None) -> Path:
    """Run ``nbgrader generate_assignment`` for one assignment.

    ``out`` is the release folder (default: the course's ``notebooks/``); the
    gradebook used for the run is a throw-away one, so releasing never touches
    an instructor's grades. Returns the folder holding the released notebooks.
    """
    out = Path(out) if out is not None else release_dir()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
            f"--CourseDirectory.release_directory={out}",
            f"--CourseDirectory.db_url=sqlite:///{Path(tmp) / 'release.db'}",
            "--log-level=WARN",
        ]
        proc = subprocess.run(cmd, cwd=repo_root(), capture_output=True, text=True, env=tool_env())
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{proc.stdout}\n{proc.stderr}")
    return out / assignment


def generate_all(out: Path | None = None) -> list[Path]:
    """Regenerate every assignment; stale notebooks of a regenerated module are removed."""
    out = Path(out) if out is not None else release_dir()
    done = []
    for a in assignments():
        target = out / a
        if target.exists():
            for nb in target.glob("*.ipynb"):
                nb.unlink()
        done.append(generate(a, out))
        for extra in target.iterdir():  # nbgrader copies any support files; keep notebooks only
            if extra.is_dir():
                shutil.rmtree(extra)
    return done
