"""The ``finmkt`` command line.

    finmkt data build [--seed N] [--scale N] [--out DIR]   generate the synthetic world
    finmkt data verify [DIR]                               check files against MANIFEST.json
    finmkt release [ASSIGNMENT ...] [--refresh-checks]     regenerate notebooks/ from solutions/
    finmkt workspace [--fresh LESSON]                      your own copies of the lessons (my_work/)
    finmkt lab [--instructor] [JUPYTER OPTIONS ...]        JupyterLab for trainees (or instructors)
    finmkt grade ASSIGNMENT --submissions DIR --out DIR    grade a class (instructors)
    finmkt classroom ROSTER.csv [--dir DIR] [--port N]      a class on JupyterHub with the nbgrader exchange

Errors are reported in one line (exit status 2), never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


class UserError(Exception):
    """An error caused by the command's input: printed as one line, exit status 2."""


def _data_build(args) -> int:
    from finmkt.data import DEFAULT_SEED, build
    from finmkt.paths import data_dir

    if args.scale is not None and args.out is None:
        raise UserError(
            "--scale writes a larger world: give it its own folder with --out DIR "
            "(then set FINMKT_DATA_DIR=DIR to use it), so the course's datasets stay as they are."
        )
    out = Path(args.out) if args.out else data_dir()
    start = time.perf_counter()
    manifest = build(out, seed=args.seed if args.seed is not None else DEFAULT_SEED, scale=args.scale,
                     progress=lambda name: print(f"  generated {name}", flush=True))
    rows = sum(m["rows"] or 0 for m in manifest["files"].values())
    print(f"Wrote {len(manifest['files'])} files ({rows:,} rows) to {out} in {time.perf_counter() - start:.1f} s")
    return 0


def _data_verify(args) -> int:
    from finmkt.data import verify

    problems = verify(Path(args.dir) if args.dir else None)
    for p in problems:
        print(f"  {p}")
    print("datasets OK" if not problems else f"{len(problems)} problem(s): restore with `git checkout -- datasets`")
    return 0 if not problems else 1


def _release(args) -> int:
    from finmkt import release

    known = release.assignments()
    todo = args.assignments or known
    for a in todo:
        if a not in known:
            raise UserError(f"No assignment {a!r} in solutions/. Assignments: {', '.join(known)}")
    if args.refresh_checks:
        from finmkt.paths import solutions_dir

        for line in release.refresh_checks(sorted(p for a in todo for p in (solutions_dir() / a).glob("*.ipynb"))):
            print(line)
    if args.assignments:
        for a in todo:
            print(f"released {release.generate(a)}")
    else:
        for p in release.generate_all():
            print(f"released {p}")
    return 0


def _workspace(args) -> int:
    from finmkt import workspace
    from finmkt.paths import workspace_dir

    if args.fresh:
        try:
            dst, backup = workspace.fresh(args.fresh)
        except FileNotFoundError as exc:
            raise UserError(str(exc)) from None
        print(f"Fresh copy: {dst}" + (f" (your previous copy is kept as {backup.name})" if backup else ""))
        return 0
    created = workspace.ensure()
    print(f"Your lessons are in {workspace_dir()}: {len(created)} new, existing copies left untouched.")
    return 0


def _lab(args) -> int:
    from finmkt import jupyter

    mode = "instructor" if args.instructor else "trainee"
    if args.max_hint_level is not None and args.max_hint_level < 0:
        raise UserError("--max-hint-level must be 0 (no hints) or more")
    extra = [a for a in args.jupyter_args if a != "--"]
    launch = jupyter.lab_command(mode, root=Path(args.dir) if args.dir else None, extra=extra,
                                 max_hint_level=args.max_hint_level)
    if mode == "instructor" and not (launch.root / "nbgrader_config.py").exists():
        raise UserError(f"No nbgrader_config.py in {launch.root}: instructor mode runs in the course folder.")
    if args.print_command:
        for key, value in launch.env.items():
            print(f"{key}={value}")
        print(" ".join(launch.argv))
        return 0
    jupyter.prepare(launch)
    tools = "Formgrader, Create Assignment and Course List on" if mode == "instructor" else \
        ("Assignment List on (exchange " + launch.exchange + ")" if launch.exchange else "self-study (no exchange)")
    print(f"JupyterLab ({mode}: {tools}) in {launch.root}", flush=True)
    return jupyter.run(launch)


def _classroom(args) -> int:
    from finmkt import classroom
    from finmkt.paths import repo_root

    try:
        roster = classroom.read_roster(Path(args.roster))
        class_dir = Path(args.dir) if args.dir else repo_root() / "classroom"
        info = classroom.setup(class_dir, roster, Path(args.course) if args.course else repo_root(),
                               ip=args.ip, port=args.port)
        if not args.setup_only:
            classroom.proxy_command()  # the proxy must be installed before the hub starts
    except classroom.ClassroomError as exc:
        raise UserError(str(exc)) from None
    print(classroom.summary(class_dir, info), flush=True)
    if args.setup_only:
        print(f"Set up only. Start the hub with: {' '.join(classroom.hub_command(class_dir))}")
        return 0
    import os

    from finmkt.paths import tool_env

    argv = classroom.hub_command(class_dir)
    os.chdir(class_dir)
    os.execve(argv[0], argv, tool_env())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finmkt", description="Financial product marketing course kit.")
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="generate or check the synthetic world")
    dsub = data.add_subparsers(dest="data_command", required=True)
    b = dsub.add_parser("build", help="generate every dataset from the seed")
    b.add_argument("--seed", type=int, default=None, help="random seed (default: the course seed)")
    b.add_argument("--scale", type=int, default=None, help="number of customers (default 24,000)")
    b.add_argument("--out", default=None, help="output folder (default: the course's datasets/)")
    b.set_defaults(func=_data_build)
    v = dsub.add_parser("verify", help="check dataset files against MANIFEST.json")
    v.add_argument("dir", nargs="?", default=None)
    v.set_defaults(func=_data_verify)

    r = sub.add_parser("release", help="regenerate notebooks/ from solutions/ with nbgrader")
    r.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    r.add_argument("--refresh-checks", action="store_true",
                   help="first run each solution notebook and rewrite the digests of its value checks "
                        "(finmkt.check.confirm); needed after the data or a reference answer changes")
    r.set_defaults(func=_release)

    w = sub.add_parser("workspace", help="create your own copies of the lessons in my_work/")
    w.add_argument("--fresh", metavar="LESSON", help="fresh copy of one lesson, e.g. 01_market_analysis/01_market_sizing")
    w.set_defaults(func=_workspace)

    lab = sub.add_parser("lab", help="open the course in JupyterLab (trainee mode; --instructor for the grading tools)",
                         description="Open the course in JupyterLab. Options this command does not know "
                                     "are passed to JupyterLab (e.g. --no-browser --port 8899).")
    lab.add_argument("--instructor", action="store_true",
                     help="instructor mode: rooted at the course folder, with Formgrader, Create Assignment, Course List")
    lab.add_argument("--dir", default=None, help="folder to open (default: my_work/, or the course folder with --instructor)")
    lab.add_argument("--max-hint-level", type=int, default=None, metavar="N",
                     help="show at most N hints per exercise in this session (0: none), for graded work")
    lab.add_argument("--print-command", action="store_true", help="print the JupyterLab command and exit")
    lab.set_defaults(func=_lab, jupyter_args=[])

    cl = sub.add_parser("classroom", help="run a class on JupyterHub with the nbgrader exchange (one machine)",
                        description="Start JupyterHub for the class in ROSTER (a CSV with the header id,role; "
                                    "role trainee or instructor). See docs/CLASSROOM.md.")
    cl.add_argument("roster", help="the roster CSV (id,role)")
    cl.add_argument("--dir", default=None, help="the class folder: homes, exchange, hub state (default: classroom/)")
    cl.add_argument("--course", default=None, help="the nbgrader course folder (default: this course)")
    cl.add_argument("--ip", default="127.0.0.1", help="address the hub listens on (default 127.0.0.1; 0.0.0.0 for a classroom network)")
    cl.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000; it also uses the next two)")
    cl.add_argument("--setup-only", action="store_true", help="write the class folder and exit")
    cl.set_defaults(func=_classroom)

    try:
        from finmkt.grading import cli as grading_cli
    except ImportError:
        grading_cli = None
    if grading_cli is not None:
        grading_cli.add_parser(sub, UserError)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if args.func is not _lab:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.jupyter_args = unknown  # finmkt lab passes options it does not know to JupyterLab
    try:
        return args.func(args)
    except UserError as exc:
        print(f"finmkt: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("finmkt: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the data layer's DataError and friends: one line, not a traceback
        from finmkt.data import DataError

        if isinstance(exc, DataError | FileNotFoundError | PermissionError):
            print(f"finmkt: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
