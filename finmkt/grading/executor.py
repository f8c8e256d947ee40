"""Run one (repaired) notebook in a fresh kernel, cell by cell, under time and output limits.

The outcome of every graded test cell is decided by the grader, not by the kernel's
own error display: a test cell passes only if the kernel's execute reply says ``ok``
*and* it produced no error output; before each test cell a guard puts back anything
the submission patched, and after it a check voids the test if anything was patched
while it ran (see :mod:`finmkt.grading.guard`). Cells that never ran
(timeout, dead kernel) get an error output, so they can never earn points.
"""

from __future__ import annotations

import queue
import time
import uuid
from dataclasses import dataclass, field

import nbformat
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


class Runner:
    """Executes code in one kernel, collecting nbformat outputs."""

    def __init__(self, kernel: Kernel, cell_timeout: float, deadline: float):
        self.k = kernel
        self.cell_timeout = cell_timeout
        self.deadline = deadline
        self.output_chars = 0
        self.truncated = False

    def run(self, code: str, store_history: bool = True, capped: bool = True):
        """Execute ``code``; return (reply status, outputs, execution_count).

        ``capped`` outputs count towards the notebook's output budget (the grader's own
        guard code is not capped).
        """
        client = self.k.client
        msg_id = client.execute(code, store_history=store_history, allow_stdin=False)
        limit = min(time.monotonic() + self.cell_timeout, self.deadline)
        outputs: list = []
        idle = False
        while not idle:
            if time.monotonic() > limit:
                raise _Timeout()
            try:
                msg = client.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                if not self.k.alive():
                    raise _KernelGone() from None
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind == "clear_output":
                outputs.clear()
            elif kind in ("stream", "display_data", "execute_result", "error"):
                size = len(str(content.get("text", content.get("data", content.get("traceback", "")))))
                self.output_chars += size if capped else 0
                if capped and self.output_chars > MAX_OUTPUT_CHARS:
                    self.truncated = True
                    continue
                if kind == "stream" and outputs and outputs[-1].output_type == "stream" \
                        and outputs[-1].name == content["name"]:
                    outputs[-1].text += content["text"]
                else:
                    outputs.append(output_from_msg(msg))
        status, count = "error", None
        while True:
            if time.monotonic() > limit + 5:
                raise _KernelGone()
            try:
                reply = client.get_shell_msg(timeout=0.05)
            except queue.Empty:
                if not self.k.alive():
                    raise _KernelGone() from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                status = reply["content"].get("status", "error")
                count = reply["content"].get("execution_count")
                break
        return status, outputs, count


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
