"""Grade a class: discover submissions, run them sandboxed in parallel, score with nbgrader.

One submission never aborts the batch: every student found gets a row in grades.csv
with a status an instructor understands.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from finmkt.grading import nbg
from finmkt.grading.executor import execute
from finmkt.grading.pool import KernelPool
from finmkt.grading.repair import InvalidNotebook, read_notebook, repair, source_cells
from finmkt.grading.sandbox import SandboxUnavailable, check_sandbox

#: Worst first: a student's status is the worst of their notebooks'.
STATUS_ORDER = ["grading error", "kernel died", "memory limit", "timeout", "invalid notebook",
                "missing notebook", "no submission", "imports reference code", "tampered cells restored",
                "kernel tampering undone", "graded"]

#: The detail that names the exercises lost by calling the course's reference code.
REFERENCE_IMPORT = "imports the course's reference code (finmkt.methods)"


class GradingSetupError(Exception):
    """The run cannot start (unknown assignment, no sandbox without --no-sandbox, ...)."""


@dataclass
class Options:
    """Settings of one grading run."""

    assignment: str
    submissions: Path
    out: Path
    course: Path
    workers: int = max(1, os.cpu_count() or 1)
    sandbox: bool = True
    memory_bytes: int = 2 << 30
    cell_timeout: float = 120.0
    notebook_timeout: float = 600.0
    fresh: bool = False
    progress: bool = True


@dataclass
class NotebookResult:
    """Outcome of one notebook of one student."""

    name: str
    status: str
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class StudentResult:
    """Outcome of one student (all notebooks of the assignment)."""

    student_id: str
    notebooks: list[NotebookResult]
    score: float = 0.0
    max_score: float = 0.0
    cells: dict = field(default_factory=dict)
    fingerprint: str = ""

    @property
    def status(self) -> str:
        """The worst notebook status."""
        found = {n.status for n in self.notebooks} or {"no submission"}
        return min(found, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 0)

    @property
    def seconds(self) -> float:
        """Execution time of all notebooks."""
        return sum(n.seconds for n in self.notebooks)


def _student_folder(submissions: Path, student: str, assignment: str) -> Path:
    d = submissions / student
    return d / assignment if (d / assignment).is_dir() else d


def discover(submissions: Path, assignment: str) -> list[str]:
    """Student ids: the folders of ``submissions`` (nbgrader's or the plain layout)."""
    if not submissions.is_dir():
        raise GradingSetupError(f"no submissions folder {submissions}")
    return sorted(p.name for p in submissions.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and not p.is_symlink())


def _fingerprint(folder: Path, release: dict, opts: Options) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([opts.sandbox, opts.memory_bytes, opts.cell_timeout, opts.notebook_timeout]).encode())
    for name in sorted(release):
        h.update(nbformat.writes(release[name]).encode())
    if folder.is_dir():
        for p in sorted(folder.rglob("*")):
            if p.is_file() and not p.is_symlink():
                h.update(str(p.relative_to(folder)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _copy_files(src: Path, dst: Path) -> None:
    """Copy a submission's regular files (never symlinks, never outside ``src``)."""
    if not src.is_dir():
        return
    for p in src.rglob("*"):
        if p.is_symlink() or not p.is_file() or ".ipynb_checkpoints" in p.parts:
            continue
        target = dst / p.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)


def blocked_imports(nb) -> list[str]:
    """The nbgrader cells (answer or test) whose output shows the kernel's refusal to import
    ``finmkt.methods`` (:data:`finmkt.grading.guard.BLOCKED_MESSAGE`), in notebook order."""
    from finmkt.grading.guard import BLOCKED_MESSAGE

    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        hit = any(o.get("output_type") == "error" and BLOCKED_MESSAGE in str(o.get("evalue", ""))
                  for o in cell.get("outputs", []))
        if hit and gid and gid not in found:
            found.append(gid)
    return found


def _run_student(student: str, folder: Path, release: dict, full: dict, support: Path,
                 pool: KernelPool, opts: Options) -> tuple[list[NotebookResult], dict]:
    """Worker: read, repair and execute every notebook of one student (no gradebook access)."""
    results, executed = [], {}
    for name, rel in release.items():
        path = folder / f"{name}.ipynb"
        if not path.is_file() or path.is_symlink():
            results.append(NotebookResult(name, "missing notebook", [f"{name}.ipynb not submitted"]))
            continue
        try:
            nb = read_notebook(path)
        except InvalidNotebook as exc:
            results.append(NotebookResult(name, "invalid notebook", [f"{name}.ipynb: {exc}"]))
            continue
        changes = repair(nb, source_cells(rel, full.get(name)))
        if nb.metadata.get("kernelspec") != rel.metadata.get("kernelspec"):
            nb.metadata["kernelspec"] = rel.metadata.get("kernelspec")
            changes.append("kernelspec restored")
        try:
            kernel = pool.get()
        except SandboxUnavailable as exc:
            results.append(NotebookResult(name, "grading error", [f"no kernel: {exc}"]))
            continue
        try:
            _copy_files(folder, kernel.work)
            _copy_files(support, kernel.work)
            run_nb = nbformat.from_dict(nb)
            ex = execute(run_nb, kernel, cell_timeout=opts.cell_timeout, notebook_timeout=opts.notebook_timeout)
        finally:
            kernel.kill()
        status = ex.status
        tampered = [c for c in changes if c != "kernelspec restored"]
        blocked = blocked_imports(run_nb)
        if blocked:
            ex.details.insert(0, f"{REFERENCE_IMPORT}: {', '.join(blocked)}")
            if status == "graded":
                status = "imports reference code"
        if status == "graded" and tampered:
            status = "tampered cells restored"
        if status == "graded" and ex.tampering:
            status = "kernel tampering undone"
        details = changes + ([f"undone: {', '.join(ex.tampering)}"] if ex.tampering else []) + ex.details
        results.append(NotebookResult(name, status, details, round(ex.seconds, 3)))
        executed[name] = (nb, run_nb)
    return results, executed


def _stage(work: Path, student: str, assignment: str, folder: Path, executed: dict) -> None:
    dest = work / "submitted" / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_files(folder, dest)
    for p in dest.glob("*.ipynb"):
        p.unlink()  # only repaired, readable notebooks are handed to nbgrader
    for name, (nb, run_nb) in executed.items():
        nbformat.write(nb, dest / f"{name}.ipynb")
        nbg.EXECUTED[(student, name)] = run_nb


def _zero_submission(url: str, assignment: str, student: str) -> None:
    """Record an all-zero submission (nothing gradable was submitted)."""
    from nbgrader.api import Gradebook

    with Gradebook(url) as gb:
        gb.update_or_create_student(student)
        try:
            gb.find_submission(assignment, student)
        except Exception:  # noqa: BLE001 - MissingEntry: create it
            gb.add_submission(assignment, student)


def grade(opts: Options, log=print) -> list[StudentResult]:
    """Grade every student in ``opts.submissions``; write grades.csv, feedback and the report."""
    from tqdm import tqdm

    from finmkt.grading.report import write_report
    from finmkt.paths import tool_env

    os.environ["PATH"] = tool_env()["PATH"]  # nbgrader runs `alembic` by name
    warnings.filterwarnings("ignore", module="nbgrader")  # SQLAlchemy chatter inside nbgrader
    warnings.filterwarnings("ignore", message=".*not in session.*")
    out, course = opts.out.resolve(), opts.course.resolve()
    work = out / "work"
    state_dir = out / "state"
    for d in (out, work, state_dir):
        d.mkdir(parents=True, exist_ok=True)
    if not (course / (f"solutions/{opts.assignment}")).is_dir() and \
            not any((course).glob(f"*/{opts.assignment}/*.ipynb")):
        raise GradingSetupError(f"no assignment {opts.assignment!r} in the course at {course}")
    scratch = work / "kernels"
    cfg = nbg.course_config(course, work)
    exchange = cfg.Exchange.get("root") if "Exchange" in cfg else None
    hide = tuple(str(p) for p in (course, opts.submissions.resolve(), out, exchange) if p)
    if opts.sandbox:
        reason = check_sandbox(scratch, hide)
        if reason:
            raise GradingSetupError(
                f"ISOLATION UNAVAILABLE: {reason}. Student code would run with your permissions "
                "(it could read the solutions and the gradebook). Install bubblewrap, or re-run "
                "with --no-sandbox to grade without isolation at your own risk.")
    else:
        log("WARNING: --no-sandbox: student code runs WITHOUT isolation (it can read and change "
            "your files, the solutions and the gradebook; only memory and time are limited).")
    url = nbg.db_url(cfg)
    backup = nbg.backup_gradebook(url, course / "grading" / "backups")
    if backup:
        log(f"gradebook backed up to {backup}")
    rel_dir = work / "release"
    shutil.rmtree(rel_dir, ignore_errors=True)
    release = nbg.release(cfg, opts.assignment, rel_dir)
    if not release:
        raise GradingSetupError(f"assignment {opts.assignment!r} has no notebooks")
    full = nbg.full_sources(cfg, opts.assignment)
    support = work / "support"
    shutil.rmtree(support, ignore_errors=True)
    src_dir = course / "solutions" / opts.assignment
    _copy_files(src_dir, support)
    for p in support.rglob("*.ipynb"):
        p.unlink()

    students = discover(opts.submissions, opts.assignment)
    results: dict[str, StudentResult] = {}
    todo = []
    for s in students:
        folder = _student_folder(opts.submissions, s, opts.assignment)
        fp = _fingerprint(folder, release, opts)
        state = state_dir / f"{s}.json"
        if not opts.fresh and state.exists():
            try:
                saved = json.loads(state.read_text())
                if saved.get("fingerprint") == fp:
                    r = StudentResult(s, [NotebookResult(**n) for n in saved["notebooks"]], fingerprint=fp)
                    r.score, r.max_score, r.cells = nbg.scores(url, opts.assignment, s)
                    if r.cells or r.status in ("missing notebook", "invalid notebook", "no submission"):
                        results[s] = r
                        continue
            except (ValueError, KeyError, TypeError):
                pass
        todo.append((s, folder, fp))
    if results:
        log(f"resuming: {len(results)} student(s) already graded with the same files are kept")

    bar = tqdm(total=len(students), initial=len(results), desc=f"grading {opts.assignment}",
               unit="student", disable=not opts.progress, file=sys.stderr)
    pool = KernelPool(min(opts.workers, max(1, len(todo))), scratch, sandbox=opts.sandbox,
                      memory_bytes=opts.memory_bytes, hide=hide) if todo else None
    lock = threading.Lock()
    try:
        with ThreadPoolExecutor(max_workers=max(1, opts.workers)) as ex:
            futs = {ex.submit(_run_student, s, folder, release, full, support, pool, opts): (s, folder, fp)
                    for s, folder, fp in todo}
            try:
                for fut in as_completed(futs):
                    s, folder, fp = futs[fut]
                    try:
                        nbs, executed = fut.result()
                    except Exception as exc:  # noqa: BLE001 - never abort the batch
                        nbs, executed = [NotebookResult("*", "grading error", [repr(exc)])], {}
                    r = StudentResult(s, nbs, fingerprint=fp)
                    with lock:
                        _score_student(cfg, url, opts, work, s, folder, executed, r)
                    results[s] = r
                    tmp = state_dir / f"{s}.json.tmp"
                    tmp.write_text(json.dumps({"fingerprint": fp, "notebooks": [asdict(n) for n in nbs]},
                                              indent=1))
                    tmp.replace(state_dir / f"{s}.json")
                    bar.update(1)
            except KeyboardInterrupt:  # finish the running notebooks, start no new ones; resumable
                ex.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        bar.close()
        if pool is not None:
            pool.close()
    ordered = [results[s] for s in students]
    _write_csv(out / "grades.csv", ordered)
    _copy_feedback(course, cfg, opts.assignment, out / "feedback", students)
    write_report(out / "report.html", opts.assignment, ordered)
    shutil.rmtree(scratch, ignore_errors=True)
    return ordered


def _score_student(cfg, url, opts, work, s, folder, executed, r: StudentResult) -> None:
    """nbgrader autograde + feedback for one student (main thread, gradebook writes)."""
    try:
        _stage(work, s, opts.assignment, folder, executed)
        if executed:
            ok, logtext = nbg.autograde(cfg, opts.assignment, s)
            if not ok:
                r.notebooks.append(NotebookResult("*", "grading error", [logtext.strip()[-500:]]))
                _zero_submission(url, opts.assignment, s)
        else:
            _zero_submission(url, opts.assignment, s)
        r.score, r.max_score, r.cells = nbg.scores(url, opts.assignment, s)
        if executed:
            nbg.feedback(cfg, opts.assignment, s)
    except Exception as exc:  # noqa: BLE001 - never abort the batch
        r.notebooks.append(NotebookResult("*", "grading error", [repr(exc)[-500:]]))
    finally:
        for name in executed:
            nbg.EXECUTED.pop((s, name), None)


def _write_csv(path: Path, results: list[StudentResult]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "score", "max_score", "status", "seconds", "details"])
        for r in results:
            details = "; ".join(f"{n.name}: {d}" for n in r.notebooks for d in n.details)
            w.writerow([r.student_id, f"{r.score:g}", f"{r.max_score:g}", r.status,
                        f"{r.seconds:.2f}", details])
    tmp.replace(path)


def _copy_feedback(course: Path, cfg, assignment: str, dest: Path, students: list[str]) -> None:
    from nbgrader.coursedir import CourseDirectory

    cd = CourseDirectory(config=cfg)
    for s in students:
        src = Path(cd.format_path(cd.feedback_directory, s, assignment))
        target = dest / s
        shutil.rmtree(target, ignore_errors=True)
        if src.is_dir():
            for p in src.glob("*.html"):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(p, target / p.name)
