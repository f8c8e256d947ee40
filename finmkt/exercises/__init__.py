"""The course's exercises by name: hints and the documented typical mistake.

Each lesson has a module here (``market_sizing``, ...) that defines its exercises with
:func:`exercise`. The hint helper (:func:`finmkt.hint`) and the instructor tools read
this registry; the kit's grading tests (``finmkt grade`` on every module) prove that each
typical mistake loses exactly its points.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    name: str  #: the name trainees ask about, e.g. "tam_top_down"
    lesson: str  #: "<assignment>/<lesson>", e.g. "01_market_analysis/01_market_sizing"
    title: str
    hints: tuple[str, ...]
    mistake: str  #: the typical mistake, in a sentence a trainee recognises
    points: int


REGISTRY: dict[str, Exercise] = {}


def exercise(name: str, lesson: str, title: str, hints: list[str], mistake: str, points: int) -> Exercise:
    """Register an exercise (called by the lesson modules at import time)."""
    if name in REGISTRY:
        raise ValueError(f"Exercise name {name!r} is registered twice")
    if not hints:
        raise ValueError(f"Exercise {name!r} needs at least one hint")
    ex = Exercise(name, lesson, title, tuple(hints), mistake, points)
    REGISTRY[name] = ex
    return ex


def _load_all() -> None:
    for mod in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{mod.name}")


def for_lesson(lesson: str) -> list[Exercise]:
    """The exercises of one lesson, in registration order."""
    return [e for e in REGISTRY.values() if e.lesson == lesson]


_load_all()
