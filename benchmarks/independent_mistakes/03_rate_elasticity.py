"""Wrong answers written independently from the trainee release of 02_positioning/03_rate_elasticity."""
LESSON = "02_positioning/03_rate_elasticity"
MISTAKES = {
    'segment_summary': [
        ("mean_rate = plain mean of the cells' rates, not weighted by the offers", '''def segment_summary(cells):
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
                      "amount": "¥{:,.0f}"})'''),
        ('amount = new money per OFFER instead of per accepting customer (wrong denominator)', '''def segment_summary(cells):
    # Stuck? Run hint("segment_summary") in a new cell.
    # Write: sums by segment, the pooled share, the offer-weighted mean rate, the amount per accept.
    # YOUR CODE HERE
    g = cells.groupby("segment")
    out = g[["offers", "accepts", "new_money"]].sum()
    out["share"] = out["accepts"] / out["offers"]
    out["mean_rate"] = (cells["rate"] * cells["offers"]).groupby(cells["segment"]).sum() / out["offers"]
    out["amount"] = out["new_money"] / out["offers"]
    return out[["offers", "accepts", "share", "mean_rate", "amount"]].sort_index()


summary = segment_summary(cells)
summary.style.format({"offers": "{:,.0f}", "accepts": "{:,.0f}", "share": "{:.2%}", "mean_rate": "{:.3%}",
                      "amount": "¥{:,.0f}"})'''),
    ],
    'naive_elasticity': [
        ('semi-log regression: log(share) on the rate in levels (not log rate)', '''def naive_elasticity(cells):
    # Stuck? Run hint("naive_elasticity") in a new cell.
    # Write: the log-log regression of the share on the rate, without controls; return its slope.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ rate", data=cells).fit()
    return float(fit.params["rate"])


naive_h = naive_elasticity(cells)
print(f"Naive elasticity: {naive_h:.2f}")'''),
        ('linear elasticity at the means: slope of share on rate in levels x mean rate / mean share', '''def naive_elasticity(cells):
    # Stuck? Run hint("naive_elasticity") in a new cell.
    # Write: the log-log regression of the share on the rate, without controls; return its slope.
    # YOUR CODE HERE
    fit = smf.ols("share ~ rate", data=cells).fit()
    return float(fit.params["rate"] * cells["rate"].mean() / cells["share"].mean())


naive_h = naive_elasticity(cells)
print(f"Naive elasticity: {naive_h:.2f}")'''),
    ],
    'elasticity_with_controls': [
        ('segment fixed effects only, month effects forgotten', '''def elasticity_with_controls(cells):
    # Stuck? Run hint("elasticity_with_controls") in a new cell.
    # Write: the log-log regression with segment and month fixed effects; return the slope of the log rate.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ np.log(rate) + C(segment)", data=cells).fit()
    return float(fit.params["np.log(rate)"])


fe_h = elasticity_with_controls(cells)
print(f"Elasticity with segment and month fixed effects: {fe_h:.2f}")'''),
        ('log vs linear: fixed effects right but the rate enters in levels (semi-elasticity)', '''def elasticity_with_controls(cells):
    # Stuck? Run hint("elasticity_with_controls") in a new cell.
    # Write: the log-log regression with segment and month fixed effects; return the slope of the log rate.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ rate + C(segment) + C(month)", data=cells).fit()
    return float(fit.params["rate"])


fe_h = elasticity_with_controls(cells)
print(f"Elasticity with segment and month fixed effects: {fe_h:.2f}")'''),
    ],
    'segment_elasticities': [
        ("interaction terms read as the segments' elasticities without adding the base slope", '''def segment_elasticities(cells):
    # Stuck? Run hint("segment_elasticities") in a new cell.
    # Write: the interaction regression; each segment's slope of the log rate, as a Series.
    # YOUR CODE HERE
    fit = smf.ols("np.log(share) ~ np.log(rate) * C(segment) + C(month)", data=cells).fit()
    out = {}
    for s in sorted(cells["segment"].unique()):
        key = f"np.log(rate):C(segment)[T.{s}]"
        out[s] = float(fit.params[key]) if key in fit.params.index else float(fit.params["np.log(rate)"])
    return pd.Series(out)


seg_h = segment_elasticities(cells)
seg_h.round(2)'''),
        ('a separate regression per segment (each with its own month effects) instead of one interaction model', '''def segment_elasticities(cells):
    # Stuck? Run hint("segment_elasticities") in a new cell.
    # Write: the interaction regression; each segment's slope of the log rate, as a Series.
    # YOUR CODE HERE
    out = {}
    for s, g in cells.groupby("segment"):
        fit = smf.ols("np.log(share) ~ np.log(rate) + C(month)", data=g).fit()
        out[s] = float(fit.params["np.log(rate)"])
    return pd.Series(out)


seg_h = segment_elasticities(cells)
seg_h.round(2)'''),
    ],
    'optimal_rate': [
        ("loan Lerner form used with the deposit's elasticity as a price elasticity (e = -h): R h/(h-1)", '''def optimal_rate(earning_rate, h):
    # Stuck? Run hint("optimal_rate") in a new cell.
    # Write: the Lerner rule for a deposit rate paid out of the earning rate.
    # YOUR CODE HERE
    e = -h
    return earning_rate * e / (1 + e)


if ready("segment_elasticities", "seg_h", what="This cell"):
    r_star = optimal_rate(R, seg_h)
    display((100 * r_star).round(3).rename("optimal rate, % per year"))'''),
        ("returns the bank's margin R/(1+h) instead of the rate paid R h/(1+h)", '''def optimal_rate(earning_rate, h):
    # Stuck? Run hint("optimal_rate") in a new cell.
    # Write: the Lerner rule for a deposit rate paid out of the earning rate.
    # YOUR CODE HERE
    return earning_rate / (1 + h)


if ready("segment_elasticities", "seg_h", what="This cell"):
    r_star = optimal_rate(R, seg_h)
    display((100 * r_star).round(3).rename("optimal rate, % per year"))'''),
    ],
    'repricing_gain': [
        ("share today = plain mean of the segment's cell shares at their own (boosted) rates, not moved to today's rate", '''def repricing_gain(cells, h, earning_rate, amount, today, new_rate):
    # Stuck? Run hint("repricing_gain") in a new cell.
    # Write: each segment's share at today's rate, the share at the new rate, both profits per offer, the gain.
    # YOUR CODE HERE
    rows = {}
    for s in h.index:
        c = cells[cells["segment"] == s]
        hs, r_new, amt = float(h[s]), float(new_rate[s]), float(amount[s])
        share_today = float(c["share"].mean())
        share_new = share_today * (r_new / today) ** hs
        profit_today = share_today * (earning_rate - today) * amt
        profit_new = share_new * (earning_rate - r_new) * amt
        rows[s] = {"share_today": share_today, "share_new": share_new, "profit_today": profit_today,
                   "profit_new": profit_new, "gain": profit_new - profit_today}
    return pd.DataFrame(rows).T.astype(float)


NEEDS = [("segment_summary", "summary"), ("segment_elasticities", "seg_h"), ("optimal_rate", "r_star")]
if all(ready(ex, var, what="The repricing gain") for ex, var in NEEDS):
    gains = repricing_gain(cells, seg_h, R, summary["amount"], POSTED, r_star)
    display(gains.round({"share_today": 4, "share_new": 4, "profit_today": 2, "profit_new": 2, "gain": 2}))'''),
        ('cells moved along the curve in the wrong direction: + h (ln rate - ln today)', '''def repricing_gain(cells, h, earning_rate, amount, today, new_rate):
    # Stuck? Run hint("repricing_gain") in a new cell.
    # Write: each segment's share at today's rate, the share at the new rate, both profits per offer, the gain.
    # YOUR CODE HERE
    rows = {}
    for s in h.index:
        c = cells[cells["segment"] == s]
        hs, r_new, amt = float(h[s]), float(new_rate[s]), float(amount[s])
        share_today = float(np.exp(np.mean(np.log(c["share"]) + hs * (np.log(c["rate"]) - np.log(today)))))
        share_new = share_today * (r_new / today) ** hs
        profit_today = share_today * (earning_rate - today) * amt
        profit_new = share_new * (earning_rate - r_new) * amt
        rows[s] = {"share_today": share_today, "share_new": share_new, "profit_today": profit_today,
                   "profit_new": profit_new, "gain": profit_new - profit_today}
    return pd.DataFrame(rows).T.astype(float)


NEEDS = [("segment_summary", "summary"), ("segment_elasticities", "seg_h"), ("optimal_rate", "r_star")]
if all(ready(ex, var, what="The repricing gain") for ex, var in NEEDS):
    gains = repricing_gain(cells, seg_h, R, summary["amount"], POSTED, r_star)
    display(gains.round({"share_today": 4, "share_new": 4, "profit_today": 2, "profit_new": 2, "gain": 2}))'''),
    ],
}
