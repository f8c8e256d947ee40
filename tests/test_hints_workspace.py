"""The hint helper and the trainee's workspace (their work is never overwritten)."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from finmkt import hint
from finmkt.exercises import REGISTRY, Exercise, exercise
from finmkt.hints import MAX_LEVEL_ENV, max_level, reset
from finmkt.workspace import ensure, fresh


@pytest.fixture
def demo_exercise():
    ex = exercise("demo_ex", "00_demo/00_demo", "Demo", ["first nudge", "second, closer", "third"], "a mistake", 1)
    reset()
    yield ex
    del REGISTRY["demo_ex"]
    reset()


def test_hints_are_successive_and_stop_at_the_last(demo_exercise):
    assert "first nudge" in hint("demo_ex") and "Hint 1/3" in hint("demo_ex", level=1)
    assert "second, closer" in hint("demo_ex")
    assert "third" in hint("demo_ex") and "last hint" in hint("demo_ex")
    assert "third" in hint("demo_ex")  # stays on the last one
    assert all(h in hint("demo_ex", show_all=True) for h in demo_exercise.hints)


def test_hint_renders_as_markdown(demo_exercise):
    h = hint("demo_ex")
    assert h._repr_markdown_() == str(h) and repr(h) == str(h)


def test_unknown_exercise_suggests_names(demo_exercise):
    msg = hint("demo_e")
    assert "No exercise called" in msg and "demo_ex" in msg


def test_hint_without_name_lists_exercises(demo_exercise):
    assert "demo_ex" in hint()


def test_registry_rejects_duplicates(demo_exercise):
    with pytest.raises(ValueError):
        exercise("demo_ex", "x/y", "t", ["h"], "m", 1)


def test_every_registered_exercise_is_well_formed():
    for ex in REGISTRY.values():
        assert isinstance(ex, Exercise) and ex.points > 0 and len(ex.hints) >= 2 and ex.mistake
        assert "/" in ex.lesson


@pytest.fixture
def release(tmp_path):
    r = tmp_path / "release" / "01_mod"
    r.mkdir(parents=True)
    (r / "01_lesson.ipynb").write_text("release v1")
    (r / "02_lesson.ipynb").write_text("release v1")
    return tmp_path / "release"


def test_workspace_copies_missing_lessons_and_never_overwrites(tmp_path, release):
    ws = tmp_path / "my_work"
    assert len(ensure(ws, release)) == 2
    mine = ws / "01_mod" / "01_lesson.ipynb"
    mine.write_text("my answers")
    (release / "01_mod" / "01_lesson.ipynb").write_text("release v2")
    (release / "01_mod" / "03_lesson.ipynb").write_text("new lesson")
    created = ensure(ws, release)
    assert [p.name for p in created] == ["03_lesson.ipynb"]
    assert mine.read_text() == "my answers"


def test_fresh_copy_keeps_the_old_one(tmp_path, release):
    ws = tmp_path / "my_work"
    ensure(ws, release)
    mine = ws / "01_mod" / "01_lesson.ipynb"
    mine.write_text("my answers")
    dst, backup = fresh("01_mod/01_lesson", ws, release)
    assert dst.read_text() == "release v1" and backup.read_text() == "my answers"
    dst.write_text("second try")
    _, backup2 = fresh("01_mod/01_lesson.ipynb", ws, release)
    assert backup2 != backup and backup2.read_text() == "second try" and backup.read_text() == "my answers"
    with pytest.raises(FileNotFoundError, match="01_mod/02_lesson"):
        fresh("01_mod/99_nope", ws, release)


def test_cli_fresh_unknown_lesson_is_one_line():
    proc = subprocess.run([sys.executable, "-m", "finmkt.cli", "workspace", "--fresh", "nope/nope"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "No lesson" in proc.stderr


def _names_listed(text: str) -> list[str]:
    return re.findall(r"^- `([^`]+)`", text, re.M)


def test_hint_list_follows_module_lesson_and_cell_order(tmp_path, monkeypatch):
    import finmkt.paths

    lesson_dir = tmp_path / "00_demo"
    lesson_dir.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("intro"),
        nbformat.v4.new_code_cell("", metadata={"nbgrader": {"grade_id": "zz_first"}}),
        nbformat.v4.new_code_cell("", metadata={"nbgrader": {"grade_id": "test_zz_first"}}),
        nbformat.v4.new_code_cell("", metadata={"nbgrader": {"grade_id": "zz_second"}}),
    ])
    nbformat.write(nb, lesson_dir / "01_first.ipynb")
    monkeypatch.setattr(finmkt.paths, "release_dir", lambda: tmp_path)
    monkeypatch.setattr(finmkt.paths, "solutions_dir", lambda: tmp_path / "none")
    # registered out of order: a later lesson first, then the lesson's exercises reversed
    made = ["zz_later", "zz_second", "zz_first"]
    exercise("zz_later", "00_demo/02_second", "Later", ["h1", "h2"], "m", 1)
    exercise("zz_second", "00_demo/01_first", "Second", ["h1", "h2"], "m", 1)
    exercise("zz_first", "00_demo/01_first", "First", ["h1", "h2"], "m", 1)
    try:
        listed = [n for n in _names_listed(hint()) if n.startswith("zz_")]
        assert listed == ["zz_first", "zz_second", "zz_later"]
    finally:
        for name in made:
            del REGISTRY[name]


def test_real_course_hint_list_is_in_lesson_order():
    from finmkt.paths import release_dir

    listed = _names_listed(hint())
    expected = []
    for path in sorted(release_dir().glob("*/*.ipynb")):
        lesson = path.relative_to(release_dir()).with_suffix("").as_posix()
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nbformat.read(path, as_version=4).cells]
        expected += [i for i in ids if i in REGISTRY and REGISTRY[i].lesson == lesson]
    assert expected, "no registered exercise found in the release notebooks"
    assert listed == expected


def test_instructor_cap_on_hint_depth(demo_exercise, monkeypatch):
    monkeypatch.setenv(MAX_LEVEL_ENV, "1")
    first = hint("demo_ex")
    assert "first nudge" in first and "switched off" in first
    again = hint("demo_ex")
    assert "first nudge" in again and "second, closer" not in again
    assert "second, closer" not in hint("demo_ex", level=3)
    every = hint("demo_ex", show_all=True)
    assert "first nudge" in every and "second, closer" not in every and "third" not in every
    monkeypatch.setenv(MAX_LEVEL_ENV, "0")
    off = hint("demo_ex")
    assert "switched off" in off and "first nudge" not in off
    monkeypatch.setenv(MAX_LEVEL_ENV, "2")
    reset()
    assert "first nudge" in hint("demo_ex") and "second, closer" in hint("demo_ex")
    assert "second, closer" in hint("demo_ex") and "third" not in hint("demo_ex", show_all=True)


def test_hint_cap_unset_or_invalid_means_no_cap(demo_exercise, monkeypatch):
    for raw in ("", "lots", "-1"):
        monkeypatch.setenv(MAX_LEVEL_ENV, raw)
        assert max_level() is None
        assert "third" in hint("demo_ex", level=3)
    monkeypatch.delenv(MAX_LEVEL_ENV)
    assert max_level() is None and "third" in hint("demo_ex", show_all=True)
