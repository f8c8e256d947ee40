"""The README, the folder layout and the code tell the same story."""

import re
import subprocess
import sys

from tests.notebook_tools import ROOT, solution_notebooks

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_lesson_is_listed():
    for nb in solution_notebooks():
        assert nb.stem in README, f"README does not list lesson {nb.stem}"


def test_linked_and_named_paths_exist():
    links = re.findall(r"\]\(([^)#:]+)\)", README)
    named = re.findall(r"`((?:docs|tests|benchmarks|datasets|solutions|notebooks|finmkt)/[^`*<]*)`", README)
    for rel in links + named:
        assert (ROOT / rel.rstrip("/")).exists(), f"README mentions {rel}, which does not exist"


def test_documented_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"make (\w+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), f"README mentions `make {target}`"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in README and re.search(r"^make test$", ci, re.M)


def test_documented_cli_commands_parse():
    for cmd in ("data build", "data verify", "release", "workspace"):
        assert f"finmkt {cmd}" in README or f"`{cmd}`" in README or cmd in README
        proc = subprocess.run([sys.executable, "-m", "finmkt.cli", *cmd.split(), "--help"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_lesson_table_counts_the_registered_exercises():
    from finmkt.exercises import for_lesson

    rows = re.findall(r"^\| (\d\d_\w+) \| (\d\d_\w+):[^|]*\| (\d+) \|$", README, re.M)
    assert len(rows) == len(solution_notebooks())
    for module, lesson, n in rows:
        assert int(n) == len(for_lesson(f"{module}/{lesson}")), f"README: {lesson} has {len(for_lesson(f'{module}/{lesson}'))} exercises"
