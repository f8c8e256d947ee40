"""``finmkt grade`` on every real assignment: a class of two, the reference solutions and
the untouched release. The reference gets full marks, the release zero, both graded
cleanly; the release's feedback tells the trainee which exercises are not answered yet."""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest

from finmkt.cli import main
from tests.notebook_tools import RELEASE, SOLUTIONS, make_course

pytestmark = pytest.mark.slow

ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _answered(solution):
    """The release notebook with every answer cell filled in from the solution: what a
    trainee who got everything right hands in (no hidden tests, locked cells untouched)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(solution, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    nb = nbformat.read(RELEASE / solution.parent.name / solution.name, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = "\n".join(line for line in answers[gid].splitlines()
                                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return nb


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_finmkt_grade_gives_reference_full_marks_and_release_zero(assignment, tmp_path, grading_sandbox):
    lessons = sorted((SOLUTIONS / assignment).glob("*.ipynb"))
    course = make_course(tmp_path, lessons)
    subs = tmp_path / "submissions"
    for student in ("reference", "release"):
        (subs / student).mkdir(parents=True)
    for nb in lessons:
        shutil.copy(RELEASE / assignment / nb.name, subs / "release" / nb.name)
        nbformat.write(_answered(nb), subs / "reference" / nb.name)
    out = tmp_path / "out"
    argv = ["grade", assignment, "--submissions", str(subs), "--out", str(out), "--course", str(course),
            "--workers", "2", "--no-progress", *grading_sandbox.argv]
    assert main(argv) == 0
    with (out / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    ref, rel = rows["reference"], rows["release"]
    assert float(ref["max_score"]) > 0 and ref["status"] == "graded", ref
    assert float(ref["score"]) == float(ref["max_score"]), ref
    assert float(rel["score"]) == 0 and rel["status"] == "graded", rel
    feedback = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html") if "release" in p.parts)
    assert "is not answered yet" in feedback, "the release's feedback names the unanswered exercises"
