"""Benchmark: `finmkt grade` on a class of 60 while trainees keep working. Prints numbers.

    .venv/bin/python benchmarks/class_scale.py                        # 60 students, 2 trainee kernels
    .venv/bin/python benchmarks/class_scale.py --students 20 --trainees 0 --cell-timeout 60
    .venv/bin/python benchmarks/class_scale.py --lesson 03_channels/01_channel_economics

One assignment, one notebook (``--lesson``; default the module-01 lesson on market sizing,
graded as the assignment ``01_market_analysis`` in a throw-away course that holds only that
lesson). The class mixes what a real class hands in with every hostile case of the grading
corpus (``tests/grading_corpus/toy.py``), each hostile case once:

- honest, filling the class in turn: ``reference`` (every answer of the solution),
  ``stub`` (the release as fetched), ``mistake-<exercise>`` (the reference with that
  exercise's documented typical mistake, ``tests/mistakes``), ``partial`` (the first half of
  the exercises answered);
- broken: an empty file, invalid JSON, no notebook at all;
- hostile: error reporting silenced (``custom_exc``), the kernel's messaging rewritten
  (``session_send``), test cells edited to ``pass``, an infinite loop, ``os._exit``, a
  6 GB allocation, an output flood, forked sleepers, an import of the reference answers.

While it grades, ``--trainees`` processes imitate trainees working: each runs the module's
lesson notebooks (hidden tests removed) again and again in a fresh kernel, with the sliced
nbclient of the catch benchmark, until grading ends.

Printed: the wall time of the grading run (and of its tail, from the last student done to
``finmkt grade`` returning), the status counts, the students whose status or score is not
the expected one, the longest single cell wait, the longest time a cell's last message sat
unread (the kernel's own send time against the moment the grader read it: a lost wake-up
or a lost message shows here), whether any cell waited out a time limit or lost a message,
what the trainees' kernels went through, the load average, and the status per student as
an instructor sees it in ``grades.csv``. Not a test; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.grading_corpus import toy  # noqa: E402
from tests.mistakes import all_mistakes  # noqa: E402
from tests.notebook_tools import RELEASE, SOLUTIONS, answered, nbgrader_meta, read, with_mistake  # noqa: E402

DEFAULT_LESSON = "01_market_analysis/01_market_sizing"


# --- the class ---------------------------------------------------------------------------

def _cell(nb, gid):
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == gid)


def _prepend(nb, code, after_setup=False):
    """``nb`` with a cell of ``code`` first, or right after the lesson's first code cell (its
    imports: importing finmkt sets the kernel's own error handler, which would undo a patch
    of it made before)."""
    nb = copy.deepcopy(nb)
    at = next(i + 1 for i, c in enumerate(nb.cells) if c.cell_type == "code") if after_setup else 0
    nb.cells.insert(at, new_code_cell(code))
    return nb


def _replace(nb, gid, code):
    nb = copy.deepcopy(nb)
    _cell(nb, gid).source = code
    return nb


def _edit_tests(nb, tests):
    nb = copy.deepcopy(nb)
    for t in tests:
        _cell(nb, t).source = "pass"
    return nb


def build_class(lesson: str, students: int) -> tuple[dict, dict]:
    """({student: notebook, bytes or None}, {student: (kind, expected status)}); student ids
    are ``sNN-<kind>`` so the instructor's table says what each one handed in."""
    solution, release = read(SOLUTIONS / f"{lesson}.ipynb"), read(RELEASE / f"{lesson}.ipynb")
    exercises = [nbgrader_meta(c)["grade_id"] for c in solution.cells if nbgrader_meta(c).get("solution")]
    tests = [nbgrader_meta(c)["grade_id"] for c in solution.cells
             if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")]
    mistakes = all_mistakes().get(lesson, {})
    reference = answered(solution, release)
    half = copy.deepcopy(release)
    ref_answers = {nbgrader_meta(c).get("grade_id"): c.source for c in reference.cells}
    for gid in exercises[: len(exercises) // 2]:
        _cell(half, gid).source = ref_answers[gid]
    first, last = exercises[0], exercises[-1]
    hostile = {
        "empty-file": (b"", "invalid notebook"),
        "invalid-json": (b'{"cells": [ {"cell_type": "code", ', "invalid notebook"),
        "no-notebook": (None, "missing notebook"),
        "custom-exc": (_prepend(release, "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)",
                                after_setup=True),
                       "kernel tampering undone"),
        "session-send": (_prepend(reference, toy.SESSION_SEND), "kernel tampering undone"),
        "edited-tests": (_edit_tests(release, tests), "tampered cells restored"),
        "infinite-loop": (_replace(reference, last, "while True:\n    pass"), "timeout"),
        "os-exit": (_replace(reference, last, "import os\nos._exit(3)"), "kernel died"),
        "memory-hog": (_replace(reference, last, "hog = bytearray(6 * 2**30)"), "memory limit"),
        "output-flood": (_prepend(reference, "for _ in range(100000):\n    print('flood' * 20)"), "graded"),
        "fork-sleepers": (_prepend(reference, toy.FORK), "graded"),
        "imports-answers": (_replace(reference, first, "import finmkt.methods\n" + ref_answers[first]),
                            "imports reference code"),
    }
    honest = {"reference": (reference, "graded"), "stub": (release, "graded"), "partial": (half, "graded")}
    for ex, edits in mistakes.items():
        honest[f"mistake-{ex}"] = (answered(with_mistake(solution, ex, edits), release), "graded")
    kinds = list(hostile.items())[:students]
    cycle = list(honest.items())
    while len(kinds) < students:
        kinds.append(cycle[(len(kinds) - len(hostile)) % len(cycle)])
    # spread the hostile ones through the class instead of grading them all first
    order = sorted(range(students), key=lambda i: (i * 7919) % students)
    subs, meta = {}, {}
    for n, i in enumerate(order):
        kind, (nb, status) = kinds[i]
        sid = f"s{n + 1:02d}-{kind}"
        subs[sid], meta[sid] = nb, (kind, status)
    return subs, meta


def write_class(subs: dict, folder: Path, notebook: str) -> None:
    for sid, nb in subs.items():
        d = folder / sid
        d.mkdir(parents=True, exist_ok=True)
        if nb is None:
            (d / "notes.txt").write_text("forgot the notebook")
        elif isinstance(nb, bytes):
            (d / f"{notebook}.ipynb").write_bytes(nb)
        else:
            nbformat.write(nb, d / f"{notebook}.ipynb")


# --- trainees working meanwhile ----------------------------------------------------------

def trainee(module: str, stop, results) -> None:
    """Run the module's lessons (hidden tests removed) in fresh kernels until ``stop`` is set."""
    import warnings

    from nbclient.exceptions import CellExecutionError
    from nbgrader.preprocessors import ClearHiddenTests

    from finmkt.execute import notebook_client

    warnings.filterwarnings("ignore")
    lessons = [ClearHiddenTests().preprocess(read(p), {})[0] for p in sorted((SOLUTIONS / module).glob("*.ipynb"))]
    i = 0
    while not stop.is_set():
        nb = copy.deepcopy(lessons[i % len(lessons)])
        i += 1
        t0 = time.perf_counter()
        ok = True
        with tempfile.TemporaryDirectory() as cwd:
            client = notebook_client(nb, timeout=300, startup_timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": cwd}})
            try:
                client.execute()
            except CellExecutionError:
                pass
            except Exception:  # noqa: BLE001 - counted, the trainee goes on
                ok = False
        results.append((time.perf_counter() - t0, ok, stop.is_set()))


# --- instrumentation of the grader's executor -----------------------------------------------

class Probe:
    """Wraps the executor's Runner: how long each cell waited, and how long its last message
    sat unread after the kernel had sent it (kernel's header date against our clock)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cells: list[tuple[float, str, str, str]] = []  # (seconds, student, how it ended, first line)
        self.lags: list[tuple[float, str]] = []
        self.local = threading.local()
        self.last_done = 0.0

    def install(self):
        from finmkt.grading import executor, run

        probe, real_run, real_next, real_student = self, executor.Runner.run, executor.Runner._next, run._run_student

        def timed_run(runner, code, store_history=True, capped=True):
            runner._probe_last = 0.0
            t0 = time.monotonic()
            how = "messages"
            try:
                return real_run(runner, code, store_history, capped)
            except executor._Timeout:
                how = "time limit"
                raise
            except executor._KernelGone:
                how = "kernel died"
                raise
            finally:
                took = time.monotonic() - t0
                who = getattr(probe.local, "student", "pool")
                with probe.lock:
                    probe.cells.append((took, who, how, code.strip().splitlines()[0][:60] if code.strip() else ""))
                    if runner._probe_last:
                        probe.lags.append((runner._probe_last, who))

        def next_(runner):
            got = real_next(runner)
            if got is not None:
                channel, msg = got
                done = channel == "shell" or (msg["msg_type"] == "status"
                                              and msg["content"].get("execution_state") == "idle")
                sent = msg["header"].get("date")
                if done and isinstance(sent, datetime.datetime):
                    lag = (datetime.datetime.now(datetime.UTC) - sent).total_seconds()
                    runner._probe_last = max(getattr(runner, "_probe_last", 0.0), lag)
            return got

        def student(s, *args, **kwargs):
            probe.local.student = s
            try:
                return real_student(s, *args, **kwargs)
            finally:
                probe.last_done = time.monotonic()

        executor.Runner.run, executor.Runner._next, run._run_student = timed_run, next_, student


# --- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--lesson", default=DEFAULT_LESSON, help=f"module/lesson (default {DEFAULT_LESSON})")
    p.add_argument("--trainees", type=int, default=2, help="kernels imitating trainees at work (default 2)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--cell-timeout", type=float, default=120.0, help="finmkt grade --cell-timeout (default 120)")
    p.add_argument("--no-sandbox", action="store_true", help="finmkt grade --no-sandbox")
    p.add_argument("--table", action="store_true", help="print every student's row of grades.csv")
    p.add_argument("--keep", action="store_true", help="keep the throw-away course (prints its folder)")
    args = p.parse_args(argv)
    module, notebook = args.lesson.split("/")

    from finmkt.cli import main as finmkt_main

    tmp = Path(tempfile.mkdtemp(prefix="class-scale-"))
    course = tmp / "course"
    (course / "solutions" / module).mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copy(SOLUTIONS / f"{args.lesson}.ipynb", course / "solutions" / module)
    subs, meta = build_class(args.lesson, args.students)
    write_class(subs, tmp / "class", notebook)
    print(f"assignment {module} ({notebook} only): {len(subs)} students; {os.cpu_count()} cores, "
          f"finmkt grade --workers {args.workers} --cell-timeout {args.cell_timeout:g}; "
          f"{args.trainees} trainee kernel(s) working meanwhile; load average {os.getloadavg()[0]:.1f}", flush=True)

    ctx = multiprocessing.get_context("spawn")
    manager = ctx.Manager()
    stop, trainee_runs = manager.Event(), manager.list()
    trainees = [ctx.Process(target=trainee, args=(module, stop, trainee_runs)) for _ in range(args.trainees)]
    for t in trainees:
        t.start()
    probe = Probe()
    probe.install()
    loads = []
    sampling = threading.Event()

    def sample():
        while not sampling.wait(10):
            loads.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = tmp / "out"
    argv_grade = ["grade", module, "--submissions", str(tmp / "class"), "--out", str(out), "--course", str(course),
                  "--workers", str(args.workers), "--cell-timeout", str(args.cell_timeout), "--no-progress",
                  *(["--no-sandbox"] if args.no_sandbox else [])]
    t0 = time.monotonic()
    try:
        code = finmkt_main(argv_grade)
        wall = time.monotonic() - t0
        tail = time.monotonic() - probe.last_done if probe.last_done else 0.0
    finally:
        sampling.set()
        stop.set()
        for t in trainees:
            t.join(timeout=400)
            if t.is_alive():
                t.terminate()
        runs = list(trainee_runs)
        manager.shutdown()
    if code != 0:
        print(f"finmkt grade exited {code}")
        return 1

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gb:
        points = {c.name: float(c.max_score) for nb in gb.find_assignment(module).notebooks for c in nb.grade_cells}
    total = sum(points.values())
    with (out / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}

    def expected_score(kind: str) -> float | None:
        if kind == "reference":
            return total
        if kind == "stub":
            return 0.0
        if kind.startswith("mistake-"):
            return total - points[f"test_{kind[len('mistake-'):]}"]
        return None

    wrong = []
    for sid, (kind, status) in meta.items():
        r = rows[sid]
        want = expected_score(kind)
        if r["status"] != status or (want is not None and abs(float(r["score"]) - want) > 1e-9):
            wrong.append(f"{sid}: {r['status']} {r['score']} (expected {status}"
                         f"{'' if want is None else f' {want:g}'}); {r['details'][:200]}")
    lost = [(s, d) for s, r in rows.items() for d in r["details"].split("; ") if "never arrived" in d]
    limits = [(s, d) for s, r in rows.items() for d in r["details"].split("; ") if "time limit" in d]
    student_cells = [c for c in probe.cells if c[1] != "pool"]
    by_msgs = [c for c in student_cells if c[2] == "messages"]
    longest = max(student_cells, default=(0.0, "-", "-", ""))
    longest_msgs = max(by_msgs, default=(0.0, "-", "-", ""))
    lag = max(probe.lags, default=(0.0, "-"))
    late = [x for x in probe.lags if x[0] > 0.5]
    secs = sorted(float(r["seconds"]) for r in rows.values() if float(r["seconds"]) > 0)

    print(f"\nfinmkt grade wall time: {wall:.0f} s for {len(rows)} students "
          f"({wall / len(rows):.1f} s per student); tail after the last student: {tail:.1f} s")
    print(f"per-notebook execution: median {secs[len(secs) // 2]:.1f} s, max {secs[-1]:.1f} s "
          f"(sum {sum(secs):.0f} s over {args.workers} worker(s))")
    print("status counts: " + ", ".join(f"{s} {n}" for s, n in Counter(r["status"] for r in rows.values()).most_common()))
    print(f"students not as expected: {len(wrong)}" + "".join(f"\n  {w}" for w in wrong))
    print(f"cells run: {len(student_cells)} (plus {len(probe.cells) - len(student_cells)} kernel set-ups); "
          f"longest single cell wait {longest[0]:.1f} s ({longest[1]}, ended by {longest[2]}: {longest[3]!r}); "
          f"longest ended by its messages {longest_msgs[0]:.1f} s ({longest_msgs[1]}: {longest_msgs[3]!r})")
    print(f"longest a cell's last message sat unread after the kernel sent it: {lag[0]:.2f} s ({lag[1]}); "
          f"cells over 0.5 s: {len(late)}")
    print(f"cells that waited out a time limit: {len(limits)}"
          + "".join(f"\n  {s}: {d}" for s, d in limits))
    print(f"lost kernel messages: {len(lost)}" + "".join(f"\n  {s}: {d}" for s, d in lost))
    if args.trainees:
        during = sorted(s for s, _, after in runs if not after)
        failed = sum(1 for _, ok, _ in runs if not ok)
        print(f"trainee kernels: {len(runs)} lesson runs ({len(during)} finished during grading), "
              + (f"median {during[len(during) // 2]:.1f} s, max {during[-1]:.1f} s, " if during else "")
              + f"{failed} failed")
    if loads:
        print(f"load average during grading: min {min(loads):.1f}, median {sorted(loads)[len(loads) // 2]:.1f}, "
              f"max {max(loads):.1f}")
    if args.table:
        print("\ngrades.csv (what the instructor sees):")
        print(f"{'student_id':32} {'score':>6} {'max':>4}  {'status':24} details")
        for sid in sorted(rows):
            r = rows[sid]
            print(f"{sid:32} {float(r['score']):6g} {float(r['max_score']):4g}  {r['status']:24} {r['details'][:90]}")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
