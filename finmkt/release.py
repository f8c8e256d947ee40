"""Generate the student release (``notebooks/``) from the nbgrader source (``solutions/``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from finmkt.paths import release_dir, repo_root, solutions_dir, tool_env


def assignments() -> list[str]:
    """Assignment ids: the module folders of ``solutions/`` that hold notebooks."""
    return sorted(p.name for p in solutions_dir().iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def lessons(assignment: str) -> list[str]:
    return sorted(p.stem for p in (solutions_dir() / assignment).glob("*.ipynb"))


def generate(assignment: str, out: Path | None = None) -> Path:
    """Run ``nbgrader generate_assignment`` for one assignment.

    ``out`` is the release folder (default: the course's ``notebooks/``); the
    gradebook used for the run is a throw-away one, so releasing never touches
    an instructor's grades. Returns the folder holding the released notebooks.
    """
    out = Path(out) if out is not None else release_dir()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
            f"--CourseDirectory.release_directory={out}",
            f"--CourseDirectory.db_url=sqlite:///{Path(tmp) / 'release.db'}",
            "--log-level=WARN",
        ]
        proc = subprocess.run(cmd, cwd=repo_root(), capture_output=True, text=True, env=tool_env())
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{proc.stdout}\n{proc.stderr}")
    return out / assignment


def generate_all(out: Path | None = None) -> list[Path]:
    """Regenerate every assignment; stale notebooks of a regenerated module are removed."""
    out = Path(out) if out is not None else release_dir()
    done = []
    for a in assignments():
        target = out / a
        if target.exists():
            for nb in target.glob("*.ipynb"):
                nb.unlink()
        done.append(generate(a, out))
        for extra in target.iterdir():  # nbgrader copies any support files; keep notebooks only
            if extra.is_dir():
                shutil.rmtree(extra)
    return done


def _confirm_calls(source: str) -> list[tuple[str, int, int, int]]:
    """(label, line, start column, end column) of each ``confirm("label", value, "digest", ...)``
    call's digest literal in a cell's source (lines 1-based, columns of that line)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "confirm"
                and len(node.args) >= 3 and all(isinstance(node.args[i], ast.Constant) for i in (0, 2))):
            d = node.args[2]
            if d.lineno == d.end_lineno:
                found.append((node.args[0].value, d.lineno, d.col_offset, d.end_col_offset))
    return found


def refresh_checks(paths: list[Path], timeout: int = 300) -> list[str]:
    """Write the digests of the value-confirming checks (``finmkt.check.confirm``) of the
    given solution notebooks from their reference run. Each notebook is executed once with
    ``FINMKT_CHECK_RECORD`` set (``confirm`` records instead of checking); the digest literal
    of every call is rewritten in place. Returns one line per notebook. Raises ``RuntimeError``
    when the reference fails, a label gives two values, or a value sits on a rounding edge
    (the author then chooses another precision).
    """
    import json
    import os

    import nbformat

    from finmkt.check import RECORD_ENV
    from finmkt.execute import notebook_client

    report = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not any(_confirm_calls(c.source) for c in nb.cells if c.cell_type == "code"):
            continue
        with tempfile.TemporaryDirectory(prefix="finmkt-checks-") as tmp:
            record = Path(tmp) / "record.jsonl"
            old = os.environ.get(RECORD_ENV)
            os.environ[RECORD_ENV] = str(record)
            try:
                notebook_client(nbformat.reads(nbformat.writes(nb), as_version=4), timeout=timeout,
                                kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
            except Exception as exc:
                raise RuntimeError(f"{path.name}: the reference solution failed: {exc}") from None
            finally:
                if old is None:
                    os.environ.pop(RECORD_ENV, None)
                else:
                    os.environ[RECORD_ENV] = old
            rows = [json.loads(x) for x in record.read_text(encoding="utf-8").splitlines()] if record.exists() else []
        got: dict[str, str] = {}
        problems = []
        for r in rows:
            if r["edge"]:
                problems.append(f"{r['label']} has a value on a rounding edge at {r['sig']} significant figures "
                                f"({r['edge']}); choose another sig= (clear of edges: {r.get('clear')})")
            if got.setdefault(r["label"], r["digest"]) != r["digest"]:
                problems.append(f"{r['label']} is confirmed twice with different values")
        if problems:
            raise RuntimeError(f"{path.name}: " + "; ".join(problems))
        changed = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            lines = cell.source.split("\n")
            for label, line, start, end in sorted(_confirm_calls(cell.source), key=lambda t: (-t[1], -t[2])):
                if label not in got:
                    raise RuntimeError(f"{path.name}: confirm({label!r}, ...) never ran in the reference")
                text = lines[line - 1].encode()  # ast columns count UTF-8 bytes
                new = text[:start] + f'"{got[label]}"'.encode() + text[end:]
                changed += new != text
                lines[line - 1] = new.decode()
            cell.source = "\n".join(lines)
        if changed:
            nbformat.write(nb, path)
        report.append(f"{path.relative_to(repo_root()) if path.is_relative_to(repo_root()) else path}: "
                      f"{len(got)} checks, {changed} digests rewritten")
    return report
