"""Executing notebooks with nbclient without its lost-reply stall.

:func:`notebook_client` is what every course tool that runs a notebook outside JupyterLab
uses (``finmkt release --refresh-checks``, the catch measurement, the benchmarks).
"""

from __future__ import annotations

#: Longest single wait on a kernel socket (seconds); see notebook_client().
POLL_SLICE = 1.0


def notebook_client(nb, **kwargs):
    """An nbclient ``NotebookClient`` that waits for each kernel message in slices of at
    most POLL_SLICE seconds, up to the same per-cell timeout.

    nbclient waits for a cell's execute reply with one asyncio poll of the shell socket
    lasting the whole cell timeout (and for its outputs with one unbounded poll of the
    iopub socket). That poll's wake-up is sometimes lost: seen on the lessons' widget
    cells, where the kernel sends dozens of comm messages at once. The reply then sits
    unread in the socket until the poll times out, whose last, level-triggered check
    finds it: the cell "succeeds" after exactly the timeout (300 s here, nbgrader's 120 s
    in its autograde). Every slice ends with that same check, so a lost wake-up costs at
    most one slice. ``benchmarks/kernel_stalls.py --mode lessons`` shows both clients.
    """
    import asyncio
    from queue import Empty
    from time import monotonic

    from jupyter_core.utils import ensure_async
    from nbclient import NotebookClient
    from nbclient.client import timestamp
    from nbclient.exceptions import CellExecutionComplete, CellTimeoutError

    class SlicedClient(NotebookClient):
        async def _async_poll_for_reply(self, msg_id, cell, timeout, task_poll_output_msg,
                                        task_poll_kernel_alive):
            deadline = None if timeout is None else monotonic() + timeout
            while True:
                left = POLL_SLICE if deadline is None else min(POLL_SLICE, deadline - monotonic())
                if left <= 0:
                    task_poll_kernel_alive.cancel()
                    await self._async_check_alive()
                    reply = await self._async_handle_timeout(timeout, cell)  # raises unless interrupting
                    if reply is None:
                        continue
                    reply["parent_header"] = {"msg_id": msg_id}
                    return reply
                try:
                    msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=left))
                except Empty:
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if self.record_timing:
                    cell["metadata"]["execution"]["shell.execute_reply"] = timestamp(msg)
                try:
                    await asyncio.wait_for(task_poll_output_msg, self.iopub_timeout)
                except (TimeoutError, Empty):
                    if self.raise_on_iopub_timeout:
                        task_poll_kernel_alive.cancel()
                        raise CellTimeoutError.error_from_timeout_and_cell(
                            "Timeout waiting for IOPub output", self.iopub_timeout, cell) from None
                    self.log.warning("Timeout waiting for IOPub output")
                task_poll_kernel_alive.cancel()
                return msg

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            while True:
                try:
                    msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=POLL_SLICE))
                except Empty:
                    continue
                if msg["parent_header"].get("msg_id") == parent_msg_id:
                    try:
                        self.process_message(msg, cell, cell_index)
                    except CellExecutionComplete:
                        return

    return SlicedClient(nb, **kwargs)
