"""The whole nbgrader exchange lifecycle on a local exchange folder, graded by `finmkt grade`:
release, fetch, submit, collect, grade, release feedback, fetch feedback.

Graded sandboxed, or with ``--no-sandbox`` where bubblewrap is missing (same assertions)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from finmkt.cli import main
from finmkt.paths import tool_env
from tests.grading_corpus import toy

pytestmark = pytest.mark.slow


def _run(cwd: Path, *args: str, home: Path, user: str, exchange: Path) -> subprocess.CompletedProcess:
    env = tool_env({"HOME": str(home), "USER": user, "LOGNAME": user, "JUPYTER_CONFIG_DIR": str(home / ".jupyter")})
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}",
                           "--log-level=WARN"], cwd=cwd, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, f"nbgrader {args[0]}: {proc.stdout}\n{proc.stderr}"
    return proc


def test_release_fetch_submit_collect_grade_return(tmp_path, grading_sandbox):
    course = toy.make_course(tmp_path)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    instructor = tmp_path / "instructor_home"
    instructor.mkdir()
    _run(course, "generate_assignment", toy.ASSIGNMENT, "--force", home=instructor, user="teacher", exchange=exchange)
    _run(course, "release_assignment", toy.ASSIGNMENT, "--course", "finmkt", home=instructor, user="teacher",
         exchange=exchange)

    expected = {"alice": 5.0, "bob": 2.0}
    for student in expected:
        home = tmp_path / student
        home.mkdir()
        _run(home, "fetch_assignment", toy.ASSIGNMENT, "--course", "finmkt", home=home, user=student,
             exchange=exchange)
        path = home / toy.ASSIGNMENT / f"{toy.NOTEBOOK}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nbformat.write(toy.answered(nb, mean=student == "alice"), path)
        _run(home, "submit", toy.ASSIGNMENT, "--course", "finmkt", f"--student={student}", home=home, user=student, exchange=exchange)

    _run(course, "collect", toy.ASSIGNMENT, "--course", "finmkt", home=instructor, user="teacher", exchange=exchange)
    out = tmp_path / "out"
    assert main(["grade", toy.ASSIGNMENT, "--submissions", str(course / "grading" / "submitted"),
                 "--out", str(out), "--course", str(course), "--no-progress", *grading_sandbox.argv]) == 0
    with (out / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert {s: (float(r["score"]), r["status"]) for s, r in rows.items()} == \
        {s: (v, "graded") for s, v in expected.items()}

    _run(course, "release_feedback", toy.ASSIGNMENT, "--course", "finmkt", home=instructor, user="teacher",
         exchange=exchange)
    for student in expected:
        home = tmp_path / student
        _run(home, "fetch_feedback", toy.ASSIGNMENT, "--course", "finmkt", f"--student={student}", home=home, user=student,
             exchange=exchange)
        pages = list((home / toy.ASSIGNMENT / "feedback").glob(f"*/{toy.NOTEBOOK}.html"))
        assert len(pages) == 1, student
        page = pages[0].read_text()
        assert "HIDDEN-CHECK" not in page
        assert f"Score: {expected[student]:g}" in page.replace("\n", " ") or \
            f"{expected[student]:g} / 5" in page
