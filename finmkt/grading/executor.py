"""Run one (repaired) notebook in a fresh kernel, cell by cell, under time and output limits.

The outcome of every graded test cell is decided by the grader, not by the kernel's
own error display: a test cell passes only if the kernel's execute reply says ``ok``
*and* it produced no error output; before each test cell a guard puts back anything
the submission patched, and after it a check voids the test if anything was patched
while it ran (see :mod:`finmkt.grading.guard`). Cells that never ran
(timeout, dead kernel) get an error output, so they can never earn points.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import nbformat
import zmq
from nbformat.v4 import output_from_msg

from finmkt.grading.guard import GUARD, UNGUARD
from finmkt.grading.sandbox import Kernel

#: Characters of output kept per notebook; the rest is dropped (nbgrader trims further).
MAX_OUTPUT_CHARS = 2_000_000


@dataclass
class Execution:
    """What happened when a notebook ran."""

    status: str = "graded"            # graded | timeout | kernel died | memory limit
    details: list[str] = field(default_factory=list)
    tampering: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _KernelGone(Exception):
    pass


class _Timeout(Exception):
    pass


def _error_output(ename: str, evalue: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def is_test_cell(cell) -> bool:
    """A graded code cell that is not an answer cell (nbgrader scores it by its outputs)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


#: Seconds a cell may wait for its last message once the kernel has reported it finished on
#: the other channel (its execute reply on shell, or "idle" on iopub) and nothing more of the
#: cell arrives. The kernel sends both within milliseconds; a message that does not follow
#: was lost (ZeroMQ drops iopub messages beyond its high-water mark, e.g. in an output
#: flood), and waiting for it until the cell's time limit would turn a finished cell into a
#: "timeout" of the whole notebook.
LOST_MESSAGE_GRACE = 10.0
#: How long one poll of the kernel's sockets waits before checking that the kernel lives.
POLL_MS = 50


class Runner:
    """Executes code in one kernel, collecting nbformat outputs."""

    def __init__(self, kernel: Kernel, cell_timeout: float, deadline: float):
        self.k = kernel
        self.cell_timeout = cell_timeout
        self.deadline = deadline
        self.output_chars = 0
        self.truncated = False
        #: messages the kernel sent that never arrived, one line per cell (see LOST_MESSAGE_GRACE)
        self.lost: list[str] = []
        client = kernel.client
        self._iopub, self._shell = client.iopub_channel.socket, client.shell_channel.socket
        self._poller = zmq.Poller()
        self._poller.register(self._iopub, zmq.POLLIN)
        self._poller.register(self._shell, zmq.POLLIN)

    def _next(self) -> tuple[str, dict] | None:
        """The next message from iopub or shell, waiting at most POLL_MS; None if none came.
        Raises _KernelGone at once when nothing came and the kernel process has ended."""
        ready = dict(self._poller.poll(POLL_MS))
        client = self.k.client
        if ready.get(self._iopub):
            return "iopub", client.get_iopub_msg(timeout=0)
        if ready.get(self._shell):
            return "shell", client.get_shell_msg(timeout=0)
        if not self.k.alive():
            raise _KernelGone()
        return None

    def run(self, code: str, store_history: bool = True, capped: bool = True):
        """Execute ``code``; return (reply status, outputs, execution_count).

        The cell is finished when both its execute reply (shell) and its "idle" status
        (iopub) have arrived, or when one of them has and nothing more of the cell arrives
        for LOST_MESSAGE_GRACE seconds (the other was lost; noted in ``self.lost``). A lost reply counts as an error. Raises
        _Timeout past the cell's time limit and _KernelGone as soon as the kernel has died.
        ``capped`` outputs count towards the notebook's output budget (the grader's own
        guard code is not capped).
        """
        client = self.k.client
        msg_id = client.execute(code, store_history=store_history, allow_stdin=False)
        limit = min(time.monotonic() + self.cell_timeout, self.deadline)
        outputs: list = []
        idle, reply, first_done, last_seen, over = False, None, None, 0.0, 0.0
        while not (idle and reply is not None):
            got = self._next()
            now = time.monotonic()
            if got is None:
                # the clock is read only after a poll found nothing waiting: a grader thread that
                # did not run for a while (a loaded machine, a suspended process) reads what the
                # kernel sent meanwhile before it calls a message lost or a cell timed out
                if first_done is not None and now > last_seen + LOST_MESSAGE_GRACE:
                    self.lost.append("execute reply" if reply is None else "idle status and maybe outputs")
                    break
                if now > limit:
                    raise _Timeout()
                continue
            if now > limit:  # messages still come past the time limit: read what is waiting, but
                over = over or now  # a cell still sending LOST_MESSAGE_GRACE later runs on: stop it
                if now > over + LOST_MESSAGE_GRACE:
                    raise _Timeout()
            channel, msg = got
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            last_seen = time.monotonic()
            if channel == "shell":
                reply = msg
            else:
                self._output(msg, outputs, capped)
                idle = idle or (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")
            if first_done is None and (idle or reply is not None):
                first_done = last_seen
        if reply is None:
            return "error", outputs, None
        return reply["content"].get("status", "error"), outputs, reply["content"].get("execution_count")

    def _output(self, msg, outputs: list, capped: bool) -> None:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "clear_output":
            outputs.clear()
        elif kind in ("stream", "display_data", "execute_result", "error"):
            size = len(str(content.get("text", content.get("data", content.get("traceback", "")))))
            self.output_chars += size if capped else 0
            if capped and self.output_chars > MAX_OUTPUT_CHARS:
                self.truncated = True
                return
            if kind == "stream" and outputs and outputs[-1].output_type == "stream" \
                    and outputs[-1].name == content["name"]:
                outputs[-1].text += content["text"]
            else:
                outputs.append(output_from_msg(msg))


def _check(runner: Runner, code: str) -> list[str] | None:
    """Run guard ``code`` with a fresh token; the names it restored, or None if it did not answer."""
    token = uuid.uuid4().hex
    status, outs, _ = runner.run(code.replace("{token}", token), store_history=False, capped=False)
    text = "".join(o.get("text", "") for o in outs if o.output_type == "stream")
    if status != "ok" or token not in text:
        return None
    return [r for r in text.split(token, 1)[1].strip().split(",") if r]


def execute(nb, kernel: Kernel, *, cell_timeout: float, notebook_timeout: float) -> Execution:
    """Run every code cell of ``nb`` in ``kernel`` (in place: outputs are filled in)."""
    start = time.monotonic()
    result = Execution()
    runner = Runner(kernel, cell_timeout, start + notebook_timeout)
    cells = list(nb.cells)
    for c in cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    stopped = None
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        if stopped is not None:
            cell.outputs = [_error_output("NotExecuted", f"not run: {stopped}")] if is_test_cell(cell) else []
            continue
        test = is_test_cell(cell)
        lost_before = len(runner.lost)
        try:
            if test:
                restored = _check(runner, GUARD)
                if restored is None:
                    result.tampering.append("kernel guard could not run")
                    cell.outputs = [_error_output("GradingError", "the kernel was tampered with")]
                    continue
                result.tampering.extend(r for r in restored if r not in result.tampering)
            status, outputs, count = runner.run(cell.source)
            cell.outputs, cell.execution_count = outputs, count
            if test:
                during = _check(runner, UNGUARD)
                if during != []:  # patched while the test ran (or the check was blocked): void the test
                    names = ["kernel check after the test could not run"] if during is None else \
                        [f"{r} (during a test)" for r in during]
                    result.tampering.extend(r for r in names if r not in result.tampering)
                    cell.outputs.append(_error_output(
                        "GradingError", "the kernel was tampered with while this test ran"))
            if status != "ok" and not any(o.output_type == "error" for o in outputs):
                cell.outputs.append(_error_output("TestFailed", "the cell raised an error (hidden from the output)"))
            if any(o.output_type == "error" and o.get("ename") == "MemoryError" for o in outputs):
                result.status = "memory limit"
                result.details.append(f"cell {i}: MemoryError")
            for what in runner.lost[lost_before:]:
                # the kernel finished the cell but a message of it never arrived: go on, say so;
                # a lost reply leaves the cell unjudged (counted as failed): regrade the student
                result.details.append(f"cell {i}: the kernel's {what} never arrived (kernel messages lost)")
                if what == "execute reply" and result.status == "graded":
                    result.status = "grading error"
        except _Timeout:
            result.status = "timeout"
            limit = "notebook" if time.monotonic() >= runner.deadline else "cell"
            result.details.append(f"cell {i} exceeded the {limit} time limit")
            cell.outputs = [_error_output("Timeout", f"stopped: the {limit} time limit was exceeded")]
            stopped = "time limit exceeded"
        except _KernelGone:
            result.status = "kernel died"
            result.details.append(f"cell {i}: the kernel died")
            cell.outputs = [_error_output("DeadKernel", "the kernel died while running this cell")]
            stopped = "the kernel died"
    if runner.truncated:
        result.details.append("output flood truncated")
    result.seconds = time.monotonic() - start
    return result
