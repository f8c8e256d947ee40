"""``finmkt.execute.notebook_client``: nbclient with the kernel's replies read in short slices.

It must behave as nbclient does (outputs recorded, errors raised, the cell timeout kept);
``benchmarks/kernel_stalls.py`` measures the stall it avoids.
"""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from finmkt.execute import POLL_SLICE, notebook_client


def _nb(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_outputs_errors_and_the_cell_timeout_are_nbclients():
    nb = _nb("print('one')", "import ipywidgets as w\nout = w.Output()\nwith out:\n    print('in')\nout", "2 + 2",
             "1 / 0")
    client = notebook_client(nb, timeout=60, kernel_name="python3")
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells[:3]):
            client.execute_cell(cell, i)
        with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
            client.execute_cell(nb.cells[3], 3)
    assert nb.cells[0].outputs[0].text == "one\n"
    assert nb.cells[2].outputs[0].data["text/plain"] == "4"
    assert nb.cells[3].outputs[0].ename == "ZeroDivisionError"

    slow = _nb("import time\ntime.sleep(60)")
    t0 = time.monotonic()
    with pytest.raises(CellTimeoutError):
        notebook_client(slow, timeout=3, kernel_name="python3").execute()
    assert time.monotonic() - t0 < 3 + 10 * POLL_SLICE + 20  # the timeout (and a kernel start), not the sleep
