"""Visible-test helper: say "not answered yet" instead of a NameError.

A lesson's test cell starts with one line::

    require("tam_top_down", "tam_td")

before its asserts. When the exercise's function still raises ``NotImplementedError``
(the release stub), or a result variable the cell checks is not defined (the solution
cell was never run, or it raised), the test stops with::

    NotAnswered: Exercise 1 (tam_top_down) is not answered yet: replace raise
    NotImplementedError() in its cell with your code, then run that cell.

``NotAnswered`` is an ``AssertionError``, so nbgrader counts the test as failed (zero
points) and its Validate button and the feedback show that line, never a ``NameError``.
The exercise number comes from the lesson's order (``### Exercise N``); the function
checked is the one named like the exercise (``function=`` names another, ``function=None``
checks none); the namespace is the notebook's (the caller's globals, or ``ns=``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

__all__ = ["NotAnswered", "not_answered_message", "ready", "require"]


class NotAnswered(AssertionError):
    """An exercise whose answer is still the stub or whose cell has not run."""


_DEFAULT = object()


def not_answered_message(exercise: str, number: int | None = None) -> str:
    """The line a trainee sees for an exercise that is not answered yet."""
    label = f"Exercise {number} ({exercise})" if number is not None else f"Exercise {exercise}"
    return (f"{label} is not answered yet: replace raise NotImplementedError() in its cell "
            "with your code, then run that cell.")


def exercise_number(exercise: str) -> int | None:
    """1-based position of ``exercise`` among its lesson's exercises (None if unknown)."""
    from finmkt.exercises import REGISTRY
    from finmkt.hints import ordered_exercises

    if exercise not in REGISTRY:
        return None
    lesson = REGISTRY[exercise].lesson
    names = [e.name for e in ordered_exercises() if e.lesson == lesson]
    return names.index(exercise) + 1


def _is_stub(fn) -> bool:
    """True when ``fn`` (or what it wraps) raises NotImplementedError in its own body."""
    seen = 0
    while hasattr(fn, "__wrapped__") and seen < 10:
        fn, seen = fn.__wrapped__, seen + 1
    code = getattr(fn, "__code__", None)
    return code is not None and "NotImplementedError" in code.co_names


def require(exercise: str, *variables: str, function: str | None | object = _DEFAULT,
            number: int | None = None, ns: Mapping | None = None) -> None:
    """Stop a test cell with :class:`NotAnswered` unless ``exercise`` has been answered.

    ``variables``: names the solution cell sets (``"tam_td"``); each must be defined.
    ``function``: the function the trainee writes (default: the exercise's name; ``None``
    skips this check); it must be defined and no longer be the ``NotImplementedError``
    stub. ``number``: the exercise number shown (default: from the lesson's order).
    ``ns``: the namespace to look in (default: the calling cell's globals).
    """
    if ns is None:
        ns = sys._getframe(1).f_globals
    fname = exercise if function is _DEFAULT else function
    missing = False
    if fname:
        fn = ns.get(fname)
        missing = not callable(fn) or _is_stub(fn)
    missing = missing or any(v not in ns for v in variables)
    if missing:
        raise NotAnswered(not_answered_message(exercise, number if number is not None
                                               else exercise_number(exercise)))


def _answered(exercise: str, variables: tuple[str, ...], function, ns: Mapping) -> bool:
    fname = exercise if function is _DEFAULT else function
    if fname:
        fn = ns.get(fname)
        if not callable(fn) or _is_stub(fn):
            return False
    return all(v in ns for v in variables)


def ready(exercise: str, *variables: str, what: str = "This cell", function: str | None | object = _DEFAULT,
          ns: Mapping | None = None) -> bool:
    """For a chart or widget cell that uses an exercise's result: True when it can run.

    Otherwise prints one line (``This chart needs exercise 3 (sam): answer it above, then
    run this cell again.``) and returns False, so the cell ends quietly instead of raising
    a ``NameError`` under an empty figure::

        if ready("sam", "sam_cells", what="This chart"):
            ...draw...
    """
    if ns is None:
        ns = sys._getframe(1).f_globals
    if _answered(exercise, variables, function, ns):
        return True
    number = exercise_number(exercise)
    label = f"exercise {number} ({exercise})" if number is not None else f"exercise {exercise}"
    print(f"{what} needs {label}: answer it above, then run this cell again.")
    return False
