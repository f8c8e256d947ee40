"""Wrong answers written independently from the trainee release of 01_customer_value."""
LESSON = "05_customer_operations/01_customer_value"

_RFM_TAIL = '''

summary = rfm_summary(transactions, CAL_END, OBS_END)
summary.describe().round(1)
'''
_LOGLIK_TAIL = '''

_p0 = {"r": 0.5, "alpha": 10.0, "a": 1.2, "b": 3.0}
bgnbd_loglik(_p0, [0, 1, 4], [0, 30, 200], [100, 100, 250])
'''
_ALIVE_TAIL = '''

if ready("bgnbd_loglik", what="P(alive)") and ready("rfm_summary", "summary", what="P(alive)"):
    alive = pd.concat([pd.Series(prob_alive(fits[g], d["frequency"], d["recency"], d["T"]), index=d.index)
                       for g, d in summary.groupby("segment")]).reindex(summary.index)
    display(alive.describe().round(3))
'''
_EXPECTED_TAIL = '''

if ready("bgnbd_loglik", what="The forecast") and ready("rfm_summary", "summary", what="The forecast"):
    predicted = pd.concat([pd.Series(expected_purchases(fits[g], HOLDOUT_DAYS, d["frequency"], d["recency"], d["T"]), index=d.index)
                           for g, d in summary.groupby("segment")]).reindex(summary.index)
    predicted_pooled = pd.Series(expected_purchases(pooled, HOLDOUT_DAYS, summary["frequency"], summary["recency"], summary["T"]),
                                 index=summary.index)
    print(f"Holdout occasions: actual {summary['frequency_holdout'].sum():,.0f}, forecast {predicted.sum():,.0f} with the "
          f"segment fits, {predicted_pooled.sum():,.0f} with the pooled fit.")
'''
_SPEND_TAIL = '''

if ready("rfm_summary", "summary", what="The spend forecast"):
    spend = pd.concat([pd.Series(expected_spend(gg_fits[g], d["frequency"], d["monetary_value"]), index=d.index)
                       for g, d in summary.groupby("segment")]).reindex(summary.index)
    display(spend.groupby(summary["segment"]).mean().round(0))
'''
_LTV_TAIL = '''

if ready("prob_alive", "alive", what="The value") and ready("bgnbd_loglik", what="The value"):
    value["ltv"] = np.asarray(customer_ltv(surv, value["margin"], RATE), dtype=float)
    display(value.head())
'''
_BOOK_TAIL = '''

if ready("prob_alive", "alive", what="The book") and ready("bgnbd_loglik", what="The book"):
    book = rm_book(value[value["tier"] != "high_net_worth"], "assets", CAPACITY)
    print(book[:10])
'''

MISTAKES = {
    "rfm_summary": [
        ("counts transactions, not days: two transactions of one day are two occasions (frequency = transactions - 1)", '''def rfm_summary(transactions, calibration_end, observation_end):
    cal_end = pd.Timestamp(calibration_end)
    obs_end = pd.Timestamp(observation_end)
    tx = transactions.copy()
    tx["day"] = pd.to_datetime(tx["txn_date"]).dt.normalize()
    tx = tx.sort_values(["customer_id", "day"], kind="stable")
    cal = tx[tx["day"] <= cal_end]
    hold = tx[(tx["day"] > cal_end) & (tx["day"] <= obs_end)]
    g = cal.groupby("customer_id")
    first, last = g["day"].min(), g["day"].max()
    out = pd.DataFrame(index=first.index)
    out["frequency"] = (g.size() - 1).astype(float)
    out["recency"] = (last - first).dt.days.astype(float)
    out["T"] = (cal_end - first).dt.days.astype(float)
    repeat_total = g["amount"].sum() - g["amount"].first()
    out["monetary_value"] = np.where(out["frequency"] > 0, repeat_total / out["frequency"].clip(lower=1), 0.0)
    h = hold.groupby("customer_id")["amount"]
    out["frequency_holdout"] = h.size().reindex(out.index).fillna(0).astype(float)
    out["monetary_value_holdout"] = h.mean().reindex(out.index).fillna(0).astype(float)
    return out.sort_index()
''' + _RFM_TAIL),
        ("takes the mean spend over ALL the calibration days, the first day included (the RFM 'average order value')", '''def rfm_summary(transactions, calibration_end, observation_end):
    cal_end = pd.Timestamp(calibration_end)
    obs_end = pd.Timestamp(observation_end)
    tx = transactions.assign(day=pd.to_datetime(transactions["txn_date"]).dt.normalize())
    daily = tx.groupby(["customer_id", "day"], as_index=False)["amount"].sum()
    cal = daily[daily["day"] <= cal_end]
    hold = daily[(daily["day"] > cal_end) & (daily["day"] <= obs_end)]
    g = cal.groupby("customer_id")
    first, last = g["day"].min(), g["day"].max()
    out = pd.DataFrame(index=first.index)
    out["frequency"] = (g.size() - 1).astype(float)
    out["recency"] = (last - first).dt.days.astype(float)
    out["T"] = (cal_end - first).dt.days.astype(float)
    out["monetary_value"] = np.where(out["frequency"] > 0, g["amount"].mean(), 0.0)
    h = hold.groupby("customer_id")["amount"]
    out["frequency_holdout"] = h.size().reindex(out.index).fillna(0).astype(float)
    out["monetary_value_holdout"] = h.mean().reindex(out.index).fillna(0).astype(float)
    return out.sort_index()
''' + _RFM_TAIL),
        ("starts the holdout ON the calibration end (day >= calibration_end): the boundary day is counted in both periods", '''def rfm_summary(transactions, calibration_end, observation_end):
    cal_end = pd.Timestamp(calibration_end)
    obs_end = pd.Timestamp(observation_end)
    tx = transactions.assign(day=pd.to_datetime(transactions["txn_date"]).dt.normalize())
    daily = tx.groupby(["customer_id", "day"], as_index=False)["amount"].sum()
    cal = daily[daily["day"] <= cal_end].sort_values(["customer_id", "day"])
    hold = daily[(daily["day"] >= cal_end) & (daily["day"] <= obs_end)]
    g = cal.groupby("customer_id")
    first, last = g["day"].min(), g["day"].max()
    out = pd.DataFrame(index=first.index)
    out["frequency"] = (g.size() - 1).astype(float)
    out["recency"] = (last - first).dt.days.astype(float)
    out["T"] = (cal_end - first).dt.days.astype(float)
    rep = g["amount"].sum() - g["amount"].first()
    out["monetary_value"] = np.where(out["frequency"] > 0, rep / out["frequency"].clip(lower=1), 0.0)
    h = hold.groupby("customer_id")["amount"]
    out["frequency_holdout"] = h.size().reindex(out.index).fillna(0).astype(float)
    out["monetary_value_holdout"] = h.mean().reindex(out.index).fillna(0).astype(float)
    return out.sort_index()
''' + _RFM_TAIL),
    ],
    "bgnbd_loglik": [
        ("adds the A3 term for every customer, x = 0 included (forgets the [x > 0] indicator)", '''def bgnbd_loglik(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    ln_a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    ln_a2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    ln_a3 = special.betaln(a + 1, b + x - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + tx)
    return ln_a1 + np.logaddexp(ln_a2, ln_a3)
''' + _LOGLIK_TAIL),
        ("writes B(a + 1, b + x) in the A3 term (off by one: the drop-out happens after the x-th occasion, so b + x - 1)", '''def bgnbd_loglik(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    ln_a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    ln_a2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    ln_a3 = np.where(x > 0, special.betaln(a + 1, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + tx), -np.inf)
    return ln_a1 + np.logaddexp(ln_a2, ln_a3)
''' + _LOGLIK_TAIL),
        ("returns the NEGATIVE log-likelihood, thinking the given L-BFGS-B search minimises what it is given", '''def bgnbd_loglik(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    ln_a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    ln_a2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    ln_a3 = np.full_like(x, -np.inf)
    rep = x > 0
    ln_a3[rep] = (special.betaln(a + 1, b + x[rep] - 1) - special.betaln(a, b)
                  - (r + x[rep]) * np.log(alpha + tx[rep]))
    return -(ln_a1 + np.logaddexp(ln_a2, ln_a3))
''' + _LOGLIK_TAIL),
    ],
    "prob_alive": [
        ("inverts the ratio: ((alpha + t_x) / (alpha + T))^(r + x), so a long silence makes the customer MORE likely alive", '''def prob_alive(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    z = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) + (r + x) * (np.log(alpha + tx) - np.log(alpha + T))
    return np.where(x > 0, special.expit(-z), 1.0)
''' + _ALIVE_TAIL),
        ("writes a / (b + x) instead of a / (b + x - 1) (off by one)", '''def prob_alive(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    z = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return np.where(x > 0, special.expit(-z), 1.0)
''' + _ALIVE_TAIL),
        ("reads `recency` the classic RFM way, as days SINCE the last purchase, and uses t_x = T - recency", '''def prob_alive(params, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    tx = T - np.asarray(recency, dtype=float)
    z = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return np.where(x > 0, special.expit(-z), 1.0)
''' + _ALIVE_TAIL),
    ],
    "expected_purchases": [
        ("leaves out the P(alive) factor: the expected occasions of a customer assumed still active", '''def expected_purchases(params, t, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    t = float(t)
    head = (a + b + x - 1) / (a - 1)
    ratio = ((alpha + T) / (alpha + T + t)) ** (r + x)
    f = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    return head * (1 - ratio * f)
''' + _EXPECTED_TAIL),
        ("puts t / (alpha + t) as the hyp2f1 argument (forgets the customer's age T there)", '''def expected_purchases(params, t, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    t = float(t)
    head = (a + b + x - 1) / (a - 1)
    ratio = ((alpha + T) / (alpha + T + t)) ** (r + x)
    f = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + t))
    z = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    p_alive = np.where(x > 0, special.expit(-z), 1.0)
    return head * (1 - ratio * f) * p_alive
''' + _EXPECTED_TAIL),
        ("uses a + b + x (not a + b + x - 1) as the third hyp2f1 parameter", '''def expected_purchases(params, t, frequency, recency, T):
    r, alpha, a, b = (float(params[k]) for k in ("r", "alpha", "a", "b"))
    x = np.asarray(frequency, dtype=float)
    tx = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    t = float(t)
    head = (a + b + x - 1) / (a - 1)
    ratio = ((alpha + T) / (alpha + T + t)) ** (r + x)
    f = special.hyp2f1(r + x, b + x, a + b + x, t / (alpha + T + t))
    z = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    p_alive = np.where(x > 0, special.expit(-z), 1.0)
    return head * (1 - ratio * f) * p_alive
''' + _EXPECTED_TAIL),
    ],
    "expected_spend": [
        ("no shrinkage: the customer's own mean when he or she has a repeat occasion, the segment's mean otherwise", '''def expected_spend(params, frequency, monetary_value):
    p, q, v = (float(params[k]) for k in ("p", "q", "v"))
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    return np.where(x > 0, m, p * v / (q - 1))
''' + _SPEND_TAIL),
        ("forgets the p on the customer's side: (p v + x m) / (p x + q - 1)", '''def expected_spend(params, frequency, monetary_value):
    p, q, v = (float(params[k]) for k in ("p", "q", "v"))
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    return (p * v + x * m) / (p * x + q - 1)
''' + _SPEND_TAIL),
        ("drops the - 1 of the denominator: p (v + x m) / (p x + q)", '''def expected_spend(params, frequency, monetary_value):
    p, q, v = (float(params[k]) for k in ("p", "q", "v"))
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    return p * (v + x * m) / (p * x + q)
''' + _SPEND_TAIL),
    ],
    "customer_ltv": [
        ("discounts from t = 0: the first month's margin is not discounted, (1 + i)^(t - 1)", '''def customer_ltv(surv, margin, rate):
    s = np.asarray(surv, dtype=float)
    m = np.asarray(margin, dtype=float)
    disc = (1 + rate) ** np.arange(s.shape[1])
    return m * (s / disc).sum(axis=1)
''' + _LTV_TAIL),
        ("reads the monthly rate as an annual one and discounts month t by (1 + i)^(t / 12)", '''def customer_ltv(surv, margin, rate):
    s = np.asarray(surv, dtype=float)
    m = np.asarray(margin, dtype=float)
    months = np.arange(1, s.shape[1] + 1)
    disc = (1 + rate) ** (months / 12)
    return m * (s / disc).sum(axis=1)
''' + _LTV_TAIL),
        ("takes S(t) as a month-on-month retention rate and multiplies it up (cumulative product), as for a churn rate", '''def customer_ltv(surv, margin, rate):
    s = np.cumprod(np.asarray(surv, dtype=float), axis=1)
    m = np.asarray(margin, dtype=float)
    months = np.arange(1, s.shape[1] + 1)
    return m * (s / (1 + rate) ** months).sum(axis=1)
''' + _LTV_TAIL),
    ],
    "rm_book": [
        ("sorts by the column alone, descending, with no tie-break (the default sort is not stable)", '''def rm_book(table, by, capacity):
    ranked = table.sort_values(by, ascending=False)
    return [str(i) for i in ranked.index[:capacity]]
''' + _BOOK_TAIL),
        ("sorts by (value, id) both descending: ties broken by the HIGHER customer id", '''def rm_book(table, by, capacity):
    t = table[[by]].copy()
    t["_id"] = t.index.astype(str)
    ranked = t.sort_values([by, "_id"], ascending=False)
    return list(ranked["_id"].iloc[:capacity])
''' + _BOOK_TAIL),
        ("picks the right customers but returns them sorted by customer id, not the highest first", '''def rm_book(table, by, capacity):
    t = table[[by]].copy()
    t["_id"] = t.index.astype(str)
    top = t.sort_values([by, "_id"], ascending=[False, True]).iloc[:capacity]
    return sorted(top["_id"])
''' + _BOOK_TAIL),
    ],
}
