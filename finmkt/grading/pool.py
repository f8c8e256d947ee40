"""A pool of pre-started fresh kernels: each is used for one notebook, then killed.

Starting a kernel and importing pandas/matplotlib costs seconds; the pool pays it in
the background while other notebooks run, so a worker rarely waits for a kernel.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

from finmkt.grading.guard import PREAMBLE
from finmkt.grading.sandbox import Kernel, SandboxUnavailable, start_kernel

#: Longest wait for a ready kernel (seconds): a start (60 s at most) and its set-up (120 s),
#: with room to spare. Past it the notebook is reported, never waited on for ever.
READY_TIMEOUT = 300.0


class KernelPool:
    """Keeps ``size`` ready kernels (started, libraries imported, guard installed)."""

    def __init__(self, size: int, scratch: Path, *, sandbox: bool, memory_bytes: int | None,
                 hide: tuple[str, ...] = ()):
        self.scratch, self.sandbox, self.memory, self.hide = scratch, sandbox, memory_bytes, hide
        self.ready: queue.Queue = queue.Queue(maxsize=max(1, size))
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._fill, daemon=True) for _ in range(max(1, size))]
        for t in self._threads:
            t.start()

    def _start(self) -> Kernel | Exception:
        try:
            k = start_kernel(self.scratch, sandbox=self.sandbox, memory_bytes=self.memory, hide=self.hide)
        except SandboxUnavailable as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - e.g. an OSError starting it: a filler thread must never die
            return SandboxUnavailable(f"the kernel did not start: {exc!r}")
        from finmkt.grading.executor import Runner

        try:
            status, outs, _ = Runner(k, 120, time.monotonic() + 120).run(PREAMBLE, store_history=False)
        except Exception as exc:  # noqa: BLE001 - reported to the worker that takes it
            k.kill()
            return SandboxUnavailable(f"kernel set-up failed: {exc!r}")
        if status != "ok":
            k.kill()
            return SandboxUnavailable(f"kernel set-up failed: {outs}")
        return k

    def _fill(self) -> None:
        while not self._stop.is_set():
            item = self._start()
            while not self._stop.is_set():
                try:
                    self.ready.put(item, timeout=0.2)
                    break
                except queue.Full:
                    continue
            else:
                if isinstance(item, Kernel):
                    item.kill()

    def get(self) -> Kernel:
        """A fresh kernel; raises SandboxUnavailable if one could not be started."""
        try:
            item = self.ready.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            raise SandboxUnavailable(f"no kernel was ready within {READY_TIMEOUT:.0f} s") from None
        if isinstance(item, Exception):
            raise item
        if not item.alive():
            item.kill()
            return self.get()
        return item

    def close(self) -> None:
        """Stop refilling and kill every unused kernel."""
        self._stop.set()
        for t in self._threads:
            t.join(timeout=120)
        while True:
            try:
                item = self.ready.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Kernel):
                item.kill()
