"""The visible tests catch the documented typical mistakes (the issue's threshold: 90%).

With the hidden tests removed (what a trainee has), each mistake of ``tests/mistakes`` is
applied to its solution cell and the notebook runs up to the exercise's test cell: that
cell must fail for most mistakes, so the trainee learns of the mistake before grading.
The machinery is ``benchmarks/catch_mistakes.py``, which prints the full table.

The same kernels run every forge (an exercise answered by one import of a course function,
``tests/test_forged_imports.py``) as the grader does: the import block in place, the test
cell with its hidden tests. Each must fail its test cell (it scores 0), and a forge of
``finmkt.methods`` must show the kernel's refusal, which is what the grader reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.catch_mistakes import FORGES_SET, THRESHOLD, markdown, measure, summary
from finmkt.grading.guard import BLOCKED_PACKAGE

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
#: Wrong answers written by reviewers from the trainee release alone (see their READMEs):
#: once a lesson's tests were fixed against them they became typical mistakes too. The
#: latest round of each lesson runs here; earlier rounds (benchmarks/independent_mistakes, whose findings
#: the tests were fixed against first) run in the benchmark only, to keep the suite's time.
INDEPENDENT = [BENCH / "independent_mistakes_2", BENCH / "independent_mistakes_3"]


@pytest.mark.slow
def test_visible_tests_catch_the_typical_mistakes():
    # one test and one measurement (one kernel per lesson for every set), so that
    # pytest-xdist never runs it twice
    every = measure(mistake_set=[None, *INDEPENDENT, FORGES_SET])
    forges = [r for r in every if r.forge]
    assert len(forges) >= 50, f"the forges were not run: {len(forges)}"
    scoring = [f"{r.exercise} ({r.lesson}) <- {r.mistake}" for r in forges if not r.caught]
    silent = [f"{r.exercise} ({r.lesson}) <- {r.mistake}: {r.message}" for r in forges
              if f"defined in {BLOCKED_PACKAGE}" in r.mistake and not r.blocked]
    assert not scoring and not silent, (
        "answered by one import of course code, these exercises pass their graded test cell:\n  "
        + "\n  ".join(scoring) + "\nand these do not show why they score 0 (the grader reports the "
        "kernel's refusal to import finmkt.methods):\n  " + "\n  ".join(silent))
    every = [r for r in every if not r.forge]
    missed_written = [f"{r.exercise} ({r.lesson}): {r.mistake}" for r in every if r.written and not r.caught]
    assert any(r.written for r in every) and not missed_written, (
        "the visible tests must catch every wrong answer of the independent sets; not caught:\n  "
        + "\n  ".join(missed_written))
    results = [r for r in every if not r.written]
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

