"""Notebooks are source code: hygiene, release sync with nbgrader, exercises match the registry.

That each solution executes cleanly (no error, no warning) is checked by the catch test
(`tests/test_catch_mistakes.py`: its reference run), that it scores full marks, and that each
typical mistake loses exactly its points, by `finmkt grade` (`tests/test_grade_assignments.py`)."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from finmkt.exercises import REGISTRY, for_lesson
from tests.notebook_tools import (
    RELEASE,
    ROOT,
    SOLUTIONS,
    lesson_id,
    nbgrader_meta,
    read,
    release_notebooks,
    solution_notebooks,
)

ALL = solution_notebooks() + release_notebooks()


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def test_there_are_lessons():
    assert solution_notebooks(), "no solution notebooks found"
    assert {p.relative_to(SOLUTIONS) for p in solution_notebooks()} == {p.relative_to(RELEASE) for p in release_notebooks()}


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_hygiene(path):
    nb = read(path)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "cell ids need nbformat 4.5"
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)), "duplicate cell ids"
    for c in nb.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None, f"cell {c.id} has committed outputs"
        meta = nbgrader_meta(c)
        if meta.get("grade"):
            assert meta.get("points", 0) > 0, f"graded cell {c.id} has no points"
    assert 25 <= len(nb.cells) <= 90, f"{len(nb.cells)} cells: one lesson per notebook (about 30-60 cells)"
    text = json.dumps(nb)
    assert "import *" not in text, "no star imports"


@pytest.mark.parametrize("path", solution_notebooks(), ids=_ids(solution_notebooks()))
def test_exercises_match_the_registry(path):
    """Every exercise has a solution cell, a graded test cell with the registry's points,
    visible and hidden tests, and a hint the trainee can ask for."""
    nb = read(path)
    lesson = lesson_id(path)
    exercises = for_lesson(lesson)
    assert len(exercises) >= 4, f"{lesson}: {len(exercises)} exercises registered"
    cells = {nbgrader_meta(c).get("grade_id"): c for c in nb.cells if nbgrader_meta(c)}
    graded = {k: c for k, c in cells.items() if nbgrader_meta(c).get("grade")}
    assert set(graded) == {f"test_{e.name}" for e in exercises}, "graded cells and registry differ"
    for e in exercises:
        sol = cells.get(e.name)
        assert sol is not None and nbgrader_meta(sol).get("solution"), f"no solution cell {e.name}"
        assert "### BEGIN SOLUTION" in sol.source and "### END SOLUTION" in sol.source
        test = graded[f"test_{e.name}"]
        assert nbgrader_meta(test)["points"] == e.points, f"{e.name}: points differ from the registry"
        assert nbgrader_meta(test).get("locked"), f"test cell of {e.name} must be read-only"
        visible = test.source.split("### BEGIN HIDDEN TESTS")[0]
        assert "assert" in visible, f"{e.name}: visible tests that teach"
        assert "### BEGIN HIDDEN TESTS" in test.source, f"{e.name}: hidden tests"
        sources = "\n".join(c.source for c in nb.cells)
        assert f'hint("{e.name}")' in sources or f"hint('{e.name}')" in sources, f"{e.name}: point to its hint"
        assert len(e.hints) >= 2 and e.mistake


@pytest.mark.parametrize("path", release_notebooks(), ids=_ids(release_notebooks()))
def test_release_hides_answers_and_hidden_tests(path):
    text = path.read_text(encoding="utf-8")
    for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
        assert marker not in text
    assert "raise NotImplementedError()" in text


def test_release_holds_one_notebook_per_solution():
    """notebooks/ mirrors solutions/ notebook for notebook (that each released notebook is what
    nbgrader generates from its solution is checked where ``finmkt grade`` generates it:
    ``tests/test_grade_assignments.py``)."""
    assert sorted(p.relative_to(RELEASE) for p in release_notebooks()) == \
        sorted(p.relative_to(SOLUTIONS) for p in solution_notebooks())


def test_ruff_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "finmkt", "tests", "solutions", "notebooks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_every_registered_exercise_belongs_to_a_notebook():
    lessons = {lesson_id(p) for p in solution_notebooks()}
    orphans = [e.name for e in REGISTRY.values() if e.lesson not in lessons]
    assert not orphans, f"exercises registered for missing lessons: {orphans}"
