"""Forged submissions, found automatically: an exercise answered by one call of the course's
own reference code scores 0 under ``finmkt grade``, and the grader says why.

For every registered exercise the test looks for callables in the installed ``finmkt``
package (every submodule, ``finmkt.methods`` included when it exists) whose name is the
exercise's name or an alias of it (:data:`ALIASES`, and the name-similarity rule of
:func:`_core`). Each match becomes a forge: the exercise's function, in its solution cell,
replaced by ``from <module> import <name> as _pkg; return _pkg(*args, **kwargs)``. The other
exercises keep the reference answer, so each forge is graded on its own.

* **Each forge scores 0**: every forge runs as the grader runs it, in the lesson's one kernel of
  the catch measurement (``benchmarks/catch_mistakes.py``, :func:`~benchmarks.catch_mistakes.forges`;
  ``tests/test_catch_mistakes.py``): the grader's import block in place, the forged answer
  cell and the cells up to the exercise's test cell, that one with its hidden tests. The test
  cell must raise (the exercise scores 0) and, for a forge of ``finmkt.methods``, the kernel's
  refusal must show in the answer or the test cell, which is where the grader finds it. A forge
  of a function that lives anywhere else and still passes is an answer the methods floor has
  not moved yet (architecture review, F2).
* **Graded end to end**: the first forge of ``finmkt.methods`` in each module also joins the
  module's class in ``tests/test_grade_assignments.py`` (one ``finmkt grade`` run per module):
  it must score 0 for that exercise, with ``imports reference code`` in grades.csv and the
  kernel's message in the cell and the feedback. (Grading every forge so took 58 notebook
  runs, as many as the rest of the classes.)

Run ``python -m benchmarks.catch_mistakes --set forges`` to see every forge's outcome, and
``tests/test_grade_assignments.py`` with ``-s`` for the graded ones' table (lesson, exercise,
package function, points, score, where the reason shows). That a forge of ``finmkt.methods`` would
earn its points without the block is shown by the import block's own tests: the hook and the
sandbox are what refuse it (``tests/test_import_block.py``).
"""

from __future__ import annotations

import ast
import copy
import html
import importlib
import importlib.util
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import finmkt
from finmkt.exercises import REGISTRY
from finmkt.grading.guard import BLOCKED_MESSAGE, BLOCKED_PACKAGE
from finmkt.grading.run import REFERENCE_IMPORT
from tests.notebook_tools import (
    RELEASE,
    SOLUTIONS,
    answered,
    max_scores,
    nbgrader_meta,
    read,
    scores,
)

#: Package functions that answer an exercise under another name (architecture review F2, and
#: read from the package: same inputs, same result).
ALIASES = {
    "dnc_violations": ["within_dnc"],
    "pi02_violations": ["pi02"],
    "break_even_rate": ["break_even"],
    "instalment_apr": ["apr_irr"],
    "find_rings": ["ring_table", "reference_rings"],
    "level_at_sale": ["sale_flags"],
    "assessment_status": ["sale_flags"],
    "markov_credit": ["markov_removal"],
    "shapley_values": ["shapley_from_values"],
    "set_values": ["exact_set_values"],
    "sample_size": ["fleiss_n", "fleiss_sample_size"],
    "retention_gain": ["five_point_gain"],
    "standardise": ["zscore"],
    "competitor_distances": ["distances"],
    "peak_month": ["bass_peak"],
    "survival_curves": ["channel_survival"],
    "reallocate": ["optimal_allocation"],
    "optimal_rate": ["best_rate"],
    "channel_ltv": ["ltv"],
}

#: The name-similarity rule: names that differ only by one of these are the same method.
_SUFFIXES = ("_violations", "_rates", "_rate", "_table", "_values", "_credit", "_status", "_scores",
             "_curves", "_points", "_flags")
_PREFIXES = ("exact_", "reference_", "fit_", "compute_")


def _core(name: str) -> str:
    name = name.lstrip("_")
    for p in _PREFIXES:
        name = name.removeprefix(p)
    for s in _SUFFIXES:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


def _matches(exercise: str, name: str) -> bool:
    if name == exercise or name in ALIASES.get(exercise, ()):
        return True
    core = _core(exercise)
    return len(core) >= 3 and _core(name) == core


def _package_callables() -> dict[tuple[str, str], str]:
    """{(module, attribute): module that defines it} for every finmkt callable reachable as an
    attribute of a finmkt module (re-exports included: each is an import a trainee could write)."""
    found = {}
    mods = [finmkt] + [importlib.import_module(m.name)
                       for m in pkgutil.walk_packages(finmkt.__path__, "finmkt.")]
    for mod in mods:
        for name, obj in vars(mod).items():
            home = getattr(obj, "__module__", None) or ""
            if callable(obj) and not inspect.ismodule(obj) and home.startswith("finmkt") \
                    and not name.startswith("__"):
                found[(mod.__name__, name)] = home
    return found


@dataclass
class Forge:
    lesson: str           #: "04_compliance/03_contact_consent"
    exercise: str
    module: str           #: where the forge imports it from
    name: str
    home: str             #: the module that defines it
    points: int
    student: str          #: the forged student who carries it
    score: float | None = None
    reason: list[str] = field(default_factory=list)

    @property
    def in_methods(self) -> bool:
        return self.home == BLOCKED_PACKAGE or self.home.startswith(BLOCKED_PACKAGE + ".")


def _forges() -> list[Forge]:
    """Every (exercise, package function) match, the defining module's first."""
    table = _package_callables()
    out = []
    for ex in REGISTRY.values():
        hits = sorted((m, n) for (m, n) in table if _matches(ex.name, n))
        # the defining module first: it is the forge a trainee would find first
        hits.sort(key=lambda mn: (table[mn] != mn[0], mn))
        out += [Forge(ex.lesson, ex.name, m, n, table[(m, n)], ex.points, "forged") for m, n in hits]
    return out


FORGES = _forges()
ASSIGNMENTS = sorted({f.lesson.split("/")[0] for f in FORGES})
#: The forges graded end to end: the first of ``finmkt.methods`` in each module.
GRADED_FORGES = [next(f for f in FORGES if f.in_methods and f.lesson.startswith(a + "/")) for a in ASSIGNMENTS]


def forge_source(source: str, exercise: str, module: str, name: str) -> str:
    """The solution cell ``source`` with the function ``exercise`` replaced by one call of
    ``module.name`` (signature ``*args, **kwargs``); every other line is kept."""
    tree = ast.parse(source)
    [fn] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == exercise]
    lines = source.split("\n")
    forged = [f"def {exercise}(*args, **kwargs):",
              f"    from {module} import {name} as _pkg",
              "    return _pkg(*args, **kwargs)"]
    lines[fn.lineno - 1: fn.end_lineno] = forged
    return "\n".join(lines)


def _strip_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n")
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def _forged_solution(lesson: str, forges: list[Forge]):
    """The solution notebook (hidden tests included) with ``forges`` applied."""
    nb = nbformat.read(SOLUTIONS / f"{lesson}.ipynb", as_version=4)
    by_ex = {f.exercise: f for f in forges}
    for cell in nb.cells:
        f = by_ex.get(nbgrader_meta(cell).get("grade_id"))
        if f is not None and nbgrader_meta(cell).get("solution"):
            cell.source = forge_source(cell.source, f.exercise, f.module, f.name)
    assert all(any(nbgrader_meta(c).get("grade_id") == e for c in nb.cells) for e in by_ex), lesson
    return nb




def _cells_of(nb, exercise: str):
    return [c for c in nb.cells if nbgrader_meta(c).get("grade_id") in (exercise, f"test_{exercise}")]


def _errors(cells) -> list[dict]:
    return [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def forged_students(assignment: str, subs: Path) -> list[Forge]:
    """Write the module's forged students (:data:`GRADED_FORGES`) into ``subs`` (one folder
    each, the lessons they forge) and return their forges (copies, to be filled in by
    :func:`grade_forges`)."""
    forges = [copy.copy(f) for f in GRADED_FORGES if f.lesson.startswith(assignment + "/")]
    for f in forges:
        f.student = f"forged-{f.student}"
    for student in sorted({f.student for f in forges}):
        for lesson in sorted({f.lesson for f in forges if f.student == student}):
            mine = [f for f in forges if f.student == student and f.lesson == lesson]
            (subs / student).mkdir(parents=True, exist_ok=True)
            nbformat.write(_unanswered_after(answered(_forged_solution(lesson, mine), read(RELEASE / f"{lesson}.ipynb")),
                                             read(RELEASE / f"{lesson}.ipynb"), {f.exercise for f in mine}),
                           subs / student / f"{Path(lesson).name}.ipynb")
    return forges


def _unanswered_after(nb, release, exercises: set[str]):
    """``nb`` with every answer cell after the last test cell of ``exercises`` put back to the
    release's stub: only the forged exercises are scored, and the cells after them then cost
    the grader almost nothing (stubs and waiting read-outs) instead of a whole lesson's run."""
    ids = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    last = max(i for i, g in enumerate(ids) if g in {f"test_{e}" for e in exercises})
    stubs = {nbgrader_meta(c).get("grade_id"): c.source for c in release.cells if nbgrader_meta(c).get("solution")}
    out = nbformat.from_dict(nb)
    for i, cell in enumerate(out.cells):
        gid = nbgrader_meta(cell).get("grade_id")
        if i > last and nbgrader_meta(cell).get("solution") and gid in stubs:
            cell.source = stubs[gid]
    return out


def grade_forges(forges: list[Forge], course: Path, out: Path, rows: dict) -> list[str]:
    """After ``finmkt grade``: each forge's score and where the reason shows; the problems."""
    assignment = forges[0].lesson.split("/")[0] if forges else ""
    got, maxima = scores(course, assignment), max_scores(course, assignment)
    for f in forges:
        nb_name = Path(f.lesson).name
        test_id = f"test_{f.exercise}"
        assert maxima[nb_name][test_id] == f.points, (f.exercise, maxima[nb_name])
        f.score = got[(f.student, nb_name)][test_id]
        details = rows[f.student]["details"]
        if REFERENCE_IMPORT in details and re.search(rf"\b(test_)?{f.exercise}\b",
                                                     details.split(REFERENCE_IMPORT, 1)[1]):
            f.reason.append("grades.csv")
        graded_nb = nbformat.read(course / "grading" / "autograded" / f.student / assignment /
                                  f"{nb_name}.ipynb", as_version=4)
        if any(BLOCKED_MESSAGE in str(o.get("evalue", "")) for o in _errors(_cells_of(graded_nb, f.exercise))):
            f.reason.append("cell output")
        feedback = out / "feedback" / f.student / f"{nb_name}.html"
        if feedback.exists() and BLOCKED_MESSAGE in html.unescape(feedback.read_text(encoding="utf-8")):
            f.reason.append("feedback")
    _print_table(forges)
    problems = [f"a forge of {BLOCKED_PACKAGE} scores or does not say why: {f.exercise} <- {f.module}.{f.name}: "
                f"score {f.score}, reason shown in {f.reason}" for f in forges
                if f.in_methods and (f.score != 0 or {"grades.csv", "cell output", "feedback"} - set(f.reason))]
    problems += [f"{f.score:g} points answered by reference code outside {BLOCKED_PACKAGE} (architecture "
                 f"review F2): {f.exercise} <- {f.module}.{f.name}" for f in forges if not f.in_methods and f.score]
    return problems


def _print_table(forges: list[Forge]) -> None:
    print("\n| lesson | exercise | package function | points | score under finmkt grade | reason shown in |")
    print("|---|---|---|---|---|---|")
    for f in forges:
        print(f"| {f.lesson} | {f.exercise} | `{f.module}.{f.name}` | {f.points} | {f.score:g} | "
              f"{', '.join(f.reason) or '-'} |")


def test_forges_are_found():
    """The search finds the known forges of the review (F2) wherever the functions live."""
    found = {(f.exercise, f.name) for f in FORGES}
    for pair in [("dnc_violations", "within_dnc"), ("pi02_violations", "pi02"), ("raroc", "raroc"),
                 ("break_even_rate", "break_even"), ("mask_allowed", "mask_allowed")]:
        assert pair in found, pair
    assert all(f.student.startswith("forged") for f in FORGES)


def test_forge_source_replaces_only_the_exercise():
    src = ("def helper(x):\n    return x\n\n\ndef raroc(rate, ftp):\n    # hint\n    ### BEGIN SOLUTION\n"
           "    return rate - ftp\n    ### END SOLUTION\n\n\nr = raroc(1, 2)\n")
    out = _strip_markers(forge_source(src, "raroc", "finmkt.methods.loan_pricing", "raroc"))
    assert "def helper(x):\n    return x" in out and "r = raroc(1, 2)" in out
    assert "def raroc(*args, **kwargs):\n    from finmkt.methods.loan_pricing import raroc as _pkg\n" \
           "    return _pkg(*args, **kwargs)" in out
    assert "rate - ftp" not in out



def test_the_forge_run_finds_a_test_cell_that_gives_points_without_the_function():
    """The catch measurement's forge run (``benchmarks/catch_mistakes.py``) on a toy lesson: a
    test cell that calls the function fails under the forge and shows the refusal; one that
    checks nothing the forge changes passes, and is reported as scoring."""
    from benchmarks.catch_mistakes import _run_lesson

    def cell(source, gid, solution=False, grade=False):
        c = nbformat.v4.new_code_cell(source)
        c.metadata["nbgrader"] = {"grade_id": gid, "solution": solution, "grade": grade, "locked": not solution}
        return c

    answer = "def double(x):\n    return 2 * x\n"
    nb = nbformat.v4.new_notebook(cells=[cell(answer, "double", solution=True),
                                         cell("assert double(3) == 6", "test_double", grade=True),
                                         cell(answer.replace("double", "triple"), "triple", solution=True),
                                         cell("assert 1 == 1", "test_triple", grade=True)])
    forged = {ex: forge_source(nb.cells[i].source, ex, "finmkt.methods.copy_review", "normalise")
              for i, ex in ((0, "double"), (2, "triple"))}
    attempts = [dict(exercise=ex, mistake=f"forge of {ex}", written=True, forge=True, solution=i, stop=i + 1,
                     source=forged[ex], test_source=nb.cells[i + 1].source) for i, ex in ((0, "double"), (2, "triple"))]
    ref, double, triple = _run_lesson(dict(lesson="toy/forges", nb=nb, timeout=60, attempts=attempts))
    assert not ref.error, ref.error
    assert double.caught and double.blocked and double.message.startswith("ImportError"), double
    assert not triple.caught and not triple.blocked, triple  # answered by import, and it would score
