"""The hint helper and the trainee's workspace (their work is never overwritten)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from finmkt import hint
from finmkt.exercises import REGISTRY, Exercise, exercise
from finmkt.hints import reset
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
