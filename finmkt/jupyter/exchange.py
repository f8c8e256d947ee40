"""The Assignment List says why a Fetch, Fetch Feedback or Submit did nothing.

nbgrader's Assignment List server extension (``nbgrader.server_extensions.assignment_list``)
answers **Fetch** and **Fetch Feedback** with the refreshed list even when the exchange
failed: the error goes to the server's log and the trainee sees the button come back as if
it had worked (no feedback yet, a module not released any more, a folder in the way, an
exchange that cannot be read). nbgrader's own **Fetch Feedback** also succeeds when it
found no feedback at all. A failed **Submit** shows nbgrader's dialog with a Python
traceback.

This Jupyter server extension (switched on by ``finmkt lab`` in both modes) keeps
nbgrader's handlers and exchange and changes three things, before nbgrader's extension
loads (at link time):

- the action handler answers a failed action with ``{"success": false, "value": REASON}``,
  which the Assignment List's own code shows: in place of the lists after a fetch (the
  refresh button brings them back), in its "Invalid Submission" dialog after a submit;
- REASON is one line that says what happened and what to do (:func:`reason`);
- Fetch Feedback uses :class:`FetchFeedback` (set through nbgrader's ``ExchangeFactory``
  unless the configuration names another class), which fails when no feedback was found.
"""

from __future__ import annotations

import json
import re

from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.server_extensions.assignment_list import handlers
from tornado import web

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_VERB = {"fetch": "not fetched", "fetch_feedback": "no feedback fetched", "submit": "not submitted"}


class FetchFeedback(ExchangeFetchFeedback):
    """nbgrader's Fetch Feedback, failing when the exchange holds no feedback for any of the
    trainee's submissions of the assignment (nbgrader only logs a warning per notebook)."""

    def copy_files(self):
        if not self.feedback_files:
            self.fail(f"No feedback found for {self.coursedir.assignment_id}")
        super().copy_files()


def _message(error: str) -> str:
    """The exception's message: the last line of a traceback, without the exception's class."""
    lines = [ln.strip() for ln in _ANSI.sub("", error or "").splitlines() if ln.strip()]
    last = lines[-1] if lines else "unknown error"
    return re.sub(r"^(?:[\w.]+\.)?\w*(?:Error|Exception)\w*:\s*", "", last)


def reason(action: str, assignment_id: str, error: str) -> str:
    """One line for the trainee: what did not happen, why, and what to do."""
    msg = _message(error)
    head = f"{assignment_id}: {_VERB.get(action, action + ' failed')}"
    if "already have a copy" in msg:
        return (f"{head}: you already have a folder {assignment_id}/. Rename it in the file browser "
                f"(e.g. {assignment_id}_mine), then Fetch again; your work stays in the renamed folder.")
    if action == "fetch_feedback" and ("No feedback found" in msg or "not found" in msg.lower()):
        return (f"{head}: your instructor has not released feedback for your submission yet. "
                "Fetch Feedback again once they say it is out.")
    if action == "fetch" and "not found" in msg.lower():
        return (f"{head}: it is not released at the moment (your instructor may be releasing a new "
                "version). Refresh the list in a minute and Fetch again.")
    if action == "submit" and "not found" in msg.lower():
        return (f"{head}: there is no folder {assignment_id}/ in your home (renamed or moved?). "
                f"Put your work back in {assignment_id}/ and Submit again.")
    if "permission" in msg.lower():
        return f"{head}: the exchange refused it ({msg}). Tell your instructor."
    return f"{head}: {msg}"


class ReasonActionHandler(handlers.AssignmentActionHandler):
    """nbgrader's POST /assignments/(fetch|submit|fetch_feedback), with the failure answered."""

    @web.authenticated
    def post(self, action):
        try:
            data = {"assignment_id": self.get_argument("assignment_id"),
                    "course_id": self.get_argument("course_id")}
        except web.MissingArgumentError:
            data = self.get_json_body()
        run = {"fetch": self.manager.fetch_assignment, "fetch_feedback": self.manager.fetch_feedback,
               "submit": self.manager.submit_assignment}[action]
        course_id, assignment_id = data["course_id"], data["assignment_id"]
        out = run(course_id, assignment_id)
        if out["success"]:
            self.finish(json.dumps(self.manager.list_assignments(course_id=course_id)))
            return
        why = reason(action, assignment_id, out.get("value", ""))
        if action != "submit":  # the Assignment List shows it in place of its lists
            why += " (The list's refresh button shows your assignments again.)"
        self.log.warning("Assignment List %s of %s failed: %s", action, assignment_id, why)
        self.finish(json.dumps({"success": False, "value": why}))


class ReasonAssignmentList(handlers.AssignmentList):
    """nbgrader's Assignment List manager; Fetch Feedback uses :class:`FetchFeedback`."""

    def load_config(self):
        config = super().load_config()
        if "fetch_feedback" not in config.ExchangeFactory:
            config.ExchangeFactory.fetch_feedback = f"{__name__}.FetchFeedback"
        return config


def install() -> None:
    """Point nbgrader's Assignment List extension at the classes above (before it loads)."""
    handlers.AssignmentList = ReasonAssignmentList
    handlers.default_handlers[:] = [(pattern, ReasonActionHandler if cls is handlers.AssignmentActionHandler else cls)
                                    for pattern, cls in handlers.default_handlers]


def _jupyter_server_extension_points():
    return [{"module": "finmkt.jupyter.exchange"}]


def _link_jupyter_server_extension(serverapp) -> None:
    install()  # every extension is linked before any is loaded: nbgrader's loads with these


def _load_jupyter_server_extension(serverapp) -> None:
    install()
