"""Exercises of lesson 05_customer_operations/03_complaint_handling: Complaint handling (投诉处理).

The lesson's notebook is not written yet (issue 21): its data family (``finmkt/data/complaints.py``)
and reference methods (``finmkt/methods/complaint_handling.py``) are in place, and this module
names the lesson's slug. Its exercises are registered here with :func:`finmkt.exercises.exercise`
together with the notebook (an exercise registered without its notebook is an orphan,
``tests/test_notebooks.py``).

Planned exercises (each with the decision it supports):

1. ``pareto_table``: Pareto of complaints by business line and by root cause. Decision: report
   by root cause, not by product (credit cards lead the products; the largest cause spans three).
2. ``fix_first``: the largest root cause still present (the app defect was fixed on 2025-07-15).
   Decision: fix the fee notice first, a fifth of all complaints.
3. ``resolution_days``: calendar days from receipt, censored at the cut-off. Decision: none yet;
   the input of the next two.
4. ``km_by_category``: Kaplan-Meier share resolved within 15 days and median by category, against
   the resolved-only count. Decision: which case team gets more handlers.
5. ``deadline_status``: in time, breached, pending under the 15/30/60-day rule of the 2020
   measures. Decision: where a day-10 escalation rule is needed.
6. ``escalation_rate``: escalations to 12378 after not-upheld or late decisions. Decision: a
   senior review before a not-upheld decision.
7. ``repeat_rates``: complaints coming back within 60 days. Decision: call back (回访) every
   complainant whose complaint was not upheld or late.
8. ``mis_sale_remediation``: module 04's mis-sales with and without a complaint. Decision:
   contact the mis-sold customers who have not complained yet.
"""
