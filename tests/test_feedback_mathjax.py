"""nbgrader feedback HTML renders formulas offline: MathJax is embedded, never a CDN link."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from finmkt.jupyter.feedback import mathjax_file
from finmkt.paths import tool_env
from tests.notebook_tools import ROOT

pytestmark = pytest.mark.slow

CDN = re.compile(r"<script[^>]+src=[\"'][^\"']*(https?:)?//[^\"']*mathjax", re.I)


def _assignment(path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Tiny\n\nThe top-down size is $\\text{TAM} = N \\times p \\times r$."),
        nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
            "grade": False, "solution": True, "locked": False, "grade_id": "answer", "schema_version": 3}}),
        nbformat.v4.new_code_cell("assert x == 1", metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "grade_id": "test_answer", "points": 1,
            "schema_version": 3}}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)


def test_feedback_embeds_mathjax_and_links_no_cdn(tmp_path):
    course = tmp_path / "course"
    _assignment(course / "source" / "ps1" / "tiny.ipynb")
    # the course's own nbgrader_config.py, pointed at this throw-away course
    (course / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"_cfg = {str(ROOT / 'nbgrader_config.py')!r}\n"
        "exec(compile(open(_cfg).read(), _cfg, 'exec'), {'get_config': lambda: c, '__file__': _cfg})\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.source_directory = 'source'\n"
        "c.CourseDirectory.release_directory = 'release'\n"
        "c.CourseDirectory.submitted_directory = 'submitted'\n"
        "c.CourseDirectory.autograded_directory = 'autograded'\n"
        "c.CourseDirectory.feedback_directory = 'feedback'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{course / 'gradebook.db'}'\n"
    )
    env = tool_env()

    def nbgrader(*args):
        done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout}\n{done.stderr}"

    nbgrader("generate_assignment", "ps1", "--create", "--force")
    submitted = course / "submitted" / "s1" / "ps1"
    submitted.mkdir(parents=True)
    (submitted / "tiny.ipynb").write_bytes((course / "release" / "ps1" / "tiny.ipynb").read_bytes())
    nbgrader("autograde", "ps1", "--create", "--force")
    nbgrader("generate_feedback", "ps1", "--force")

    html = (course / "feedback" / "s1" / "ps1" / "tiny.html").read_text(encoding="utf-8")
    assert "\\text{TAM}" in html, "the formula is missing from the feedback"
    assert not CDN.search(html), "feedback loads MathJax from the network"
    assert "cdnjs.cloudflare.com/ajax/libs/mathjax" not in html
    assert "window.MathJax" in html and "inlineMath" in html
    # the MathJax code itself is in the page (a chunk of the shipped component file)
    code = mathjax_file().read_text(encoding="utf-8")
    assert code[1000:1200] in html
    assert len(html) > len(code)
