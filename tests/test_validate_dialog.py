"""The Validate dialog's first line for a failing test is its one-line reason (finmkt.jupyter.validate)."""

from __future__ import annotations

import nbformat
import pytest

from finmkt import jupyter
from finmkt.jupyter import validate
from tests.grading_corpus import toy

pytestmark = pytest.mark.slow


def test_reason_first_for_each_failing_test(tmp_path):
    path = tmp_path / "toy.ipynb"
    nb = toy.source_notebook()
    toy._cell(nb, "answer_mean").source = ""  # the trainee deleted the function: its test fails
    nbformat.write(nb, path)
    results = validate.ReasonFirstValidator().validate(str(path))
    failed = results["failed"]
    assert len(failed) == 1
    first = failed[0]["source"]
    assert "\n" not in first and first.startswith("NameError") and "mean" in first, first
    assert "assert callable(mean)" in failed[0]["error"] and "Traceback" not in failed[0]["error"]


def test_every_lab_mode_loads_it(tmp_path):
    from nbgrader.server_extensions.validate_assignment import handlers

    for mode in jupyter.MODES:
        launch = jupyter.lab_command(mode, root=tmp_path)
        assert f"--ServerApp.jpserver_extensions={jupyter.VALIDATE_REASON_FIRST}=True" in launch.argv
    before = handlers.Validator
    try:
        validate._load_jupyter_server_extension(None)
        assert handlers.Validator is validate.ReasonFirstValidator
    finally:
        handlers.Validator = before
    assert validate.reason("\x1b[31mNotAnswered\x1b[0m: Exercise 6 (x) is not answered yet\n\n") == \
        "NotAnswered: Exercise 6 (x) is not answered yet"
