"""The recipes a lesson hands to its trainees: constants, patterns and small given helpers.

A recipe is what an exercise is *given*, never what it asks for: the copy-review lesson's
term lists, allow-list, negators and rate patterns; the Bass cumulative share F(t) that the
lifecycle lesson's fit uses. Lesson notebooks import them, and so do the reference methods
(:mod:`finmkt.methods`) and the widgets, so each exists once. This package sits on the
ground floor: it imports nothing of ``finmkt``.
"""
