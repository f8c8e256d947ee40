"""Autograde round trip through nbgrader, per lesson: the reference solution scores full
marks, the untouched release scores zero, and each documented typical mistake loses
exactly its exercise's points (and nothing else)."""

from __future__ import annotations

import pytest

from finmkt.exercises import for_lesson
from tests.mistakes import all_mistakes
from tests.notebook_tools import (
    RELEASE,
    lesson_id,
    make_course,
    nbgrader,
    read,
    scores,
    solution_notebooks,
    submit,
    with_mistake,
)
from tests.notebook_tools import max_scores as gradebook_max

MISTAKES = all_mistakes()
LESSONS = solution_notebooks()


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
    submit(course, "untouched", assignment, {name: read(RELEASE / assignment / path.name)})
    for ex, edits in mistakes.items():
        submit(course, f"mistake-{ex}", assignment, {name: with_mistake(solution, ex, edits)})
    proc = nbgrader(course, "autograde", assignment, "--force")
    assert proc.returncode == 0, proc.stderr[-3000:]

    maxima = gradebook_max(course, assignment)[name]
    got = scores(course, assignment)
    assert sum(maxima.values()) == sum(e.points for e in exercises.values())
    assert got[("reference", name)] == maxima, "the reference solution must score full marks"
    assert sum(got[("untouched", name)].values()) == 0, "the untouched release must score zero"
    for ex in mistakes:
        expected = {**maxima, f"test_{ex}": 0.0}
        assert got[(f"mistake-{ex}", name)] == expected, f"mistake {ex} must lose exactly its points"
