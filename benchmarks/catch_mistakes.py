"""Do the VISIBLE tests catch the typical mistakes? Prints a Markdown table; not a timing.

    python benchmarks/catch_mistakes.py                       # every lesson of tests/mistakes
    python benchmarks/catch_mistakes.py --lesson 01_market_sizing
    python benchmarks/catch_mistakes.py --json results.json   # also write the results

For each lesson with a module in ``tests/mistakes`` and each of its exercises: take the
solution notebook, remove the hidden tests (nbgrader's ``ClearHiddenTests``, as the release
does), apply the documented mistake to the exercise's solution cell, execute the notebook
with nbclient up to and including the exercise's test cell (``test_<exercise>``) and record
whether that cell raised (caught: the trainee sees a failing visible test) or passed
(missed: only the hidden tests would notice). The unmodified solution, hidden tests
removed, must pass every visible test and print no warning. ``tests/test_catch_mistakes.py``
asserts the catch rate. See benchmarks/README.md.

One kernel per lesson (the default): the reference runs cell by cell, and just before an
exercise's solution cell its mistaken version runs, followed by the cells up to its test
cell; then the correct cells run on as in the reference. The kernel state a mistake leaves
is overwritten by the correct cell (later exercises carry forward), and the reference
passing every visible test in that same kernel shows it was. Should the reference fail
there, the lesson is measured again the slow way, ``--fresh``: one fresh kernel per mistake.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from finmkt.execute import notebook_client  # noqa: E402 - after the path set-up above

#: The issue's threshold: share of the documented mistakes the visible tests must catch.
THRESHOLD = 0.90
#: The ``mistake_set`` of :func:`measure` that stands for the forges (:func:`forges`).
FORGES_SET = "forges"
DEFAULT_WORKERS = 2
DEFAULT_TIMEOUT = 300  # seconds per cell
@dataclass
class Outcome:
    """One execution: the reference (``exercise`` empty) or one typical mistake."""

    lesson: str
    exercise: str  #: "" for the unmodified reference solution
    mistake: str  #: the registry's sentence for the mistake ("" for the reference)
    caught: bool  #: the exercise's visible test cell (or its own solution cell) raised
    failed_cell: str  #: grade_id (or cell id) of the cell that raised, "" if none did
    message: str  #: first line of what the trainee sees: the assertion message, or "Error: ..."
    error: str  #: a problem of the measurement itself (a cell before the exercise raised)
    seconds: float
    hidden: bool = False  #: measured with the hidden tests kept (--hidden)
    written: bool = False  #: a whole answer cell of a --set folder (not an edit of tests/mistakes)
    forge: bool = False  #: an answer by import of course code (see forges()), run as graded
    blocked: bool = False  #: a forge: the kernel's refusal to import finmkt.methods showed in its cells


def _first_line(ename: str, evalue: str) -> str:
    line = next((ln.strip() for ln in str(evalue).splitlines() if ln.strip()), "")
    if ename == "AssertionError":
        return line or "AssertionError (no message)"
    return f"{ename}: {line}" if line else ename


def _cell_name(cell) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id", "?")


def _execute(nb, stop: int, timeout: int) -> tuple[int | None, str, str]:
    """Run cells 0..stop (inclusive) in a fresh kernel, cwd a temporary folder.

    Returns (index of the cell that raised or None, ename, evalue)."""
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory(prefix="finmkt-catch-") as cwd:
        client = notebook_client(nb, timeout=timeout, kernel_name="python3",
                                 resources={"metadata": {"path": cwd}})
        # the kernel's own stderr (start-up warnings) would drown the progress lines
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            for index, cell in enumerate(nb.cells[: stop + 1]):
                try:
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellExecutionError as exc:
                    return index, exc.ename, exc.evalue
                # a cell tagged raises-exception (so Run All goes on) keeps its error as an output
                for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
                    if out.get("output_type") == "error":
                        return index, out.get("ename", "Error"), out.get("evalue", "")
    return None, "", ""


def _run(job: dict) -> Outcome:
    """Pool worker: execute one prepared notebook and classify the result."""
    nb, stop, exercise = job["nb"], job["stop"], job["exercise"]
    t0 = time.perf_counter()
    try:
        index, ename, evalue = _execute(nb, stop, job["timeout"])
    except Exception as exc:  # kernel died, timeout...: report it, do not stop the others
        index, ename, evalue = -1, type(exc).__name__, str(exc)
    seconds = time.perf_counter() - t0
    out = Outcome(job["lesson"], exercise, job["mistake"], False, "", "", "", seconds,
                  written=job.get("written", False))
    if index is None:
        return out
    out.message = _first_line(ename, evalue)
    out.failed_cell = _cell_name(nb.cells[index]) if index >= 0 else ""
    if not exercise:  # the reference: any raising cell is a problem of the lesson
        out.error = f"{out.failed_cell}: {out.message}"
    elif index >= job["solution"]:  # the exercise's solution cell or anything up to its test
        out.caught = True
    else:
        out.error = f"cell {out.failed_cell} before the exercise raised: {out.message}"
    return out


def _warnings(cell) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr" and "Warning" in out.get("text", ""):
            return out["text"].strip().splitlines()[0]
    return ""


#: Kinds of wrong answer given as a whole answer cell: a set's ("cell", why, source) and a
#: forge's ("forge", why, source).
WHOLE_CELLS = ("cell", "forge")
#: Run in the lesson's kernel around a forge: the grader's import block (finmkt.grading.guard),
#: put in place and taken away again.
_UNBLOCK = "import sys\nsys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != 'ReferenceBlock']"


def _block_source() -> str:
    from finmkt.grading.guard import BLOCK

    return (f"__finmkt_block = {{'__name__': '__finmkt_block'}}\nexec({BLOCK!r}, __finmkt_block)\n"
            "__finmkt_block['install']()\ndel __finmkt_block")


def _forge_detour(client, nb, index: int, a: dict, out: Outcome, run) -> None:
    """A forge (an answer by import of course code) as the grader runs it: the import block in
    place, the forged answer cell and every cell up to the exercise's test cell run (none
    stops the others, as in autograding), the test cell with its hidden tests. ``out.caught``:
    the test cell raised (the exercise scores 0); ``out.blocked``: the kernel's refusal to
    import finmkt.methods showed in the answer or the test cell (the grader reports it)."""
    import copy

    import nbformat

    from finmkt.grading.nbg import _is_blocked_import

    run(client, nbformat.v4.new_code_cell(_block_source()), index)
    try:
        for j in range(index, a["stop"] + 1):
            trial = copy.deepcopy(nb.cells[j])
            if j == index:
                trial.source = a["source"]
            elif j == a["stop"]:
                trial.source = a["test_source"]
            raised = run(client, trial, j)
            if raised and j in (index, a["stop"]) and _is_blocked_import({"ename": raised[0], "evalue": raised[1]}):
                out.blocked = True  # what the grader reports (finmkt.grading.run.blocked_imports)
            if j == a["stop"] and raised:
                out.caught, out.failed_cell, out.message = True, _cell_name(nb.cells[j]), _first_line(*raised)
    finally:
        run(client, nbformat.v4.new_code_cell(_UNBLOCK), index)


def forges() -> dict[str, dict[str, list]]:
    """{lesson: {exercise: [("forge", what, answer cell), ...]}}: every exercise answered by one
    import of a course function of the same or a similar name (``tests/test_forged_imports.py``
    finds them), as whole answer cells for :func:`measure`."""
    from tests.notebook_tools import SOLUTIONS, nbgrader_meta, read
    from tests.test_forged_imports import FORGES, forge_source

    out: dict[str, dict[str, list]] = {}
    for f in FORGES:
        nb = read(SOLUTIONS / f"{f.lesson}.ipynb")
        [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == f.exercise]
        out.setdefault(f.lesson, {}).setdefault(f.exercise, []).append(
            ("forge", f"forge: {f.module}.{f.name}, defined in {f.home}", forge_source(cell.source, f.exercise, f.module, f.name)))
    return out


def _run_lesson(job: dict) -> list[Outcome]:
    """Pool worker: the reference and every mistake of one lesson in one kernel (see the
    module docstring). The reference outcome comes first."""
    import copy

    from nbclient.exceptions import CellExecutionError

    nb, lesson = job["nb"], job["lesson"]
    attempts: dict[int, list[dict]] = {}
    for a in job["attempts"]:  # several wrong answers of one exercise: each in turn
        attempts.setdefault(a["solution"], []).append(a)
    ref = Outcome(lesson, "", "", False, "", "", "", 0.0)
    outcomes = []

    def run(client, cell, index) -> tuple[str, str] | None:
        """Execute one cell; (ename, evalue) if it raised."""
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellExecutionError as exc:
            return exc.ename, exc.evalue
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                return out.get("ename", "Error"), out.get("evalue", "")
        return None

    t_ref = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="finmkt-catch-") as cwd:
            client = notebook_client(nb, timeout=job["timeout"], kernel_name="python3",
                                     resources={"metadata": {"path": cwd}})
            with client.setup_kernel(stderr=subprocess.DEVNULL):
                for index, cell in enumerate(nb.cells):
                    for a in attempts.get(index, []):
                        t0 = time.perf_counter()
                        out = Outcome(lesson, a["exercise"], a["mistake"], False, "", "", "", 0.0,
                                      written=a.get("written", False), forge=a.get("forge", False))
                        if out.forge:
                            _forge_detour(client, nb, index, a, out, run)
                            out.seconds = time.perf_counter() - t0
                            outcomes.append(out)
                            continue
                        for j in range(index, a["stop"] + 1):
                            trial = copy.deepcopy(nb.cells[j])
                            if j == index:
                                trial.source = a["source"]
                            raised = run(client, trial, j)
                            if raised:
                                out.caught, out.failed_cell = True, _cell_name(nb.cells[j])
                                out.message = _first_line(*raised)
                                break
                        out.seconds = time.perf_counter() - t0
                        outcomes.append(out)
                    raised = run(client, cell, index)
                    if raised and not ref.error:
                        ref.error = f"{_cell_name(cell)}: {_first_line(*raised)}"
                    elif not ref.error and (w := _warnings(cell)):
                        ref.error = f"{_cell_name(cell)} warns: {w}"
    except Exception as exc:  # kernel died, timeout...: report it, do not stop the others
        ref.error = f"{type(exc).__name__}: {exc}"
    ref.seconds = time.perf_counter() - t_ref
    return [ref, *outcomes]


def lessons(mistake_set: Path | list | None = None) -> dict[str, dict[str, list]]:
    """{lesson: {exercise: edits}} for every lesson documented in tests/mistakes, or with
    ``mistake_set`` (a folder of ``<lesson>.py`` files, e.g. benchmarks/independent_mistakes)
    {lesson: {exercise: [("cell", what went wrong, the whole answer cell), ...]}}: wrong
    answers written as whole cells by someone who saw only the trainee release; or with
    ``mistake_set`` :data:`FORGES_SET` the forges, [("forge", what, the whole answer cell), ...]."""
    if isinstance(mistake_set, list | tuple):  # several sets: the kit's list (None) and folders, merged
        merged: dict[str, dict[str, list]] = {}
        for one in mistake_set:
            for lesson, exercises in lessons(one).items():
                for ex, edits in exercises.items():
                    merged.setdefault(lesson, {}).setdefault(ex, []).extend(_variants(edits))
        return {lesson: {ex: ("many", vs) for ex, vs in exs.items()} for lesson, exs in sorted(merged.items())}
    if mistake_set is not None and str(mistake_set) == FORGES_SET:
        return dict(sorted(forges().items()))
    if mistake_set is None:
        from tests.mistakes import all_mistakes

        return dict(sorted(all_mistakes().items()))
    import importlib.util

    found = {}
    for path in sorted(Path(mistake_set).glob("[0-9]*.py")):
        spec = importlib.util.spec_from_file_location(f"_mistake_set_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[module.LESSON] = {ex: [("cell", why, cell) for why, cell in variants]
                                for ex, variants in module.MISTAKES.items()}
    return dict(sorted(found.items()))


def _variants(edits) -> list[list]:
    """One exercise's wrong answers, each an edit list for :func:`_with_answer`: a typical
    mistake's (old, new) pairs are one variant; each ("cell", why, source) of a set is one;
    merged sets (``("many", variants)``, see lessons()) are already split."""
    if isinstance(edits, tuple) and edits and edits[0] == "many":
        return list(edits[1])
    return [edits] if not edits or edits[0][0] not in WHOLE_CELLS else [[v] for v in edits]


def _with_answer(nb, exercise: str, edits: list):
    """``nb`` with the exercise's answer cell changed: a typical-mistake edit list of
    (old, new) pairs, or one ("cell", what went wrong, source) whole cell of a set."""
    import copy

    from tests.notebook_tools import nbgrader_meta, with_mistake

    if not edits or edits[0][0] not in WHOLE_CELLS:
        return with_mistake(nb, exercise, edits)
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if nbgrader_meta(cell).get("grade_id") == exercise:
            cell.source = edits[0][2]
            return out
    raise SystemExit(f"no answer cell with grade_id {exercise!r}")


def _jobs(lesson: str, mistakes: dict, timeout: int, hidden: bool = False) -> list[dict]:
    from nbgrader.preprocessors import ClearHiddenTests

    from finmkt.exercises import REGISTRY
    from tests.notebook_tools import SOLUTIONS, nbgrader_meta, read

    nb = read(SOLUTIONS / f"{lesson}.ipynb")
    graded = {nbgrader_meta(c).get("grade_id"): c.source for c in nb.cells if nbgrader_meta(c).get("grade")}
    if not hidden:  # what the trainee has: the release's visible tests only
        nb, _ = ClearHiddenTests().preprocess(nb, {})
    where = {nbgrader_meta(c).get("grade_id"): i for i, c in enumerate(nb.cells) if nbgrader_meta(c)}
    jobs = [dict(lesson=lesson, exercise="", mistake="", nb=nb, stop=len(nb.cells) - 1,
                 solution=0, timeout=timeout)]
    for exercise, edits in sorted(mistakes.items(), key=lambda kv: where.get(kv[0], len(where))):
        missing = [g for g in (exercise, f"test_{exercise}") if g not in where]
        if missing:
            raise SystemExit(f"{lesson}: no cell with grade_id {missing[0]!r} (tests/mistakes names {exercise!r})")
        for variant in _variants(edits):
            cell = bool(variant) and variant[0][0] in WHOLE_CELLS
            what = variant[0][1] if cell else REGISTRY[exercise].mistake
            forge = cell and variant[0][0] == "forge"
            jobs.append(dict(lesson=lesson, exercise=exercise, mistake=what, written=cell,
                             nb=_with_answer(nb, exercise, variant), stop=where[f"test_{exercise}"],
                             solution=where[exercise], timeout=timeout, forge=forge,
                             # a forge is judged as graded: its test cell with the hidden tests
                             test_source=graded[f"test_{exercise}"] if forge else None))
    return jobs


def _attempts(jobs: list[dict]) -> dict:
    """The one-kernel job of a lesson from its per-mistake jobs."""
    ref, rest = jobs[0], jobs[1:]
    return dict(lesson=ref["lesson"], nb=ref["nb"], timeout=ref["timeout"],
                attempts=[dict(exercise=j["exercise"], mistake=j["mistake"], written=j["written"],
                               solution=j["solution"], forge=j.get("forge", False), test_source=j.get("test_source"),
                               stop=j["stop"], source=j["nb"].cells[j["solution"]].source) for j in rest])


def measure(only: list[str] | None = None, workers: int = DEFAULT_WORKERS,
            timeout: int = DEFAULT_TIMEOUT, progress=None, fresh: bool = False,
            mistake_set: Path | None = None, hidden: bool = False) -> list[Outcome]:
    """Every reference run and mistake run of the chosen lessons (all when ``only`` is None),
    executed in a pool of ``workers`` processes; results in lesson and notebook order.
    One kernel per lesson unless ``fresh`` (one per mistake), and fresh kernels for a
    lesson whose reference fails in the shared one. ``mistake_set``: see lessons();
    ``hidden``: keep the hidden tests (would grading catch it?) instead of removing them."""
    chosen = lessons(mistake_set)
    if only:
        unknown = [x for x in only if not any(x in (k, k.split("/")[-1]) for k in chosen)]
        if unknown:
            raise SystemExit(f"unknown lesson {unknown[0]!r}; known: {', '.join(chosen)}")
        chosen = {k: v for k, v in chosen.items() if k in only or k.split("/")[-1] in only}
    per_lesson = {lesson: _jobs(lesson, mistakes, timeout, hidden) for lesson, mistakes in chosen.items()}
    # spawn: a clean interpreter per worker (safe from threaded parents such as pytest-xdist)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results: dict[str, list[Outcome]] = {}
        redo = list(per_lesson) if fresh else []
        if not fresh:
            futures = {lesson: pool.submit(_run_lesson, _attempts(jobs)) for lesson, jobs in per_lesson.items()}
            for lesson, f in futures.items():
                got = f.result()
                if got[0].error and " warns: " not in got[0].error:  # a warning is the lesson's own
                    redo.append(lesson)
                    continue
                results[lesson] = got
                for r in got if progress else []:
                    progress(r)
        futures = {lesson: [pool.submit(_run, j) for j in per_lesson[lesson]] for lesson in redo}
        for lesson, fs in futures.items():
            results[lesson] = [f.result() for f in fs]
            for r in results[lesson] if progress else []:
                progress(r)
    out = [r for lesson in per_lesson for r in results[lesson]]
    for r in out:
        r.hidden = hidden
    return out


def summary(results: list[Outcome]) -> dict:
    runs = [r for r in results if r.exercise]
    caught = sum(r.caught for r in runs)
    return {
        "caught": caught, "total": len(runs), "rate": caught / len(runs) if runs else 0.0,
        "missed": [f"{r.lesson}: {r.exercise}" for r in runs if not r.caught],
        "reference_failures": [f"{r.lesson}: {r.error}" for r in results if not r.exercise and r.error],
        "errors": [f"{r.lesson}: {r.exercise}: {r.error}" for r in runs if r.error],
    }


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(results: list[Outcome]) -> str:
    lines = ["| lesson | exercise | typical mistake | caught | what the trainee sees |",
             "|---|---|---|---|---|"]
    for r in results:
        if not r.exercise:
            continue
        seen = r.message if r.caught else (f"(measurement error) {r.error}" if r.error else "")
        where = "" if not r.caught or r.failed_cell == f"test_{r.exercise}" else f" (in {r.failed_cell})"
        lines.append(f"| {r.lesson.split('/')[-1]} | {r.exercise} | {_md(r.mistake)} | "
                     f"{'yes' + where if r.caught else 'no'} | {_md(seen)} |")
    s = summary(results)
    refs = [r for r in results if not r.exercise]
    hidden = any(r.hidden for r in results)
    lines += ["", f"Reference solutions, hidden tests {'kept' if hidden else 'removed'}: "
                  f"{sum(not r.error for r in refs)} of {len(refs)} pass every visible test."
                  + "".join(f"\n  FAILS {x}" for x in s["reference_failures"])
                  + (" Forges run as graded: import block in place, hidden tests kept."
                     if any(r.forge for r in results) else ""),
              "", f"caught {s['caught']} of {s['total']} ({s['rate']:.0%})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", action="append",
                        help="only this lesson ('01_market_sizing' or '01_market_analysis/01_market_sizing'; repeatable)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                        help=f"parallel executions, one kernel each (default {DEFAULT_WORKERS})")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="per-cell timeout in seconds")
    parser.add_argument("--set", type=Path, metavar="FOLDER", dest="mistake_set",
                        help="wrong answers from this folder of <lesson>.py files (whole answer cells, e.g. "
                             "benchmarks/independent_mistakes) instead of tests/mistakes; 'forges': the answers by "
                             "one import of course code, run as graded (import block, hidden tests)")
    parser.add_argument("--hidden", action="store_true",
                        help="keep the hidden tests: does grading catch each wrong answer? (default: the "
                             "visible tests only, as a trainee has them)")
    parser.add_argument("--fresh", action="store_true",
                        help="a fresh kernel for every mistake (slower; the default shares one per lesson)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()

    def progress(r: Outcome) -> None:
        what = r.exercise or "reference"
        state = "error" if r.error else ("caught" if r.caught else ("missed" if r.exercise else "ok"))
        print(f"  {r.lesson} {what}: {state} ({r.seconds:.1f} s)", file=sys.stderr, flush=True)

    results = measure(args.lesson, args.workers, args.timeout, progress, fresh=args.fresh,
                      mistake_set=args.mistake_set, hidden=args.hidden)
    print(markdown(results))
    elapsed = time.perf_counter() - t0
    print(f"  {len(results)} executions in {elapsed:.0f} s with {args.workers} workers",
          file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary(results), "threshold": THRESHOLD,
                                         "seconds": round(elapsed, 1),
                                         "results": [asdict(r) for r in results]},
                                        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    s = summary(results)
    return 1 if s["reference_failures"] or s["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
