"""nbgrader configuration of the course (instructor side).

solutions/<assignment>/<lesson>.ipynb is the source; notebooks/<assignment>/ the
generated student release (committed). Grading state lives in grading/, which is
never committed.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

_root = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "finmkt"
c.CourseDirectory.root = _root
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
os.makedirs(os.path.join(_root, "grading"), exist_ok=True)  # gitignored: never in the repository
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_root, "grading", "gradebook.db")

# The stub trainees see where an answer goes.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Generous per-cell limit: lessons run in seconds; this only stops runaway code.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120

# Feedback HTML embeds MathJax (formulas render offline, no CDN): finmkt/jupyter/feedback.py
from finmkt.jupyter.feedback import configure as _offline_mathjax  # noqa: E402

_offline_mathjax(c)
