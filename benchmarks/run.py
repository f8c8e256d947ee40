"""Course-kit timings: data build and solution-notebook execution. Prints tables; not a test.

    python benchmarks/run.py                    # everything (what `make bench` runs)
    python benchmarks/run.py --scale 200000     # a smaller "large world" for the comparison
    python benchmarks/run.py --scale 0          # data build at the default scale only
    python benchmarks/run.py --no-notebooks     # data build only
    python benchmarks/run.py --no-data          # notebooks only

See benchmarks/README.md for what the numbers mean.
"""

from __future__ import annotations

import argparse
import os
import platform
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


def bench_data(scales: list[int | None]) -> str:
    """Build the world into a temporary folder at each scale (None = the course default)."""
    from finmkt.data import build
    from finmkt.data.customers import DEFAULT_CUSTOMERS

    rows_out = []
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix="finmkt-bench-") as tmp:
            marks = []
            start = time.perf_counter()
            manifest = build(Path(tmp), scale=scale, progress=lambda _name, m=marks: m.append(time.perf_counter()))
            total = time.perf_counter() - start
            generated = marks[-1] - start if marks else total
            rows = sum(m["rows"] or 0 for m in manifest["files"].values())
            size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
        label = f"{scale or DEFAULT_CUSTOMERS:,}" + (" (default)" if scale is None else "")
        rows_out.append([label, f"{rows:,}", f"{size / 1e6:,.1f}", f"{generated:.2f}",
                         f"{total - generated:.2f}", f"{total:.2f}", f"{rows / total:,.0f}"])
        print(f"  built scale {label}: {total:.1f} s", file=sys.stderr, flush=True)
    return _table(["customers", "rows", "MB", "generate s", "write s", "total s", "rows/s"], rows_out)


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
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds")
    args = parser.parse_args(argv)

    print(f"finmkt benchmarks: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    if not args.no_data:
        scales = [None] + ([args.scale] if args.scale else [])
        print("\nData build (finmkt.data.build into a temporary folder)")
        print(bench_data(scales))
    if not args.no_notebooks:
        paths = sorted((ROOT / "solutions").glob("*/*.ipynb"))
        print(f"\nSolution notebooks (nbclient, fresh kernel each, cwd = the notebook's folder): {len(paths)}")
        print(bench_notebooks(paths, args.timeout) if paths else "  none found in solutions/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
