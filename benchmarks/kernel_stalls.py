"""Many short notebook executions in parallel, each one's wall time printed: do some stall?

    python benchmarks/kernel_stalls.py                      # 4 processes x 20 runs, nbclient
    python benchmarks/kernel_stalls.py --procs 6 --runs 40 --timeout 30
    python benchmarks/kernel_stalls.py --cells 300 --timeout 10   # many cells per kernel
    python benchmarks/kernel_stalls.py --mode lessons --runs 15   # the lessons' solutions, nbclient
    python benchmarks/kernel_stalls.py --mode grader        # the grader's kernels (IPC sockets)
    python benchmarks/kernel_stalls.py --mode flood --procs 1 --runs 3 --cells 20000   # display() flood

Not a test: it prints a table (one line per slow or failed run, then a summary). Each
process runs a tiny notebook (imports, a print, a small sum) again and again in a fresh
kernel, the way the test suite's nbclient runs (the catch benchmark, nbgrader's
autograde) and ``finmkt grade``'s kernels do, with a short per-cell timeout. A run that
waits out its timeout is a *stall*; for each, the line shows where it waited (kernel
start-up or a cell), whether the kernel process was still alive, and, for TCP kernels,
which process was listening on each of the kernel's ports at that moment (a port taken
by another process is the port race of ``jupyter_client``'s free-port picking).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CELLS = ["import numpy as np\nimport pandas as pd", "print('hello')", "float(np.arange(10).sum())",
         "pd.DataFrame({'a': [1, 2]}).sum()"]


def _listeners() -> dict[int, int]:
    """{port: inode} of listening TCP sockets on this machine (Linux /proc)."""
    out = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[3] == "0A":  # LISTEN
                out[int(f[1].rsplit(":", 1)[1], 16)] = int(f[9])
    return out


def _owner(inode: int) -> str:
    """pid and command of the process holding socket ``inode`` ('?' if not ours to see)."""
    needle = f"socket:[{inode}]"
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == needle:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
                    return f"{pid} {cmd}"
        except OSError:
            continue
    return "?"


def _ports_report(conn: dict, kernel_pid: int | None) -> str:
    listening = _listeners()
    parts = []
    for name in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
        port = conn.get(name)
        inode = listening.get(port)
        who = "nobody" if inode is None else _owner(inode)
        mark = "" if inode is None or who.startswith(f"{kernel_pid} ") else " <- NOT the kernel"
        parts.append(f"{name.split('_')[0]}={port}:{who}{mark}")
    return "; ".join(parts)


def _cells(extra: int) -> list[str]:
    return CELLS + [f"print({i})\n{i} + 1" for i in range(extra)]


def _pending(channel) -> bool:
    """Whether a message is waiting in ``channel``'s socket right now (a level-triggered
    check, unlike the asyncio wake-up nbclient waits for)."""
    import zmq

    return bool(channel.socket.get(zmq.EVENTS) & zmq.POLLIN)


def _threads(pid: int | None) -> str:
    """The kernel process's threads and what each is doing (Linux /proc): R running,
    S sleeping, with the kernel function it sleeps in."""
    if not pid:
        return "?"
    out = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            stat = (task / "stat").read_text()
            name = stat[stat.index("(") + 1: stat.rindex(")")]
            state = stat[stat.rindex(")") + 2]
            wchan = (task / "wchan").read_text().strip() if (task / "wchan").exists() else ""
        except OSError:
            continue
        out.append(f"{name}:{state}{'/' + wchan if wchan and wchan != '0' else ''}")
    return ",".join(out) or "gone"


#: A cell's messages "sat unread" when the client returned more than this many seconds after
#: the kernel had sent both its reply and its idle status.
LAG = 0.5


def _lag(cell) -> float | None:
    """Seconds between the kernel sending the cell's last message (reply or idle, by the
    kernel's own timestamps that nbclient records) and now, when the client has them."""
    import datetime

    times = cell.metadata.get("execution", {})
    sent = [times.get("shell.execute_reply"), times.get("iopub.status.idle")]
    if not all(sent):
        return None
    last = max(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")) for t in sent)
    return (datetime.datetime.now(datetime.UTC) - last).total_seconds()


def _now() -> str:
    import datetime

    return datetime.datetime.now(datetime.UTC).strftime("%H:%M:%S.%f")[:12]


def _lesson_notebooks(only: str = "") -> list:
    """The solution notebooks with hidden tests removed (what the catch benchmark runs)."""
    from nbgrader.preprocessors import ClearHiddenTests

    from tests.notebook_tools import read, solution_notebooks

    return [ClearHiddenTests().preprocess(read(p), {})[0] for p in solution_notebooks() if only in p.stem]


def _one_nbclient(timeout: int, extra: int, nb=None, sliced: bool = False) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from finmkt.execute import notebook_client

    if nb is None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in _cells(extra)])
    t0 = time.perf_counter()
    where, detail, slow, late = "", "", [], []
    with tempfile.TemporaryDirectory() as cwd:
        make = notebook_client if sliced else NotebookClient
        client = make(nb, timeout=timeout, startup_timeout=timeout, kernel_name="python3",
                      resources={"metadata": {"path": cwd}})
        try:
            client.km = client.create_kernel_manager()
            where = "start-up"
            client.start_new_kernel(stderr=open(os.devnull, "w"))  # noqa: SIM115
            client.start_new_kernel_client()
            for i, cell in enumerate(nb.cells):
                where = f"cell {i}"
                t_cell = time.perf_counter()
                try:
                    client.execute_cell(cell, i)
                except CellExecutionError:
                    pass  # a lesson's cell may raise (tagged raises-exception); not a stall
                lag = _lag(cell)
                if lag is not None and lag > LAG:
                    late.append(lag)
                if time.perf_counter() - t_cell > 0.5 * timeout:
                    # the kernel's own send times of the cell's messages (nbclient records them)
                    times = cell.metadata.get("execution", {})
                    slow.append(f"{where} took {time.perf_counter() - t_cell:.1f} s in the client; the kernel "
                                "sent " + ", ".join(f"{k} at {v[11:23]}" for k, v in times.items())
                                + f"; the client had the reply at {_now()}")
                    print(f"    slow {slow[-1]}", file=sys.stderr, flush=True)
            where = ""
        except Exception as exc:  # noqa: BLE001 - the point is to report it
            conn = client.km.get_connection_info() if client.km is not None else {}
            pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
            alive = client.km.is_alive() if client.km is not None else None
            waiting = ""
            if client.kc is not None:
                waiting = (f" | message waiting unread: shell={_pending(client.kc.shell_channel)}, "
                           f"iopub={_pending(client.kc.iopub_channel)}")
            detail = (f"{type(exc).__name__}: {str(exc)[:120]} | kernel alive={alive}{waiting} | "
                      f"kernel threads {_threads(pid)} | " + _ports_report(conn, pid))
        finally:
            try:
                client._cleanup_kernel()
            except Exception:  # noqa: BLE001
                pass
    return {"seconds": time.perf_counter() - t0, "where": where, "detail": detail, "slow": slow, "late": late}


def _one_grader(timeout: int, extra: int, nb=None, sliced: bool = False, flood: bool = False) -> dict:
    import nbformat

    from finmkt.grading.executor import execute
    from finmkt.grading.sandbox import bwrap_path, start_kernel

    cells = [f"from IPython.display import display\nfor i in range({extra}):\n    display(i)", "print('after')"] \
        if flood else _cells(extra)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        try:
            k = start_kernel(Path(scratch), sandbox=bwrap_path() is not None, memory_bytes=None,
                             startup_timeout=timeout)
        except Exception as exc:  # noqa: BLE001
            return {"seconds": time.perf_counter() - t0, "where": "start-up", "detail": repr(exc)[:200]}
        try:
            ex = execute(nb, k, cell_timeout=timeout, notebook_timeout=4 * timeout)
        finally:
            k.kill()
    bad = ex.status != "graded"
    out = {"seconds": time.perf_counter() - t0, "where": "run" if bad else "",
           "detail": f"{ex.status}: {ex.details}" if bad else ""}
    if flood:
        out["flood"] = f"{len(nb.cells[0].outputs)} of {extra} outputs kept; {ex.status}; {'; '.join(ex.details)}"
    return out


def _loop(args: tuple[str, int, int, int, str, bool, int]) -> list[dict]:
    mode, runs, timeout, extra, only, sliced, proc = args
    one = _one_nbclient if mode in ("nbclient", "lessons") else _one_grader
    lessons = _lesson_notebooks(only) if mode == "lessons" else []
    out = []
    for i in range(runs):
        nb = lessons[(proc + i) % len(lessons)] if lessons else None
        r = one(timeout, extra, nb, sliced, flood=True) if mode == "flood" else one(timeout, extra, nb, sliced)
        r.update(proc=proc, run=i)
        out.append(r)
        state = f"STALL/FAIL at {r['where']}" if r["where"] else "ok"
        print(f"  proc {proc} run {i}: {r['seconds']:.1f} s {state}", file=sys.stderr, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["nbclient", "lessons", "grader", "flood"], default="nbclient")
    parser.add_argument("--procs", type=int, default=4, help="parallel processes (default 4)")
    parser.add_argument("--runs", type=int, default=20, help="executions per process (default 20)")
    parser.add_argument("--timeout", type=int, default=30, help="per-cell and start-up timeout, s (default 30)")
    parser.add_argument("--cells", type=int, default=0, help="extra one-line cells per run (default 0)")
    parser.add_argument("--lesson", default="", help="with --mode lessons: only lessons whose name contains this")
    parser.add_argument("--sliced", action="store_true",
                        help="nbclient modes: the catch benchmark's client (waits in slices of 1 s)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every run as JSON")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=args.procs, mp_context=ctx) as pool:
        results = [r for rs in pool.map(_loop, [(args.mode, args.runs, args.timeout, args.cells, args.lesson, args.sliced, p)
                                                for p in range(args.procs)]) for r in rs]
    secs = sorted(r["seconds"] for r in results)
    bad = [r for r in results if r["where"]]
    slow = [(r, line) for r in results for line in r.get("slow", [])]
    late = sorted(x for r in results for x in r.get("late", []))
    client = "sliced" if args.sliced else ("nbclient" if args.mode in ("nbclient", "lessons") else "grader")
    waits = f"{len(late)} (longest {late[-1]:.1f} s)" if late else "0"
    print(f"| mode | client | runs | median s | p95 s | max s | cells whose reply sat unread > {LAG} s "
          f"| cells over half the timeout | failed |\n|---|---|---|---|---|---|---|---|---|\n"
          f"| {args.mode} | {client} | {len(results)} | {secs[len(secs) // 2]:.1f} "
          f"| {secs[int(0.95 * (len(secs) - 1))]:.1f} | {secs[-1]:.1f} | {waits} | {len(slow)} | {len(bad)} |")
    for r, line in slow:
        print(f"- proc {r['proc']} run {r['run']} ({r['seconds']:.1f} s): {line}")
    for r in bad:
        print(f"- proc {r['proc']} run {r['run']}: {r['seconds']:.1f} s, at {r['where']}: {r['detail']}")
    for r in results:
        if "flood" in r:
            print(f"- proc {r['proc']} run {r['run']} ({r['seconds']:.1f} s): {r['flood']}")
    print(f"  {len(results)} executions in {time.perf_counter() - t0:.0f} s, {args.procs} processes",
          file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
