"""Fast unit tests of the grading pieces that run no kernel: reading, cell repair, sandbox
command line."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest

from finmkt.grading.repair import InvalidNotebook, read_notebook, repair, source_cells
from finmkt.grading.sandbox import bwrap_args
from tests.grading_corpus import toy


def _release():
    """The toy source as released (without running nbgrader): hidden tests cut out."""
    nb = toy.source_notebook()
    full = {}
    for c in nb.cells:
        gid = c.metadata["nbgrader"]["grade_id"]
        full[gid] = c.source
        if "### BEGIN HIDDEN TESTS" in c.source:
            c.source = c.source.split("### BEGIN HIDDEN TESTS")[0].rstrip("\n")
    return nb, full


def _ids(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


@pytest.mark.parametrize("raw, reason", [(b"", "empty file"), (b"{not json", "not valid JSON"),
                                         (b"[1, 2]", "not a Jupyter notebook")])
def test_unreadable_files_are_reported_not_raised(tmp_path, raw, reason):
    p = tmp_path / "x.ipynb"
    p.write_bytes(raw)
    with pytest.raises(InvalidNotebook, match=reason):
        read_notebook(p)


def test_duplicate_cell_ids_are_made_unique(tmp_path):
    nb, _ = _release()
    for c in nb.cells:
        c["id"] = "same"
    p = tmp_path / "x.ipynb"
    p.write_text(json.dumps(nb))
    got = read_notebook(p)
    assert len({c["id"] for c in got.cells}) == len(got.cells)


def test_clean_notebook_is_left_alone():
    nb, full = _release()
    sub = copy.deepcopy(nb)
    assert repair(sub, source_cells(nb, full)) == []
    assert _ids(sub) == _ids(nb)
    # locked test cells get the instructor's text (with hidden tests), as nbgrader restores them
    assert [c.source for c in sub.cells] == [full[g] if nb.cells[i].metadata["nbgrader"]["locked"]
                                             else nb.cells[i].source for i, g in enumerate(_ids(nb))]


def test_deleted_duplicated_and_forged_cells():
    nb, full = _release()
    sub = copy.deepcopy(nb)
    test_double = sub.cells[3]
    sub.cells.insert(4, copy.deepcopy(test_double))             # duplicate
    sub.cells.remove(sub.cells[-1])                              # delete test_mean
    forged = nbformat.v4.new_code_cell("pass")
    forged.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 99, "locked": True}
    sub.cells.append(forged)                                     # unknown id with points
    sub.cells[2].metadata["nbgrader"]["points"] = 50             # answer cell claims points
    changes = repair(sub, source_cells(nb, full))
    assert _ids(sub) == _ids(nb) + [None]
    assert sub.cells[-1].source == "pass" and "nbgrader" not in sub.cells[-1].metadata
    assert sub.cells[5].source == full["test_mean"]
    assert "points" not in sub.cells[2].metadata["nbgrader"]
    assert any("duplicate removed" in c for c in changes)
    assert any("re-inserted" in c for c in changes)


def test_hidden_paths_are_covered_only_under_mounted_folders(tmp_path):
    import sys

    inside = str(Path(sys.prefix) / "lib")
    args = bwrap_args(tmp_path / "w", tmp_path / "i", hide=[inside, str(tmp_path)])
    covered = [args[i + 1] for i, a in enumerate(args) if a == "--tmpfs"]
    assert str(Path(inside).resolve()) in covered
    assert str(tmp_path) not in covered
    assert "--unshare-all" in args and "--die-with-parent" in args


def test_sandbox_only_cases_name_real_cases():
    """A misspelt id in toy.SANDBOX_ONLY would let that case run without the sandbox."""
    assert toy.SANDBOX_ONLY and set(toy.SANDBOX_ONLY) <= set(toy.cases(toy.source_notebook(), {}))


def test_feedback_shows_the_not_answered_line_and_nothing_else_of_a_test():
    """The feedback keeps finmkt.check's exact 'not answered yet' line; any other error text
    from a test cell (it could quote a hidden test) is replaced."""
    from finmkt.check import not_answered_message
    from finmkt.grading.nbg import _is_not_answered

    assert _is_not_answered({"ename": "NotAnswered", "evalue": not_answered_message("tam_top_down", 1)})
    assert not _is_not_answered({"ename": "NotAnswered", "evalue": "assert secret == 42"})
    assert not _is_not_answered({"ename": "AssertionError", "evalue": not_answered_message("tam_top_down", 1)})
