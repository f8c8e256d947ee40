"""Exercises of lesson 05_customer_operations/02_satisfaction_drivers: Satisfaction and NPS drivers (客户满意度).

The lesson's notebook is not written yet (issue 21): its data family (``finmkt/data/satisfaction.py``)
and reference methods (``finmkt/methods/satisfaction_drivers.py``) are in place, and this module
names the lesson's slug. Its exercises are registered here with :func:`finmkt.exercises.exercise`
together with the notebook (an exercise registered without its notebook is an orphan,
``tests/test_notebooks.py``).

Planned exercises (each with the decision it supports):

1. ``nps_interval``: NPS of the respondents with its Wald interval. Decision: what the board is
   told, and whether a 2-point move is news.
2. ``response_rates``: response by invitation channel x age band. Decision: which invitation
   channel the next wave funds (phone answers most, app push is cheapest).
3. ``weighted_nps``: non-response weights (invited / respondents per cell) and the weighted NPS.
   Decision: the NPS the bank reports (the raw one overstates by about 4 points).
4. ``nps_by_group``: NPS by age band and district with intervals. Decision: which customers a
   service programme targets first.
5. ``key_drivers``: raw OLS coefficients on the complete cases. Decision (provisional): which
   attribute to invest in, on coefficients alone.
6. ``relative_importance``: Shapley (LMG) shares of R^2. Decision: the same, corrected: branch
   waiting's small coefficient hides a 15% share (it moves with the RM's service); the branch's
   own levers (RM service + waiting) carry about 40%.
7. ``comment_themes``: jieba with the theme lexicon, theme shares among detractors and promoters.
   Decision: the theme a branch acts on first (waiting in Huxin).
8. ``recovery_check``: NPS of complainants by how their complaint was handled against
   non-complainants. Decision: whether the seeds' service-recovery claim justifies spending on
   fast, upheld handling (late handling costs tens of NPS points; the paradox is not supported).
"""
