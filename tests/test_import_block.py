"""The graded kernel's import block for the course's reference answers (``finmkt.methods``),
without a kernel: the hook's text (``guard.BLOCK``, exactly what the kernel runs) is exec'd
here against a stand-in ``finmkt.methods`` package, and the sandbox's command line is
checked for the masks over the files themselves."""

from __future__ import annotations

import importlib
import importlib.util
import runpy
import sys
import types
from pathlib import Path

import pytest

from finmkt.grading import guard
from finmkt.grading.sandbox import bwrap_args, hidden_course_paths


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """A stand-in ``finmkt.methods`` (package ``methods`` with a submodule ``loan_pricing``)
    first on ``finmkt``'s search path, whether or not this checkout has the real one."""
    import finmkt

    pkg = tmp_path / "finmkt_extra" / "methods"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("ANSWER = 42\n")
    (pkg / "loan_pricing.py").write_text("def break_even(x):\n    return 2 * x\n")
    monkeypatch.setattr(finmkt, "__path__", [str(pkg.parent), *finmkt.__path__])
    saved = {n: m for n, m in sys.modules.items() if n.startswith(guard.BLOCKED_PACKAGE)}
    for n in saved:
        del sys.modules[n]
    had_attr = "methods" in vars(finmkt)
    old_attr = vars(finmkt).get("methods")
    if had_attr:  # (another test in this process imported the real one)
        del finmkt.methods
    yield pkg
    for n in [n for n in sys.modules if n.startswith(guard.BLOCKED_PACKAGE)]:
        del sys.modules[n]
    sys.modules.update(saved)
    if had_attr:
        finmkt.methods = old_attr
    elif "methods" in vars(finmkt):
        del finmkt.methods


@pytest.fixture
def block(stand_in, monkeypatch):
    """The block installed on a copy of sys.meta_path (removed again after the test)."""
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    ns = {"__name__": "__finmkt_block"}
    exec(guard.BLOCK, ns)  # noqa: S102 - the kernel's own code
    assert ns["install"]() == ["sys.meta_path (finmkt.methods import block)"]  # first install
    return ns


def _refused(excinfo):
    assert guard.BLOCKED_MESSAGE in str(excinfo.value)  # runpy wraps it in its own ImportError
    assert "reference answers" in guard.BLOCKED_MESSAGE and "own code" in guard.BLOCKED_MESSAGE


def test_the_stand_in_imports_without_the_block(stand_in):
    assert importlib.import_module("finmkt.methods.loan_pricing").break_even(2) == 4


@pytest.mark.parametrize("how", [
    lambda: importlib.import_module("finmkt.methods"),
    lambda: importlib.import_module("finmkt.methods.loan_pricing"),
    lambda: __import__("finmkt.methods.loan_pricing", fromlist=["break_even"]),
    lambda: exec("from finmkt.methods.loan_pricing import break_even"),  # noqa: S102
    lambda: exec("import finmkt.methods as m"),  # noqa: S102
    lambda: exec("from finmkt import methods"),  # noqa: S102
    lambda: importlib.util.find_spec("finmkt.methods.loan_pricing"),
    lambda: runpy.run_module("finmkt.methods.loan_pricing"),
], ids=["import_module", "import_module submodule", "__import__", "from-import", "import-as",
        "from finmkt import methods", "find_spec", "runpy"])
def test_every_import_route_gets_the_clear_error(block, how):
    with pytest.raises(ImportError) as excinfo:
        how()
    _refused(excinfo)


def test_everything_else_still_imports(block):
    for name in ("finmkt", "finmkt.data", "finmkt.check", "finmkt.hints", "finmkt.plotting",
                 "finmkt.exercises", "json", "pandas"):
        importlib.import_module(name)
    with pytest.raises(ModuleNotFoundError):  # a look-alike name is not refused by the block
        importlib.import_module("finmkt.methodsx")
    assert block["install"]() == []  # nothing to undo while the block stands


def test_removal_and_sys_modules_tricks_are_undone(block):
    hook = block["HOOK"]
    sys.meta_path.remove(hook)
    mod = importlib.import_module("finmkt.methods.loan_pricing")  # the bypass works ...
    assert mod.break_even(1) == 2
    undone = block["install"]()  # ... until the guard runs again before the next test cell
    assert "sys.meta_path (finmkt.methods import block)" in undone
    assert "sys.modules['finmkt.methods.loan_pricing']" in undone
    assert sys.meta_path[0] is hook
    assert not [n for n in sys.modules if n.startswith("finmkt.methods")]
    import finmkt

    assert "methods" not in vars(finmkt)
    with pytest.raises(ImportError) as excinfo:
        importlib.import_module("finmkt.methods.loan_pricing")
    _refused(excinfo)


def test_a_finder_put_in_front_is_moved_behind_the_block(block):
    class Sneaky:
        def find_spec(self, fullname, path=None, target=None):
            return None

    sys.meta_path.insert(0, Sneaky())
    assert block["install"]() == []  # not tampering by itself (libraries may add finders) ...
    assert sys.meta_path[0] is block["HOOK"]  # ... but the block is first again


def test_a_module_planted_in_sys_modules_is_dropped(block):
    sys.modules["finmkt.methods"] = types.ModuleType("finmkt.methods")
    assert block["install"]() == ["sys.modules['finmkt.methods']"]
    assert "finmkt.methods" not in sys.modules


def test_the_kernel_preamble_installs_the_block_and_the_guard_reinstalls_it():
    """The preamble runs the block's install before it records anything, the guard calls it
    before and after every test cell, and the hook's class and instance are guarded."""
    assert guard.PREAMBLE.index('block["install"]()') < guard.PREAMBLE.index("shell = get_ipython()")
    assert 'restored = block["install"]()' in guard.PREAMBLE  # _common: guard and unguard
    assert 'klasses.append(block["ReferenceBlock"])' in guard.PREAMBLE
    assert repr(guard.BLOCK) in guard.PREAMBLE
    compile(guard.PREAMBLE, "<preamble>", "exec")


def test_the_sandbox_hides_the_reference_code_solutions_and_truth(tmp_path):
    """Inside bubblewrap the files are gone too: an empty tmpfs over the installed
    finmkt/methods (where the kernel would import it from), the solutions and the planted truth,
    whenever they lie under a folder the sandbox mounts."""
    import finmkt
    from finmkt.paths import data_dir, repo_root

    paths = hidden_course_paths()
    pkg = Path(finmkt.__file__).resolve().parent
    assert str(pkg / "methods") in paths
    assert str(repo_root() / "solutions") in paths
    assert str(data_dir() / "truth") in paths
    args = bwrap_args(tmp_path / "w", tmp_path / "i")
    covered = [args[i + 1] for i, a in enumerate(args) if a == "--tmpfs"]
    for p in paths:
        if Path(p).is_dir() and any(Path(p).is_relative_to(m) and Path(p) != Path(m)
                                    for m in (pkg, data_dir())):
            assert p in covered, p
    if (pkg / "methods").is_dir():
        assert str(pkg / "methods") in covered
    if (data_dir() / "truth").is_dir():
        assert str(data_dir() / "truth") in covered
    # the mask comes after the package's own mount (bubblewrap applies them in order)
    if str(pkg / "methods") in covered:
        assert args.index(str(pkg / "methods")) > args.index(str(pkg))


def test_a_lost_exercise_is_named_in_the_status_and_shown_in_the_feedback():
    """The grader finds the refusal in the executed cells (answer or test) and names them; the
    feedback shows the exact message in a test cell instead of hiding it as a hidden test."""
    import nbformat

    from finmkt.grading.nbg import _is_blocked_import
    from finmkt.grading.run import STATUS_ORDER, blocked_imports

    def cell(gid, ename, evalue):
        c = nbformat.v4.new_code_cell("x")
        c.metadata["nbgrader"] = {"grade_id": gid}
        c.outputs = [nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])]
        return c

    nb = nbformat.v4.new_notebook(cells=[
        cell("raroc", "ImportError", guard.BLOCKED_MESSAGE),
        cell("test_raroc", "NameError", "name 'x' is not defined"),
        cell("test_break_even_rate", "ImportError", guard.BLOCKED_MESSAGE),
        cell("test_reprice", "AssertionError", "wrong")])
    assert blocked_imports(nb) == ["raroc", "test_break_even_rate"]
    assert STATUS_ORDER.index("imports reference code") < STATUS_ORDER.index("graded")
    assert _is_blocked_import({"ename": "ImportError", "evalue": guard.BLOCKED_MESSAGE})
    assert not _is_blocked_import({"ename": "ImportError", "evalue": guard.BLOCKED_MESSAGE + " secret == 42"})
    assert not _is_blocked_import({"ename": "AssertionError", "evalue": guard.BLOCKED_MESSAGE})


#: Ways past the import hook; inside the sandbox each must find no reference code.
BYPASSES = {
    "import": "import finmkt.methods.loan_pricing as m",
    "hook removed, then import": "import sys\nsys.meta_path[:] = [f for f in sys.meta_path "
                                 "if type(f).__name__ != 'ReferenceBlock']\n"
                                 "from finmkt.methods.loan_pricing import raroc",
    "sys.modules emptied, then import": "import sys\nsys.meta_path.pop(0)\nsys.modules.pop('finmkt', None)\n"
                                        "import finmkt.methods.loan_pricing",
    "read the file and exec it": "import finmkt, pathlib\n"
                                 "p = pathlib.Path(finmkt.__file__).parent / 'methods' / 'loan_pricing.py'\n"
                                 "exec(p.read_text(), {})",
    "load it by path": "import finmkt, importlib.util, pathlib\n"
                       "p = pathlib.Path(finmkt.__file__).parent / 'methods' / 'loan_pricing.py'\n"
                       "s = importlib.util.spec_from_file_location('x', p)\nm = importlib.util.module_from_spec(s)\n"
                       "s.loader.exec_module(m)",
    "runpy.run_path": "import finmkt, runpy, pathlib\n"
                      "runpy.run_path(str(pathlib.Path(finmkt.__file__).parent / 'methods' / 'loan_pricing.py'))",
    "list the folder": "import finmkt, os, pathlib\n"
                       "assert os.listdir(pathlib.Path(finmkt.__file__).parent / 'methods'), 'empty'",
    "solutions": "from finmkt.paths import solutions_dir\nassert any(solutions_dir().rglob('*.ipynb')), 'none'",
    "planted truth": "from finmkt.paths import data_dir\nassert any((data_dir() / 'truth').iterdir()), 'none'",
}


@pytest.mark.slow
def test_no_way_past_the_block_inside_the_sandbox(tmp_path, grading_sandbox):
    """A sandboxed kernel set up as the grader does: every import route, removing the hook,
    reading or loading the files by path, finds no reference code; loading the data works."""
    import time

    from finmkt.grading.executor import Runner
    from finmkt.grading.sandbox import start_kernel

    grading_sandbox.require("the masks over finmkt/methods, solutions/ and truth/")
    if importlib.util.find_spec(guard.BLOCKED_PACKAGE) is None:
        pytest.skip(f"this layout has no {guard.BLOCKED_PACKAGE}")
    got = {}
    for what, code in {**BYPASSES,
                       "load data": "from finmkt.data import load\nassert len(load('customers')) > 0"}.items():
        kernel = start_kernel(tmp_path / "k", sandbox=True, memory_bytes=None)  # a fresh kernel each
        try:
            runner = Runner(kernel, 60, time.monotonic() + 120)
            assert runner.run(guard.PREAMBLE, store_history=False)[0] == "ok"
            status, outs, _ = runner.run(code)
            got[what] = (status, [o.get("ename") for o in outs if o.output_type == "error"])
        finally:
            kernel.kill()
    assert got.pop("load data")[0] == "ok"
    assert all(status == "error" for status, _ in got.values()), got
