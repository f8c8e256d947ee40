"""``finmkt grade`` on an adversarial class built from a toy assignment.

One grading run (module fixture) grades every case of tests/grading_corpus/toy.py; each
case asserts its exact score and status, and the run must leave the instructor's
files, the gradebook and the other submissions untouched.

Without bubblewrap (or with FINMKT_NO_BWRAP=1) the run uses ``--no-sandbox``: the same
scores and statuses are asserted, the cases of ``toy.SANDBOX_ONLY`` are not graded, and
only the isolation assertions are skipped, each with its reason.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from finmkt.cli import main
from finmkt.paths import tool_env
from tests.grading_corpus import toy

pytestmark = pytest.mark.slow


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _rows(out: Path) -> dict[str, dict]:
    with (out / "grades.csv").open() as f:
        return {r["student_id"]: r for r in csv.DictReader(f)}


def _leftovers() -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if toy.LEFTOVER_MARKER.encode() in cmd:
                found.append(pid)
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory, grading_sandbox):
    """The toy class graded once with `finmkt grade`: sandboxed, or else with --no-sandbox and
    without the cases that are only safe inside the sandbox."""
    tmp = tmp_path_factory.mktemp("grading")
    course = toy.make_course(tmp)
    release = toy.release_notebook(course)
    subs = tmp / "submissions"
    secrets = {"solution": str(course / "solutions" / toy.ASSIGNMENT / f"{toy.NOTEBOOK}.ipynb"),
               "gradebook": str(course / "grading" / "gradebook.db"),
               "config": str(course / "nbgrader_config.py"),
               "other student": str(subs / "reference" / f"{toy.NOTEBOOK}.ipynb")}
    cases = toy.cases(release, secrets)
    if not grading_sandbox.on:
        cases = {s: c for s, c in cases.items() if s not in toy.SANDBOX_ONLY}
    for student, (nb, _, _) in cases.items():
        toy.write_submission(subs / student, nb)
    before = {"solutions": _digest(course / "solutions"), "submissions": _digest(subs),
              "config": _digest(course)["nbgrader_config.py"]}
    out = tmp / "out"
    argv = ["grade", toy.ASSIGNMENT, "--submissions", str(subs), "--out", str(out), "--course", str(course),
            "--workers", "2", "--cell-timeout", "10", "--notebook-timeout", "60", "--no-progress",
            *grading_sandbox.argv]
    assert main(argv) == 0
    return {"course": course, "subs": subs, "out": out, "cases": cases, "before": before, "argv": argv}


CASES = list(toy.cases(toy.source_notebook(), {}))


@pytest.mark.parametrize("student", CASES)
def test_exact_score_and_status(graded, grading_sandbox, student):
    if student in toy.SANDBOX_ONLY:
        grading_sandbox.require(f"case {student!r} {toy.SANDBOX_ONLY[student]}")
    _, score, status = graded["cases"][student]
    row = _rows(graded["out"])[student]
    assert (float(row["score"]), float(row["max_score"]), row["status"]) == (score, 5.0, status), row


def test_one_row_per_student(graded):
    assert sorted(_rows(graded["out"])) == sorted(graded["cases"])


def test_instructor_files_and_other_submissions_untouched(graded):
    course, subs, before = graded["course"], graded["subs"], graded["before"]
    assert _digest(course / "solutions") == before["solutions"]
    assert _digest(subs) == before["submissions"]
    assert _digest(course)["nbgrader_config.py"] == before["config"]
    with sqlite3.connect(course / "grading" / "gradebook.db") as con:
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)


def test_a_submission_cannot_reach_instructor_files_other_work_or_the_network(graded,
                                                                            grading_sandbox):
    grading_sandbox.require("isolation: snoop's reads, writes and connections must all fail")
    course = graded["course"]
    with sqlite3.connect(course / "grading" / "gradebook.db") as con:
        assert con.execute("select count(*) from student where id='snoop'").fetchone() == (1,)
    snoop = nbformat.read(course / "grading" / "autograded" / "snoop" / toy.ASSIGNMENT /
                          f"{toy.NOTEBOOK}.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in snoop.cells if c.cell_type == "code" for o in c.outputs)
    assert "sealed []" in text and "LEAKED" not in text


def test_no_leftover_processes(graded):
    """fork_sleepers' children die with its kernel: in the sandbox's PID namespace, and without
    the sandbox because the kernel's whole process group is killed."""
    assert "fork_sleepers" in graded["cases"]
    assert _leftovers() == []


def test_feedback_never_shows_hidden_tests_or_solutions(graded):
    fb = graded["out"] / "feedback"
    pages = {p.parent.name: p.read_text() for p in fb.glob("*/*.html")}
    assert {"reference", "stub", "partial", "custom_exc", "edited_tests_stub"} <= set(pages)
    for student, page in pages.items():
        assert "HIDDEN-CHECK" not in page and "BEGIN HIDDEN TESTS" not in page, student
        assert "double(2.5)" not in page, student
    assert "sum(xs) / len(xs)" not in pages["stub"]
    assert "define a function double" in pages["stub"]  # the visible test stays


def test_report_and_backup(graded):
    page = (graded["out"] / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3
    for student in graded["cases"]:
        assert student in page


def test_rerun_is_idempotent_resumes_and_backs_up_the_gradebook(graded):
    def table():
        return {s: {k: v for k, v in r.items() if k != "seconds"} for s, r in _rows(graded["out"]).items()}

    first = table()
    state = graded["out"] / "state"
    # an interrupted run: two students were never finished
    (state / "reference.json").unlink()
    (state / "os_exit.json").unlink()
    kept = (state / "partial.json").stat().st_mtime_ns
    assert main(graded["argv"]) == 0
    assert table() == first
    assert (state / "reference.json").exists() and (state / "os_exit.json").exists()
    assert (state / "partial.json").stat().st_mtime_ns == kept, "unchanged submissions are not regraded"
    backups = list((graded["course"] / "grading" / "backups").glob("gradebook-*.db"))
    assert backups, "the second run must back up the gradebook it found"
    with sqlite3.connect(backups[0]) as con:
        assert con.execute("select count(*) from student").fetchone()[0] == len(graded["cases"])


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course,
                          capture_output=True, text=True, env=tool_env())


def test_clean_submissions_score_exactly_as_nbgrader_autograde(graded, tmp_path):
    clean = ["reference", "stub", "partial", "wrong_mean", "always_equal"]
    course = toy.make_course(tmp_path)
    assert _nbgrader(course, "generate_assignment", toy.ASSIGNMENT, "--force").returncode == 0
    for s in clean:
        dst = course / "grading" / "submitted" / s / toy.ASSIGNMENT
        dst.mkdir(parents=True)
        shutil.copy(graded["subs"] / s / f"{toy.NOTEBOOK}.ipynb", dst)
    proc = _nbgrader(course, "autograde", toy.ASSIGNMENT, "--force")
    assert proc.returncode == 0, proc.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gb:
        plain = {s: float(gb.find_submission(toy.ASSIGNMENT, s).score) for s in clean}
    ours = {s: float(_rows(graded["out"])[s]["score"]) for s in clean}
    assert ours == plain


def test_without_bubblewrap_it_refuses_unless_told(tmp_path, monkeypatch, capsys):
    from finmkt.grading import sandbox

    course = toy.make_course(tmp_path)
    release = toy.release_notebook(course)
    subs = tmp_path / "subs"
    toy.write_submission(subs / "ann", toy.answered(release))
    toy.write_submission(subs / "bob", release)
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    args = ["grade", toy.ASSIGNMENT, "--submissions", str(subs), "--out", str(tmp_path / "out"),
            "--course", str(course), "--no-progress", "--workers", "1"]
    assert main(args) == 2
    assert "ISOLATION UNAVAILABLE" in capsys.readouterr().err
    assert not (tmp_path / "out" / "grades.csv").exists()
    assert main(args + ["--no-sandbox"]) == 0
    assert "WITHOUT isolation" in capsys.readouterr().out
    rows = _rows(tmp_path / "out")
    assert (rows["ann"]["score"], rows["ann"]["status"]) == ("5", "graded")
    assert (rows["bob"]["score"], rows["bob"]["status"]) == ("0", "graded")
