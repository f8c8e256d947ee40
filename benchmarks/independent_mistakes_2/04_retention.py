"""Wrong answers written independently from the trainee release of 04_retention."""
LESSON = "03_channels/04_retention"
MISTAKES = {
    "cohort_matrix": [
        ('cells after the cut-off left at 0 (not-yet-observable months shown as nobody active) instead of NaN', '''def cohort_matrix(customers, activity, cutoff):
    def mi(s):
        return s.dt.year * 12 + s.dt.month

    cust = customers[["customer_id", "cohort"]]
    act = activity[["customer_id", "month"]].merge(cust, on="customer_id")
    act["k"] = mi(act["month"]) - mi(act["cohort"])
    active = act.drop_duplicates(["customer_id", "k"]).groupby(["cohort", "k"]).size().unstack(fill_value=0)
    size = cust.groupby("cohort").size()
    K = int(pd.Timestamp(cutoff).year * 12 + pd.Timestamp(cutoff).month - mi(pd.Series(size.index)).min())
    return active.reindex(index=size.index, columns=range(K + 1), fill_value=0).div(size, axis=0)


matrix = cohort_matrix(customers, activity, CUTOFF)
matrix.iloc[:6, :8].round(3)'''),
        ("month index k from days / 30 (floor) instead of calendar months since the cohort's month", '''def cohort_matrix(customers, activity, cutoff):
    cust = customers[["customer_id", "cohort"]]
    act = activity[["customer_id", "month"]].merge(cust, on="customer_id")
    act["k"] = (act["month"] - act["cohort"]).dt.days // 30
    active = act.drop_duplicates(["customer_id", "k"]).groupby(["cohort", "k"]).size().unstack(fill_value=0)
    size = cust.groupby("cohort").size()
    observed = pd.Series((pd.Timestamp(cutoff) - pd.to_datetime(size.index)).days // 30, index=size.index)
    K = int(observed.max())
    m = active.reindex(index=size.index, columns=range(K + 1), fill_value=0).div(size, axis=0)
    later = np.arange(K + 1)[None, :] > observed.to_numpy()[:, None]
    return m.mask(later)


matrix = cohort_matrix(customers, activity, CUTOFF)
matrix.iloc[:6, :8].round(3)'''),
    ],
    "churn_events": [
        ('censored customers end at the cut-off (2025-12-31) instead of the decision date cut-off - 90 days', '''def churn_events(customers, cutoff, rule_days=90):
    cutoff = pd.Timestamp(cutoff)
    decision = cutoff - pd.Timedelta(days=rule_days)
    churned = customers["last_active_on"] <= decision
    end = customers["last_active_on"].where(churned, cutoff)
    dur = ((end - customers["acquired_on"]).dt.days / MONTH_DAYS).clip(lower=0)
    return pd.DataFrame({"churned": churned.to_numpy(), "end": end.to_numpy(), "duration": dur.to_numpy()},
                        index=customers["customer_id"].to_numpy())


events = churn_events(customers, CUTOFF, RULE_DAYS)
events.head()'''),
        ('every closed account counted as churned (dated at its last active day), even one active after the decision date', '''def churn_events(customers, cutoff, rule_days=90):
    decision = pd.Timestamp(cutoff) - pd.Timedelta(days=rule_days)
    churned = (customers["last_active_on"] <= decision) | customers["closed_on"].notna()
    end = customers["last_active_on"].where(churned, decision)
    dur = ((end - customers["acquired_on"]).dt.days / MONTH_DAYS).clip(lower=0)
    return pd.DataFrame({"churned": churned.to_numpy(), "end": end.to_numpy(), "duration": dur.to_numpy()},
                        index=customers["customer_id"].to_numpy())


events = churn_events(customers, CUTOFF, RULE_DAYS)
events.head()'''),
    ],
    "churn_rate": [
        ('churns / customers (the share ever lost) instead of churns / customer-months', '''def churn_rate(events, groups):
    return pd.Series(events["churned"].astype(float).to_numpy()).groupby(np.asarray(groups)).mean()


if ready("churn_events", "events", what="The rate table"):
    rates = churn_rate(events, channel)
    display(rates.sort_values().round(4))'''),
        ("denominator = the months of the churned customers only (censored customers' months left out)", '''def churn_rate(events, groups):
    e = pd.DataFrame({"g": np.asarray(groups), "c": events["churned"].astype(bool).to_numpy(),
                      "d": events["duration"].astype(float).to_numpy()})
    return e.groupby("g")["c"].sum() / e[e["c"]].groupby("g")["d"].sum()


if ready("churn_events", "events", what="The rate table"):
    rates = churn_rate(events, channel)
    display(rates.sort_values().round(4))'''),
    ],
    "survival_curves": [
        ("reads the step strictly BEFORE t (searchsorted side='left'), so a churn at month t shows only after t", '''def survival_curves(events, groups, months):
    g = np.asarray(groups)
    dur = events["duration"].astype(float).to_numpy()
    ev = events["churned"].astype(int).to_numpy()
    t = np.asarray(months, dtype=float)
    out = {}
    for grp in sorted(set(g)):
        k = g == grp
        sf = sm.SurvfuncRight(dur[k], ev[k])
        if len(sf.surv_times) == 0:
            out[grp] = np.ones(len(t))
            continue
        idx = np.searchsorted(sf.surv_times, t, side="left") - 1
        out[grp] = np.where(idx >= 0, sf.surv_prob[np.clip(idx, 0, None)], 1.0)
    return pd.DataFrame(out, index=months)


if ready("churn_events", "events", what="The survival table"):
    curves = survival_curves(events, channel, np.arange(36))
    display(curves.loc[[0, 3, 6, 12, 24, 35]].round(3))'''),
        ('event flag left out: SurvfuncRight(duration, 1) treats every censored customer as a churn', '''def survival_curves(events, groups, months):
    g = np.asarray(groups)
    dur = events["duration"].astype(float).to_numpy()
    t = np.asarray(months, dtype=float)
    out = {}
    for grp in sorted(set(g)):
        k = g == grp
        sf = sm.SurvfuncRight(dur[k], np.ones(int(k.sum())))
        idx = np.searchsorted(sf.surv_times, t, side="right") - 1
        out[grp] = np.where(idx >= 0, sf.surv_prob[np.clip(idx, 0, None)], 1.0)
    return pd.DataFrame(out, index=months)


if ready("churn_events", "events", what="The survival table"):
    curves = survival_curves(events, channel, np.arange(36))
    display(curves.loc[[0, 3, 6, 12, 24, 35]].round(3))'''),
    ],
    "median_lifetime": [
        ("statsmodels' own quantile(0.5): strict S(t) < 0.5, so a curve landing exactly on 0.5 moves the median to the next step", '''def median_lifetime(duration, churned):
    sf = sm.SurvfuncRight(np.asarray(duration, dtype=float), np.asarray(churned, dtype=int))
    return float(sf.quantile(0.5))


if ready("churn_events", "events", what="The median table"):
    medians = pd.Series({ch: median_lifetime(events.loc[channel == ch, "duration"],
                                             events.loc[channel == ch, "churned"]) for ch in sorted(set(channel))})
    display(medians.round(1))'''),
        ("median of the churned customers' durations (censored customers ignored) instead of reading the KM curve", '''def median_lifetime(duration, churned):
    d = np.asarray(duration, dtype=float)
    c = np.asarray(churned).astype(bool)
    return float(np.median(d[c])) if c.any() else np.nan


if ready("churn_events", "events", what="The median table"):
    medians = pd.Series({ch: median_lifetime(events.loc[channel == ch, "duration"],
                                             events.loc[channel == ch, "churned"]) for ch in sorted(set(channel))})
    display(medians.round(1))'''),
    ],
    "ltv_from_survival": [
        ('margin at the START of each month: sums t = 0..T-1, m S(t) / (1+i)^t (month 0 counted, month T dropped)', '''def ltv_from_survival(surv, margin, i):
    s = np.asarray(surv, dtype=float)
    t = np.arange(len(s) - 1)
    return float((margin * s[:-1] / (1 + i) ** t).sum())


channel_margin = customers["segment"].map(margins["monthly_margin"]).groupby(customers["channel"]).mean()
if ready("survival_curves", "curves", what="The LTV table"):
    ltv = pd.Series({ch: ltv_from_survival(curves.loc[0:HORIZON, ch], channel_margin[ch], RATE) for ch in curves.columns})
    display(ltv.round(0))'''),
        ('simple-interest discounting 1 / (1 + i t) instead of compound 1 / (1 + i)^t', '''def ltv_from_survival(surv, margin, i):
    s = np.asarray(surv, dtype=float)
    t = np.arange(1, len(s))
    return float((margin * s[1:] / (1 + i * t)).sum())


channel_margin = customers["segment"].map(margins["monthly_margin"]).groupby(customers["channel"]).mean()
if ready("survival_curves", "curves", what="The LTV table"):
    ltv = pd.Series({ch: ltv_from_survival(curves.loc[0:HORIZON, ch], channel_margin[ch], RATE) for ch in curves.columns})
    display(ltv.round(0))'''),
    ],
    "retention_gain": [
        ('adds the five points to the MONTHLY retention r (r + 0.05, capped) instead of to the annual R', '''def retention_gain(annual_retention, margin, i, horizon, points=0.05):
    t = np.arange(1, horizon + 1)

    def ltv(r):
        return float((margin * (r / (1 + i)) ** t).sum())

    r = annual_retention ** (1 / 12)
    base, plus = ltv(r), ltv(min(r + points, 1.0))
    return {"ltv": base, "ltv_plus": plus, "gain_pct": plus / base - 1}


if ready("survival_curves", "curves", what="The gain table"):
    gains = pd.DataFrame({ch: retention_gain(float(curves.loc[12, ch]), float(channel_margin[ch]), RATE, HORIZON)
                          for ch in curves.columns}).T
    gains.insert(0, "annual_retention", curves.loc[12].astype(float))
    display(gains.round(3))'''),
        ('annual to monthly by dividing the churn by 12, r = 1 - (1 - R) / 12, instead of r = R^(1/12)', '''def retention_gain(annual_retention, margin, i, horizon, points=0.05):
    t = np.arange(1, horizon + 1)

    def ltv(r):
        return float((margin * (r / (1 + i)) ** t).sum())

    r = 1 - (1 - annual_retention) / 12
    r_plus = 1 - (1 - min(annual_retention + points, 1.0)) / 12
    base, plus = ltv(r), ltv(r_plus)
    return {"ltv": base, "ltv_plus": plus, "gain_pct": plus / base - 1}


if ready("survival_curves", "curves", what="The gain table"):
    gains = pd.DataFrame({ch: retention_gain(float(curves.loc[12, ch]), float(channel_margin[ch]), RATE, HORIZON)
                          for ch in curves.columns}).T
    gains.insert(0, "annual_retention", curves.loc[12].astype(float))
    display(gains.round(3))'''),
    ],
}
