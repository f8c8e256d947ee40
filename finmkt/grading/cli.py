"""``finmkt grade``: the command-line front end of :mod:`finmkt.grading.run`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _size(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    t = text.strip().lower().rstrip("ib").rstrip("b")
    if t and t[-1] in units:
        return int(float(t[:-1]) * units[t[-1]])
    return int(t)


def add_parser(subparsers, user_error) -> None:
    """Register ``finmkt grade`` on the main parser; errors are raised as ``user_error``."""
    from finmkt.paths import repo_root

    g = subparsers.add_parser("grade", help="grade a class's submissions (sandboxed, parallel, nbgrader)")
    g.add_argument("assignment", help="assignment id, e.g. 01_market_analysis")
    g.add_argument("--submissions", required=True,
                   help="folder with one folder per student (DIR/<student>/<nb>.ipynb or nbgrader's "
                        "DIR/<student>/<assignment>/<nb>.ipynb), or an LMS download (.zip), unpacked "
                        "with nbgrader zip_collect")
    g.add_argument("--zip-pattern", metavar="REGEX", default=None,
                   help="with a .zip: regex for the submitted file names, matched by nbgrader from the "
                        "start of each extracted file's path; must contain the named groups "
                        "(?P<student_id>...) and (?P<file_id>...) (default: Canvas names "
                        "<login>_[LATE_]<n>_<n>_<notebook>[-N].ipynb)")
    g.add_argument("--out", required=True, help="output folder: grades.csv, feedback/, report.html")
    g.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel notebooks (default: cores)")
    g.add_argument("--course", default=str(repo_root()), help="course folder with nbgrader_config.py")
    g.add_argument("--memory", default="2G", help="memory limit per notebook (default 2G)")
    g.add_argument("--cell-timeout", type=float, default=120.0, help="seconds per cell (default 120)")
    g.add_argument("--notebook-timeout", type=float, default=600.0, help="seconds per notebook (default 600)")
    g.add_argument("--fresh", action="store_true", help="regrade everyone (default: resume, skip unchanged)")
    g.add_argument("--no-sandbox", action="store_true",
                   help="grade WITHOUT isolation (only when bubblewrap is unavailable; unsafe)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run(args) -> int:
        from finmkt.grading import lms

        if args.workers < 1:
            raise user_error("--workers must be at least 1")
        try:
            memory = _size(args.memory)
        except ValueError:
            raise user_error(f"--memory: not a size: {args.memory!r} (e.g. 2G, 512M)") from None
        submissions = Path(args.submissions)
        if not lms.is_zip_input(submissions):
            if args.zip_pattern is not None:
                raise user_error("--zip-pattern only applies when --submissions is a .zip file")
            return _grade(args, submissions, memory)
        try:
            pattern = lms.check_pattern(args.zip_pattern)
        except lms.LmsZipError as exc:
            raise user_error(str(exc)) from None
        notebooks = lms.assignment_notebooks(Path(args.course), args.assignment)
        with tempfile.TemporaryDirectory(prefix="finmkt-lms-") as tmp:  # never in the course folder
            try:
                folder = lms.unpack_lms_zip(submissions, args.assignment, Path(tmp), pattern,
                                            notebooks=notebooks or None)
            except lms.LmsZipError as exc:
                raise user_error(str(exc)) from None
            return _grade(args, folder, memory)

    def _grade(args, submissions: Path, memory: int) -> int:
        from finmkt.grading.run import GradingSetupError, Options, grade

        opts = Options(args.assignment, submissions, Path(args.out), Path(args.course),
                       workers=args.workers, sandbox=not args.no_sandbox, memory_bytes=memory,
                       cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                       fresh=args.fresh, progress=not args.no_progress)
        try:
            results = grade(opts)
        except GradingSetupError as exc:
            raise user_error(str(exc)) from None
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        print(f"graded {len(results)} students: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
        print(f"grades: {opts.out / 'grades.csv'}  report: {opts.out / 'report.html'}")
        return 0

    g.set_defaults(func=run)
