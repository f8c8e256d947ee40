"""The visible tests catch the documented typical mistakes (the issue's threshold: 90%).

With the hidden tests removed (what a trainee has), each mistake of ``tests/mistakes`` is
applied to its solution cell and the notebook runs up to the exercise's test cell: that
cell must fail for most mistakes, so the trainee learns of the mistake before grading.
The machinery is ``benchmarks/catch_mistakes.py``, which prints the full table.
"""

from __future__ import annotations

import pytest

from benchmarks.catch_mistakes import THRESHOLD, markdown, measure, summary


@pytest.mark.slow
def test_visible_tests_catch_the_typical_mistakes():
    # one test, so that pytest-xdist never runs the measurement twice
    results = measure()
    s = summary(results)
    assert s["total"] > 0, "no documented typical mistakes found in tests/mistakes"
    assert not s["reference_failures"], (
        "the reference solutions, hidden tests removed, must pass every visible test:\n"
        + "\n".join(s["reference_failures"]))
    assert not s["errors"], "cells before the exercise raised:\n" + "\n".join(s["errors"])
    missed = [f"{r.exercise} ({r.lesson}): {r.mistake}" for r in results if r.exercise and not r.caught]
    assert s["rate"] >= THRESHOLD, (
        f"the visible tests catch {s['caught']} of {s['total']} typical mistakes ({s['rate']:.0%}), "
        f"fewer than {THRESHOLD:.0%}. Not caught (add a visible check that fails on it, "
        f"without revealing the expected value):\n  " + "\n  ".join(missed)
        + "\n\n" + markdown(results))
