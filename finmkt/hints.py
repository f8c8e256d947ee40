"""The hint helper: ``hint("tam_top_down")`` shows the next hint for an exercise.

Hints are successive: the first call gives a nudge, later calls get more specific,
and none prints the answer. ``hint("tam_top_down", show_all=True)`` shows every hint at
once; ``hint()`` lists the exercise names of the course in lesson order.

For a graded assignment an instructor can cap how deep hints go: with the environment
variable ``FINMKT_MAX_HINT_LEVEL=1`` (set before JupyterLab starts, e.g.
``finmkt lab --max-hint-level 1``) only the first hint of each exercise is shown;
``0`` switches hints off. See docs/GRADING.md.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from finmkt.exercises import REGISTRY, Exercise

#: Environment variable: the deepest hint level shown (instructor cap for graded work).
MAX_LEVEL_ENV = "FINMKT_MAX_HINT_LEVEL"

_shown: defaultdict[str, int] = defaultdict(int)


class _Hint(str):
    """A string that renders as Markdown in a notebook and as plain text elsewhere."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # plain-text display without quotes
        return str(self)


def max_level() -> int | None:
    """The instructor's cap on hint depth (``$FINMKT_MAX_HINT_LEVEL``), or None for no cap.

    A value that is not a whole number >= 0 is ignored (no cap).
    """
    raw = os.environ.get(MAX_LEVEL_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


_positions_cache: dict[Path, tuple[float, dict[str, int]]] = {}


def _positions(lesson: str) -> dict[str, int]:
    """{grade_id: cell index} of the lesson's notebook (release, else solution), cached."""
    from finmkt.paths import release_dir, solutions_dir

    for folder in (release_dir(), solutions_dir()):
        path = folder / f"{lesson}.ipynb"
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        cached = _positions_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid and gid not in found:
                found[gid] = i
        _positions_cache[path] = (mtime, found)
        return found
    return {}


def ordered_exercises() -> list[Exercise]:
    """Every registered exercise in course order: module, lesson, then where its cell sits
    in the lesson's notebook (registration order for exercises the notebook lacks)."""
    registered = {name: i for i, name in enumerate(REGISTRY)}
    positions = {lesson: _positions(lesson) for lesson in {e.lesson for e in REGISTRY.values()}}

    def key(e: Exercise):
        pos = positions[e.lesson].get(e.name)
        return (e.lesson, pos is None, pos if pos is not None else 0, registered[e.name])

    return sorted(REGISTRY.values(), key=key)


def hint(name: str | None = None, *, level: int | None = None, show_all: bool = False) -> _Hint:
    """Return the next hint for exercise ``name`` (displayed when it is a cell's last line).

    ``level`` picks a hint by number (1-based); ``show_all`` shows every hint at once.
    Unknown names get a one-line message listing close names.
    """
    if name is None:
        lines = ["**Exercises with hints** (in lesson order):", ""]
        lines += [f"- `{e.name}`: {e.title} ({e.lesson})" for e in ordered_exercises()]
        return _Hint("\n".join(lines))
    if name not in REGISTRY:
        import difflib

        close = difflib.get_close_matches(name, REGISTRY, n=3)
        tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else " Call hint() for the list."
        return _Hint(f"No exercise called {name!r}.{tip}")
    ex = REGISTRY[name]
    total = len(ex.hints)
    cap = max_level()
    allowed = total if cap is None else min(cap, total)
    capped = f" Hints beyond {allowed} are switched off for this graded assignment." \
        if allowed < total else ""
    if allowed == 0:
        return _Hint(f"Hints are switched off for this graded assignment (`{name}`: {ex.title}).")
    if show_all:
        body = "\n".join(f"{i}. {h}" for i, h in enumerate(ex.hints[:allowed], 1))
        return _Hint(f"**Hints for `{name}`** ({ex.title})\n\n{body}" + (f"\n\n{capped.strip()}" if capped else ""))
    if level is None:
        _shown[name] = min(_shown[name] + 1, allowed)
        level = _shown[name]
    level = max(1, min(level, allowed))
    if level < allowed:
        more = f" Run `hint({name!r})` again for hint {level + 1}."
    else:
        more = capped or " That was the last hint."
    return _Hint(f"**Hint {level}/{total} for `{name}`** ({ex.title}): {ex.hints[level - 1]}{more}")


def reset() -> None:
    """Forget which hints were shown (the next call starts at hint 1 again)."""
    _shown.clear()
