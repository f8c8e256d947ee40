"""Course-kit timings: data build and solution-notebook execution. Prints tables; not a test.

    python benchmarks/run.py                    # everything (what `make bench` runs)
    python benchmarks/run.py --scale 200000     # a smaller "large world" for the comparison
    python benchmarks/run.py --scale 0          # data build at the default scale only
    python benchmarks/run.py --no-notebooks     # data build only
    python benchmarks/run.py --no-data          # notebooks only
    python benchmarks/run.py --no-before        # skip the old writer path (saves ~1.5 min)

See benchmarks/README.md for what the numbers mean.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

DEFAULT_LARGE_SCALE = 1_000_000


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    right = [i > 0 for i in range(len(headers))]  # first column left, numbers right

    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True))

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _build_child(mode: str, scale: int | None, out: Path) -> dict:
    """One build, in this (child) process; timings as a dict.

    ``after``: ``finmkt.data.build``. ``before``: the same world written the way ``build``
    wrote it before the fast writer: plain string columns, ``DataFrame.to_csv`` (gzip at
    its default level 9, at every scale) and a SHA-256 of every file read back.
    """
    from finmkt.data import build, generate

    marks: list[float] = []
    start = time.perf_counter()
    if mode == "after":
        manifest = build(out, scale=scale, progress=lambda _name: marks.append(time.perf_counter()))
        rows = sum(m["rows"] or 0 for m in manifest["files"].values())
    else:
        import hashlib

        from finmkt.data import DEFAULT_SEED, SCHEMAS, _truth, data_dictionary

        frames = generate(scale=scale, progress=lambda _name: marks.append(time.perf_counter()))
        (out / "truth").mkdir(parents=True, exist_ok=True)
        rows = 0
        for name, df in frames.items():
            path = (out / "truth" / f"{name.removeprefix('_truth_')}.csv" if name.startswith("_truth_")
                    else out / SCHEMAS[name].filename)
            compression = {"method": "gzip", "mtime": 0} if path.name.endswith(".gz") else None
            df.to_csv(path, index=False, float_format="%.10g", lineterminator="\n", encoding="utf-8",
                      compression=compression)
            hashlib.sha256(path.read_bytes()).hexdigest()
            rows += len(df)
        # the planted truths and the data dictionary, as build writes them
        (out / "truth" / "planted.json").write_text(json.dumps(_truth(frames, DEFAULT_SEED, scale), indent=2))
        (out / "README.md").write_text(data_dictionary(DEFAULT_SEED, scale, frames), encoding="utf-8")
    total = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"generate": (marks[-1] - start) if marks else total, "total": total, "rows": rows, "bytes": size}


def _run_build(mode: str, scale: int | None) -> dict:
    """Run one build in a fresh Python process; its timings and peak resident memory."""
    with tempfile.TemporaryDirectory(prefix="finmkt-bench-") as tmp:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(scale or 0), tmp]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        output = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own resource usage
        process = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise RuntimeError(f"build {mode} at scale {scale} failed (exit {proc.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux, bytes on macOS
    result["peak_mb"] = usage.ru_maxrss / (1e6 if sys.platform == "darwin" else 1e3)
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["process"] = process
    return result


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def bench_data(scales: list[int | None], repeat: int = 1, before: bool = True) -> str:
    """Build the world into a temporary folder at each scale (None = the course default),
    each build in its own process (so that its peak memory is its own); medians of
    ``repeat`` runs. With ``before``, also the old writer path on the same world."""
    from finmkt.data.customers import DEFAULT_CUSTOMERS

    rows_out = []
    for scale in scales:
        label = f"{scale or DEFAULT_CUSTOMERS:,}" + (" (default)" if scale is None else "")
        for mode in (["before", "after"] if before else ["after"]):
            runs = []
            for _ in range(repeat):
                runs.append(_run_build(mode, scale))
                print(f"  {mode} scale {label}: {runs[-1]['total']:.1f} s, {runs[-1]['peak_mb']:,.0f} MB",
                      file=sys.stderr, flush=True)
            med = {k: _median([r[k] for r in runs]) for k in ("generate", "total", "process", "peak_mb", "cpu")}
            r = runs[0]
            rows_out.append([label, mode, f"{r['rows']:,}", f"{r['bytes'] / 1e6:,.1f}", f"{med['generate']:.2f}",
                             f"{med['total'] - med['generate']:.2f}", f"{med['total']:.2f}", f"{med['process']:.2f}",
                             f"{med['cpu']:.1f}",
                             f"{med['peak_mb']:,.0f}", f"{r['rows'] / med['total']:,.0f}"])
    return _table(["customers", "writer", "rows", "MB", "generate s", "write s", "total s", "process s",
                   "CPU s", "peak MB", "rows/s"], rows_out)


def _run_notebook(path: Path, timeout: int) -> dict:
    """Execute one notebook in a fresh kernel (cwd = its folder); time start-up and cells."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    result = {"cells": sum(c.cell_type == "code" for c in nb.cells), "error": ""}
    t0 = time.perf_counter()
    ready = cells_done = None
    try:
        with client.setup_kernel():
            ready = time.perf_counter()
            client.wait_for_reply(client.kc.kernel_info())
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            cells_done = time.perf_counter()
    except CellExecutionError as exc:
        result["error"] = str(exc).strip().splitlines()[-1][:60]
    except Exception as exc:  # a benchmark reports, it does not stop at the first problem
        result["error"] = f"{type(exc).__name__}: {exc}"[:60]
    end = time.perf_counter()
    result.update(start=(ready or end) - t0, run=(cells_done or end) - (ready or t0),
                  stop=end - (cells_done or end), total=end - t0)
    return result


def bench_notebooks(paths: list[Path], timeout: int) -> str:
    rows_out = []
    sums = dict(start=0.0, run=0.0, stop=0.0, total=0.0, cells=0)
    for path in paths:
        label = path.relative_to(ROOT / "solutions").with_suffix("").as_posix()
        print(f"  executing {label} ...", file=sys.stderr, flush=True)
        r = _run_notebook(path, timeout)
        for k in sums:
            sums[k] += r[k]
        rows_out.append([label, str(r["cells"]), f"{r['start']:.2f}", f"{r['run']:.2f}", f"{r['stop']:.2f}",
                         f"{r['total']:.2f}", f"{r['start'] / r['total']:.0%}", r["error"] or "ok"])
    if len(paths) > 1:
        rows_out.append(["all", str(sums["cells"]), f"{sums['start']:.2f}", f"{sums['run']:.2f}",
                         f"{sums['stop']:.2f}", f"{sums['total']:.2f}",
                         f"{sums['start'] / sums['total']:.0%}", ""])
    return _table(["notebook", "code cells", "kernel start s", "cells s", "shutdown s", "total s",
                   "start share", "status"], rows_out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=DEFAULT_LARGE_SCALE,
                        help=f"customers in the large build compared with the default one "
                             f"(default {DEFAULT_LARGE_SCALE:,}; 0 skips it)")
    parser.add_argument("--no-data", action="store_true", help="skip the data build")
    parser.add_argument("--no-before", action="store_true",
                        help="skip the old writer path (pandas to_csv, gzip 9) in the data build")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per scale and writer; the table shows medians (default 1)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SCALE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    args = parser.parse_args(argv)
    if args.child:  # one build, run by bench_data in a fresh process
        mode, scale, out = args.child
        print(json.dumps(_build_child(mode, int(scale) or None, Path(out))))
        return 0

    print(f"finmkt benchmarks: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    if not args.no_data:
        scales = [None] + ([args.scale] if args.scale else [])
        print(f"\nData build (into a temporary folder, one process per build; medians of {args.repeat}; "
              "before = the old writer path on the same world)")
        print(bench_data(scales, repeat=args.repeat, before=not args.no_before))
    if not args.no_notebooks:
        paths = sorted((ROOT / "solutions").glob("*/*.ipynb"))
        print(f"\nSolution notebooks (nbclient, fresh kernel each, cwd = the notebook's folder): {len(paths)}")
        print(bench_notebooks(paths, args.timeout) if paths else "  none found in solutions/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
