"""The grader's executor when the kernel's messages go missing.

A cell is finished when the kernel has sent both its execute reply (shell) and its "idle"
status (iopub). ZeroMQ drops iopub messages beyond its high-water mark (an output flood
does it; ``benchmarks/kernel_stalls.py`` shows one), and a message that never comes must
not hold the cell up to its time limit, which would grade a finished notebook as a
"timeout". Here the kernel is made to drop the messages itself, deterministically.
"""

from __future__ import annotations

import nbformat
import pytest

from finmkt.grading import executor
from finmkt.grading.executor import execute
from finmkt.grading.sandbox import start_kernel

pytestmark = pytest.mark.slow

#: Makes the kernel stop sending one kind of message from the next cell on.
DROP = """
_kernel = get_ipython().kernel
_send = type(_kernel.session).send.__get__(_kernel.session)
def _dropping(stream, msg_or_type, *args, **kwargs):
    kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type["header"]["msg_type"]
    if kind == {kind!r} and _kernel.session.send is _dropping:
        return None
    return _send(stream, msg_or_type, *args, **kwargs)
_kernel.session.send = _dropping
"""


@pytest.fixture(autouse=True)
def short_grace(monkeypatch):
    """A short wait for the lost message (the time limit below stays far above it)."""
    monkeypatch.setattr(executor, "LOST_MESSAGE_GRACE", 1.0)


def _run(tmp_path, sandbox, kind: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (
        DROP.replace("{kind!r}", repr(kind)), "print('after')", "x = 40 + 2\nx")])
    kernel = start_kernel(tmp_path / "kernels", sandbox=sandbox.on, memory_bytes=None)
    try:
        # a time limit far above the grace period, so waiting it out shows as "timeout"
        result = execute(nb, kernel, cell_timeout=90, notebook_timeout=600)
    finally:
        kernel.kill()
    return nb, result


def test_lost_idle_messages_do_not_turn_a_finished_notebook_into_a_timeout(tmp_path, grading_sandbox):
    nb, result = _run(tmp_path, grading_sandbox, "status")
    assert result.status == "graded", result
    after, answer = nb.cells[1], nb.cells[2]
    assert after.execution_count and "".join(o.get("text", "") for o in after.outputs) == "after\n"
    assert answer.outputs[0]["data"]["text/plain"] == "42"
    assert any("idle status" in d and "never arrived" in d for d in result.details), result.details


def test_a_lost_execute_reply_is_reported_as_a_grading_error_not_waited_out(tmp_path, grading_sandbox):
    nb, result = _run(tmp_path, grading_sandbox, "execute_reply")
    assert result.status == "grading error", result
    lost = [d for d in result.details if "execute reply never arrived" in d]
    assert len(lost) == 3, result.details  # the cell that makes the kernel drop them loses its own too
    # the cells ran (their outputs came) and nothing was stopped by a time limit
    assert "".join(o.get("text", "") for o in nb.cells[1].outputs) == "after\n"
    assert not any("time limit" in d for d in result.details), result.details


def test_a_deep_output_folder_does_not_break_the_kernel_sockets(tmp_path, grading_sandbox):
    """A Unix socket path holds at most 107 bytes; the grader's scratch folder may be deeper."""
    deep = tmp_path.joinpath(*["a_rather_long_folder_name_for_grading_output"] * 4)
    assert len(str(deep / "ipc-xxxxxxxx" / "k-1")) > 107
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 40 + 2\nx")])
    kernel = start_kernel(deep, sandbox=grading_sandbox.on, memory_bytes=None)
    try:
        result = execute(nb, kernel, cell_timeout=60, notebook_timeout=120)
    finally:
        kernel.kill()
    assert result.status == "graded", result
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert not kernel.ipc.exists(), "the socket folder is removed with the kernel"
