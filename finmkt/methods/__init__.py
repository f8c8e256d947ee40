"""The course's reference methods: one module per lesson, named by the lesson's slug.

Each module holds the COURSE.md conventions its lesson grades and the lesson's reference
method, once, as plain functions over explicit tables and parameters (no ``frames`` dicts,
no world constants: a world fact such as the cut-off date or the channel list is a
parameter). They are the answer key in Python: the data families compute their planted
``truth()`` with them, the recovery tests prove them against the planted world, and
modules that build on a lesson reuse them.

This floor imports nothing of ``finmkt`` except the lessons' given recipes
(:mod:`finmkt.recipes`). Nothing a trainee's kernel needs imports it: not ``finmkt.data``
(the families import a method inside ``truth()`` or ``generate()``, never at module level),
not ``finmkt.check``, ``finmkt.hints``, ``finmkt.plotting`` or the widgets, which take a
lesson's function as an argument (the trainee's own). A graded image can therefore leave
this package out. ``tests/test_architecture.py`` holds these rules.
"""
