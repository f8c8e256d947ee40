"""Trustworthy class grading on top of nbgrader (``finmkt grade``).

Student notebooks run in a bubblewrap sandbox (no instructor files, no network,
bounded memory/time, no leftover processes) on pre-started kernels, in parallel;
nbgrader's own autograde preprocessors, gradebook and feedback then score them.
See docs/GRADING.md for the instructor walkthrough.
"""
