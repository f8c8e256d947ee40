"""Wrong answers written independently from the trainee release of 03_complaint_handling."""
LESSON = "05_customer_operations/03_complaint_handling"

_PARETO_TAIL = '''

by_cause = pareto_table(complaints, "root_cause")
by_business = pareto_table(complaints, "business")
by_cause.round(3)
'''
_FIX_TAIL = '''

if ready("pareto_table", "by_cause", what="The cause to fix first"):
    first_fix = fix_first(by_cause, roots)
    print(first_fix)
'''
_DAYS_TAIL = '''

handling = resolution_days(complaints, CUTOFF)
handling.describe()
'''
_KM_TAIL = '''

if ready("resolution_days", "handling", what="The Kaplan-Meier table"):
    km = km_by_category(handling, complaints["category"], DEADLINE)
    display(km.round(3))
'''
_STATUS_TAIL = '''

if ready("resolution_days", "handling", what="The status table"):
    status = deadline_status(complaints, handling)
    display(status[["in_time", "breached", "pending"]].sum())
'''
_ESC_TAIL = '''

if ready("deadline_status", "status", what="The escalation rates"):
    esc_rates = escalation_rate(complaints, status)
    display(esc_rates.round(4))
'''
_REPEAT_TAIL = '''

if ready("deadline_status", "status", what="The repeat rates"):
    repeats = repeat_rates(complaints, status, CUTOFF, 60)
    print(repeats)
'''

MISTAKES = {
    "pareto_table": [
        ("sorts count and name both descending in one sort_values call: ties come out in reverse alphabetical order", '''def pareto_table(complaints, by):
    t = complaints[by].value_counts().rename_axis(by).reset_index(name="complaints")
    t = t.sort_values(["complaints", by], ascending=False).set_index(by)
    t["complaints"] = t["complaints"].astype(int)
    t["share"] = t["complaints"] / t["complaints"].sum()
    t["cumulative"] = t["share"].cumsum()
    return t
''' + _PARETO_TAIL),
        ("computes the cumulative share on the groupby result (alphabetical order) and only then sorts by count", '''def pareto_table(complaints, by):
    t = complaints.groupby(by).size().to_frame("complaints")
    t["share"] = t["complaints"] / t["complaints"].sum()
    t["cumulative"] = t["share"].cumsum()
    t = t.sort_values("complaints", ascending=False, kind="stable")
    return t
''' + _PARETO_TAIL),
        ("counts complainants (distinct customers) rather than complaints, so a customer who complained twice counts once", '''def pareto_table(complaints, by):
    n = complaints.groupby(by)["customer_id"].nunique()
    t = n.to_frame("complaints").reset_index().sort_values(["complaints", by], ascending=[False, True]).set_index(by)
    t["share"] = t["complaints"] / t["complaints"].sum()
    t["cumulative"] = t["share"].cumsum()
    return t
''' + _PARETO_TAIL),
    ],
    "fix_first": [
        ("checks fixable only: a cause already fixed during the year (fixed_on set) can still be chosen", '''def fix_first(pareto, roots):
    for cause in pareto.index:
        if int(roots.loc[cause, "fixable"]) == 1:
            return str(cause)
    return None
''' + _FIX_TAIL),
        ("checks that the cause is still present but forgets fixable: an outside cause can be chosen", '''def fix_first(pareto, roots):
    for cause in pareto.index:
        if pd.isna(roots.loc[cause, "fixed_on"]):
            return str(cause)
    return None
''' + _FIX_TAIL),
        ("filters the roots table and returns its first row, in the order of the roots table instead of the Pareto order", '''def fix_first(pareto, roots):
    candidates = roots[(roots["fixable"] == 1) & roots["fixed_on"].isna()]
    candidates = candidates[candidates.index.isin(pareto.index)]
    return str(candidates.index[0])
''' + _FIX_TAIL),
    ],
    "resolution_days": [
        ("takes .dt.days of the timestamp difference (whole 24-hour periods) instead of the difference of the calendar days", '''def resolution_days(complaints, cutoff):
    resolved = complaints["resolved_at"].notna()
    end = complaints["resolved_at"].fillna(pd.Timestamp(cutoff))
    days = (end - complaints["received_at"]).dt.days
    return pd.DataFrame({"days": days.astype(int), "resolved": resolved}, index=complaints.index)
''' + _DAYS_TAIL),
        ("counts the day of receipt as day 1 (inclusive count: resolution day - receipt day + 1)", '''def resolution_days(complaints, cutoff):
    resolved = complaints["resolved_at"].notna()
    start = complaints["received_at"].dt.normalize()
    end = complaints["resolved_at"].dt.normalize().fillna(pd.Timestamp(cutoff).normalize())
    days = (end - start).dt.days + 1
    return pd.DataFrame({"days": days.astype(int), "resolved": resolved}, index=complaints.index)
''' + _DAYS_TAIL),
        ("counts working days (工作日, np.busday_count) instead of calendar days", '''def resolution_days(complaints, cutoff):
    resolved = complaints["resolved_at"].notna()
    start = complaints["received_at"].dt.normalize()
    end = complaints["resolved_at"].dt.normalize().fillna(pd.Timestamp(cutoff).normalize())
    days = np.busday_count(start.to_numpy().astype("datetime64[D]"), end.to_numpy().astype("datetime64[D]"))
    return pd.DataFrame({"days": days.astype(int), "resolved": resolved.to_numpy()}, index=complaints.index)
''' + _DAYS_TAIL),
    ],
    "km_by_category": [
        ("on a tie, removes the censored complaints from the risk set before counting the resolutions of that day", '''def km_by_category(handling, categories, deadline=15):
    days = handling["days"].to_numpy(int)
    res = handling["resolved"].to_numpy(bool)
    cats = np.asarray(categories).astype(str)
    rows = {}
    for c in sorted(set(cats)):
        d, r = days[cats == c], res[cats == c]
        s, surv, median = 1.0, {}, np.nan
        for t in np.unique(d):
            n_at_risk = int((d > t).sum() + ((d == t) & r).sum())
            events = int(((d == t) & r).sum())
            if n_at_risk > 0:
                s *= 1 - events / n_at_risk
            surv[t] = s
            if np.isnan(median) and s <= 0.5:
                median = float(t)
        at = [t for t in surv if t <= deadline]
        rows[c] = {"within_deadline": 1 - (surv[max(at)] if at else 1.0), "median_days": median}
    return pd.DataFrame(rows).T.sort_index()
''' + _KM_TAIL),
        ("takes the median as the first day where S(t) falls strictly below 0.5 (S(t) < 0.5, not <= 0.5)", '''def km_by_category(handling, categories, deadline=15):
    days = handling["days"].to_numpy(int)
    res = handling["resolved"].to_numpy(bool)
    cats = np.asarray(categories).astype(str)
    rows = {}
    for c in sorted(set(cats)):
        d, r = days[cats == c], res[cats == c]
        times = np.unique(d[r])
        s, S, median = 1.0, [], np.nan
        for t in times:
            n = (d >= t).sum()
            s *= 1 - ((d == t) & r).sum() / n
            S.append(s)
            if np.isnan(median) and s < 0.5:
                median = float(t)
        S = np.array(S)
        within = 1 - (S[times <= deadline][-1] if (times <= deadline).any() else 1.0)
        rows[c] = {"within_deadline": within, "median_days": median}
    return pd.DataFrame(rows).T.sort_index()
''' + _KM_TAIL),
        ("reads 'within 15 days' as strictly fewer than 15 days: evaluates S just before the deadline day", '''def km_by_category(handling, categories, deadline=15):
    days = handling["days"].to_numpy(int)
    res = handling["resolved"].to_numpy(bool)
    cats = np.asarray(categories).astype(str)
    rows = {}
    for c in sorted(set(cats)):
        d, r = days[cats == c], res[cats == c]
        times = np.unique(d[r])
        s, S, median = 1.0, [], np.nan
        for t in times:
            n = (d >= t).sum()
            s *= 1 - ((d == t) & r).sum() / n
            S.append(s)
            if np.isnan(median) and s <= 0.5:
                median = float(t)
        S = np.array(S)
        before = times < deadline
        within = 1 - (S[before][-1] if before.any() else 1.0)
        rows[c] = {"within_deadline": within, "median_days": median}
    return pd.DataFrame(rows).T.sort_index()
''' + _KM_TAIL),
    ],
    "deadline_status": [
        ("judges every complaint against the 15-day deadline, ignoring the notified extensions (extended_to_days)", '''def deadline_status(complaints, handling):
    deadline = pd.Series(15, index=complaints.index)
    days, res = handling["days"], handling["resolved"].astype(bool)
    return pd.DataFrame({"deadline": deadline,
                         "in_time": res & (days <= deadline),
                         "breached": days > deadline,
                         "pending": ~res & (days <= deadline)}, index=complaints.index)
''' + _STATUS_TAIL),
        ("an open complaint on its deadline day is already counted breached (days >= deadline for the open ones)", '''def deadline_status(complaints, handling):
    deadline = complaints["extended_to_days"].astype(int)
    days, res = handling["days"], handling["resolved"].astype(bool)
    in_time = res & (days <= deadline)
    breached = (res & (days > deadline)) | (~res & (days >= deadline))
    pending = ~res & (days < deadline)
    return pd.DataFrame({"deadline": deadline, "in_time": in_time, "breached": breached, "pending": pending},
                        index=complaints.index)
''' + _STATUS_TAIL),
        ("only a decided complaint can be breached: every open complaint is pending, however long it has been open", '''def deadline_status(complaints, handling):
    deadline = complaints["extended_to_days"].astype(int)
    days, res = handling["days"], handling["resolved"].astype(bool)
    return pd.DataFrame({"deadline": deadline,
                         "in_time": res & (days <= deadline),
                         "breached": res & (days > deadline),
                         "pending": ~res}, index=complaints.index)
''' + _STATUS_TAIL),
    ],
    "escalation_rate": [
        ("keeps the complaints transferred by 12378 in the denominator (only drops the open ones)", '''def escalation_rate(complaints, status):
    decided = complaints["resolved_at"].notna()
    bad = (complaints["outcome"] == "not_upheld").fillna(False) | status["breached"].astype(bool)
    esc = complaints["escalated_on"].notna()
    return pd.Series({"bad": esc[decided & bad].mean(), "good": esc[decided & ~bad].mean()})
''' + _ESC_TAIL),
        ("counts partly upheld decisions as bad too (the customer did not get everything asked for)", '''def escalation_rate(complaints, status):
    keep = complaints["resolved_at"].notna() & (complaints["channel"] != "regulator_12378")
    bad = complaints["outcome"].isin(["not_upheld", "partly_upheld"]) | status["breached"].astype(bool)
    esc = complaints["escalated_on"].notna()
    return pd.Series({"bad": esc[keep & bad].mean(), "good": esc[keep & ~bad].mean()})
''' + _ESC_TAIL),
        ("splits on the outcome only (not upheld vs the rest), forgetting that a late decision is bad as well", '''def escalation_rate(complaints, status):
    keep = complaints["resolved_at"].notna() & (complaints["channel"] != "regulator_12378")
    bad = complaints["outcome"] == "not_upheld"
    esc = complaints["escalated_on"].notna()
    return pd.Series({"bad": esc[keep & bad].mean(), "good": esc[keep & ~bad].mean()}, index=["bad", "good"])
''' + _ESC_TAIL),
    ],
    "repeat_rates": [
        ("measures the 60-day window from the first complaint's receipt instead of from its resolution", '''def repeat_rates(complaints, status, cutoff, window_days=60):
    c = complaints.copy()
    c["bad"] = (c["outcome"] == "not_upheld").to_numpy() | status["breached"].astype(bool).to_numpy()
    limit = pd.Timestamp(cutoff) + pd.Timedelta(days=1) - pd.Timedelta(days=window_days)
    elig = c[c["resolved_at"].notna() & (c["resolved_at"] <= limit)]
    came_back = []
    for i, row in elig.iterrows():
        later = c[(c["customer_id"] == row["customer_id"]) & (c["category"] == row["category"])
                  & (c["received_at"] > row["resolved_at"])
                  & (c["received_at"] <= row["received_at"] + pd.Timedelta(days=window_days))]
        came_back.append(len(later) > 0)
    cb = pd.Series(came_back, index=elig.index, dtype=bool)
    b = elig["bad"].astype(bool)
    return {"bad": float(cb[b].mean()), "good": float(cb[~b].mean()), "n_bad": int(b.sum()), "n_good": int((~b).sum())}
''' + _REPEAT_TAIL),
        ("drops the '+ 1 day': eligible only if resolved by cut-off - 60 days at 00:00, losing the complaints decided on that day", '''def repeat_rates(complaints, status, cutoff, window_days=60):
    c = complaints.copy()
    c["bad"] = (c["outcome"] == "not_upheld").to_numpy() | status["breached"].astype(bool).to_numpy()
    limit = pd.Timestamp(cutoff) - pd.Timedelta(days=window_days)
    elig = c[c["resolved_at"].notna() & (c["resolved_at"] <= limit)]
    pairs = elig.reset_index().merge(c[["customer_id", "category", "received_at"]], on=["customer_id", "category"],
                                     suffixes=("", "_next"))
    hit = (pairs["received_at_next"] > pairs["resolved_at"]) & (
        pairs["received_at_next"] <= pairs["resolved_at"] + pd.Timedelta(days=window_days))
    cb = hit.groupby(pairs["index"]).any().reindex(elig.index, fill_value=False)
    b = elig["bad"].astype(bool)
    return {"bad": float(cb[b].mean()), "good": float(cb[~b].mean()), "n_bad": int(b.sum()), "n_good": int((~b).sum())}
''' + _REPEAT_TAIL),
        ("looks only at the customer's very next complaint (shift(-1)) and then checks its category, missing a same-category one further on", '''def repeat_rates(complaints, status, cutoff, window_days=60):
    c = complaints.copy()
    c["bad"] = (c["outcome"] == "not_upheld").to_numpy() | status["breached"].astype(bool).to_numpy()
    c = c.sort_values(["customer_id", "received_at"])
    nxt = c.groupby("customer_id")[["received_at", "category"]].shift(-1)
    c["came_back"] = (nxt["category"] == c["category"]).fillna(False) & (nxt["received_at"] > c["resolved_at"]) & (
        nxt["received_at"] <= c["resolved_at"] + pd.Timedelta(days=window_days))
    limit = pd.Timestamp(cutoff) + pd.Timedelta(days=1) - pd.Timedelta(days=window_days)
    elig = c[c["resolved_at"].notna() & (c["resolved_at"] <= limit)]
    b = elig["bad"].astype(bool)
    cb = elig["came_back"].astype(bool)
    return {"bad": float(cb[b].mean()), "good": float(cb[~b].mean()), "n_bad": int(b.sum()), "n_good": int((~b).sum())}
''' + _REPEAT_TAIL),
    ],
}
