"""The grader's executor when the kernel's messages go missing.

A cell is finished when the kernel has sent both its execute reply (shell) and its "idle"
status (iopub). ZeroMQ drops iopub messages beyond its high-water mark (an output flood
does it; ``benchmarks/kernel_stalls.py`` shows one), and a message that never comes must
not hold the cell up to its time limit, which would grade a finished notebook as a
"timeout". Here the kernel is made to drop the messages itself, deterministically.
"""

from __future__ import annotations

import time

import nbformat
import pytest
import zmq

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


class LossyPoller:
    """A poller that loses the first wake-up of every message: the first poll that would report
    a socket readable waits out its whole timeout and reports nothing, as nbclient's asyncio poll
    did on the lessons' widget cells (benchmarks/README.md, "Kernel stalls"). A client that waits
    for a reply with one poll lasting the cell's time limit would wait that limit out."""

    def __init__(self, real):
        self.real, self.armed, self.lost = real, {}, 0

    def register(self, socket, flags):
        self.real.register(socket, flags)
        self.armed[socket] = True

    def poll(self, timeout):
        ready = dict(self.real.poll(timeout))
        for socket in list(ready):
            if self.armed[socket]:  # this message's wake-up is lost: nothing reported, time passes
                self.armed[socket] = False
                self.lost += 1
                time.sleep(timeout / 1000)
                return []
            self.armed[socket] = True  # reported: the next message's wake-up will be lost
        return list(ready.items())


def test_a_lost_wake_up_costs_one_poll_slice_not_the_cell_time_limit(tmp_path, grading_sandbox, monkeypatch):
    pollers, real = [], zmq.Poller

    def lossy():
        pollers.append(LossyPoller(real()))
        return pollers[-1]

    cells = ["x = 40 + 2\nx", "print('after')", "sum(range(10))"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    kernel = start_kernel(tmp_path / "kernels", sandbox=grading_sandbox.on, memory_bytes=None)
    try:
        monkeypatch.setattr(executor.zmq, "Poller", lossy)  # the executor's poller (not the heartbeat's)
        start = time.monotonic()
        result = execute(nb, kernel, cell_timeout=60, notebook_timeout=600)
        took = time.monotonic() - start
    finally:
        kernel.kill()
    assert result.status == "graded" and result.details == [], result
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "45"
    # every message of every cell lost its first wake-up (replies included), yet no message was
    # taken for lost (details) and nothing waited for a time limit: a lost wake-up costs one
    # poll slice (POLL_MS), because each slice ends with a fresh, level-triggered check
    assert pollers[0].lost >= 2 * len(cells), pollers[0].lost
    assert took < 20, took


class StalledPoller:
    """A poller whose first poll after each execute request starts ``stall`` seconds late: the
    grader's thread did not run meanwhile (a loaded machine, a suspended process), while the
    kernel finished the cell at once."""

    def __init__(self, real, stall):
        self.real, self.stall, self.stalls, self.pending = real, stall, 0, False

    def register(self, socket, flags):
        self.real.register(socket, flags)

    def poll(self, timeout):
        if self.pending:
            self.pending = False
            self.stalls += 1
            time.sleep(self.stall)
        return self.real.poll(timeout)


def test_a_stalled_grader_reads_the_finished_cell_before_calling_it_a_timeout(tmp_path, grading_sandbox,
                                                                              monkeypatch):
    pollers, real = [], zmq.Poller
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in ("x = 40 + 2\nx", "print('after')")])
    kernel = start_kernel(tmp_path / "kernels", sandbox=grading_sandbox.on, memory_bytes=None)
    try:
        monkeypatch.setattr(executor.zmq, "Poller", lambda: pollers.append(StalledPoller(real(), 2.5)) or pollers[-1])
        send = kernel.client.execute

        def execute_and_stall(*args, **kwargs):
            pollers[-1].pending = True
            return send(*args, **kwargs)

        monkeypatch.setattr(kernel.client, "execute", execute_and_stall)
        # a time limit (2 s) and a lost-message grace (1 s) both shorter than the stall (2.5 s)
        result = execute(nb, kernel, cell_timeout=2, notebook_timeout=600)
    finally:
        kernel.kill()
    assert result.status == "graded" and result.details == [], result
    assert pollers[0].stalls == 2
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert "".join(o.get("text", "") for o in nb.cells[1].outputs) == "after\n"
