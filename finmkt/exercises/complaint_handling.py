"""Exercises of lesson 05_customer_operations/03_complaint_handling: Complaint handling (投诉处理).

The notebook is ``solutions/05_customer_operations/03_complaint_handling.ipynb``; its data family is
``finmkt/data/complaints.py`` and its reference methods ``finmkt/methods/complaint_handling.py``.

The plan (each exercise with the decision it supports); exercises 1-7 are registered below,
exercise 8 (``mis_sale_remediation``) is not written yet:

1. ``pareto_table``: Pareto of complaints by business line and by root cause. Decision: report
   by root cause, not by product (credit cards lead the products; the largest cause spans three),
   and show the quarter beside the year (loan_terms_unclear grows in Q4).
2. ``fix_first``: the largest root cause still present (the app defect was fixed on 2025-07-15).
   Decision: fix the fee notice first, a fifth of all complaints; regulator contacts per cause beside it.
3. ``resolution_days``: calendar days from receipt, censored at the cut-off. Decision: none yet;
   the input of the next two.
4. ``km_by_category``: Kaplan-Meier share resolved within 15 days and median by category, against
   the resolved-only count (the gap at the half-year cut-off). Decision: the slow teams for the
   customer's wait, candidates for handlers (exercise 5 picks by breach rate).
5. ``deadline_status``: in time, breached, pending under the 15/30/60-day rule of the 2020
   measures. Decision: breach rate with a Wilson interval, without the fixed app incident (a surge
   plan); a day-10 escalation rule where it is above the bank's; handlers for mis-selling first.
6. ``escalation_rate``: escalations to 12378 after not-upheld or late decisions. Decision: a
   senior review before a not-upheld decision.
7. ``repeat_rates``: complaints coming back within 60 days. Decision: call back (回访) every
   complainant whose complaint was not upheld or late, within 2 working days of the decision.
8. ``mis_sale_remediation``: module 04's mis-sales with and without a complaint. Decision:
   contact the mis-sold customers who have not complained yet.
"""

from finmkt.exercises import exercise

LESSON = "05_customer_operations/03_complaint_handling"

exercise(
    "pareto_table", LESSON, "Pareto of complaints (帕累托分析) by root cause and by business line",
    hints=[
        "Count the complaints per value of the column `by`, then sort from the most frequent (ties: by name).",
        "share = count / all complaints; cumulative = the running sum of the shares IN THE SORTED ORDER (cumsum after "
        "sorting).",
        "value_counts() sorts by count but breaks ties arbitrarily: sort_index() first, then sort_values(ascending="
        "False, kind=\"stable\"). Return a DataFrame indexed by the values with the columns complaints, share, cumulative.",
    ],
    mistake="Taking the cumulative share in alphabetical order (before sorting by count): the vital few come out wrong.",
    points=2,
)

exercise(
    "fix_first", LESSON, "The root cause to fix first (溯源整改)",
    hints=[
        "A Pareto's top cause is not always the one to work on: some causes the bank cannot remove (fixable 0), and "
        "one was already removed during the year (fixed_on).",
        "Keep the causes with fixable == 1 and no fixed_on (still present at the cut-off), in the Pareto's order.",
        "Return the first of them (its index label, a str) and its share of all complaints.",
    ],
    mistake="Taking the Pareto's top cause without looking at fixed_on: the app defect, fixed in July, is no longer "
            "there to fix.",
    points=2,
)

exercise(
    "resolution_days", LESSON, "Time to resolution (办结时长) in calendar days, censored at the cut-off",
    hints=[
        "The 2020 measures count calendar days from the day of receipt: compare days, not times (normalize() both).",
        "A complaint still open at the cut-off (no resolved_at) is not a zero and not dropped: it has been open from "
        "its receipt day to the cut-off's day, and that is all we know (censored, 删失).",
        "days = (resolved day, or the cut-off's day when open) - received day, an int; resolved = resolved_at is not "
        "empty. Keep the complaints' index.",
    ],
    mistake="Subtracting the times and taking whole days (.dt.days of a Timedelta): a complaint received at 18:00 and "
            "decided the next morning counts 0 days instead of 1.",
    points=2,
)

exercise(
    "km_by_category", LESSON, "Kaplan-Meier share resolved within 15 days and median (中位办结时长) by category",
    hints=[
        "Kaplan-Meier: at each day t with a resolution, S(t) = S(before) x (1 - d / n), d resolved that day, n the "
        "complaints still open and observed at the start of day t (days >= t), censored ones included.",
        "The share resolved within D days is 1 - S(D) (S of the last event time <= D, 1 before the first); the median "
        "is the smallest t with S(t) <= 0.5 (NaN if the curve never gets there).",
        "Do it per category (groupby on the `categories` labels) and return a DataFrame indexed by category with the "
        "columns within_deadline and median_days. Dropping the open complaints is the mistake the lesson is about.",
    ],
    mistake="Counting only the resolved complaints (dropping the open ones): the slow categories, which have the open "
            "cases, look faster than they are.",
    points=2,
)

exercise(
    "deadline_status", LESSON, "In time, breached or pending (处理时限) under the 15/30/60-day rule",
    hints=[
        "Each complaint's deadline is extended_to_days: 15, or 30 / 60 after an extension notified to the "
        "complainant.",
        "in_time: resolved with days <= deadline; breached: days > deadline (resolved late, or still open past it); "
        "pending: open and the deadline not yet passed.",
        "Use the days and resolved columns of the table you are given (exercise 3's), not your own recomputation; "
        "return a DataFrame with the columns deadline, in_time, breached, pending, in the complaints' order.",
    ],
    mistake="Judging every complaint against 15 days, ignoring the notified extensions: lawful extended cases count as "
            "breaches.",
    points=2,
)

exercise(
    "escalation_rate", LESSON, "Escalations to the regulator (12378) after a not-upheld or late decision",
    hints=[
        "An escalation (escalated_on not empty) comes after the bank's decision: count only the resolved complaints.",
        "A complaint the regulator transferred to the bank (channel regulator_12378) is already at the regulator: "
        "leave it out of both the numerator and the denominator.",
        "Split the rest by 'bad' = outcome not_upheld OR breached (from the status table you are given), and return "
        "a Series with the escalation rates indexed ['bad', 'good'].",
    ],
    mistake="Keeping the complaints the regulator transferred in the denominator: they cannot be escalated again, and "
            "the rates come out too low.",
    points=2,
)

exercise(
    "repeat_rates", LESSON, "Repeat complaints (重复投诉) within 60 days of the decision",
    hints=[
        "A complaint 'comes back' when the same customer complains again in the same category after its resolution "
        "and within window_days of it.",
        "Only complaints resolved at least window_days before the cut-off had the whole window to come back: keep "
        "only those (resolved_at <= cut-off + 1 day - window_days).",
        "Split by bad = not_upheld or breached (the status table you are given) and return {'bad': rate, 'good': "
        "rate, 'n_bad': count, 'n_good': count}. A self-merge on (customer_id, category) gives the pairs.",
    ],
    mistake="Counting the 60 days from the receipt instead of from the decision: a complaint that comes back after a "
            "slow decision is missed, and one made while the first was still open counts as a repeat.",
    points=2,
)
