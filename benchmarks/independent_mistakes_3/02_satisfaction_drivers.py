"""Wrong answers written independently from the trainee release of 02_satisfaction_drivers."""
LESSON = "05_customer_operations/02_satisfaction_drivers"

_NPS_TAIL = '''

nps_raw = nps_interval(resp["recommend"])
print({k: round(float(v), 2) for k, v in nps_raw.items()})
'''
_RATES_TAIL = '''

rates = response_rates(invited, CELLS)
display(rates.round(3))
'''
_WEIGHTED_TAIL = '''

if ready("response_rates", "rates", what="The weighted NPS"):
    w = rates["weight"].astype(float).reindex(pd.MultiIndex.from_frame(resp[CELLS])).to_numpy()
    nps_w = weighted_nps(resp["recommend"], w)
    print({k: round(float(v), 2) for k, v in nps_w.items()})
'''
_GROUP_TAIL = '''

if ready("weighted_nps", "nps_w", what="The NPS by group") and ready("response_rates", "rates", what="The NPS by group"):
    by_age = nps_by_group(resp["recommend"], w, resp["age_band"], weighted_nps)
    by_district = nps_by_group(resp["recommend"], w, resp["district"], weighted_nps)
    display(by_age.round(2), by_district.round(2))
'''
_COEF_TAIL = '''

coefs = key_drivers(resp, DRIVERS)
coefs.round(3)
'''
_IMPORTANCE_TAIL = '''

importance = relative_importance(resp, DRIVERS)
importance.round(3)
'''
_THEMES_TAIL = '''

has_comment = resp["comment"].fillna("").str.strip() != ""
themes = comment_themes(resp.loc[has_comment, "comment"], lexicon)
themes.mean().round(3)
'''
_RECOVERY_TAIL = '''

handling_status = recovery_check(resp, complaints)
handling_status.value_counts()
'''

MISTAKES = {
    "nps_interval": [
        ("SE from two independent proportions, sqrt(pP(1-pP)/n + pD(1-pD)/n): leaves out the covariance of promoters and detractors", '''def nps_interval(scores, z=1.96):
    s = pd.Series(scores, dtype=float).dropna()
    n = len(s)
    p_p = (s >= PROMOTER_MIN).mean()
    p_d = (s <= DETRACTOR_MAX).mean()
    nps = 100 * (p_p - p_d)
    se = 100 * np.sqrt(p_p * (1 - p_p) / n + p_d * (1 - p_d) / n)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n": n}
''' + _NPS_TAIL),
        ("SE as the sample standard deviation of the +1/0/-1 score (ddof=1, pandas' default) over sqrt(n), not the population variance of the concept cell", '''def nps_interval(scores, z=1.96):
    s = pd.Series(scores, dtype=float).dropna()
    x = np.where(s >= 9, 1.0, np.where(s <= 6, -1.0, 0.0))
    x = pd.Series(x)
    n = len(x)
    nps = 100 * x.mean()
    se = 100 * x.std() / np.sqrt(n)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n": n}
''' + _NPS_TAIL),
        ("counts a missing score as an answer (a passive) and n as len(scores): NaN is neither >= 9 nor <= 6", '''def nps_interval(scores, z=1.96):
    s = np.asarray(scores, dtype=float)
    n = len(s)
    p_p = np.sum(s >= 9) / n
    p_d = np.sum(s <= 6) / n
    nps = 100 * (p_p - p_d)
    se = 100 * np.sqrt((p_p + p_d - (p_p - p_d) ** 2) / n)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n": n}
''' + _NPS_TAIL),
    ],
    "response_rates": [
        ("weight = 1 / rate: a cell nobody answered gets an infinite weight instead of NaN", '''def response_rates(invited, cells):
    out = invited.groupby(cells)["responded"].agg(invited="size", respondents="sum")
    out["invited"] = out["invited"].astype(int)
    out["respondents"] = out["respondents"].astype(int)
    out["rate"] = out["respondents"] / out["invited"]
    out["weight"] = 1 / out["rate"]
    return out.sort_index()
''' + _RATES_TAIL),
        ("normalised weights (invited share / respondent share of the cell, mean weight 1), the survey-software convention, not invited / respondents", '''def response_rates(invited, cells):
    out = invited.groupby(cells)["responded"].agg(invited="size", respondents="sum").sort_index()
    out["rate"] = out["respondents"] / out["invited"]
    share_inv = out["invited"] / out["invited"].sum()
    share_resp = out["respondents"] / out["respondents"].sum()
    out["weight"] = (share_inv / share_resp).where(out["respondents"] > 0)
    return out
''' + _RATES_TAIL),
        ("builds the table from the respondents and merges the invited counts with an inner join: the cells nobody answered disappear", '''def response_rates(invited, cells):
    resp_n = invited[invited["responded"] == 1].groupby(cells).size().rename("respondents")
    inv_n = invited.groupby(cells).size().rename("invited")
    out = pd.concat([inv_n, resp_n], axis=1, join="inner").sort_index()
    out["rate"] = out["respondents"] / out["invited"]
    out["weight"] = out["invited"] / out["respondents"]
    return out[["invited", "respondents", "rate", "weight"]]
''' + _RATES_TAIL),
    ],
    "weighted_nps": [
        ("weighted shares right, but the SE divides by the number of answers n, not Kish's n_eff (n_eff returned as n)", '''def weighted_nps(scores, weights, z=1.96):
    s = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    p_p = w[s >= 9].sum() / w.sum()
    p_d = w[s <= 6].sum() / w.sum()
    nps = 100 * (p_p - p_d)
    n = len(s)
    se = 100 * np.sqrt((p_p + p_d - (p_p - p_d) ** 2) / n)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n_eff": n}
''' + _WEIGHTED_TAIL),
        ("takes the sum of the weights (the invited customers represented) as the sample size", '''def weighted_nps(scores, weights, z=1.96):
    s = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    x = np.where(s >= PROMOTER_MIN, 1.0, np.where(s <= DETRACTOR_MAX, -1.0, 0.0))
    nps = 100 * np.average(x, weights=w)
    p_p, p_d = np.average(x == 1, weights=w), np.average(x == -1, weights=w)
    n_eff = w.sum()
    se = 100 * np.sqrt((p_p + p_d - (p_p - p_d) ** 2) / n_eff)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n_eff": n_eff}
''' + _WEIGHTED_TAIL),
        ("variance from np.cov(x, aweights=w), whose bias correction differs from the concept cell's weighted shares", '''def weighted_nps(scores, weights, z=1.96):
    s = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    x = np.where(s >= 9, 1.0, np.where(s <= 6, -1.0, 0.0))
    nps = 100 * np.average(x, weights=w)
    n_eff = w.sum() ** 2 / (w ** 2).sum()
    var = float(np.cov(x, aweights=w))
    se = 100 * np.sqrt(var / n_eff)
    return {"nps": nps, "se": se, "low": nps - z * se, "high": nps + z * se, "n_eff": n_eff}
''' + _WEIGHTED_TAIL),
    ],
    "nps_by_group": [
        ("below = the group's point estimate is under the bank's NPS (not its whole interval)", '''def nps_by_group(scores, weights, groups, estimate):
    s = pd.Series(np.asarray(scores, dtype=float))
    w = pd.Series(np.asarray(weights, dtype=float))
    g = pd.Series(np.asarray(groups))
    overall = estimate(s, w)
    rows = {}
    for k in sorted(g.unique()):
        m = (g == k).to_numpy()
        e = estimate(s[m], w[m])
        rows[k] = {"nps": e["nps"], "low": e["low"], "high": e["high"], "n": int(m.sum())}
    out = pd.DataFrame(rows).T
    out["n"] = out["n"].astype(int)
    out["below"] = out["nps"].astype(float) < overall["nps"]
    return out
''' + _GROUP_TAIL),
        ("below only when the two intervals do not overlap: the group's high under the bank's LOW", '''def nps_by_group(scores, weights, groups, estimate):
    s = pd.Series(np.asarray(scores, dtype=float))
    w = pd.Series(np.asarray(weights, dtype=float))
    g = pd.Series(np.asarray(groups))
    overall = estimate(s, w)
    rows = {}
    for k in sorted(g.unique()):
        m = (g == k).to_numpy()
        e = estimate(s[m], w[m])
        rows[k] = {"nps": e["nps"], "low": e["low"], "high": e["high"], "n": int(m.sum())}
    out = pd.DataFrame(rows).T
    out["n"] = out["n"].astype(int)
    out["below"] = out["high"].astype(float) < overall["low"]
    return out
''' + _GROUP_TAIL),
        ("compares each weighted group with the UNWEIGHTED NPS of all the answers (estimate called on equal weights for the bank)", '''def nps_by_group(scores, weights, groups, estimate):
    s = pd.Series(np.asarray(scores, dtype=float))
    w = pd.Series(np.asarray(weights, dtype=float))
    g = pd.Series(np.asarray(groups))
    bank = estimate(s, np.ones(len(s)))["nps"]
    rows = {}
    for k in sorted(g.unique()):
        m = (g == k).to_numpy()
        e = estimate(s[m], w[m])
        rows[k] = {"nps": e["nps"], "low": e["low"], "high": e["high"], "n": int(m.sum()), "below": e["high"] < bank}
    out = pd.DataFrame(rows).T
    out["n"] = out["n"].astype(int)
    out["below"] = out["below"].astype(bool)
    return out
''' + _GROUP_TAIL),
    ],
    "key_drivers": [
        ("no intercept: lstsq on the ratings alone", '''def key_drivers(responses, drivers, outcome="recommend"):
    d = responses[[outcome, *drivers]].dropna()
    X = d[drivers].to_numpy(float)
    b = np.linalg.lstsq(X, d[outcome].to_numpy(float), rcond=None)[0]
    return pd.Series(b, index=drivers)
''' + _COEF_TAIL),
        ("fills a missing rating with the driver's mean (mean imputation) instead of keeping the complete cases", '''def key_drivers(responses, drivers, outcome="recommend"):
    d = responses[[outcome, *drivers]].copy()
    d = d[d[outcome].notna()]
    d[drivers] = d[drivers].fillna(d[drivers].mean())
    X = np.column_stack([np.ones(len(d)), d[drivers].to_numpy(float)])
    b = np.linalg.lstsq(X, d[outcome].to_numpy(float), rcond=None)[0]
    return pd.Series(b[1:], index=drivers)
''' + _COEF_TAIL),
        ("drops every row with any missing value in the whole frame (responses.dropna()), so the missing complaint-handling ratings and comments drop most respondents", '''def key_drivers(responses, drivers, outcome="recommend"):
    d = responses.dropna()
    X = np.column_stack([np.ones(len(d)), d[drivers].to_numpy(float)])
    b = np.linalg.lstsq(X, d[outcome].to_numpy(float), rcond=None)[0]
    return pd.Series(b[1:], index=drivers)
''' + _COEF_TAIL),
    ],
    "relative_importance": [
        ("averages the marginal R2 gains over all subsets with equal weight 1/2^(p-1) instead of |S|!(p-|S|-1)!/p!", '''def relative_importance(responses, drivers, outcome="recommend"):
    d = responses[[outcome, *drivers]].dropna()
    y = d[outcome].to_numpy(float)

    def r2(cols):
        if not cols:
            return 0.0
        X = np.column_stack([np.ones(len(d)), d[list(cols)].to_numpy(float)])
        res = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        return 1 - res @ res / ((y - y.mean()) ** 2).sum()

    p = len(drivers)
    phi = {}
    for j in drivers:
        others = [k for k in drivers if k != j]
        gains = [r2([*S, j]) - r2(list(S)) for size in range(p) for S in combinations(others, size)]
        phi[j] = float(np.mean(gains))
    out = pd.DataFrame({"r2_contribution": pd.Series(phi)})
    out["share"] = out["r2_contribution"] / out["r2_contribution"].sum()
    return out.sort_values("share", ascending=False)
''' + _IMPORTANCE_TAIL),
        ("fits each subset on its own complete cases (drops rows missing only the subset's drivers), not on the common complete cases", '''def relative_importance(responses, drivers, outcome="recommend"):
    p = len(drivers)

    def r2(cols):
        if not cols:
            return 0.0
        d = responses[[outcome, *cols]].dropna()
        y = d[outcome].to_numpy(float)
        X = np.column_stack([np.ones(len(d)), d[list(cols)].to_numpy(float)])
        res = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        return 1 - res @ res / ((y - y.mean()) ** 2).sum()

    phi = {}
    for j in drivers:
        others = [k for k in drivers if k != j]
        total = 0.0
        for size in range(p):
            for S in combinations(others, size):
                wgt = factorial(size) * factorial(p - size - 1) / factorial(p)
                total += wgt * (r2([*S, j]) - r2(list(S)))
        phi[j] = total
    out = pd.DataFrame({"r2_contribution": pd.Series(phi)})
    out["share"] = out["r2_contribution"] / out["r2_contribution"].sum()
    return out.sort_values("share", ascending=False)
''' + _IMPORTANCE_TAIL),
        ("shares from each driver's own (one-driver) R2, rescaled to sum to the full model's R2: the zero-order importance, not the Shapley average", '''def relative_importance(responses, drivers, outcome="recommend"):
    d = responses[[outcome, *drivers]].dropna()
    y = d[outcome].to_numpy(float)

    def r2(cols):
        X = np.column_stack([np.ones(len(d)), d[list(cols)].to_numpy(float)])
        res = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        return 1 - res @ res / ((y - y.mean()) ** 2).sum()

    single = pd.Series({j: r2([j]) for j in drivers})
    full = r2(drivers)
    out = pd.DataFrame({"share": single / single.sum()})
    out["r2_contribution"] = out["share"] * full
    return out[["r2_contribution", "share"]].sort_values("share", ascending=False)
''' + _IMPORTANCE_TAIL),
    ],
    "comment_themes": [
        ("looks for each keyword as a substring of the comment (str.contains) instead of among jieba's words", '''def comment_themes(comments, lexicon):
    out = pd.DataFrame(index=comments.index)
    for theme, kw in lexicon.groupby("theme", sort=False)["keyword"]:
        pattern = "|".join(kw.astype(str))
        out[theme] = comments.astype(str).str.contains(pattern, regex=True).astype(int)
    return out
''' + _THEMES_TAIL),
        ("segments with jieba's full mode (cut_all=True), which also returns the words inside longer words", '''def comment_themes(comments, lexicon):
    for kw in lexicon["keyword"].astype(str):
        jieba.add_word(kw)
    themes = list(dict.fromkeys(lexicon["theme"].astype(str)))
    kws = {t: set(lexicon.loc[lexicon["theme"] == t, "keyword"].astype(str)) for t in themes}
    rows = []
    for c in comments.astype(str):
        words = set(jieba.lcut(c, cut_all=True))
        rows.append([int(bool(words & kws[t])) for t in themes])
    return pd.DataFrame(rows, index=comments.index, columns=themes)
''' + _THEMES_TAIL),
        ("counts the keyword hits of each theme (a comment with two app words gets 2) instead of a 0/1 flag", '''def comment_themes(comments, lexicon):
    for kw in lexicon["keyword"]:
        jieba.add_word(kw)
    themes = list(dict.fromkeys(lexicon["theme"]))
    out = pd.DataFrame(0, index=comments.index, columns=themes)
    for i, c in comments.items():
        for word in jieba.lcut(c):
            for t in lexicon.loc[lexicon["keyword"] == word, "theme"]:
                out.loc[i, t] += 1
    return out.astype(int)
''' + _THEMES_TAIL),
    ],
    "recovery_check": [
        ("days from the timestamps' timedelta (.dt.days truncates the hours), not calendar days between the receipt day and the resolution day", '''def recovery_check(respondents, complaints):
    r = respondents[["customer_id", "invited_on"]].copy()
    r["_row"] = np.arange(len(r))
    r["invited_on"] = pd.to_datetime(r["invited_on"])
    q = complaints.copy()
    q["received_at"] = pd.to_datetime(q["received_at"])
    q["resolved_at"] = pd.to_datetime(q["resolved_at"])
    m = r.merge(q, on="customer_id", how="inner")
    m = m[(m["received_at"] < m["invited_on"]) & (m["received_at"] >= m["invited_on"] - pd.Timedelta(days=365))]
    m = m.sort_values("received_at").groupby("_row").tail(1)
    decided = m["resolved_at"].notna() & (m["resolved_at"] < m["invited_on"])
    end = m["resolved_at"].where(decided, m["invited_on"])
    days = (end - m["received_at"]).dt.days
    late = days > m["extended_to_days"]
    label = np.where(late, "bad", np.where(~decided, "pending",
                     np.where(m["outcome"] == "not_upheld", "bad", "good")))
    out = pd.Series("none", index=np.arange(len(r)), dtype=object)
    out.loc[m["_row"].to_numpy()] = label
    return pd.Series(out.to_numpy(), index=respondents.index)
''' + _RECOVERY_TAIL),
        ("a not-upheld decision made in time counts as good: only lateness is bad", '''def recovery_check(respondents, complaints):
    r = respondents[["customer_id", "invited_on"]].copy()
    r["_row"] = np.arange(len(r))
    r["inv"] = pd.to_datetime(r["invited_on"]).dt.normalize()
    q = complaints.copy()
    q["rec_day"] = pd.to_datetime(q["received_at"]).dt.normalize()
    q["res_day"] = pd.to_datetime(q["resolved_at"]).dt.normalize()
    m = r.merge(q, on="customer_id")
    m = m[(m["rec_day"] < m["inv"]) & (m["rec_day"] >= m["inv"] - pd.Timedelta(days=365))]
    m = m.sort_values("received_at").drop_duplicates("_row", keep="last")
    decided = m["res_day"].notna() & (m["res_day"] < m["inv"])
    days = (m["res_day"].where(decided, m["inv"]) - m["rec_day"]).dt.days
    late = days > m["extended_to_days"]
    label = np.where(late, "bad", np.where(decided, "good", "pending"))
    out = pd.Series("none", index=respondents.index, dtype=object)
    out.iloc[m["_row"].to_numpy()] = label
    return out
''' + _RECOVERY_TAIL),
        ("takes any resolution in the log as known at the survey (judges with hindsight): a complaint decided in time AFTER the invitation counts as good, not pending", '''def recovery_check(respondents, complaints):
    r = respondents[["customer_id", "invited_on"]].copy()
    r["_row"] = np.arange(len(r))
    r["inv"] = pd.to_datetime(r["invited_on"]).dt.normalize()
    q = complaints.copy()
    q["rec_day"] = pd.to_datetime(q["received_at"]).dt.normalize()
    q["res_day"] = pd.to_datetime(q["resolved_at"]).dt.normalize()
    m = r.merge(q, on="customer_id")
    m = m[(m["rec_day"] < m["inv"]) & (m["rec_day"] >= m["inv"] - pd.Timedelta(days=365))]
    m = m.sort_values("received_at").drop_duplicates("_row", keep="last")
    decided = m["res_day"].notna()
    days = (m["res_day"].where(decided, m["inv"]) - m["rec_day"]).dt.days
    late = days > m["extended_to_days"]
    label = np.where(late, "bad", np.where(~decided, "pending",
                     np.where(m["outcome"] == "not_upheld", "bad", "good")))
    out = pd.Series("none", index=respondents.index, dtype=object)
    out.iloc[m["_row"].to_numpy()] = label
    return out
''' + _RECOVERY_TAIL),
    ],
}
