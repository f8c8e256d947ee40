"""Exercises of lesson 05_customer_operations/02_satisfaction_drivers: Satisfaction and NPS drivers (客户满意度).

The lesson's notebook is not written yet (issue 21): its data family and reference methods
(``finmkt/methods/satisfaction_drivers.py``) are in place, and this module names the lesson's slug. Its
exercises are registered here with :func:`finmkt.exercises.exercise` together with the notebook
(an exercise registered without its notebook is an orphan, ``tests/test_notebooks.py``).
"""
