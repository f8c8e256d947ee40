"""The nbgrader side: course config, release cells, autograde with pre-executed
outputs, feedback without hidden tests, gradebook backup and reads.

Everything here runs in the trusted grader process; student code never runs here.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from finmkt.grading.executor import is_test_cell

#: (student, notebook) -> executed notebook, handed from the workers to nbgrader.
EXECUTED: dict[tuple[str, str], nbformat.NotebookNode] = {}
#: notebook -> {grade_id: released source} (hidden tests already removed by nbgrader).
RELEASED: dict[str, dict[str, str]] = {}


class InjectOutputs(NbGraderPreprocessor):
    """Stands in for nbgrader's ``Execute``: copies the sandboxed run's outputs in.

    Cells are matched by position and text; a test cell without a matching executed
    cell gets an error output (it can never earn points).
    """

    def preprocess(self, nb, resources):
        """Fill outputs of ``nb`` from the executed copy of this student's notebook."""
        key = (resources["nbgrader"]["student"], resources["nbgrader"]["notebook"])
        done = EXECUTED.get(key)
        ran = [c for c in done.cells if c.cell_type == "code"] if done is not None else []
        code = [c for c in nb.cells if c.cell_type == "code"]
        by_text: dict[str, list] = {}
        for c in ran:
            by_text.setdefault(c.source, []).append(c)
        for i, cell in enumerate(code):
            match = ran[i] if i < len(ran) and ran[i].source == cell.source and len(ran) == len(code) else None
            if match is None and by_text.get(cell.source):
                match = by_text[cell.source].pop(0)
            if match is not None:
                cell.outputs, cell.execution_count = match.outputs, match.execution_count
            else:
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename="NotExecuted", evalue="not run by the grader", traceback=[])] \
                    if is_test_cell(cell) else []
        return nb, resources


class HideTests(NbGraderPreprocessor):
    """Feedback never shows hidden tests: test cells get their released text back and
    their error outputs lose the traceback (which quotes the failing hidden line)."""

    def preprocess(self, nb, resources):
        """Strip hidden tests and tracebacks from the feedback copy of ``nb``."""
        released = RELEASED.get(resources["nbgrader"]["notebook"], {})
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            gid = meta.get("grade_id")
            if meta.get("locked") and gid in released:
                cell.source = released[gid]
            if is_test_cell(cell):
                visible = cell.source
                outs = []
                for out in cell.get("outputs", []):
                    if out.output_type == "error":
                        evalue = out.get("evalue", "")
                        shown = evalue if evalue and evalue in visible or out.get("ename") in (
                            "Timeout", "DeadKernel", "NotExecuted", "TestFailed", "GradingError") \
                            or _is_not_answered(out) or _is_blocked_import(out) else ""
                        text = f"{out.get('ename', 'Error')}: {shown}" if shown else \
                            f"{out.get('ename', 'Error')} (a hidden test failed)"
                        outs.append(nbformat.v4.new_output("stream", name="stderr", text=text + "\n"))
                    elif out.output_type == "stream" and out.name == "stderr":
                        outs.append(nbformat.v4.new_output("stream", name="stderr", text="(error output hidden)\n"))
                cell.outputs = outs
        return nb, resources


_NOT_ANSWERED = re.compile(r"Exercise \d+ \(\w+\) is not answered yet: replace raise NotImplementedError\(\) "
                           r"in its cell with your code, then run that cell\.")


def _is_not_answered(out) -> bool:
    """finmkt.check's "not answered yet" line, exactly (any other text could carry hidden tests)."""
    return out.get("ename") == "NotAnswered" and bool(_NOT_ANSWERED.fullmatch(out.get("evalue", "")))


def _is_blocked_import(out) -> bool:
    """The graded kernel's refusal to import the course's reference code, exactly (the trainee
    must see why the exercise scored 0; the fixed text cannot carry a hidden test)."""
    from finmkt.grading.guard import BLOCKED_MESSAGE

    return out.get("ename") == "ImportError" and out.get("evalue", "") == BLOCKED_MESSAGE


def course_config(course: Path, work: Path) -> Config:
    """The course's nbgrader config, with submissions read from the grader's staging folder."""
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config() \
        if (course / "nbgrader_config.py").exists() else Config()
    cfg.CourseDirectory.root = str(course)
    cfg.CourseDirectory.submitted_directory = str(work / "submitted")
    cfg.Autograde.autograde_preprocessors = [InjectOutputs, IgnorePattern, ClearMetadataPreprocessor,
                                             LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                             CheckCellMetadata]
    cfg.GenerateFeedback.preprocessors = [HideTests, GetGrades, CSSHTMLHeaderPreprocessor]
    cfg.Application.log_level = "WARN"
    return cfg


def api(cfg: Config) -> NbGraderAPI:
    """An in-process nbgrader API bound to ``cfg``."""
    coursedir = CourseDirectory(config=cfg)
    return NbGraderAPI(coursedir=coursedir, config=cfg)


def db_url(cfg: Config) -> str:
    """The gradebook's URL."""
    return CourseDirectory(config=cfg).db_url


def release(cfg: Config, assignment: str, out: Path) -> dict[str, nbformat.NotebookNode]:
    """Run nbgrader generate_assignment (records the source in the gradebook) into ``out``."""
    c = Config(cfg)
    c.CourseDirectory.release_directory = str(out)
    res = api(c).generate_assignment(assignment, force=True, create=True)
    if not res["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{res.get('log', '')}"
                           f"{res.get('error', '')}")
    folder = out / assignment
    nbs = {p.stem: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}
    for name, nb in nbs.items():
        RELEASED[name] = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
                          if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")}
    return nbs


def full_sources(cfg: Config, assignment: str) -> dict[str, dict[str, str]]:
    """{notebook: {grade_id: source}} as recorded in the gradebook (hidden tests included)."""
    with Gradebook(db_url(cfg)) as gb:
        return {nb.name: {c.name: c.source for c in nb.source_cells}
                for nb in gb.find_assignment(assignment).notebooks}


def backup_gradebook(url: str, folder: Path) -> Path | None:
    """Copy the (sqlite) gradebook to ``folder`` with a timestamp; None if there is none yet."""
    if not url.startswith("sqlite:///"):
        return None
    db = Path(url[len("sqlite:///"):])
    if not db.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"gradebook-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.db"
    with sqlite3.connect(db) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    return dest


def autograde(cfg: Config, assignment: str, student: str) -> tuple[bool, str]:
    """nbgrader autograde of one staged submission (outputs come from EXECUTED)."""
    res = api(cfg).autograde(assignment, student, force=True, create=True)
    return bool(res["success"]), (res.get("log") or "") + (res.get("error") or "")


def feedback(cfg: Config, assignment: str, student: str) -> tuple[bool, str]:
    """nbgrader generate_feedback for one student (hidden tests stripped by HideTests)."""
    res = api(cfg).generate_feedback(assignment, student, force=True)
    return bool(res["success"]), (res.get("log") or "") + (res.get("error") or "")


def scores(url: str, assignment: str, student: str) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """(score, max score, {grade_id: (score, max)}) of one submission from the gradebook."""
    with Gradebook(url) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            a = gb.find_assignment(assignment)
            return 0.0, float(a.max_score), {}
        cells = {}
        for nb in sub.notebooks:
            for g in nb.grades:
                cells[f"{nb.name}/{g.name}"] = (float(g.score), float(g.max_score))
        return float(sub.score), float(sub.max_score), cells


def tempdir(parent: Path) -> Path:
    """A fresh folder under ``parent``."""
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=parent))
