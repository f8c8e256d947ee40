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


# --- confirm(): a value checked by its digest at the lesson's precision -----------------------

def test_confirm_accepts_the_value_at_its_precision_and_hides_it():
    from finmkt.check import WrongValue, confirm, digest

    d = digest("tam_td", 123_456_789.0, sig=4)
    assert len(d) == 12 and "1234" not in d
    confirm("tam_td", 123_456_789.0 * (1 + 1e-9), d, sig=4)  # another summation order
    confirm("tam_td", 123_460_000.0, d, sig=4)  # equal at four figures
    with pytest.raises(WrongValue) as err:
        confirm("tam_td", 123_556_789.0, d, sig=4, look="Check the base.")
    text = str(err.value)
    assert text.startswith("tam_td is not the value") and text.endswith("Check the base.")
    assert "123" not in text and d not in text


def test_digest_depends_on_label_order_index_and_type():
    import numpy as np
    import pandas as pd

    from finmkt.check import digest

    s = pd.Series([0.25, 0.75], index=["a", "b"])
    assert digest("x", s) != digest("y", s)  # the same number under two names: two digests
    assert digest("x", s) != digest("x", s[::-1])  # the order is part of an ordered answer
    assert digest("x", s) != digest("x", s.set_axis(["a", "c"]))  # so are the labels
    assert digest("x", {"b": 1, "a": 2}) == digest("x", {"a": 2, "b": 1})  # dicts are unordered
    assert digest("x", np.int64(12)) == digest("x", 12) != digest("x", 12.0)  # counts are exact
    assert digest("x", np.float64(0.5)) == digest("x", 0.5)
    assert digest("x", -0.0) == digest("x", 0.0)
    df = pd.DataFrame({"a": [1.0, 2.0]}, index=["p", "q"])
    assert digest("x", df) != digest("x", df.rename(columns={"a": "b"}))


def test_rounding_edges_are_reported():
    from finmkt.check import canonical

    assert canonical(0.12345, 4)[1] == "0.12345"  # half-way at the fifth figure
    assert canonical(0.12346, 4)[1] is False
    assert canonical([1.0, {"k": 2.25e-7}], 2)[1] == "2.25e-07"
    assert canonical(52675.0, 4)[1] and not canonical(52675.0, 5)[1]  # a mean of whole yuan


def test_confirm_records_instead_of_checking_when_the_kernel_starts_recording(tmp_path):
    import json
    import subprocess
    import sys

    record = tmp_path / "record.jsonl"
    code = ("import os; from finmkt.check import confirm; "
            "confirm('v', 2.0, 'not-a-digest', sig=3); "
            "os.environ.pop('FINMKT_CHECK_RECORD')")
    env = {**__import__("os").environ, "FINMKT_CHECK_RECORD": str(record)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    row = json.loads(record.read_text())
    from finmkt.check import digest

    assert row == {"label": "v", "sig": 3, "digest": digest("v", 2.0, 3), "edge": False,
                   "clear": [2, 3, 4, 5, 6, 7]}
    # set later, inside the notebook, the variable does not switch a check off
    late = ("import os; from finmkt.check import confirm\n"
            f"os.environ['FINMKT_CHECK_RECORD'] = {str(tmp_path / 'late')!r}\n"
            "confirm('v', 2.0, 'not-a-digest', sig=3)")
    env.pop("FINMKT_CHECK_RECORD")
    proc = subprocess.run([sys.executable, "-c", late], env=env, capture_output=True, text=True)
    assert proc.returncode != 0 and "WrongValue" in proc.stderr


def test_refresh_finds_each_digest_literal():
    from finmkt.release import _confirm_calls

    src = 'x = 1\nconfirm("a", f(x, "s"), "0123456789ab", sig=3,\n        look="é")\nconfirm("b", y, "")\n'
    calls = _confirm_calls(src)
    assert [(c[0], c[1]) for c in calls] == [("a", 2), ("b", 4)]
    label, line, start, end = calls[0]
    assert src.split("\n")[line - 1].encode()[start:end] == b'"0123456789ab"'


def test_every_confirm_in_the_solutions_has_a_digest():
    import nbformat

    from finmkt.paths import solutions_dir
    from finmkt.release import _confirm_calls

    for path in sorted(solutions_dir().glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for label, line, start, end in _confirm_calls(cell.source) if cell.cell_type == "code" else []:
                literal = cell.source.split("\n")[line - 1].encode()[start:end].decode()
                assert re.fullmatch(r'"[0-9a-f]{12}"', literal), (
                    f"{path.name}: confirm({label!r}) has no digest: run finmkt release --refresh-checks")


def test_after_skips_a_check_built_on_an_unconfirmed_value(capsys):
    from finmkt.check import WrongValue, confirm, digest

    confirm("base", 2.0, digest("base", 2.0))
    with pytest.raises(WrongValue):  # the base is right: the dependent value is checked
        confirm("derived", 5.0, digest("derived", 4.0), after=["base"])
    with pytest.raises(WrongValue):
        confirm("base", 3.0, digest("base", 2.0))
    confirm("derived", 5.0, digest("derived", 4.0), after=["base"])  # skipped, not failed
    assert "derived is not checked yet: it is computed from base" in capsys.readouterr().out
    confirm("derived", 5.0, digest("derived", 5.0), after=["never_run"])


def test_confirmed_gates_a_later_check_on_an_earlier_confirm():
    import finmkt.check as check

    check._EXPECTED.pop("gate_v", None)
    assert not check.confirmed("gate_v", 1.2341), "no confirm of that label has run yet: no gate"
    good = check.digest("gate_v", 1.2341, 4)
    check.confirm("gate_v", 1.23409999, good, sig=4)
    assert check.confirmed("gate_v", 1.2341) and check.confirmed("gate_v", 1.23410001)
    assert not check.confirmed("gate_v", 1.2355) and not check.confirmed("gate_v", object())
    with pytest.raises(check.WrongValue):
        check.confirm("gate_v", 2.0, good, sig=4)
    assert check.confirmed("gate_v", 1.2341), "a failed confirm keeps what the label expects"


def test_numpy_scalars_digest_as_their_python_values():
    # a label taken from a NumPy array (np.str_) or a NumPy comparison (np.bool_) is the same
    # answer as the Python value: the same digest, so a right answer never fails on its type
    import numpy as np

    from finmkt.check import canonical, digest

    assert canonical(np.str_("Huxin"))[0] == canonical("Huxin")[0]
    assert canonical(np.bool_(True))[0] == canonical(True)[0] != canonical(1)[0]
    assert canonical({"a": [np.str_("x"), np.bool_(False), np.int64(3)]})[0] == \
        canonical({"a": ["x", False, 3]})[0]
    assert digest("d", np.array(["a", "b"])[0]) == digest("d", "a")
