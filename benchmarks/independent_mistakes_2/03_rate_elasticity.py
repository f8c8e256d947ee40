"""Wrong answers written independently from the trainee release of 03_rate_elasticity."""
LESSON = "02_positioning/03_rate_elasticity"
MISTAKES = {
    "segment_summary": [
        ("mean_rate is the plain mean of the cells' rates, not weighted by the offers", '''def segment_summary(cells):
    # Stuck? Run hint("segment_summary") in a new cell.
    # Write: sums by segment, the pooled share, the offer-weighted mean rate, the amount per accept.
    # YOUR CODE HERE
    g = cells.groupby("segment")
    out = g[["offers", "accepts", "new_money"]].sum()
    out["share"] = out["accepts"] / out["offers"]
    out["mean_rate"] = g["rate"].mean()
    out["amount"] = out["new_money"] / out["accepts"]
    return out[["offers", "accepts", "share", "mean_rate", "amount"]].sort_index()


summary = segment_summary(cells)
summary.style.format({"offers": "{:,.0f}", "accepts": "{:,.0f}", "share": "{:.2%}", "mean_rate": "{:.3%}",
                      "amount": "¥{:,.0f}"})
'''),
        ("amount = new money per OFFER (divides by offers instead of accepts)", '''def segment_summary(cells):
    # Stuck? Run hint("segment_summary") in a new cell.
    # Write: sums by segment, the pooled share, the offer-weighted mean rate, the amount per accept.
    # YOUR CODE HERE
    c = cells.assign(rate_x_offers=cells["rate"] * cells["offers"])
    out = c.groupby("segment")[["offers", "accepts", "new_money", "rate_x_offers"]].sum()
    out["share"] = out["accepts"] / out["offers"]
    out["mean_rate"] = out["rate_x_offers"] / out["offers"]
    out["amount"] = out["new_money"] / out["offers"]
    return out[["offers", "accepts", "share", "mean_rate", "amount"]].sort_index()


summary = segment_summary(cells)
summary.style.format({"offers": "{:,.0f}", "accepts": "{:,.0f}", "share": "{:.2%}", "mean_rate": "{:.3%}",
                      "amount": "¥{:,.0f}"})
'''),
    ],
    "naive_elasticity": [
        ("semi-log regression: np.log(share) ~ rate (rate in levels), returns that slope", '''def naive_elasticity(cells):
    # Stuck? Run hint("naive_elasticity") in a new cell.
    # Write: the log-log regression of the share on the rate, without controls; return its slope.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ rate", data=cells).fit()
    return float(fit.params["rate"])


naive_h = naive_elasticity(cells)
print(f"Naive elasticity: {naive_h:.2f}")
'''),
        ("linear regression share ~ rate, turned into an elasticity at the means (slope x mean rate / mean share)", '''def naive_elasticity(cells):
    # Stuck? Run hint("naive_elasticity") in a new cell.
    # Write: the log-log regression of the share on the rate, without controls; return its slope.
    # YOUR CODE HERE
    fit = smf.ols("share ~ rate", data=cells).fit()
    return float(fit.params["rate"] * cells["rate"].mean() / cells["share"].mean())


naive_h = naive_elasticity(cells)
print(f"Naive elasticity: {naive_h:.2f}")
'''),
    ],
    "elasticity_with_controls": [
        ("controls for the segment only, forgets the month fixed effects", '''def elasticity_with_controls(cells):
    # Stuck? Run hint("elasticity_with_controls") in a new cell.
    # Write: the log-log regression with segment and month fixed effects; return the slope of the log rate.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ np.log(rate) + C(segment)", data=cells).fit()
    return float(fit.params["np.log(rate)"])


fe_h = elasticity_with_controls(cells)
print(f"Elasticity with segment and month fixed effects: {fe_h:.2f}")
'''),
        ("weights the cells by their offers (smf.wls) instead of the course's unweighted OLS", '''def elasticity_with_controls(cells):
    # Stuck? Run hint("elasticity_with_controls") in a new cell.
    # Write: the log-log regression with segment and month fixed effects; return the slope of the log rate.
    # YOUR CODE HERE
    fit = smf.wls("np.log(share) ~ np.log(rate) + C(segment) + C(month)", data=cells, weights=cells["offers"]).fit()
    return float(fit.params["np.log(rate)"])


fe_h = elasticity_with_controls(cells)
print(f"Elasticity with segment and month fixed effects: {fe_h:.2f}")
'''),
    ],
    "segment_elasticities": [
        ("reads each interaction coefficient as the segment's elasticity (forgets to add the base slope)", '''def segment_elasticities(cells):
    # Stuck? Run hint("segment_elasticities") in a new cell.
    # Write: the interaction regression; each segment's slope of the log rate, as a Series.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ np.log(rate) * C(segment) + C(month)", data=cells).fit()
    segs = sorted(cells["segment"].unique())
    out = {}
    for s in segs:
        key = f"np.log(rate):C(segment)[T.{s}]"
        out[s] = float(fit.params[key]) if key in fit.params.index else float(fit.params["np.log(rate)"])
    return pd.Series(out, dtype=float)


seg_h = segment_elasticities(cells)
seg_h.round(2)
'''),
        ("fits a separate regression per segment, each with its own month effects (not one regression with shared month effects)", '''def segment_elasticities(cells):
    # Stuck? Run hint("segment_elasticities") in a new cell.
    # Write: the interaction regression; each segment's slope of the log rate, as a Series.
    # YOUR CODE HERE
    out = {}
    for s, g in cells.groupby("segment"):
        fit = smf.ols("np.log(share) ~ np.log(rate) + C(month)", data=g).fit()
        out[s] = float(fit.params["np.log(rate)"])
    return pd.Series(out, dtype=float)


seg_h = segment_elasticities(cells)
seg_h.round(2)
'''),
    ],
    "optimal_rate": [
        ("returns the bank's margin R/(1+h) (R - r*) instead of the rate paid r* = R h/(1+h)", '''def optimal_rate(earning_rate, h):
    # Stuck? Run hint("optimal_rate") in a new cell.
    # Write: the Lerner rule for a deposit rate paid out of the earning rate.
    # YOUR CODE HERE
    return earning_rate / (1 + h)


if ready("segment_elasticities", "seg_h", what="This cell"):
    r_star = optimal_rate(R, seg_h)
    display((100 * r_star).round(3).rename("optimal rate, % per year"))
'''),
        ("Lerner rule misapplied as a markup on R: (R - r)/R = 1/h, so r = R (1 - 1/h)", '''def optimal_rate(earning_rate, h):
    # Stuck? Run hint("optimal_rate") in a new cell.
    # Write: the Lerner rule for a deposit rate paid out of the earning rate.
    # YOUR CODE HERE
    return earning_rate * (1 - 1 / h)


if ready("segment_elasticities", "seg_h", what="This cell"):
    r_star = optimal_rate(R, seg_h)
    display((100 * r_star).round(3).rename("optimal rate, % per year"))
'''),
    ],
    "repricing_gain": [
        ("averages the cells' shares moved to today's rate in LEVELS (arithmetic mean) instead of in logs", '''def repricing_gain(cells, h, earning_rate, amount, today, new_rate):
    # Stuck? Run hint("repricing_gain") in a new cell.
    # Write: each segment's share at today's rate, the share at the new rate, both profits per offer, the gain.
    # YOUR CODE HERE
    rows = {}
    for s, g in cells.groupby("segment"):
        hs = float(h[s])
        moved = g["share"] * (today / g["rate"]) ** hs
        share_today = float(moved.mean())
        share_new = share_today * (float(new_rate[s]) / today) ** hs
        profit_today = share_today * (earning_rate - today) * float(amount[s])
        profit_new = share_new * (earning_rate - float(new_rate[s])) * float(amount[s])
        rows[s] = {"share_today": share_today, "share_new": share_new, "profit_today": profit_today,
                   "profit_new": profit_new, "gain": profit_new - profit_today}
    return pd.DataFrame(rows).T


NEEDS = [("segment_summary", "summary"), ("segment_elasticities", "seg_h"), ("optimal_rate", "r_star")]
if all(ready(ex, var, what="The repricing gain") for ex, var in NEEDS):
    gains = repricing_gain(cells, seg_h, R, summary["amount"], POSTED, r_star)
    display(gains.round({"share_today": 4, "share_new": 4, "profit_today": 2, "profit_new": 2, "gain": 2}))
'''),
        ("profit at the new rate still uses today's margin (R - today) instead of R - new rate", '''def repricing_gain(cells, h, earning_rate, amount, today, new_rate):
    # Stuck? Run hint("repricing_gain") in a new cell.
    # Write: each segment's share at today's rate, the share at the new rate, both profits per offer, the gain.
    # YOUR CODE HERE
    rows = {}
    for s, g in cells.groupby("segment"):
        hs = float(h[s])
        log_today = np.log(g["share"]) + hs * (np.log(today) - np.log(g["rate"]))
        share_today = float(np.exp(log_today.mean()))
        share_new = share_today * (float(new_rate[s]) / today) ** hs
        margin = earning_rate - today
        profit_today = share_today * margin * float(amount[s])
        profit_new = share_new * margin * float(amount[s])
        rows[s] = {"share_today": share_today, "share_new": share_new, "profit_today": profit_today,
                   "profit_new": profit_new, "gain": profit_new - profit_today}
    return pd.DataFrame(rows).T


NEEDS = [("segment_summary", "summary"), ("segment_elasticities", "seg_h"), ("optimal_rate", "r_star")]
if all(ready(ex, var, what="The repricing gain") for ex, var in NEEDS):
    gains = repricing_gain(cells, seg_h, R, summary["amount"], POSTED, r_star)
    display(gains.round({"share_today": 4, "share_new": 4, "profit_today": 2, "profit_new": 2, "gain": 2}))
'''),
    ],
}
