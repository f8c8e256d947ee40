"""The trainee's personal copies of the lessons (``my_work/``).

``make lab`` calls :func:`ensure` which copies every released lesson that the trainee
does not have yet. Existing copies are never touched. :func:`fresh` gives a clean copy
of one lesson and keeps the old one under a time-stamped name.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from finmkt.paths import release_dir, workspace_dir


def ensure(workspace: Path | None = None, release: Path | None = None) -> list[Path]:
    """Copy lessons missing from the workspace. Returns the newly created copies."""
    workspace = Path(workspace) if workspace else workspace_dir()
    release = Path(release) if release else release_dir()
    workspace.mkdir(parents=True, exist_ok=True)
    created = []
    for src in sorted(release.glob("*/*.ipynb")):
        dst = workspace / src.relative_to(release)
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            created.append(dst)
    return created


def fresh(lesson: str, workspace: Path | None = None, release: Path | None = None) -> tuple[Path, Path | None]:
    """Put a fresh copy of ``lesson`` ("01_market_analysis/01_market_sizing") in the workspace.

    The trainee's current copy, if any, is renamed ``<lesson>.backup-<timestamp>.ipynb``
    beside it. Returns (fresh copy, backup or None).
    """
    workspace = Path(workspace) if workspace else workspace_dir()
    release = Path(release) if release else release_dir()
    rel = Path(lesson.removesuffix(".ipynb") + ".ipynb")
    src = release / rel
    if not src.exists():
        known = ", ".join(p.relative_to(release).with_suffix("").as_posix() for p in sorted(release.glob("*/*.ipynb")))
        raise FileNotFoundError(f"No lesson {lesson!r}. Lessons: {known}")
    dst = workspace / rel
    backup = None
    if dst.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = dst.with_name(f"{dst.stem}.backup-{stamp}.ipynb")
        n = 1
        while backup.exists():
            backup = dst.with_name(f"{dst.stem}.backup-{stamp}-{n}.ipynb")
            n += 1
        dst.rename(backup)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return dst, backup
