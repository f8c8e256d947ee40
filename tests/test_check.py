"""The visible tests' "not answered yet" check (finmkt.check.require)."""

from __future__ import annotations

import functools
import re

import nbformat
import pytest

from finmkt.check import NotAnswered, not_answered_message, require
from finmkt.exercises import REGISTRY
from finmkt.paths import release_dir

MESSAGE_1 = ("Exercise 1 (tam_top_down) is not answered yet: replace raise NotImplementedError() "
             "in its cell with your code, then run that cell.")


def _run(source: str) -> dict:
    ns: dict = {}
    try:
        exec(compile(source, "<cell>", "exec"), ns)
    except Exception:  # the stub raises, as it does in the notebook
        pass
    return ns


STUB = "def tam_top_down(districts, facts):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\ntam_td = tam_top_down(1, 2)\n"
ANSWER = "def tam_top_down(districts, facts):\n    return float(districts + facts)\n\ntam_td = tam_top_down(1, 2)\n"


def test_stub_gives_the_exact_message():
    ns = _run(STUB)
    assert "tam_top_down" in ns and "tam_td" not in ns
    with pytest.raises(AssertionError) as err:
        require("tam_top_down", "tam_td", ns=ns)
    assert isinstance(err.value, NotAnswered)
    assert str(err.value) == MESSAGE_1


def test_cell_never_run_is_not_answered():
    with pytest.raises(NotAnswered, match=re.escape(MESSAGE_1)):
        require("tam_top_down", "tam_td", ns={})


def test_answered_exercise_passes_silently():
    ns = _run(ANSWER)
    assert require("tam_top_down", "tam_td", ns=ns) is None


def test_function_answered_but_result_missing():
    ns = _run(ANSWER)
    del ns["tam_td"]
    with pytest.raises(NotAnswered, match="Exercise 1 \\(tam_top_down\\) is not answered yet"):
        require("tam_top_down", "tam_td", ns=ns)


def test_defaults_to_the_callers_globals():
    g = _run(ANSWER)
    g["require"] = require
    exec("require('tam_top_down', 'tam_td')", g)  # no ns=: the calling cell's namespace
    g.pop("tam_td")
    with pytest.raises(NotAnswered):
        exec("require('tam_top_down', 'tam_td')", g)


def test_wrapped_stub_and_function_options():
    ns = _run(STUB)
    ns["tam_top_down"] = functools.lru_cache(ns["tam_top_down"])  # wrapped stub is still a stub
    ns["tam_td"] = 1.0
    with pytest.raises(NotAnswered):
        require("tam_top_down", "tam_td", ns=ns)
    assert require("tam_top_down", "tam_td", function=None, ns=ns) is None
    ns["compute"] = lambda: 1
    assert require("tam_top_down", "tam_td", function="compute", ns=ns) is None
    with pytest.raises(NotAnswered, match="^Exercise 9 \\(tam_top_down\\)"):
        require("tam_top_down", "nothing_here", function=None, number=9, ns=ns)


def test_unknown_exercise_still_gets_a_readable_line():
    assert not_answered_message("new_one") == (
        "Exercise new_one is not answered yet: replace raise NotImplementedError() in its cell "
        "with your code, then run that cell.")
    with pytest.raises(NotAnswered, match="^Exercise new_one is not answered yet"):
        require("new_one", ns={})


def _release_exercises():
    for path in sorted(release_dir().glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        heading = None
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                m = re.search(r"^###\s*Exercise\s+(\d+)", cell.source, re.M)
                heading = int(m.group(1)) if m else heading
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution") and meta.get("grade_id") in REGISTRY:
                yield path.stem, meta["grade_id"], heading, cell.source


def test_every_released_stub_is_reported_with_its_heading_number():
    """Run each released solution cell (the stub) and check the line names the exercise with
    the number of its ``### Exercise N`` heading."""
    found = list(_release_exercises())
    assert len(found) >= 19, "expected the module 01 exercises in notebooks/"
    for lesson, name, heading, source in found:
        ns = _run(source)
        assigned = re.findall(r"^(\w+)\s*=", source, re.M)
        with pytest.raises(NotAnswered) as err:
            require(name, *assigned, ns=ns)
        assert str(err.value) == not_answered_message(name, heading), (lesson, name)


def test_ready_prints_one_line_and_returns_false_until_answered(capsys):
    from finmkt.check import ready

    def sam(*args):
        raise NotImplementedError()

    ns = {"sam": sam}
    assert ready("sam", "sam_cells", what="This chart", ns=ns) is False
    out = capsys.readouterr().out.strip()
    assert out.startswith("This chart needs exercise ") and "(sam)" in out and len(out.splitlines()) == 1

    def sam(*args):  # noqa: F811 (answered now)
        return 1

    ns = {"sam": sam, "sam_cells": 1}
    assert ready("sam", "sam_cells", ns=ns) is True
    assert capsys.readouterr().out == ""
