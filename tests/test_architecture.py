"""The floors of the package and what may import what (docs/ARCHITECTURE.md), read from the code.

Every import counts, also one made inside a function (a lazy import is still an arrow):

* ``finmkt.methods`` (the reference methods, the answers) imports nothing of ``finmkt`` but
  itself and ``finmkt.recipes``; ``finmkt.recipes`` imports nothing of ``finmkt``;
* what a trainee's kernel imports never reaches ``finmkt.methods``: ``finmkt.check``,
  ``finmkt.hints``, ``finmkt.plotting``, ``finmkt.paths``, ``finmkt.widgets`` and the data
  package's face (``finmkt/data/__init__.py``: ``load``); a data family may import a method only
  inside a function (its ``truth()``, or a ``generate()`` that uses a lesson's rule), never at
  module level, so ``import finmkt.data`` and ``load`` never import it (also checked by running);
* no ``finmkt.data`` module imports ``finmkt.widgets``;
* the grading package imports neither ``finmkt.data`` nor ``finmkt.widgets`` nor ``finmkt.methods``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "finmkt"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, module_level_only: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) for every import in a file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.append((mod, node.lineno))
            out += [(f"{mod}.{a.name}", node.lineno) for a in node.names]
    return out


def _files(*places: str) -> list[Path]:
    out = []
    for place in places:
        p = PACKAGE / place
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p.with_suffix(".py")]
    assert out and all(f.exists() for f in out), places
    return out


def _reaches(mod: str, target: str) -> bool:
    return mod == target or mod.startswith(target + ".")


def _offences(files, forbidden, *, allowed=(), module_level_only=False) -> list[str]:
    bad = []
    for f in files:
        for mod, line in _imports(f, module_level_only=module_level_only):
            if any(_reaches(mod, t) for t in forbidden) and not any(_reaches(mod, a) for a in allowed):
                bad.append(f"{f.relative_to(PACKAGE.parent)}:{line} imports {mod}")
    return bad


def test_methods_import_nothing_of_finmkt_but_the_recipes():
    assert _offences(_files("methods"), ["finmkt"], allowed=["finmkt.methods", "finmkt.recipes"]) == []


def test_recipes_import_nothing_of_finmkt():
    assert _offences(_files("recipes"), ["finmkt"], allowed=["finmkt.recipes"]) == []


@pytest.mark.parametrize("place", ["check", "hints", "plotting", "paths", "widgets", "data/__init__"])
def test_trainee_facing_modules_never_import_the_methods(place):
    assert _offences(_files(place), ["finmkt.methods"]) == []


def test_data_families_import_a_method_only_inside_a_function():
    assert _offences(_files("data"), ["finmkt.methods"], module_level_only=True) == []


def test_data_never_imports_the_widgets():
    assert _offences(_files("data"), ["finmkt.widgets"]) == []


def test_grading_imports_neither_data_nor_widgets_nor_methods():
    assert _offences(_files("grading"), ["finmkt.data", "finmkt.widgets", "finmkt.methods"]) == []


def test_a_lesson_kernel_runs_without_the_methods():
    """Importing what a lesson imports and loading a dataset leaves finmkt.methods unimported."""
    widgets = sorted(p.stem for p in (PACKAGE / "widgets").glob("*.py") if p.stem != "__init__")
    code = ("import sys, finmkt, finmkt.check, finmkt.hints, finmkt.plotting, finmkt.data, finmkt.data.spec\n"
            + "".join(f"import finmkt.widgets.{w}\n" for w in widgets)
            + "from finmkt.data import load\nload('products')\n"
            + "print(sorted(m for m in sys.modules if m.startswith('finmkt.methods')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_every_methods_module_is_named_by_a_lesson_slug():
    slugs = {p.stem for p in (PACKAGE / "exercises").glob("*.py") if p.stem != "__init__"}
    modules = {p.stem for p in (PACKAGE / "methods").glob("*.py") if p.stem != "__init__"}
    assert modules <= slugs, modules - slugs
