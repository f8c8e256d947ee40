"""A class on JupyterHub, end to end: ``finmkt classroom`` (hub, proxy, exchange, course id)
with three trainees and one instructor, through the hub's REST API and the exchange:
release (Formgrader API) → fetch → work (full marks, partial, blank) → submit (Assignment
List API) → collect → ``finmkt grade`` (meanwhile one trainee's server is stopped and started
through the hub's API: every file she saved is kept, byte for byte, and so is an edit she typed
in JupyterLab without saving, once the class's autosave interval has passed) → release feedback
→ fetch feedback → one trainee, logged in with the class password in headless Chromium, reads
the Assignment List and opens her feedback from it in JupyterLab, where its formulas render
without "Trust HTML" (screenshots in ``artifacts/classroom/``) → a corrected re-release reaches
her after she renames her folder, her work kept. Also: a fetch or feedback fetch that fails
says why; the instructor's Formgrader panel loads inside JupyterLab; the kit's tools are on
PATH in the instructor's terminal. Every process it starts is stopped.

This replaces the exchange loop the suite ran through nbgrader's command line. Graded
sandboxed, or with ``--no-sandbox`` where bubblewrap is missing (same assertions).
Needs the proxy (``make proxy``, from npm): skipped without it, failed on CI."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from finmkt import classroom
from finmkt.cli import main
from finmkt.paths import tool_env
from tests.grading_corpus import toy

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "classroom"
TRAINEES = {"alice": 5.0, "bob": 2.0, "carol": 0.0}  # full marks, partial, blank
INSTRUCTOR = "teacher"
#: JupyterLab's autosave interval in the class (finmkt/jupyter/lab/trainee_exchange/overrides.json)
AUTOSAVE_S = 30
FORMULA = "The mean is $\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i$."


def _ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Hub:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def call(self, method: str, path: str, body=None, token: str | None = None, ok=(200, 201, 202, 204)):
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {token or self.token}"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        assert status in ok, f"{method} {path}: {status} {text[:500]}"
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def user_token(self, user: str) -> str:
        return self.call("POST", f"/hub/api/users/{user}/tokens", {"note": "test", "expires_in": 3600})["token"]

    def start(self, user: str) -> None:
        self.call("POST", f"/hub/api/users/{user}/server")
        deadline = time.monotonic() + 120
        while not self.call("GET", f"/hub/api/users/{user}")["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, f"{user}'s server did not start"
            time.sleep(0.3)

    def stop(self, user: str) -> None:
        """Stop the user's server (the hub's API, as the admin page's "stop server") and wait
        until the hub has it stopped."""
        self.call("DELETE", f"/hub/api/users/{user}/server")
        deadline = time.monotonic() + 60
        while "" in self.call("GET", f"/hub/api/users/{user}")["servers"]:
            assert time.monotonic() < deadline, f"{user}'s server did not stop"
            time.sleep(0.3)


def _terminal_output(hub: Hub, user: str, token: str, command: str) -> str:
    """Run ``command`` in a new terminal of the user's JupyterLab (the REST API and the
    terminal's websocket, as the Terminal tab does) and return what it printed."""
    name = hub.call("POST", f"/user/{user}/api/terminals", token=token)["name"]
    url = hub.url.replace("http", "ws", 1) + f"/user/{user}/terminals/websocket/{name}"

    async def run() -> str:
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
        ws.write_message(json.dumps(["stdin", f"{command}; echo END-OF-COMMAND\r"]))
        out, deadline = "", time.monotonic() + 30
        while out.count("END-OF-COMMAND") < 2 and time.monotonic() < deadline:  # the echo of the line, then the output
            msg = await ws.read_message()
            if msg is None:
                break
            kind, *data = json.loads(msg)
            if kind == "stdout":
                out += data[0]
        ws.close()
        return out

    try:  # in a thread of its own: Playwright's loop runs in this one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, asyncio.wait_for(run(), 40)).result()
    finally:
        hub.call("DELETE", f"/user/{user}/api/terminals/{name}", token=token)


def _login(context, hub: Hub, class_dir: Path, user: str):
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", user)
    page.fill("#password_input", classroom.passwords(class_dir)["instructor" if user == INSTRUCTOR else "trainee"])
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=60_000)
    page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
    return page


def _files(home: Path) -> dict[str, bytes]:
    """A trainee's files and their bytes (JupyterLab's own state under dot-folders left out)."""
    return {p.relative_to(home).as_posix(): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(home).parts)}


def _assignment(hub: Hub, user: str, token: str) -> dict:
    value = hub.call("GET", f"/user/{user}/assignments?course_id={classroom.COURSE_ID}", token=token)
    assert value["success"], value
    return {a["assignment_id"]: a for a in value["value"]}.get(toy.ASSIGNMENT, {})


def _act(hub: Hub, user: str, token: str, action: str) -> None:
    """An Assignment List button that must work (a failure answers with its reason:
    finmkt.jupyter.exchange); callers also check the files they expect."""
    out = hub.call("POST", f"/user/{user}/assignments/{action}?assignment_id={toy.ASSIGNMENT}"
                           f"&course_id={classroom.COURSE_ID}", token=token)
    assert out["success"], f"{user} {action}: {out}"


@pytest.fixture
def hub_class(tmp_path):
    try:
        classroom.proxy_command()
    except classroom.ClassroomError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc} (required when CI is set)", pytrace=False)
        pytest.skip(str(exc))
    course = toy.make_course(tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,role\n" + f"{INSTRUCTOR},instructor\n" + "".join(f"{t},trainee\n" for t in TRAINEES))
    port, hub_port, api_port = _ports(3)
    class_dir = tmp_path / "class"
    info = classroom.setup(class_dir, classroom.read_roster(roster), course, port=port,
                           hub_port=hub_port, proxy_api_port=api_port)
    assert (class_dir / "exchange").stat().st_mode & 0o777 == 0o777
    log = tmp_path / "hub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(classroom.hub_command(class_dir), cwd=class_dir, env=tool_env(), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", classroom.passwords(class_dir)["api_token"])
    proxy_pid = None
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                hub.call("GET", "/hub/api/users")
                break
            except (OSError, AssertionError):
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.3)
        proxy_file = class_dir / "hub" / "proxy.pid"
        proxy_pid = int(proxy_file.read_text()) if proxy_file.exists() else None
        assert proxy_pid, "the hub started no proxy"
        yield hub, class_dir, course, info, log
    finally:
        os.kill(proc.pid, signal.SIGTERM)  # the hub stops every server it started and its proxy
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        left = subprocess.run(["pgrep", "-f", str(class_dir)], capture_output=True, text=True).stdout.split()
        if proxy_pid:
            try:
                os.kill(proxy_pid, 0)
                left.append(str(proxy_pid))
            except ProcessLookupError:
                pass
        for pid in left:  # nothing of this class may outlive the test
            os.kill(int(pid), signal.SIGKILL)
        assert not left, f"processes left running: {left}"


def test_class_on_jupyterhub_release_fetch_submit_collect_grade_feedback(hub_class, chromium, grading_sandbox):
    hub, class_dir, course, info, log = hub_class
    src = course / "solutions" / toy.ASSIGNMENT / f"{toy.NOTEBOOK}.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb.cells[0].source += "\n\n" + FORMULA  # a formula for the feedback to render
    nbformat.write(nb, src)
    users = [INSTRUCTOR, *TRAINEES]
    with ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(hub.start, users))
    tokens = {u: hub.user_token(u) for u in users}

    # the instructor's terminal has the kit's tools (a login shell would reset PATH)
    out = _terminal_output(hub, INSTRUCTOR, tokens[INSTRUCTOR], "command -v finmkt nbgrader")
    assert str(Path(sys.executable).parent / "finmkt") in out and "nbgrader" in out, out

    # trainees start with the start page only: no module folder that would block a fetch
    home = class_dir / "home" / "alice"
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith(".")) == ["DATA_DICTIONARY.md", "START_HERE.md"]
    assert "Assignment List" in (home / "START_HERE.md").read_text()
    assert _assignment(hub, "alice", tokens["alice"]) == {}

    # alice, in the browser, types in a notebook and does not save (JupyterLab's autosave will)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    notes = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")], metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    hub.call("PUT", "/user/alice/api/contents/notes.ipynb",
             {"type": "notebook", "format": "json", "content": notes}, token=tokens["alice"])
    page = _login(context, hub, class_dir, "alice")
    page.goto(f"{hub.url}/user/alice/lab/tree/notes.ipynb", wait_until="domcontentloaded")
    page.locator(".jp-Notebook .jp-Cell .cm-content").first.click(timeout=60_000)
    page.keyboard.press("End")
    page.keyboard.type("  # typed, never saved by hand")
    typed = time.monotonic()
    page.locator(".jp-mod-dirty").first.wait_for(timeout=10_000)  # the tab's unsaved mark

    # the instructor generates and releases through the Formgrader in their server
    fg = f"/user/{INSTRUCTOR}/formgrader/api/assignment/{toy.ASSIGNMENT}"
    for step in ("assign", "release"):
        out = hub.call("POST", f"{fg}/{step}", token=tokens[INSTRUCTOR])
        assert out["success"], f"{step}: {out}"

    release = None
    for student, score in TRAINEES.items():
        assert _assignment(hub, student, tokens[student])["status"] == "released"
        _act(hub, student, tokens[student], "fetch")
        path = f"{toy.ASSIGNMENT}/{toy.NOTEBOOK}.ipynb"
        model = hub.call("GET", f"/user/{student}/api/contents/{path}", token=tokens[student])
        release = nbformat.from_dict(model["content"])
        if score:  # alice answers both exercises, bob one, carol hands in the blank release
            work = toy.answered(release, mean=student == "alice")
            hub.call("PUT", f"/user/{student}/api/contents/{path}",
                     {"type": "notebook", "format": "json", "content": work}, token=tokens[student])
        _act(hub, student, tokens[student], "submit")
        assert _assignment(hub, student, tokens[student])["status"] == "submitted"

    # Fetch Feedback before any feedback is out says so (nbgrader answers with the list only)
    early = hub.call("POST", f"/user/bob/assignments/fetch_feedback?assignment_id={toy.ASSIGNMENT}"
                             f"&course_id={classroom.COURSE_ID}", token=tokens["bob"])
    assert not early["success"] and "has not released feedback" in early["value"], early

    out = hub.call("POST", f"{fg}/collect", token=tokens[INSTRUCTOR])
    assert out["success"], out
    assert "Collecting submission" in out["log"] and "cheating attempt" not in out["log"], out["log"]
    submitted = course / "grading" / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(TRAINEES)  # one student per hub user

    # while the instructor grades, alice's server restarts (stopped and started through the hub's
    # API): nothing she saved is lost (her fetched module and answers, a file saved just before,
    # the edit she typed in the browser once autosaved)
    hub.call("PUT", "/user/alice/api/contents/notes.txt",
             {"type": "file", "format": "text", "content": "saved just before the restart\n"}, token=tokens["alice"])
    listed = _assignment(hub, "alice", tokens["alice"])

    def restart_after_autosave():
        """JupyterLab's autosave writes her typing within the class's interval (no Ctrl+S);
        then her server is stopped and started. Returns her files just before the stop."""
        while "never saved by hand" not in (home / "notes.ipynb").read_text():
            assert time.monotonic() - typed < AUTOSAVE_S + 10, "the typed edit was not autosaved"
            time.sleep(0.5)
        files = _files(home)
        hub.stop("alice")
        hub.start("alice")
        return files

    with ThreadPoolExecutor(1) as pool:
        restart = pool.submit(restart_after_autosave)
        grades = class_dir.parent / "out"  # short: finmkt grade puts kernel IPC sockets under it (path limit 107)
        assert main(["grade", toy.ASSIGNMENT, "--submissions", str(submitted), "--out", str(grades),
                     "--course", str(course), "--no-progress", *grading_sandbox.argv]) == 0
        before = restart.result()
    assert {"notes.txt", "notes.ipynb", f"{toy.ASSIGNMENT}/{toy.NOTEBOOK}.ipynb"} <= set(before), before.keys()
    assert "never saved by hand" in before["notes.ipynb"].decode()
    assert _files(home) == before  # same files, same bytes: start-up rewrote nothing of hers
    model = hub.call("GET", f"/user/alice/api/contents/{toy.ASSIGNMENT}/{toy.NOTEBOOK}.ipynb", token=tokens["alice"])
    assert "return sum(xs) / len(xs)" in json.dumps(model["content"])  # served by her new server
    assert _assignment(hub, "alice", tokens["alice"]) == listed  # the Assignment List says the same
    with (grades / "grades.csv").open() as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert {s: (float(r["score"]), r["status"]) for s, r in rows.items()} == \
        {s: (v, "graded") for s, v in TRAINEES.items()}

    out = hub.call("POST", f"{fg}/release_feedback", token=tokens[INSTRUCTOR])
    assert out["success"], out
    for student, score in TRAINEES.items():
        _act(hub, student, tokens[student], "fetch_feedback")
        pages = list((class_dir / "home" / student / toy.ASSIGNMENT / "feedback").glob(f"*/{toy.NOTEBOOK}.html"))
        assert len(pages) == 1, student
        html = pages[0].read_text()
        assert "HIDDEN-CHECK" not in html and 'id="finmkt-table-padding"' in html
        assert f"Score: {score:g}" in html.replace("\n", " ") or f"{score:g} / 5" in html

    # alice's part in the browser (her session outlived the restart): the Assignment List, then
    # her feedback opened from it in JupyterLab, formulas rendered with nothing trusted by hand
    try:
        page.goto(f"{hub.url}/user/alice/lab", wait_until="domcontentloaded")
        page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
        page.get_by_text("Nbgrader", exact=True).first.click()
        page.get_by_text("Assignment List", exact=True).first.click()
        listed = page.locator("#submitted_assignments_list")
        listed.get_by_text(toy.ASSIGNMENT).first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "assignment_list.png"))
        listed.get_by_text("(view feedback)").first.click()  # the file browser opens the feedback folder
        page.locator(".jp-DirListing-item", has_text=f"{toy.NOTEBOOK}.html").first.dblclick()
        viewer = page.frame_locator(".jp-HTMLViewer iframe")
        viewer.locator("mjx-container").first.wait_for(timeout=30_000)  # MathJax ran: the formula is typeset
        text = viewer.locator("body").inner_text()
        assert "Score: 5" in text.replace("\n", " ") or "5 / 5" in text
        assert "\\frac" not in text, "raw TeX left in the feedback"
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "feedback.png"))

        # the instructor's Formgrader is a JupyterLab panel (an iframe): JupyterHub must let it load
        context.close()
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        teacher = _login(context, hub, class_dir, INSTRUCTOR)
        teacher.get_by_text("Nbgrader", exact=True).first.click()
        teacher.get_by_text("Formgrader", exact=True).first.click()
        panel = teacher.frame_locator(".jp-MainAreaWidget iframe")
        panel.locator(f"td.name[data-order='{toy.ASSIGNMENT}']").wait_for(timeout=30_000)
        teacher.screenshot(path=str(ARTIFACTS / "formgrader.png"))
    finally:
        context.close()

    # a corrected lesson reaches alice, who fetched it already; her work is kept
    nb = nbformat.read(src, as_version=4)
    nb.cells[0].source += "\n\nCORRECTED: the mean of an empty list is undefined."
    nbformat.write(nb, src)
    for step in ("assign", "unrelease", "release"):
        out = hub.call("POST", f"{fg}/{step}", token=tokens[INSTRUCTOR])
        assert out["success"], f"{step}: {out}"
    fetched = class_dir / "home" / "alice" / toy.ASSIGNMENT / f"{toy.NOTEBOOK}.ipynb"
    again = hub.call("POST", f"/user/alice/assignments/fetch?assignment_id={toy.ASSIGNMENT}"
                             f"&course_id={classroom.COURSE_ID}", token=tokens["alice"])
    assert not again["success"] and "Rename it" in again["value"], again  # nbgrader never overwrites ...
    assert "CORRECTED" not in fetched.read_text() and "already have a copy" in log.read_text()
    hub.call("PATCH", f"/user/alice/api/contents/{toy.ASSIGNMENT}", {"path": f"{toy.ASSIGNMENT}_mine"},
             token=tokens["alice"])  # the file browser's rename
    _act(hub, "alice", tokens["alice"], "fetch")
    assert "CORRECTED" in fetched.read_text()  # ... but fetches again once the trainee renamed hers
    mine = class_dir / "home" / "alice" / f"{toy.ASSIGNMENT}_mine" / f"{toy.NOTEBOOK}.ipynb"
    assert "return sum(xs) / len(xs)" in mine.read_text() and "CORRECTED" not in mine.read_text()


@pytest.mark.parametrize("text, message", [
    ("name,role\nalice,trainee\n", "the first line must be the header 'id,role'"),
    ("id,role\nAlice Smith,trainee\nteacher,instructor\n", "line 2: id 'Alice Smith' must be lower-case"),
    ("id,role\nalice,student\nteacher,instructor\n", "line 2: role 'student' must be trainee or instructor"),
    ("id,role\nalice,trainee\nalice,trainee\nteacher,instructor\n", "line 3: 'alice' is listed twice"),
    ("id,role\nalice,trainee\n", "the roster has no instructor"),
])
def test_a_bad_roster_is_one_line_error(tmp_path, capsys, text, message):
    roster = tmp_path / "roster.csv"
    roster.write_text(text)
    assert main(["classroom", str(roster), "--dir", str(tmp_path / "class"), "--setup-only"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert main(["classroom", str(tmp_path / "missing.csv"), "--setup-only"]) == 2
    assert "No roster file" in capsys.readouterr().err
