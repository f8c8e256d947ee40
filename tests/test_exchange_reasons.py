"""The Assignment List says why Fetch, Fetch Feedback or Submit did nothing (finmkt.jupyter.exchange).

nbgrader's own handler answers a failed Fetch or Fetch Feedback with the refreshed list
("success": true), so the trainee's click seems to work and nothing arrives. Here a trainee
server (``finmkt lab``, trainee mode, an exchange in its nbgrader config) is asked, through
the Assignment List's HTTP API, to fetch a module it already has, fetch feedback that was
never released and submit a folder that is gone: each answer is a failure with a one-line
reason. Then, in headless Chromium, the trainee clicks **Fetch Feedback** and reads the
reason in the Assignment List.
"""

from __future__ import annotations

import json
import os
import urllib.request

import nbformat
import pytest

from finmkt.jupyter import exchange
from tests.grading_corpus import toy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE = "finmkt"


def _class_home(tmp_path):
    """A trainee home whose nbgrader config names an exchange where ``toy`` is released."""
    ex = tmp_path / "exchange"
    outbound = ex / COURSE / "outbound" / toy.ASSIGNMENT
    outbound.mkdir(parents=True)
    nbformat.write(toy.source_notebook(), outbound / f"{toy.NOTEBOOK}.ipynb")
    (ex / COURSE / "inbound").mkdir()
    for d in (ex, ex / COURSE, ex / COURSE / "inbound", ex / COURSE / "outbound", outbound):
        os.chmod(d, 0o777)
    home = tmp_path / "home"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(ex)!r}\n"
        f"c.Exchange.cache = {str(tmp_path / 'cache')!r}\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        "c.CourseDirectory.student_id = 'alice'\n")
    return home


def _post(lab, action: str) -> dict:
    url = lab.url(f"assignments/{action}") + f"&assignment_id={toy.ASSIGNMENT}&course_id={COURSE}"
    with urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST"), timeout=60) as resp:
        return json.loads(resp.read())


def test_failed_exchange_actions_say_why(course_lab, chromium, tmp_path):
    home = _class_home(tmp_path)
    with course_lab("trainee", home) as lab:
        assert _post(lab, "fetch")["success"]
        assert (home / toy.ASSIGNMENT / f"{toy.NOTEBOOK}.ipynb").exists()

        again = _post(lab, "fetch")  # nbgrader: "success": true and the list, the error only in the log
        assert again == {"success": False, "value": again["value"]}, again
        assert again["value"].startswith(f"{toy.ASSIGNMENT}: not fetched: you already have a folder {toy.ASSIGNMENT}/")
        assert "Rename it" in again["value"] and "\n" not in again["value"]

        assert _post(lab, "submit")["success"]
        early = _post(lab, "fetch_feedback")  # nothing released: nbgrader says success
        assert not early["success"] and "\n" not in early["value"], early
        assert "has not released feedback" in early["value"]
        assert not (home / toy.ASSIGNMENT / "feedback").exists()

        (home / toy.ASSIGNMENT).rename(home / f"{toy.ASSIGNMENT}_mine")
        gone = _post(lab, "submit")  # nbgrader: a traceback in the dialog
        assert not gone["success"] and "Traceback" not in gone["value"] and "\n" not in gone["value"], gone
        assert f"there is no folder {toy.ASSIGNMENT}/" in gone["value"]
        (home / f"{toy.ASSIGNMENT}_mine").rename(home / toy.ASSIGNMENT)

        # what the trainee sees: Fetch Feedback in the Assignment List shows the reason
        context = chromium.new_context(viewport={"width": 1300, "height": 800})
        try:
            page = context.new_page()
            page.goto(lab.url("lab"), wait_until="domcontentloaded")
            page.wait_for_selector("#jp-main-dock-panel", timeout=60_000)
            page.get_by_text("Nbgrader", exact=True).first.click()
            page.get_by_text("Assignment List", exact=True).first.click()
            row = page.locator("#submitted_assignments_list .list_item", has_text=toy.ASSIGNMENT).first
            row.locator("button", has_text="Fetch Feedback").click(timeout=30_000)
            shown = page.get_by_text("has not released feedback").first
            shown.wait_for(timeout=30_000)
            assert shown.inner_text().startswith(f"{toy.ASSIGNMENT}: no feedback fetched")
            assert "refresh button" in shown.inner_text()
        finally:
            context.close()


def test_reason_is_one_line_for_each_known_failure():
    tb = ("Traceback (most recent call last):\n  File \"x.py\", line 1\n"
          "nbgrader.exchange.abc.exchange.ExchangeError: Assignment not found at: /srv/x/outbound/m1\n")
    assert exchange.reason("fetch", "m1", tb) == (
        "m1: not fetched: it is not released at the moment (your instructor may be releasing a new "
        "version). Refresh the list in a minute and Fetch again.")
    perm = "ExchangeError: You don't have write permissions to the directory: /srv/x/inbound"
    assert exchange.reason("submit", "m1", perm).startswith("m1: not submitted: the exchange refused it (You don't")
    assert exchange.reason("fetch", "m1", "OSError: [Errno 28] No space left on device") == \
        "m1: not fetched: [Errno 28] No space left on device"
