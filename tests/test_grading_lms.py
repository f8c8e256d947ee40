"""``finmkt grade`` on an LMS download (zip) unpacked by nbgrader's zip_collect.

The end-to-end test grades a Canvas-style zip of the toy assignment
(tests/grading_corpus/toy.py), sandboxed or, without bubblewrap, with ``--no-sandbox``; the others check the file-name pattern and
the one-line errors for unusable input.
"""

from __future__ import annotations

import csv
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from finmkt.cli import main
from finmkt.grading import lms
from tests.grading_corpus import toy

NB = f"{toy.NOTEBOOK}.ipynb"


def _zip(path: Path, files: dict[str, object]) -> Path:
    """A zip holding ``files`` (name -> notebook or text)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content if isinstance(content, str) else nbformat.writes(content))
    return path


def _grade(course: Path, subs: Path, out: Path, *extra: str) -> int:
    return main(["grade", toy.ASSIGNMENT, "--submissions", str(subs), "--out", str(out), "--course",
                 str(course), "--workers", "2", "--cell-timeout", "10", "--notebook-timeout", "60",
                 "--no-progress", *extra])


def _one_line_error(capsys, *expected: str) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("finmkt: error: "), err
    assert "Traceback" not in err
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("name, student, notebook", [
    ("smithjohn_1001_5001_01_market_sizing.ipynb", "smithjohn", "01_market_sizing"),
    ("smithjohn_LATE_1001_5001_01_market_sizing.ipynb", "smithjohn", "01_market_sizing"),
    ("smithjohn_1001_5001_01_market_sizing-1.ipynb", "smithjohn", "01_market_sizing"),
    ("smithjohn_LATE_1001_5001_toy-12.ipynb", "smithjohn", "toy"),
    ("sub/dir/jane_doe_1002_5002_toy.ipynb", "jane_doe", "toy"),
    ("__MACOSX/._smithjohn_1001_5001_toy.ipynb", None, None),
    ("smithjohn_1001_5001_toy.csv", None, None),
    ("toy.ipynb", None, None),
])
def test_default_pattern_reads_canvas_names_through_nbgraders_plugin(tmp_path, name, student, notebook):
    info = lms._collector(lms.DEFAULT_PATTERN).collect(str(tmp_path / name))
    got = (info["student_id"], info["file_id"]) if info else (None, None)
    assert got == (student, notebook)


@pytest.mark.parametrize("pattern, message", [
    (r".*/(?P<student_id>\w+)_(?P<file>\w+)\.ipynb", "missing: file_id"),
    (r".*/(?P<user>\w+)_(?P<nb>\w+)\.ipynb", "missing: student_id, file_id"),
    (r".*/(?P<student_id>\w+", "not a valid regular expression"),
])
def test_zip_pattern_without_the_named_groups_is_a_one_line_error(tmp_path, capsys, pattern, message):
    subs = _zip(tmp_path / "lms.zip", {f"ann_1_2_{NB}": toy.source_notebook()})
    code = _grade(tmp_path, subs, tmp_path / "out", "--zip-pattern", pattern)
    assert code == 2
    _one_line_error(capsys, "--zip-pattern", message)
    assert not (tmp_path / "out").exists()


def test_missing_zip_is_a_one_line_error(tmp_path, capsys):
    assert _grade(tmp_path, tmp_path / "download.zip", tmp_path / "out") == 2
    _one_line_error(capsys, "no such zip file", "download.zip")


def test_corrupt_zip_is_a_one_line_error(tmp_path, capsys):
    good = _zip(tmp_path / "good.zip", {f"ann_1_2_{NB}": toy.source_notebook()})
    bad = tmp_path / "download.zip"
    bad.write_bytes(good.read_bytes()[:200])  # an interrupted download
    assert _grade(tmp_path, bad, tmp_path / "out") == 2
    _one_line_error(capsys, "download.zip", "not a readable zip file")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_zip_without_matching_files_is_a_one_line_error(tmp_path, capsys):
    course = toy.make_course(tmp_path)
    subs = _zip(tmp_path / "download.zip", {"Ann Lee/toy.ipynb": toy.source_notebook(), "readme.txt": "hi"})
    assert _grade(course, subs, tmp_path / "out") == 2
    _one_line_error(capsys, "no file in download.zip matches", lms.DEFAULT_PATTERN, "'Ann Lee/toy.ipynb'",
                    "--zip-pattern")
    assert not (tmp_path / "out" / "grades.csv").exists()


@pytest.mark.slow
def test_moodle_folders_with_the_documented_pattern(tmp_path):
    """The --zip-pattern example of docs/GRADING.md (Moodle's folder per participant)."""
    nb = toy.source_notebook()
    subs = _zip(tmp_path / "moodle.zip", {
        f"Ann Lee_4101_assignsubmission_file_/{NB}": nb,
        f"Bob Kay_4102_assignsubmission_file_/{NB}": nb,
        "Bob Kay_4102_assignsubmission_file_/data.csv": "a,b\n",
    })
    pattern = r".*/[^/]*_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+)\.ipynb$"
    assert pattern in (toy.ROOT / "docs" / "GRADING.md").read_text()
    said = []
    folder = lms.unpack_lms_zip(subs, toy.ASSIGNMENT, tmp_path / "tmp", pattern, notebooks=[toy.NOTEBOOK],
                                log=said.append)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == \
        [f"4101/{toy.ASSIGNMENT}/{NB}", f"4102/{toy.ASSIGNMENT}/{NB}"]
    assert any("1 file(s)" in s and "data.csv" in s for s in said), said
    assert not (tmp_path / "tmp" / "nbgrader" / "downloaded").exists()


@pytest.mark.slow
def test_grade_a_canvas_download(tmp_path, monkeypatch, capsys, grading_sandbox):
    course = toy.make_course(tmp_path)
    release = toy.release_notebook(course)
    subs = _zip(tmp_path / "submissions.zip", {
        f"annlee_1001_5001_{NB}": toy.answered(release),                             # 5 points
        f"bobkay_1002_5002_{NB}": release,                                          # untouched: 0
        f"caramae_LATE_1003_5003_{toy.NOTEBOOK}-1.ipynb": toy.answered(release, mean=False),  # 2
        "grading_notes.txt": "not a submission",
    })
    scratch = tmp_path / "systemp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    assert _grade(course, subs, out, *grading_sandbox.argv) == 0
    printed = capsys.readouterr().out
    assert "1 file(s) in submissions.zip match no submission name" in printed and "grading_notes.txt" in printed
    with (out / "grades.csv").open() as f:
        rows = {r["student_id"]: (float(r["score"]), float(r["max_score"]), r["status"]) for r in csv.DictReader(f)}
    assert rows == {"annlee": (5.0, 5.0, "graded"), "bobkay": (0.0, 5.0, "graded"),
                    "caramae": (2.0, 5.0, "graded")}
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["annlee", "bobkay", "caramae"]
    # the unpacking left nothing behind, and nothing of it in the course folder
    assert not list(scratch.glob("finmkt-lms-*"))
    assert sorted(p.name for p in course.iterdir()) == ["grading", "nbgrader_config.py", "solutions"]
    assert not [p for p in course.rglob("*") if p.name in ("downloaded", "extracted", "archive", "submitted")]
    # a re-run on the same zip resumes: nobody is executed again
    kept = {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")}
    assert _grade(course, subs, out, *grading_sandbox.argv) == 0
    assert "resuming: 3 student(s)" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")} == kept
