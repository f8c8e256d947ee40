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

__all__ = ["NotAnswered", "WrongValue", "confirm", "confirmed", "digest", "not_answered_message", "ready", "require"]


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


# --- Value-confirming checks ---------------------------------------------------------------
#: Hex characters of a digest kept in a test cell: 48 bits, so a wrong value that happens to
#: share the digest is a one-in-10^14 event.
DIGEST_CHARS = 12
#: Environment variable: when set to a file path, confirm() records instead of checking
#: (the authoring step ``finmkt release --refresh-checks`` fills in the digests from it).
RECORD_ENV = "FINMKT_CHECK_RECORD"
#: Read once, when the kernel imports this module: setting the variable later in a
#: notebook does not switch a check off.
_RECORD_TO = __import__("os").environ.get(RECORD_ENV) or None
#: A float whose last kept digit sits closer than this share of a rounding step to a
#: rounding edge is refused at authoring time: two correct routes could round differently.
EDGE_MARGIN = 1e-3
#: label -> (expected digest, sig) of every confirm() this kernel has run: what confirmed() compares with.
_EXPECTED: dict[str, tuple[str, int]] = {}


class WrongValue(AssertionError):
    """A visible test's value differs from the lesson's at the precision the lesson asks."""


def _number(x: float, sig: int) -> str:
    x = float(x)
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    text = f"{x:.{sig - 1}e}"
    return "0" if float(text) == 0 else text  # -0.0 and 0.0 alike


def _edges(x: float, sig: int) -> bool:
    """True when ``x`` lies within EDGE_MARGIN of a step from a rounding edge at ``sig`` figures."""
    import math

    x = abs(float(x))
    if x == 0 or x != x or x == float("inf"):
        return False
    step = 10.0 ** (math.floor(math.log10(x)) - sig + 1)
    frac = (x / step) % 1.0
    return abs(frac - 0.5) < EDGE_MARGIN


def canonical(value, sig: int = 4) -> tuple[str, bool | str]:
    """(The text a digest is taken of, False or the first float that sits on a rounding edge).

    Floats (and NumPy floats) are rounded to ``sig`` significant figures; integers, booleans
    and strings are kept exactly; dicts are taken in key order; lists, tuples, arrays,
    Series (with their index) and DataFrames (index, columns and values, row by row) in
    their own order, so an order the lesson asks for is part of the value. Sets are sorted.
    """
    import numbers

    edge: bool | str = False  # becomes the first value found on an edge

    def walk(v) -> str:
        nonlocal edge
        if hasattr(v, "dtype") and getattr(v, "ndim", None) == 0:  # NumPy scalar (np.str_, np.bool_ too)
            v = v.item()
        if isinstance(v, bool) or v is None:
            return repr(v)
        if isinstance(v, str):
            return repr(str(v))
        if isinstance(v, numbers.Integral):
            return str(int(v))
        if isinstance(v, numbers.Real):
            if not edge and _edges(v, sig):
                edge = repr(float(v))
            return _number(v, sig)
        if isinstance(v, dict):
            return "{" + ",".join(f"{walk(k)}:{walk(v[k])}" for k in sorted(v, key=repr)) + "}"
        if isinstance(v, set | frozenset):
            return "{" + ",".join(sorted(walk(x) for x in v)) + "}"
        if hasattr(v, "columns") and hasattr(v, "index"):  # DataFrame
            rows = [walk(list(v.columns))] + [walk([i, *row]) for i, row in
                                              zip(v.index.tolist(), v.to_numpy().tolist(), strict=True)]
            return "DF[" + ";".join(rows) + "]"
        if hasattr(v, "index") and hasattr(v, "to_numpy") and not hasattr(v, "columns"):  # Series
            return "S[" + ",".join(f"{walk(i)}:{walk(x)}" for i, x in
                                   zip(v.index.tolist(), v.to_numpy().tolist(), strict=True)) + "]"
        if hasattr(v, "tolist"):  # arrays, Index
            return walk(v.tolist())
        if isinstance(v, list | tuple):
            return "[" + ",".join(walk(x) for x in v) + "]"
        raise TypeError(f"cannot confirm a value of type {type(v).__name__}")

    return walk(value), edge


def digest(label: str, value, sig: int = 4) -> str:
    """The digest a test cell keeps for ``value`` (named ``label``) at ``sig`` figures."""
    import hashlib

    text, _ = canonical(value, sig)
    return hashlib.sha256(f"finmkt:{label}:{text}".encode()).hexdigest()[:DIGEST_CHARS]


#: Outcome of the latest confirm() of each label in this kernel (for ``after=``).
_CONFIRMED: dict[str, bool] = {}


def confirm(label: str, value, expected: str, *, sig: int = 4, look: str = "",
            after: tuple[str, ...] | list[str] = ()) -> None:
    """Visible test: ``value`` is the lesson's answer at ``sig`` significant figures.

    The cell keeps only a digest (``expected``) of the right value rounded to that
    precision, so it confirms an answer without showing it::

        confirm("tam_td", tam_td, "3b9f0c1d2e4a", sig=3,
                look="Check the base (all ages) and the balance per investor.")

    On a mismatch it raises :class:`WrongValue` (an ``AssertionError``: the test fails)
    with a line that names the value, the precision, and what to look at, never the
    expected value. ``after``: labels of earlier exercises' values this one is computed
    from; when one of them has not been confirmed (wrong, or its test not run yet), the
    check is skipped with a printed line, so one mistake never fails two exercises.
    Digests are written by ``finmkt release --refresh-checks`` from the
    reference solution, run in a kernel started with ``FINMKT_CHECK_RECORD`` set (then
    each call appends its label and digest to that file instead of checking).
    """
    import json

    _EXPECTED[label] = (expected, sig)
    try:
        got = digest(label, value, sig)
        _, edge = canonical(value, sig)
    except TypeError as exc:
        raise WrongValue(f"{label}: {exc}. {look}".strip()) from None
    if _RECORD_TO:
        with open(_RECORD_TO, "a", encoding="utf-8") as f:
            clear = [k for k in range(2, 8) if not canonical(value, k)[1]]
            f.write(json.dumps({"label": label, "sig": sig, "digest": got, "edge": edge,
                                "clear": clear}) + "\n")
        _CONFIRMED[label] = True
        return
    _CONFIRMED[label] = got == expected
    pending = [a for a in after if not _CONFIRMED.get(a)]
    if pending:
        print(f"{label} is not checked yet: it is computed from {', '.join(pending)}, which is not "
              "confirmed (fix that exercise and run its test cell first).")
        return
    if got != expected:
        raise WrongValue(f"{label} is not the value the lesson's data give (compared at {sig} significant "
                         f"figures; the right value is not shown here). {look}".strip())


def confirmed(label: str, value) -> bool:
    """True when ``value`` is what an earlier ``confirm(label, ...)`` in this kernel expects.

    A later exercise's value check runs only on right inputs, so an earlier mistake is not
    charged twice (the earlier test already fails)::

        if confirmed("means", means):
            confirm("explained", explained, "…", sig=4, look="…")

    False when that ``confirm`` has not run in this kernel (its test cell was skipped) or the
    value differs at its precision; True while digests are being recorded (the reference).
    """
    if _RECORD_TO:
        return True
    if label not in _EXPECTED:
        return False
    expected, sig = _EXPECTED[label]
    try:
        return digest(label, value, sig) == expected
    except TypeError:
        return False
