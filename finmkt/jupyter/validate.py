"""The Validate dialog puts each failing test's one-line reason first.

nbgrader's dialog shows, per failing test cell, "The following cell failed:", the cell's
source (10-20 lines of asserts), then the error: a traceback through the kit's internal
frames, with the reason (``NotAnswered: Exercise 6 (white_space) is not answered yet ...``)
on its last line, often below the fold. This Jupyter server extension (switched on by
``finmkt lab`` in both modes) makes nbgrader's validate handler use
:class:`ReasonFirstValidator`: the reason takes the source's place and the test code
follows it; the traceback is left out (Run the test cell to see it).
"""

from __future__ import annotations

import html
import re

from nbgrader.validator import Validator

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def reason(raw_error: str) -> str:
    """The last non-empty line of a cell's error (the exception and its message), no colours."""
    lines = [ln.strip() for ln in _ANSI.sub("", raw_error or "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


class ReasonFirstValidator(Validator):
    def validate(self, filename: str) -> dict:
        results = super().validate(filename)
        for cell in results.get("failed", []):
            why = reason(cell.get("raw_error", ""))
            if why:
                cell["error"] = "The test cell:\n\n" + html.escape(cell.get("source", ""))
                cell["source"] = why
        return results


def _jupyter_server_extension_points():
    return [{"module": "finmkt.jupyter.validate"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from nbgrader.server_extensions.validate_assignment import handlers

    handlers.Validator = ReasonFirstValidator
