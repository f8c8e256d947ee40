"""Exercises of lesson 03_channels/04_retention (客户留存)."""

from finmkt.exercises import exercise

LESSON = "03_channels/04_retention"

exercise(
    "cohort_matrix", LESSON, "Cohort retention matrix (同期群留存矩阵)",
    hints=[
        "Give every activity row its customer's cohort, then the month index k = months from the cohort month "
        "to the activity month (12 x the difference in years + the difference in months).",
        "Count the distinct customers active per (cohort, k), divide each row by its cohort's size, and lay the "
        "result out with cohorts as rows and k = 0, 1, ... as columns.",
        "A cell whose month lies after the cut-off has not happened yet: it is unknown (NaN), not 0%. An observed "
        "month with nobody active IS 0. Build a mask of the observable cells (k <= months from the cohort to the "
        "cut-off) and keep only those with `where`.",
    ],
    mistake="Filling the not-yet-observable cells with 0, so the young cohorts look as if every customer had left.",
    points=2,
)

exercise(
    "churn_events", LESSON, "Churn rule (流失口径) and censoring (删失)",
    hints=[
        "On the cut-off day the 90-day rule can decide only about the days at least 90 days back: the decision "
        "date is cutoff - rule_days days. A customer whose last activity is on or before it has been idle for "
        "rule_days days or more at the cut-off: lost, whether the account was closed or kept.",
        "The churn is dated at the last active day, not at the cut-off and not at the closure: that is when the "
        "customer actually stopped. Everyone else, a customer who closed the account after a later activity "
        "included, is censored (删失) at the decision date: the rule cannot date the idle recent leavers yet, so "
        "it must not date the closers of the same weeks either.",
        "End date = last active day where churned, the decision date elsewhere (Series.where); duration in months "
        "= days from acquired_on to the end date / (365.25 / 12), 0 for a customer acquired after the decision "
        "date (clip). Index the result by customer_id.",
    ],
    mistake="Censoring at the cut-off and counting every closure as a churn: the recent leavers who keep their "
            "account (most of them) count as customers for up to 90 more days, the curve comes out too high.",
    points=2,
)

exercise(
    "churn_rate", LESSON, "Monthly churn rate (月流失率) by acquisition channel",
    hints=[
        "A monthly rate needs months in the denominator: how many customer-months each channel's customers "
        "spent with the bank, whether they left or not.",
        "Churns per group = sum of the churned flags; exposure per group = sum of the durations (censored "
        "customers count with their months up to the decision date, cut-off - 90 days).",
        "Group both by the `groups` labels you are given (aligned with the rows of events) and divide; the share "
        "of a channel's customers ever lost is not a monthly rate: it grows with the age of the cohorts.",
    ],
    mistake="Dividing the churners by the customers acquired: a share that grows with the cohorts' age, not a "
            "rate per month.",
    points=2,
)

exercise(
    "survival_curves", LESSON, "Kaplan-Meier survival curves (生存曲线) by channel",
    hints=[
        "statsmodels' `sm.SurvfuncRight(time, status)` is the Kaplan-Meier estimator: time = duration, status = "
        "1 for a churn, 0 for a censored customer. Its `surv_times` and `surv_prob` are the steps of the curve.",
        "Fit one curve per group with ALL its customers: the censored ones are in the risk set until their "
        "censoring date. Dropping them leaves only the lost customers and drives the curve to zero.",
        "To read S(t) at whole months: the curve is a step function, so take the last step at or before t "
        "(np.searchsorted(surv_times, t, side='right') - 1); before the first churn S = 1.",
    ],
    mistake="Fitting the curve on the churned customers only (censored customers dropped), so survival falls far "
            "too fast.",
    points=3,
)

exercise(
    "median_lifetime", LESSON, "Median customer lifetime (客户生命周期中位数)",
    hints=[
        "The median lifetime is read off the survival curve, not from the durations: censored durations are "
        "lower bounds, so their mean understates the lifetime.",
        "Fit the Kaplan-Meier curve and find the smallest event time whose survival is at or below 0.5.",
        "When the curve never reaches 0.5 within the data, the median is not observed: return NaN (and report it "
        "as 'more than the longest follow-up').",
    ],
    mistake="Reporting the mean of the observed durations (censored included) as the lifetime.",
    points=2,
)

exercise(
    "ltv_from_survival", LESSON, "LTV from the survival curve (基于生存曲线的客户生命周期价值)",
    hints=[
        "A just-acquired customer earns the margin at the END of month t = 1, 2, ..., T if still a customer, "
        "with probability S(t); each amount is discounted by (1 + i)^t.",
        "The curve you get starts at t = 0 with S(0) = 1: month 0 is the acquisition itself and earns nothing "
        "in this convention.",
        "Check it: with S(t) = r^t and a very long horizon the sum must equal the closed form m·r / (1 + i - r). If "
        "you get m / (1 + i - r) you are counting month 0.",
    ],
    mistake="Discounting from t = 0 (counting the acquisition month's margin, undiscounted), which adds a month of "
            "margin to every LTV.",
    points=2,
)

exercise(
    "retention_gain", LESSON, "Value of a five-point retention gain (留存率提升五个百分点的价值)",
    hints=[
        "The annual retention R is the survival at 12 months; the constant monthly retention with the same year is "
        "r = R^(1/12).",
        "Five points means R + 0.05 on the ANNUAL rate, converted back to a monthly r. Adding 0.05 to the monthly "
        "retention would keep nearly everyone for ever.",
        "LTV before and after over the same horizon T: the sum of the previous exercise with "
        "S(t) = r^t; the gain in percent is LTV after / LTV before - 1. Cap R + points at 1: retention cannot pass "
        "100%.",
    ],
    mistake="Adding the five points to the monthly retention instead of the annual one, so every channel looks "
            "like a gold mine.",
    points=2,
)
