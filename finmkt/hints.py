"""The hint helper: ``hint("tam_top_down")`` shows the next hint for an exercise.

Hints are successive: the first call gives a nudge, later calls get more specific,
and none prints the answer. ``hint("tam_top_down", all=True)`` shows every hint so far
is not needed; ``hint()`` lists the exercise names of the course.
"""

from __future__ import annotations

from collections import defaultdict

from finmkt.exercises import REGISTRY

_shown: defaultdict[str, int] = defaultdict(int)


class _Hint(str):
    """A string that renders as Markdown in a notebook and as plain text elsewhere."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # plain-text display without quotes
        return str(self)


def hint(name: str | None = None, *, level: int | None = None, show_all: bool = False) -> _Hint:
    """Return the next hint for exercise ``name`` (displayed when it is a cell's last line).

    ``level`` picks a hint by number (1-based); ``show_all`` shows every hint at once.
    Unknown names get a one-line message listing close names.
    """
    if name is None:
        lines = ["**Exercises with hints:**", ""]
        lines += [f"- `{e.name}`: {e.title} ({e.lesson})" for e in REGISTRY.values()]
        return _Hint("\n".join(lines))
    if name not in REGISTRY:
        import difflib

        close = difflib.get_close_matches(name, REGISTRY, n=3)
        tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else " Call hint() for the list."
        return _Hint(f"No exercise called {name!r}.{tip}")
    ex = REGISTRY[name]
    total = len(ex.hints)
    if show_all:
        body = "\n".join(f"{i}. {h}" for i, h in enumerate(ex.hints, 1))
        return _Hint(f"**Hints for `{name}`** ({ex.title})\n\n{body}")
    if level is None:
        _shown[name] = min(_shown[name] + 1, total)
        level = _shown[name]
    level = max(1, min(level, total))
    more = f" Run `hint({name!r})` again for hint {level + 1}." if level < total else " That was the last hint."
    return _Hint(f"**Hint {level}/{total} for `{name}`** ({ex.title}): {ex.hints[level - 1]}{more}")


def reset() -> None:
    """Forget which hints were shown (the next call starts at hint 1 again)."""
    _shown.clear()
