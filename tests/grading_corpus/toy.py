"""A toy nbgrader course (one notebook, two exercises, 5 points) and hostile submissions.

``make_course`` writes the course (the kit's nbgrader_config.py, a source notebook);
``CASES`` maps a student id to (how to build the submission, expected score, expected
status). Scores follow from the exercises: ``double`` is worth 2 points, ``mean`` 3.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "toy"
NOTEBOOK = "toy"
POINTS = {"test_double": 2, "test_mean": 3}
#: marker in the command line of processes a hostile submission leaves behind
LEFTOVER_MARKER = "finmkt-leftover-987"


def _nbg(cell, **meta):
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False,
                                 "locked": False, **meta}
    return cell


def source_notebook():
    """The instructor's source notebook of the toy assignment."""
    cells = [
        _nbg(new_markdown_cell("# Toy lesson\nTwo exercises."), grade_id="intro", locked=True),
        _nbg(new_code_cell("import math\nDATA = [1.0, 2.0, 3.0]"), grade_id="setup", locked=True),
        _nbg(new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
                           "result = double(21)"), grade_id="answer_double", solution=True),
        _nbg(new_code_cell("assert callable(double), 'define a function double(x)'\n"
                           "### BEGIN HIDDEN TESTS\nassert float(double(21)) == 42.0\n"
                           "assert float(double(2.5)) == 5.0  # HIDDEN-CHECK-DOUBLE\n### END HIDDEN TESTS"),
             grade_id="test_double", grade=True, locked=True, points=POINTS["test_double"]),
        _nbg(new_code_cell("def mean(xs):\n    ### BEGIN SOLUTION\n    return sum(xs) / len(xs)\n"
                           "    ### END SOLUTION\nm = mean(DATA)"), grade_id="answer_mean", solution=True),
        _nbg(new_code_cell("assert callable(mean), 'define a function mean(xs)'\n"
                           "### BEGIN HIDDEN TESTS\nassert math.isclose(float(mean([1, 2, 3])), 2.0)\n"
                           "assert math.isclose(float(mean([1.5, 2.5, 5.0])), 3.0)  # HIDDEN-CHECK-MEAN\n"
                           "### END HIDDEN TESTS"),
             grade_id="test_mean", grade=True, locked=True, points=POINTS["test_mean"]),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    return nb


def make_course(tmp: Path) -> Path:
    """A throw-away course folder with the toy assignment in solutions/."""
    course = tmp / "course"
    (course / "solutions" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    nbformat.write(source_notebook(), course / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    return course


def release_notebook(course: Path):
    """The student version (nbgrader generate_assignment into a scratch folder)."""
    import subprocess
    import sys

    from finmkt.paths import tool_env

    out = course / "release_tmp"
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force",
                           f"--CourseDirectory.release_directory={out}",
                           f"--CourseDirectory.db_url=sqlite:///{course / 'release.db'}",
                           "--log-level=WARN"], cwd=course, capture_output=True, text=True, env=tool_env())
    assert proc.returncode == 0, proc.stderr
    nb = nbformat.read(out / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    shutil.rmtree(out)
    (course / "release.db").unlink()
    return nb


def _cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def answered(release, double=True, mean=True):
    """The release with the reference answers filled in for the chosen exercises."""
    nb = copy.deepcopy(release)
    if double:
        _cell(nb, "answer_double").source = "def double(x):\n    return 2 * x\nresult = double(21)"
    if mean:
        _cell(nb, "answer_mean").source = "def mean(xs):\n    return sum(xs) / len(xs)\nm = mean(DATA)"
    return nb


def _prepend(nb, code):
    nb.cells.insert(0, new_code_cell(code))
    return nb


def _edit(nb, gid, **changes):
    cell = _cell(nb, gid)
    for k, v in changes.items():
        if k == "source":
            cell.source = v
        else:
            cell.metadata["nbgrader"][k] = v
    return nb


def _drop(nb, gid):
    nb.cells.remove(_cell(nb, gid))
    return nb


def _dup(nb, gid):
    cell = _cell(nb, gid)
    nb.cells.insert(nb.cells.index(cell) + 1, copy.deepcopy(cell))
    return nb


def _strip_meta(nb, *gids):
    for gid in gids:
        del _cell(nb, gid).metadata["nbgrader"]
    return nb


def _same_ids(nb):
    for c in nb.cells:
        c["id"] = "same"
    return nb


def _answer(nb, gid, code):
    _cell(nb, gid).source = code
    return nb


def _fake_test_cell(nb):
    cell = new_code_cell("pass")
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade": True, "solution": False, "locked": True,
                                 "grade_id": "test_double", "points": 10}
    nb.cells.insert(2, cell)
    cell2 = new_code_cell("pass")
    cell2.metadata["nbgrader"] = {"schema_version": 3, "grade": True, "solution": False, "locked": True,
                                  "grade_id": "bonus", "points": 50}
    nb.cells.append(cell2)
    return nb


def snoop_code(secrets: dict[str, str]) -> str:
    """A cell that tries to read/write instructor files and other students' work, and the network."""
    return f"""
import os, socket
LEAKS = []
for label, path in {json.dumps(secrets)}.items():
    try:
        with open(path, 'rb') as f:
            f.read(10)
        LEAKS.append('READ ' + label)
    except Exception:
        pass
    try:
        with open(path, 'ab') as f:
            f.write(b'garbage')
        LEAKS.append('WROTE ' + label)
    except Exception:
        pass
try:
    socket.create_connection(('127.0.0.1', 22), timeout=1)
    LEAKS.append('NET')
except Exception:
    pass
try:
    socket.create_connection(('8.8.8.8', 53), timeout=1)
    LEAKS.append('NET')
except Exception:
    pass
print('LEAK' + 'ED' if LEAKS else 'sealed', LEAKS)
"""


FORK = f"""
import subprocess, sys, os
procs = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(900)', '{LEFTOVER_MARKER}'])
         for _ in range(5)]
if os.fork() == 0:
    import time
    time.sleep(900)
"""


#: Rewrites the kernel's own messages: failed cells reply "ok" and send no error output.
SESSION_SEND = """
import jupyter_client.session as _session
_real_send = _session.Session.send
def _send(self, stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == "error":
        return None
    if isinstance(content, dict) and content.get("status") == "error":
        content = {"status": "ok", "execution_count": content.get("execution_count"),
                   "user_expressions": {}, "payload": []}
    return _real_send(self, stream, msg_or_type, content, *args, **kwargs)
_session.Session.send = _send
"""

#: Cases that are only safe inside the sandbox (student id -> why); without it
#: (``--no-sandbox``) they are not graded at all.
SANDBOX_ONLY = {
    "snoop": "tries to read and append to the solutions, the gradebook, nbgrader_config.py "
             "and another student's notebook, and to open network connections",
}


def cases(release, secrets: dict[str, str]) -> dict[str, tuple]:
    """student id -> (submission notebook, or bytes for a raw file, or None; score; status)."""
    stub = copy.deepcopy(release)
    r = release
    return {
        "reference": (answered(r), 5, "graded"),
        "stub": (stub, 0, "graded"),
        "partial": (answered(r, mean=False), 2, "graded"),
        "wrong_mean": (_answer(answered(r), "answer_mean", "def mean(xs):\n    return 0\nm = mean(DATA)"),
                       2, "graded"),
        "custom_exc": (_prepend(copy.deepcopy(stub),
                                "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)"),
                       0, "kernel tampering undone"),
        "showtraceback": (_prepend(copy.deepcopy(stub),
                                   "import sys\nfrom IPython.core.interactiveshell import InteractiveShell\n"
                                   "sys.excepthook = lambda *a: None\n"
                                   "InteractiveShell.showtraceback = lambda *a, **k: None\n"
                                   "InteractiveShell._showtraceback = lambda *a, **k: None"),
                          0, "kernel tampering undone"),
        "always_equal": (_answer(answered(r), "answer_double",
                                 "class Anything:\n    def __eq__(self, other):\n        return True\n"
                                 "    def __float__(self):\n        return 42.0\n"
                                 "def double(x):\n    return Anything()\nresult = double(21)"), 3, "graded"),
        "patched_helpers": (_prepend(_answer(answered(r), "answer_mean", "def mean(xs):\n    return 0\nm = mean(DATA)"),
                                     "import math, builtins\nmath.isclose = lambda *a, **k: True\n"
                                     "builtins.float = lambda x=0: 2.0"), 2, "kernel tampering undone"),
        "session_send": (_prepend(copy.deepcopy(stub), SESSION_SEND), 0, "kernel tampering undone"),
        "send_patched_in_test": (_answer(copy.deepcopy(stub), "answer_double",
                                         "def double(x):\n" + "".join("    " + line + "\n" for line in
                                                                      SESSION_SEND.strip().splitlines())
                                         + "    return 0\nresult = None"), 0, "kernel tampering undone"),
        "edited_tests_full": (_edit(_edit(answered(r), "test_double", source="pass", points=100),
                                    "test_mean", source="pass"), 5, "tampered cells restored"),
        "edited_tests_stub": (_edit(_edit(copy.deepcopy(stub), "test_double", source="pass"),
                                    "test_mean", source="assert True"), 0, "tampered cells restored"),
        "deleted_tests_stub": (_drop(_drop(copy.deepcopy(stub), "test_double"), "test_mean"), 0,
                               "tampered cells restored"),
        "deleted_test_full": (_drop(answered(r), "test_double"), 5, "tampered cells restored"),
        "duplicated_test": (_dup(answered(r, mean=False), "test_double"), 2, "tampered cells restored"),
        "repointed": (_fake_test_cell(copy.deepcopy(stub)), 0, "tampered cells restored"),
        "retyped": (_strip_meta(answered(r), "test_double", "test_mean"), 5, "tampered cells restored"),
        "inflated_points": (_edit(answered(r), "test_mean", points=1000), 5, "tampered cells restored"),
        "duplicate_ids": (_same_ids(answered(r)), 5, "graded"),
        "bad_kernelspec": (_set_kernelspec(answered(r)), 5, "graded"),
        "infinite_loop": (_answer(answered(r), "answer_double", "while True:\n    pass"), 0, "timeout"),
        "os_exit": (_answer(answered(r), "answer_mean", "import os\nos._exit(3)"), 2, "kernel died"),
        "memory_hog": (_answer(answered(r), "answer_mean", "hog = bytearray(6 * 2**30)"), 2, "memory limit"),
        "fork_sleepers": (_prepend(answered(r), FORK), 5, "graded"),
        "output_flood": (_prepend(answered(r), "for _ in range(100000):\n    print('flood' * 20)"), 5, "graded"),
        "snoop": (_prepend(answered(r), snoop_code(secrets)), 5, "graded"),
        "empty_file": (b"", 0, "invalid notebook"),
        "invalid_json": (b'{"cells": [ {"cell_type": "code", ', 0, "invalid notebook"),
        "missing_notebook": (None, 0, "missing notebook"),
    }


def _set_kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "Nope", "language": "cobol"}
    return nb


def write_submission(folder: Path, nb) -> None:
    """Write one student's folder (a notebook, raw bytes, or only an unrelated file)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{NOTEBOOK}.ipynb"
    if nb is None:
        (folder / "notes.txt").write_text("forgot the notebook")
    elif isinstance(nb, bytes):
        target.write_bytes(nb)
    else:
        nbformat.write(nb, target)
