"""Benchmark: plain serial `nbgrader autograde` vs `finmkt grade` on the same class.

    .venv/bin/python benchmarks/grading.py [--students 40] [--workers N] [--assignment ID]

Builds a throw-away course with the real assignment 01_market_analysis when its
solution notebooks exist (else the toy assignment of the grading tests), makes
``--students`` submissions from the solution and release notebooks (each student
answers a different subset of the exercises), grades them both ways in one run and
prints both wall-clock times, the ratio, and whether every score agrees.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finmkt.paths import tool_env  # noqa: E402

REAL = "01_market_analysis"


def _nbgrader(course: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"], cwd=course,
                          capture_output=True, text=True, env=tool_env())
    if proc.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed:\n{proc.stderr[-3000:]}")


def _course(tmp: Path, assignment: str) -> Path:
    if assignment == REAL:
        course = tmp / "course"
        (course / "solutions").mkdir(parents=True)
        shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(ROOT / "solutions" / assignment, course / "solutions" / assignment)
        return course
    from tests.grading_corpus import toy

    return toy.make_course(tmp)


def _answers(source_nb) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in source_nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def _submissions(course: Path, assignment: str, students: int) -> dict[str, dict]:
    """{student: {notebook: nb}}: release notebooks with a student-specific subset of answers."""
    _nbgrader(course, "generate_assignment", assignment, "--force")
    release = course / "notebooks" / assignment  # the course config's release folder
    out = {}
    for i in range(students):
        nbs = {}
        for k, rel_path in enumerate(sorted(release.glob("*.ipynb"))):
            src = nbformat.read(course / "solutions" / assignment / rel_path.name, as_version=4)
            nb = copy.deepcopy(nbformat.read(rel_path, as_version=4))
            answers = _answers(src)
            ids = sorted(answers)
            for j, gid in enumerate(ids):
                # student 0 answers everything, others skip a rotating pattern of exercises
                if i == 0 or (i + j + k) % 3 != 0:
                    for c in nb.cells:
                        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid:
                            c.source = answers[gid]
            nbs[rel_path.stem] = nb
        out[f"s{i:02d}"] = nbs
    return out


def _write(submitted: Path, assignment: str, subs: dict) -> None:
    for s, nbs in subs.items():
        d = submitted / s / assignment
        d.mkdir(parents=True, exist_ok=True)
        for name, nb in nbs.items():
            nbformat.write(nb, d / f"{name}.ipynb")


def _scores(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gb:
        return {s.student.id: round(float(s.score), 6) for s in gb.assignment_submissions(assignment)}


def main() -> int:
    """Run both graders and print the numbers."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--assignment", default=None, help=f"default: {REAL} if present, else the toy one")
    p.add_argument("--keep", action="store_true", help="keep the throw-away course (prints its folder)")
    args = p.parse_args()
    assignment = args.assignment or (REAL if any((ROOT / "solutions" / REAL).glob("*.ipynb")) else "toy")
    tmp = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    try:
        plain = _course(tmp / "plain", assignment)
        subs = _submissions(plain, assignment, args.students)
        _write(plain / "grading" / "submitted", assignment, subs)
        ours = _course(tmp / "ours", assignment)
        _write(tmp / "class", assignment, subs)
        n_nb = len(next(iter(subs.values())))
        print(f"assignment {assignment}: {args.students} students x {n_nb} notebook(s), "
              f"{os.cpu_count()} cores, finmkt grade --workers {args.workers}", flush=True)

        t = time.perf_counter()
        _nbgrader(plain, "autograde", assignment, "--force")
        t_auto = time.perf_counter() - t
        _nbgrader(plain, "generate_feedback", assignment, "--force")
        t_plain = time.perf_counter() - t
        print(f"nbgrader autograde (serial):                {t_auto:8.1f} s", flush=True)
        print(f"nbgrader autograde + generate_feedback:     {t_plain:8.1f} s", flush=True)

        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "finmkt.cli", "grade", assignment,
                               "--submissions", str(tmp / "class"), "--out", str(tmp / "out"),
                               "--course", str(ours), "--workers", str(args.workers), "--no-progress"],
                              capture_output=True, text=True, env=tool_env(), cwd=ROOT)
        t_ours = time.perf_counter() - t
        if proc.returncode != 0:
            raise SystemExit(f"finmkt grade failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")
        print(f"finmkt grade (sandboxed, parallel, feedback): {t_ours:6.1f} s", flush=True)
        print(f"speed-up vs autograde + feedback: {t_plain / t_ours:.2f}x; "
              f"vs autograde alone: {t_auto / t_ours:.2f}x", flush=True)

        a, b = _scores(plain, assignment), _scores(ours, assignment)
        differ = sorted(s for s in a if a[s] != b.get(s))
        print(f"scores identical for {len(a) - len(differ)}/{len(a)} students"
              + (f"; differ: {', '.join(f'{s} {a[s]} vs {b.get(s)}' for s in differ)}" if differ else ""))
        print(f"score range: {min(a.values()):g}..{max(a.values()):g}")
        if args.keep:
            print(f"kept: {tmp}")
        return 1 if differ else 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
