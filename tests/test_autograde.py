"""Autograde round trip through nbgrader, per lesson: the reference solution scores full
marks, and each documented typical mistake loses exactly its exercise's points (and nothing
else).

To keep the suite fast, the mistakes go in two submissions per lesson: those of the
odd-numbered exercises (in notebook order) together, and those of the even-numbered ones.
In each, every exercise whose mistake was applied must score 0 and every other exercise
full marks, so a mistake that costs its neighbour points (the next exercise, which uses
its result) fails the test. Later hidden tests carry forward from the trainee's own
results, which is what makes mistakes independent. That the untouched release scores
zero is checked through ``finmkt grade`` in ``tests/test_grade_assignments.py``.
"""

from __future__ import annotations

import pytest

from finmkt.exercises import for_lesson
from tests.mistakes import all_mistakes
from tests.notebook_tools import (
    lesson_id,
    make_course,
    nbgrader,
    nbgrader_meta,
    read,
    scores,
    solution_notebooks,
    submit,
    with_mistake,
)
from tests.notebook_tools import max_scores as gradebook_max

MISTAKES = all_mistakes()
LESSONS = solution_notebooks()


def batches(nb, mistakes: dict) -> dict[str, list[str]]:
    """{"odd": [...], "even": [...]}: the lesson's exercises with a mistake, split by their
    position (1, 2, 3, ...) among the solution cells of the notebook."""
    order = [nbgrader_meta(c)["grade_id"] for c in nb.cells
             if nbgrader_meta(c).get("solution") and nbgrader_meta(c).get("grade_id") in mistakes]
    return {"odd": order[0::2], "even": order[1::2]}


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=[lesson_id(p) for p in LESSONS])
def test_round_trip(path, tmp_path):
    lesson = lesson_id(path)
    assignment, name = path.parent.name, path.stem
    mistakes = MISTAKES.get(lesson, {})
    exercises = {e.name: e for e in for_lesson(lesson)}
    assert set(mistakes) == set(exercises), f"{lesson}: every exercise needs a documented typical mistake"

    course = make_course(tmp_path, [path])
    solution = read(path)
    submit(course, "reference", assignment, {name: solution})
    groups = batches(solution, mistakes)
    assert sorted(groups["odd"] + groups["even"]) == sorted(mistakes)
    for label, group in groups.items():
        nb = solution
        for ex in group:
            nb = with_mistake(nb, ex, mistakes[ex])
        submit(course, f"mistakes-{label}", assignment, {name: nb})
    proc = nbgrader(course, "autograde", assignment, "--force")
    assert proc.returncode == 0, proc.stderr[-3000:]

    maxima = gradebook_max(course, assignment)[name]
    got = scores(course, assignment)
    assert sum(maxima.values()) == sum(e.points for e in exercises.values())
    assert got[("reference", name)] == maxima, "the reference solution must score full marks"
    for label, group in groups.items():
        expected = {**maxima, **{f"test_{ex}": 0.0 for ex in group}}
        wrong = {k: (got[(f"mistakes-{label}", name)].get(k), v)
                 for k, v in expected.items() if got[(f"mistakes-{label}", name)].get(k) != v}
        assert not wrong, (f"with the typical mistakes of exercises {group} applied, each must lose exactly "
                           f"its own points; (got, expected) per test cell: {wrong}")
