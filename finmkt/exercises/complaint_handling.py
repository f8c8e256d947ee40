"""Exercises of lesson 05_customer_operations/03_complaint_handling: Complaint handling (投诉处理).

The lesson's notebook is not written yet (issue 21): its data family and reference methods
(``finmkt/methods/complaint_handling.py``) are in place, and this module names the lesson's slug. Its
exercises are registered here with :func:`finmkt.exercises.exercise` together with the notebook
(an exercise registered without its notebook is an orphan, ``tests/test_notebooks.py``).
"""
