"""Typical mistakes, one module per lesson.

Each module defines ``LESSON = "<assignment>/<lesson>"`` and
``MISTAKES = {exercise_name: [(old, new), ...]}``: textual replacements applied to the
solution cell whose nbgrader grade_id is the exercise name. The grading test
(``tests/test_grade_assignments.py``: ``finmkt grade``, one class per module) proves each
mistake loses exactly that exercise's points and nothing else.
"""

import importlib
import pkgutil


def all_mistakes() -> dict[str, dict[str, list[tuple[str, str]]]]:
    """{lesson: {exercise: [(old, new), ...]}} for every lesson module in this package."""
    out = {}
    for mod in pkgutil.iter_modules(__path__):
        m = importlib.import_module(f"{__name__}.{mod.name}")
        out[m.LESSON] = m.MISTAKES
    return out
