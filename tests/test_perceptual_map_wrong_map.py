"""The independent review's wrong maps of lesson 02-1 (scores mirrored, or PC1 and PC2 swapped, while the
loading arrows are not): they lose exercise 3's points only, exercises 6 and 7 are graded on the reference
map (no cascade), and every cell that would print a conclusion from the map prints one line saying the map of
exercise 3 is not consistent instead of a contradictory positioning."""

from __future__ import annotations

import subprocess
import tempfile

import pytest

from finmkt.execute import notebook_client
from tests.notebook_tools import SOLUTIONS, nbgrader_meta, read, with_mistake

LESSON = SOLUTIONS / "02_positioning" / "01_perceptual_map.ipynb"
MIRROR = [("scores = pd.DataFrame(pca.transform(z),", "scores = pd.DataFrame(pca.transform(z) * [1, -1],")]
SWAP = [("scores = pd.DataFrame(pca.transform(z),", "scores = pd.DataFrame(pca.transform(z)[:, ::-1],")]
READINGS = ["gaps-read", "statement-text", "position-check", "position-noise", "segment-value"]


def _run(nb):
    with tempfile.TemporaryDirectory(prefix="finmkt-wrongmap-") as cwd:
        client = notebook_client(nb, timeout=300, kernel_name="python3", allow_errors=True,
                                 resources={"metadata": {"path": cwd}})
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
    return nb


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


@pytest.mark.slow
@pytest.mark.parametrize("edit", [MIRROR, SWAP], ids=["scores-mirrored", "scores-swapped"])
def test_a_wrong_map_gives_a_clear_line_and_costs_only_exercise_3(edit):
    nb = _run(with_mistake(read(LESSON), "map_coordinates", edit))
    cells = {c.id: c for c in nb.cells}
    failed = {nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c).get("grade")
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))}
    assert failed == {"test_map_coordinates"}, f"only exercise 3 loses points, not {sorted(failed)}"
    errors = [c.id for c in nb.cells if c.cell_type == "code" and not nbgrader_meta(c).get("grade")
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert not errors, f"ungraded cells raised: {errors}"
    for cid in READINGS:
        out = _text(cells[cid])
        assert out.startswith("The map of exercise 3 is not consistent") and out.count("\n") == 1, (cid, out)
        assert "adds what" not in out and "Where the bank stands today" not in out, (cid, out)
