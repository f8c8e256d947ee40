"""Helpers for the notebook tests: discovery, nbgrader course copies, gradebook reads."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from finmkt.paths import tool_env

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "notebooks"


def solution_notebooks() -> list[Path]:
    return sorted(SOLUTIONS.glob("*/*.ipynb"))


def release_notebooks() -> list[Path]:
    return sorted(RELEASE.glob("*/*.ipynb"))


def lesson_id(path: Path) -> str:
    """'01_market_analysis/01_market_sizing' for a notebook path."""
    return f"{path.parent.name}/{path.stem}"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def read(path: Path):
    return nbformat.read(path, as_version=4)


def with_mistake(nb, exercise: str, edits: list[tuple[str, str]]):
    """A copy of ``nb`` with a documented typical mistake (``tests/mistakes``) applied: each
    ``(old, new)`` replacement in the solution cell whose nbgrader grade_id is ``exercise``."""
    nb = copy.deepcopy(nb)
    [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == exercise]
    for old, new in edits:
        assert old in cell.source, f"mistake for {exercise}: {old!r} not in its solution cell"
        cell.source = cell.source.replace(old, new)
    return nb


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in a course folder (its own config, gradebook and dirs)."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course,
                          capture_output=True, text=True, env=tool_env())


def make_course(tmp: Path, lessons: list[Path]) -> Path:
    """A throw-away nbgrader course holding the given solution notebooks, released."""
    course = tmp / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    assignments = set()
    for nb in lessons:
        dst = course / "solutions" / nb.parent.name
        dst.mkdir(parents=True, exist_ok=True)
        shutil.copy(nb, dst / nb.name)
        assignments.add(nb.parent.name)
    for a in sorted(assignments):
        proc = nbgrader(course, "generate_assignment", a, "--force")
        assert proc.returncode == 0, proc.stderr
    return course


def submit(course: Path, student: str, assignment: str, notebooks: dict[str, nbformat.NotebookNode]) -> None:
    folder = course / "grading" / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")


def scores(course: Path, assignment: str) -> dict[tuple[str, str], dict[str, float]]:
    """{(student, notebook): {grade_id: score}} from the course's gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                out[(sub.student.id, nb.name)] = {g.name: float(g.score) for g in nb.grades}
    return out


def max_scores(course: Path, assignment: str) -> dict[str, dict[str, float]]:
    """{notebook: {grade_id: max_score}} from the gradebook's source records."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            out[nb.name] = {c.name: float(c.max_score) for c in nb.grade_cells}
    return out

def answered(solution, release):
    """``release`` with every answer cell filled in from ``solution`` (a notebook node): what
    a trainee who answered like that solution hands in (no hidden tests, locked cells as
    released)."""
    answers = {nbgrader_meta(c)["grade_id"]: c.source for c in solution.cells if nbgrader_meta(c).get("solution")}
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid in answers:
            cell.source = "\n".join(line for line in answers[gid].splitlines()
                                    if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return nb
