"""Typical mistakes of lesson 03_channels/04_retention (see the exercise registry)."""

LESSON = "03_channels/04_retention"

MISTAKES = {
    # not-yet-observable cells filled with zeros
    "cohort_matrix": [("return share.where(observable)", "return share")],
    # censored at the cut-off, every closure a churn: the recent leavers who keep their account count as customers
    "churn_events": [('churned = customers["last_active_on"] <= decided',
                      'churned = customers["closed_on"].notna() | (customers["last_active_on"] <= decided)'),
                     ('end = customers["last_active_on"].where(churned, decided)',
                      'end = customers["last_active_on"].where(churned, cutoff)')],
    # churners over customers acquired, not over customer-months
    "churn_rate": [('exposure = events["duration"].groupby(labels).sum()',
                    'exposure = events["duration"].groupby(labels).count()')],
    # censored customers dropped from the Kaplan-Meier fit
    "survival_curves": [("ev = events[labels == name]", 'ev = events[(labels == name) & events["churned"].to_numpy()]')],
    # the mean of the observed durations taken for the median lifetime
    "median_lifetime": [("return float(sf.surv_times[below][0]) if below.any() else np.nan",
                         "return float(np.mean(duration))")],
    # the acquisition month counted and discounting started at t = 0
    "ltv_from_survival": [("return float((margin * s[1:] / (1 + i) ** t[1:]).sum())",
                           "return float((margin * s[:-1] / (1 + i) ** t[:-1]).sum())")],
    # five points added to the monthly retention
    "retention_gain": [("r2 = min(annual_retention + points, 1.0) ** (1 / 12)", "r2 = min(r + points, 1.0)")],
}
