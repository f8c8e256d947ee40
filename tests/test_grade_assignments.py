"""``finmkt grade`` on every real assignment: one class per module, graded once.

The class has four students, each handing in every lesson of the module:

- ``reference``: the release with every answer cell filled in from the solution: every
  test cell scores full marks, and the gradebook's points per lesson are the registry's;
- ``release``: the untouched release: every test cell scores zero, and the feedback tells
  the trainee which exercises are not answered yet;
- ``mistakes-odd`` and ``mistakes-even``: the reference with the documented typical
  mistakes (``tests/mistakes``) of the odd-numbered (1st, 3rd, ...) or even-numbered
  exercises of each lesson applied. Each such exercise must score zero and every other
  exercise full marks, so a mistake that costs its neighbour points (the next exercise,
  which uses its result) fails the test. Later hidden tests carry forward from the
  trainee's own results, which is what makes mistakes independent.

All four are graded cleanly (status ``graded``). Beside them sits the module's forged student
(``tests/test_forged_imports.py``): an exercise answered by one import of ``finmkt.methods``
must score zero, and say why (``imports reference code`` in grades.csv, the kernel's message in
the cell and the feedback); every other forge is run as graded by the catch measurement
(``tests/test_catch_mistakes.py``). That ``finmkt grade`` scores exactly as
plain ``nbgrader autograde`` is proven on the toy corpus (``tests/test_grading.py``).

The ``release`` student's run also proves, in the grader's kernel, that every lesson
*reads whole* as a trainee gets it: Run All never stops (every cell that raises is tagged
``raises-exception``), a cell that raises is an exercise stub (``NotImplementedError``)
or a test saying "Exercise N (name) is not answered yet", never a ``NameError`` or any
other error, no figure is drawn under an error, and the lesson's widget cell shows its
widget or prints the one line saying which exercise it waits for. That the widget renders
and responds, and that Chinese renders, is shown in a browser (``tests/test_browser.py``).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from finmkt.cli import main
from finmkt.exercises import for_lesson
from tests.mistakes import all_mistakes
from tests.notebook_tools import (
    RELEASE,
    ROOT,
    SOLUTIONS,
    answered,
    lesson_id,
    max_scores,
    nbgrader_meta,
    read,
    scores,
    with_mistake,
)
from tests.test_forged_imports import forged_students, grade_forges

ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
MISTAKES = all_mistakes()
STUDENTS = ("reference", "release", "mistakes-odd", "mistakes-even")


def batches(nb, mistakes: dict) -> dict[str, list[str]]:
    """{"odd": [...], "even": [...]}: the lesson's exercises with a mistake, split by their
    position (1, 2, 3, ...) among the solution cells of the notebook."""
    order = [nbgrader_meta(c)["grade_id"] for c in nb.cells
             if nbgrader_meta(c).get("solution") and nbgrader_meta(c).get("grade_id") in mistakes]
    return {"odd": order[0::2], "even": order[1::2]}




def _course(tmp: Path, assignment: str) -> Path:
    """A throw-away course folder: the config and the assignment's sources (``finmkt grade``
    generates the release and the gradebook entries itself)."""
    course = tmp / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(SOLUTIONS / assignment, course / "solutions" / assignment)
    return course


# --- what a trainee sees after Run All of a fresh release -----------------------------

#: An exception's output (traceback, or the course's one-line "DataError: ...").
_EXCEPTION = re.compile(r"Traceback|^\s*\w*(Error|Exception)\b", re.M)
_NOT_ANSWERED = re.compile(r"Exercise \d+ \(\w+\) is not answered yet")
_WIDGET_CELL = re.compile(r"\b\w+_(widget|explorer)\(")
_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _errors(cell) -> list[str]:
    """What the cell shows as an error: error outputs and stderr text that reads as one."""
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "error":
            out.append(f"{o.get('ename', '')}: {o.get('evalue', '')}")
        elif o.output_type == "stream" and o.name == "stderr" and _EXCEPTION.search(o.text):
            out.append(o.text)
    return out


def release_reading_problems(release, ran) -> list[str]:
    """Why a trainee's Run All of ``release`` would not read whole, judged on ``ran`` (the
    same notebook executed cell by cell, every cell run): empty when it reads whole."""
    problems = []
    code = [c for c in release.cells if c.cell_type == "code"]
    done = [c for c in ran.cells if c.cell_type == "code"]
    # (the grader runs test cells with their hidden tests put back: compare the other cells)
    if [c.source for c in code if not nbgrader_meta(c).get("grade")] != \
            [c.source for c in done if not nbgrader_meta(c).get("grade")] or len(code) != len(done):
        return ["the executed notebook's code cells differ from the release's"]
    widget_cells = 0
    for i, (cell, out) in enumerate(zip(code, done, strict=True)):
        where = f"code cell {i} ({nbgrader_meta(cell).get('grade_id') or cell.get('id')})"
        if out.get("execution_count") is None:
            problems.append(f"{where} did not run")
        errors = _errors(out)
        for e in errors:
            if "NameError" in e or not (re.search("NotImplementedError", e) or _NOT_ANSWERED.search(e)):
                problems.append(f"{where} failed without naming the missing exercise: {e[-300:]}")
        if errors and "raises-exception" not in cell.metadata.get("tags", []):
            problems.append(f"{where} raises but is not tagged raises-exception: Run All stops there")
        if errors and any("image/png" in o.get("data", {}) for o in out.outputs):
            problems.append(f"{where}: a figure under an error")
        if _WIDGET_CELL.search(cell.source):
            widget_cells += 1
            shows = any(_WIDGET_MIME in o.get("data", {}) for o in out.outputs)
            waits = any(o.output_type == "stream" and "needs exercise" in o.text for o in out.outputs)
            if not (shows or waits):
                problems.append(f"{where}: the widget cell shows neither a widget nor what it waits for")
    if not widget_cells:
        problems.append("the lesson has no widget cell")
    return problems


def test_release_reading_problems_are_found():
    """The reads-whole judge on a hand-made run: each way a Run All goes wrong is named."""
    v4 = nbformat.v4

    def cell(source, *outputs, tags=(), count=1):
        c = v4.new_code_cell(source, outputs=list(outputs), execution_count=count)
        if tags:
            c.metadata["tags"] = list(tags)
        return c

    def err(ename, evalue=""):
        return v4.new_output("error", ename=ename, evalue=evalue, traceback=[])

    stub = cell("raise NotImplementedError()", err("NotImplementedError"), tags=["raises-exception"])
    wait = cell('show_widget()\nsizing_widget(x)',
                v4.new_output("stream", name="stdout", text="This widget needs exercise 1 (x): answer it"))
    good = v4.new_notebook(cells=[cell("x = 1"), stub, wait])
    release = v4.new_notebook(cells=[nbformat.from_dict(c) for c in good.cells])
    assert release_reading_problems(release, good) == []
    bad = v4.new_notebook(cells=[
        cell("x = y", err("NameError", "name 'y' is not defined"), tags=["raises-exception"]),
        cell("raise NotImplementedError()", err("NotImplementedError")),  # untagged: Run All stops
        cell("plot()", err("NotAnswered", "Exercise 1 (x) is not answered yet"),
             v4.new_output("display_data", data={"image/png": "iVBOR"}), tags=["raises-exception"]),
        cell("sizing_widget(x)"),  # neither a widget nor a line saying what it waits for
        cell("z = 2", count=None)])
    release = v4.new_notebook(cells=[nbformat.from_dict(c) for c in bad.cells])
    problems = "\n".join(release_reading_problems(release, bad))
    for expected in ("code cell 0 (", "without naming the missing exercise", "not tagged raises-exception",
                     "a figure under an error", "shows neither", "code cell 4 (", "did not run"):
        assert expected in problems, (expected, problems)
    assert release_reading_problems(v4.new_notebook(cells=[cell("x = 1")]),
                                    v4.new_notebook(cells=[cell("x = 1")])) == ["the lesson has no widget cell"]


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_finmkt_grade_scores_each_exercise(assignment, tmp_path, grading_sandbox):
    lessons = sorted((SOLUTIONS / assignment).glob("*.ipynb"))
    course = _course(tmp_path, assignment)
    subs = tmp_path / "submissions"
    for student in STUDENTS:
        (subs / student).mkdir(parents=True)
    groups, exercises = {}, {}
    for path in lessons:
        lesson, name = lesson_id(path), path.stem
        mistakes = MISTAKES.get(lesson, {})
        exercises[name] = for_lesson(lesson)
        assert set(mistakes) == {e.name for e in exercises[name]}, \
            f"{lesson}: every exercise needs a documented typical mistake (tests/mistakes)"
        solution, release = read(path), read(RELEASE / assignment / path.name)
        groups[name] = batches(solution, mistakes)
        assert sorted(groups[name]["odd"] + groups[name]["even"]) == sorted(mistakes)
        shutil.copy(RELEASE / assignment / path.name, subs / "release" / path.name)
        nbformat.write(answered(solution, release), subs / "reference" / path.name)
        for label, group in groups[name].items():
            nb = solution
            for ex in group:
                nb = with_mistake(nb, ex, mistakes[ex])
            nbformat.write(answered(nb, release), subs / f"mistakes-{label}" / path.name)

    forges = forged_students(assignment, subs)
    out = tmp_path / "out"
    argv = ["grade", assignment, "--submissions", str(subs), "--out", str(out), "--course", str(course),
            "--workers", "2", "--no-progress", *grading_sandbox.argv]
    assert main(argv) == 0
    with (out / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert sorted(rows) == sorted({*STUDENTS, *(f.student for f in forges)})
    for student in STUDENTS:
        assert rows[student]["status"] == "graded", rows[student]
    assert float(rows["reference"]["max_score"]) > 0
    assert float(rows["reference"]["score"]) == float(rows["reference"]["max_score"]), rows["reference"]
    assert float(rows["release"]["score"]) == 0, rows["release"]

    maxima, got = max_scores(course, assignment), scores(course, assignment)
    wrong = []
    for path in lessons:
        name = path.stem
        assert set(maxima[name]) == {f"test_{e.name}" for e in exercises[name]}, f"{name}: graded cells"
        assert sum(maxima[name].values()) == sum(e.points for e in exercises[name]), f"{name}: points"
        if got[("reference", name)] != maxima[name]:
            wrong.append(f"{name}: the reference must score full marks: {got[('reference', name)]}")
        if got[("release", name)] != dict.fromkeys(maxima[name], 0.0):
            wrong.append(f"{name}: the untouched release must score zero: {got[('release', name)]}")
        for label, group in groups[name].items():
            expected = {**maxima[name], **{f"test_{ex}": 0.0 for ex in group}}
            have = got[(f"mistakes-{label}", name)]
            diff = {k: (have.get(k), v) for k, v in expected.items() if have.get(k) != v}
            if diff:
                wrong.append(f"{name}: with the typical mistakes of exercises {group} applied, each must lose "
                             f"exactly its own points; (got, expected) per test cell: {diff}")
    wrong += grade_forges(forges, course, out, rows)
    assert not wrong, "\n".join(wrong)

    # the committed release is what nbgrader generates from solutions/ (``finmkt grade`` just
    # generated it from the same sources and config): nothing stale for trainees to download
    generated = out / "work" / "release" / assignment
    assert sorted(p.name for p in generated.glob("*.ipynb")) == sorted(p.name for p in lessons), \
        f"{assignment}: the generated release and solutions/ hold different notebooks"
    stale = [p.name for p in lessons if read(generated / p.name) != read(RELEASE / assignment / p.name)]
    assert not stale, f"notebooks/{assignment}/{stale} stale: run `finmkt release` and commit notebooks/"

    feedback = "".join(p.read_text(encoding="utf-8") for p in (out / "feedback" / "release").glob("*.html"))
    assert "is not answered yet" in feedback, "the release's feedback names the unanswered exercises"

    # the release reads whole: judged on the grader's run of the untouched release
    autograded = course / "grading" / "autograded" / "release" / assignment
    problems = [f"{path.stem}: {p}" for path in lessons
                for p in release_reading_problems(read(RELEASE / assignment / path.name),
                                                  read(autograded / path.name))]
    assert not problems, "the release does not read whole before the exercises:\n" + "\n".join(problems)
