"""finmkt lab: the trainee and instructor modes, the start page and the first-launch layout."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from finmkt import jupyter
from finmkt.cli import main
from finmkt.exercises import for_lesson
from finmkt.workspace import START_PAGE, ensure, start_page

EXT = "--ServerApp.jpserver_extensions=nbgrader.server_extensions."


def _flags(launch) -> dict[str, str]:
    return dict(a[2:].split("=", 1) for a in launch.argv if a.startswith("--") and "=" in a
                and not a.startswith(EXT)) | {
        a[len(EXT):].split("=")[0]: a.rsplit("=", 1)[1] for a in launch.argv if a.startswith(EXT)}


def test_trainee_mode_switches_instructor_tools_off(tmp_path):
    launch = jupyter.lab_command("trainee", root=tmp_path)
    f = _flags(launch)
    assert f["ServerApp.root_dir"] == str(tmp_path.resolve())
    assert (f["formgrader"], f["course_list"], f["assignment_list"], f["validate_assignment"]) == \
        ("False", "False", "False", "True")
    settings = Path(f["LabApp.app_settings_dir"])
    disabled = json.loads((settings / "page_config.json").read_text())["disabledExtensions"]
    assert all(disabled.get(p) for p in jupyter.INSTRUCTOR_PLUGINS)
    assert disabled.get("@jupyter/nbgrader:assignment-list") and disabled.get("@jupyter/nbgrader:menu")
    assert not disabled.get("@jupyter/nbgrader:validate-assignment")
    # the venv's scripts (alembic) come first on PATH, whatever PATH was
    assert launch.env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)


def test_trainee_gets_the_assignment_list_when_an_exchange_exists(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    root = tmp_path / "work"
    root.mkdir()
    (root / "nbgrader_config.py").write_text(f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n")
    launch = jupyter.lab_command("trainee", root=root)
    f = _flags(launch)
    assert launch.exchange == str(exchange) and f["assignment_list"] == "True" and f["formgrader"] == "False"
    disabled = json.loads((Path(f["LabApp.app_settings_dir"]) / "page_config.json").read_text())["disabledExtensions"]
    assert all(disabled.get(p) for p in jupyter.INSTRUCTOR_PLUGINS)
    assert not disabled.get("@jupyter/nbgrader:assignment-list") and not disabled.get("@jupyter/nbgrader:menu")


def test_instructor_mode_is_rooted_at_the_course_with_every_tool(tmp_path):
    from finmkt.paths import repo_root

    launch = jupyter.lab_command("instructor", max_hint_level=1)
    f = _flags(launch)
    assert f["ServerApp.root_dir"] == str(repo_root())
    assert {f[k] for k in ("formgrader", "course_list", "assignment_list", "validate_assignment")} == {"True"}
    disabled = json.loads((Path(f["LabApp.app_settings_dir"]) / "page_config.json").read_text())["disabledExtensions"]
    assert not any(disabled.values())
    assert launch.env["FINMKT_MAX_HINT_LEVEL"] == "1"


def test_every_mode_has_no_news_popup():
    for mode in ("trainee", "trainee_exchange", "instructor"):
        over = json.loads((jupyter.LAB_SETTINGS / mode / "overrides.json").read_text())
        assert over["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false", mode


def test_cli_print_command_passes_jupyter_options(tmp_path, capsys):
    assert main(["lab", f"--dir={tmp_path}", "--print-command", "--no-browser", "--port=8899"]) == 0
    out = capsys.readouterr().out
    assert "-m jupyterlab" in out and "--no-browser --port=8899" in out and "formgrader=False" in out
    assert main(["lab", "--instructor", f"--dir={tmp_path}", "--print-command"]) == 2  # no nbgrader_config.py


def _release(tmp_path: Path) -> Path:
    rel = tmp_path / "release"
    (rel / "01_market_analysis").mkdir(parents=True)
    (rel / "09_later").mkdir()
    (rel / "09_later" / "README.md").write_text("# Module 09_later: Later things (以后)\n")
    (rel / "01_market_analysis" / "01_market_sizing.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "markdown", "source": "# Market sizing", "metadata": {}}]}))
    return rel


def test_start_page_lists_lessons_in_order_and_announces_modules(tmp_path):
    text = start_page(_release(tmp_path))
    assert "[01_market_sizing](01_market_analysis/01_market_sizing.ipynb)" in text
    n = len(for_lesson("01_market_analysis/01_market_sizing"))
    assert f"about {20 + 10 * n} min, {n} exercises" in text  # counted from the registry
    assert text.index("01_market_analysis") < text.index("02_positioning") < text.index("09_later")
    assert "Later things (以后), coming soon" in text
    for needed in ("hint(", "Validate", "--fresh", "DATA_DICTIONARY.md", "solutions/", "中文", "Settings → Language"):
        assert needed in text, needed


def test_start_page_is_refreshed_but_a_trainees_edit_is_kept(tmp_path):
    rel, work = _release(tmp_path), tmp_path / "work"
    ensure(work, rel)
    page = work / START_PAGE
    assert "01_market_sizing" in page.read_text() and "02_new" not in page.read_text()
    (rel / "01_market_analysis" / "02_new.ipynb").write_text(json.dumps({"cells": []}))
    ensure(work, rel)
    assert "02_new" in page.read_text(), "an untouched start page follows the course"
    page.write_text(page.read_text() + "\nmy notes\n")
    (rel / "01_market_analysis" / "03_newer.ipynb").write_text(json.dumps({"cells": []}))
    ensure(work, rel)
    assert "my notes" in page.read_text() and "03_newer" not in page.read_text()
    page.write_text("my own file")
    ensure(work, rel)
    assert page.read_text() == "my own file"


def test_first_launch_workspace_opens_the_start_page_once(tmp_path):
    ws = tmp_path / "ws"
    written = jupyter.first_launch_workspace(ws)
    data = json.loads(written.read_text())
    assert data["metadata"]["id"] == "default"
    assert data["data"][f"markdownviewer-widget:{START_PAGE}"]["data"]["factory"] == "Markdown Preview"
    written.write_text('{"data": {}, "metadata": {"id": "default"}}')
    assert jupyter.first_launch_workspace(ws) is None
    assert json.loads(written.read_text())["data"] == {}
