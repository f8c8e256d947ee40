"""Wrong answers written independently from the trainee release of 03_channels/04_retention."""
LESSON = "03_channels/04_retention"
MISTAKES = {
    "cohort_matrix": [
        ("fills the not-yet-observable cells after the cut-off with 0 instead of NaN", '''def cohort_matrix(customers, activity, cutoff):
    # Stuck? Run hint("cohort_matrix") in a new cell.
    # Write the body: return the cohorts x months-since-acquisition table of active shares, NaN where not yet observable.
    # YOUR CODE HERE
    cm = customers[["customer_id", "cohort"]]
    a = activity[["customer_id", "month"]].merge(cm, on="customer_id")
    a["k"] = (a["month"].dt.year - a["cohort"].dt.year) * 12 + (a["month"].dt.month - a["cohort"].dt.month)
    a = a[a["k"] >= 0]
    active = a.drop_duplicates(["customer_id", "k"]).groupby(["cohort", "k"]).size().unstack()
    size = cm.groupby("cohort").size()
    cohorts = sorted(cm["cohort"].unique())
    first = cohorts[0]
    K = (cutoff.year - first.year) * 12 + (cutoff.month - first.month)
    out = active.reindex(index=cohorts, columns=range(K + 1)).div(size.reindex(cohorts), axis=0)
    return out.fillna(0.0)


matrix = cohort_matrix(customers, activity, CUTOFF)
matrix.iloc[:6, :8].round(3)'''),
        ("treats the cut-off month itself as not yet observable (NaN from the cut-off month on, off by one)", '''def cohort_matrix(customers, activity, cutoff):
    # Stuck? Run hint("cohort_matrix") in a new cell.
    # Write the body: return the cohorts x months-since-acquisition table of active shares, NaN where not yet observable.
    # YOUR CODE HERE
    cm = customers[["customer_id", "cohort"]]
    a = activity[["customer_id", "month"]].merge(cm, on="customer_id")
    a["k"] = (a["month"].dt.year - a["cohort"].dt.year) * 12 + (a["month"].dt.month - a["cohort"].dt.month)
    a = a[a["k"] >= 0]
    active = a.drop_duplicates(["customer_id", "k"]).groupby(["cohort", "k"]).size().unstack()
    size = cm.groupby("cohort").size()
    cohorts = sorted(cm["cohort"].unique())
    first = cohorts[0]
    K = (cutoff.year - first.year) * 12 + (cutoff.month - first.month)
    out = active.reindex(index=cohorts, columns=range(K + 1)).div(size.reindex(cohorts), axis=0).fillna(0.0)
    for c in cohorts:
        left = (cutoff.year - c.year) * 12 + (cutoff.month - c.month)
        out.loc[c, [k for k in out.columns if k >= left and k > 0]] = np.nan
    return out


matrix = cohort_matrix(customers, activity, CUTOFF)
matrix.iloc[:6, :8].round(3)'''),
    ],
    "churn_events": [
        ("censors everyone else at the cut-off instead of the decision date (cut-off - 90 days)", '''def churn_events(customers, cutoff, rule_days=90):
    # Stuck? Run hint("churn_events") in a new cell.
    # Write the body: return the DataFrame (churned, end, duration) indexed by customer_id.
    # YOUR CODE HERE
    decision = cutoff - pd.Timedelta(days=rule_days)
    churned = customers["last_active_on"] <= decision
    end = customers["last_active_on"].where(churned, cutoff)
    duration = ((end - customers["acquired_on"]).dt.days / MONTH_DAYS).clip(lower=0)
    return pd.DataFrame({"churned": churned.to_numpy(), "end": end.to_numpy(), "duration": duration.to_numpy()},
                        index=customers["customer_id"].to_numpy())


events = churn_events(customers, CUTOFF, RULE_DAYS)
events.head()'''),
        ("every closed account counts as churned, even a closure after the decision date", '''def churn_events(customers, cutoff, rule_days=90):
    # Stuck? Run hint("churn_events") in a new cell.
    # Write the body: return the DataFrame (churned, end, duration) indexed by customer_id.
    # YOUR CODE HERE
    decision = cutoff - pd.Timedelta(days=rule_days)
    churned = customers["closed_on"].notna() | (customers["last_active_on"] <= decision)
    end = customers["last_active_on"].where(churned, decision)
    duration = ((end - customers["acquired_on"]).dt.days / MONTH_DAYS).clip(lower=0)
    return pd.DataFrame({"churned": churned.to_numpy(), "end": end.to_numpy(), "duration": duration.to_numpy()},
                        index=customers["customer_id"].to_numpy())


events = churn_events(customers, CUTOFF, RULE_DAYS)
events.head()'''),
    ],
    "churn_rate": [
        ("churn rate = churners / customers (share ever lost), not per customer-month", '''def churn_rate(events, groups):
    # Stuck? Run hint("churn_rate") in a new cell.
    # Write the body: return churns / customer-months per group, a Series indexed by group.
    # YOUR CODE HERE
    e = pd.DataFrame({"churned": np.asarray(events["churned"], dtype=float), "g": np.asarray(groups)})
    return e.groupby("g")["churned"].mean()


if ready("churn_events", "events", what="The rate table"):
    rates = churn_rate(events, channel)
    display(rates.sort_values().round(4))'''),
        ("customer-months counted over the churned customers only (censored months left out)", '''def churn_rate(events, groups):
    # Stuck? Run hint("churn_rate") in a new cell.
    # Write the body: return churns / customer-months per group, a Series indexed by group.
    # YOUR CODE HERE
    e = pd.DataFrame({"churned": np.asarray(events["churned"], dtype=bool),
                      "duration": np.asarray(events["duration"], dtype=float), "g": np.asarray(groups)})
    churns = e.groupby("g")["churned"].sum()
    months = e[e["churned"]].groupby("g")["duration"].sum().reindex(churns.index)
    return churns / months


if ready("churn_events", "events", what="The rate table"):
    rates = churn_rate(events, channel)
    display(rates.sort_values().round(4))'''),
    ],
    "survival_curves": [
        ("passes every customer as an event (status all 1): censoring ignored, censored ends counted as churns", '''def survival_curves(events, groups, months):
    # Stuck? Run hint("survival_curves") in a new cell.
    # Write the body: one Kaplan-Meier curve per group, read at the given months.
    # YOUR CODE HERE
    g = np.asarray(groups)
    dur = np.asarray(events["duration"], dtype=float)
    out = {}
    for ch in sorted(set(g)):
        k = g == ch
        sf = sm.SurvfuncRight(dur[k], np.ones(k.sum()))
        idx = np.searchsorted(sf.surv_times, np.asarray(months, dtype=float), side="right") - 1
        out[ch] = np.where(idx >= 0, sf.surv_prob[np.clip(idx, 0, None)], 1.0)
    return pd.DataFrame(out, index=months)


if ready("churn_events", "events", what="The survival table"):
    curves = survival_curves(events, channel, np.arange(36))
    display(curves.loc[[0, 3, 6, 12, 24, 35]].round(3))'''),
        ("reads the step function at the NEXT step (searchsorted side='left'): S(t) is the value of the first step at or after t", '''def survival_curves(events, groups, months):
    # Stuck? Run hint("survival_curves") in a new cell.
    # Write the body: one Kaplan-Meier curve per group, read at the given months.
    # YOUR CODE HERE
    g = np.asarray(groups)
    dur = np.asarray(events["duration"], dtype=float)
    lost = np.asarray(events["churned"], dtype=int)
    out = {}
    for ch in sorted(set(g)):
        k = g == ch
        sf = sm.SurvfuncRight(dur[k], lost[k])
        idx = np.searchsorted(sf.surv_times, np.asarray(months, dtype=float), side="left")
        out[ch] = sf.surv_prob[np.clip(idx, 0, len(sf.surv_prob) - 1)]
    return pd.DataFrame(out, index=months)


if ready("churn_events", "events", what="The survival table"):
    curves = survival_curves(events, channel, np.arange(36))
    display(curves.loc[[0, 3, 6, 12, 24, 35]].round(3))'''),
    ],
    "median_lifetime": [
        ("strict inequality: the smallest t with S(t) < 0.5, so a curve landing exactly on 0.5 moves to the next step", '''def median_lifetime(duration, churned):
    # Stuck? Run hint("median_lifetime") in a new cell.
    # Write the body: the smallest event time with S(t) <= 0.5 from the Kaplan-Meier curve, or np.nan.
    # YOUR CODE HERE
    sf = sm.SurvfuncRight(np.asarray(duration, dtype=float), np.asarray(churned, dtype=int))
    below = sf.surv_times[sf.surv_prob < 0.5]
    return float(below[0]) if len(below) else np.nan


if ready("churn_events", "events", what="The median table"):
    medians = pd.Series({ch: median_lifetime(events.loc[channel == ch, "duration"],
                                             events.loc[channel == ch, "churned"]) for ch in sorted(set(channel))})
    display(medians.round(1))'''),
        ("median of the observed churn durations, ignoring the censored customers", '''def median_lifetime(duration, churned):
    # Stuck? Run hint("median_lifetime") in a new cell.
    # Write the body: the smallest event time with S(t) <= 0.5 from the Kaplan-Meier curve, or np.nan.
    # YOUR CODE HERE
    d = np.asarray(duration, dtype=float)
    c = np.asarray(churned, dtype=bool)
    if c.sum() == 0:
        return np.nan
    return float(np.median(d[c]))


if ready("churn_events", "events", what="The median table"):
    medians = pd.Series({ch: median_lifetime(events.loc[channel == ch, "duration"],
                                             events.loc[channel == ch, "churned"]) for ch in sorted(set(channel))})
    display(medians.round(1))'''),
    ],
    "ltv_from_survival": [
        ("counts month 0 as well: sums m S(t) / (1+i)^t from t = 0 (a margin on the day of acquisition)", '''def ltv_from_survival(surv, margin, i):
    # Stuck? Run hint("ltv_from_survival") in a new cell.
    # Write the body: the discounted margin of months 1..T while still a customer.
    # YOUR CODE HERE
    s = np.asarray(surv, dtype=float)
    t = np.arange(len(s))
    return float(np.sum(margin * s / (1 + i) ** t))


channel_margin = customers["segment"].map(margins["monthly_margin"]).groupby(customers["channel"]).mean()
if ready("survival_curves", "curves", what="The LTV table"):
    ltv = pd.Series({ch: ltv_from_survival(curves.loc[0:HORIZON, ch], channel_margin[ch], RATE) for ch in curves.columns})
    display(ltv.round(0))'''),
        ("no discounting: m x the sum of S(1..T)", '''def ltv_from_survival(surv, margin, i):
    # Stuck? Run hint("ltv_from_survival") in a new cell.
    # Write the body: the discounted margin of months 1..T while still a customer.
    # YOUR CODE HERE
    s = np.asarray(surv, dtype=float)
    return float(margin * s[1:].sum())


channel_margin = customers["segment"].map(margins["monthly_margin"]).groupby(customers["channel"]).mean()
if ready("survival_curves", "curves", what="The LTV table"):
    ltv = pd.Series({ch: ltv_from_survival(curves.loc[0:HORIZON, ch], channel_margin[ch], RATE) for ch in curves.columns})
    display(ltv.round(0))'''),
    ],
    "retention_gain": [
        ("adds the five points to the MONTHLY retention r instead of the annual R", '''def retention_gain(annual_retention, margin, i, horizon, points=0.05):
    # Stuck? Run hint("retention_gain") in a new cell.
    # Write the body: return {"ltv": ..., "ltv_plus": ..., "gain_pct": ...}.
    # YOUR CODE HERE
    r = annual_retention ** (1 / 12)
    r_plus = min(r + points, 1.0)
    t = np.arange(1, horizon + 1)
    ltv = float(np.sum(margin * r**t / (1 + i) ** t))
    ltv_plus = float(np.sum(margin * r_plus**t / (1 + i) ** t))
    return {"ltv": ltv, "ltv_plus": ltv_plus, "gain_pct": ltv_plus / ltv - 1}


if ready("survival_curves", "curves", what="The gain table"):
    gains = pd.DataFrame({ch: retention_gain(float(curves.loc[12, ch]), float(channel_margin[ch]), RATE, HORIZON)
                          for ch in curves.columns}).T
    gains.insert(0, "annual_retention", curves.loc[12].astype(float))
    display(gains.round(3))'''),
        ("no cap at 100%: R + 5 points may exceed 1 (retention above certainty)", '''def retention_gain(annual_retention, margin, i, horizon, points=0.05):
    # Stuck? Run hint("retention_gain") in a new cell.
    # Write the body: return {"ltv": ..., "ltv_plus": ..., "gain_pct": ...}.
    # YOUR CODE HERE
    r = annual_retention ** (1 / 12)
    r_plus = (annual_retention + points) ** (1 / 12)
    t = np.arange(1, horizon + 1)
    ltv = float(np.sum(margin * r**t / (1 + i) ** t))
    ltv_plus = float(np.sum(margin * r_plus**t / (1 + i) ** t))
    return {"ltv": ltv, "ltv_plus": ltv_plus, "gain_pct": ltv_plus / ltv - 1}


if ready("survival_curves", "curves", what="The gain table"):
    gains = pd.DataFrame({ch: retention_gain(float(curves.loc[12, ch]), float(channel_margin[ch]), RATE, HORIZON)
                          for ch in curves.columns}).T
    gains.insert(0, "annual_retention", curves.loc[12].astype(float))
    display(gains.round(3))'''),
    ],
}
