"""Wrong answers written independently from the trainee release of 03_channels/01_channel_economics."""
LESSON = "03_channels/01_channel_economics"
MISTAKES = {
    "channel_cac": [
        ("CAC counts the media spend only, leaving out the incentives and coupons", '''def channel_cac(spend, year):
    # Write the body: return a DataFrame indexed by channel with spend, leads, new_customers, conversion, cac.
    # Stuck? Run hint("channel_cac") in a new cell.
    # YOUR CODE HERE
    y = spend[spend["month"].dt.year == year]
    g = y.groupby("channel")
    out = pd.DataFrame({"spend": g["media_spend"].sum(), "leads": g["leads"].sum(),
                        "new_customers": g["new_customers"].sum()})
    out["conversion"] = out["new_customers"] / out["leads"]
    out["cac"] = out["spend"] / out["new_customers"]
    return out


cac_table = channel_cac(spend, 2025)
cac_table.reindex(CHANNELS).round(3)'''),
        ("conversion and CAC are the means of the 12 monthly ratios instead of the year's totals divided", '''def channel_cac(spend, year):
    # Write the body: return a DataFrame indexed by channel with spend, leads, new_customers, conversion, cac.
    # Stuck? Run hint("channel_cac") in a new cell.
    # YOUR CODE HERE
    y = spend[spend["month"].dt.year == year].copy()
    y["total"] = y["media_spend"] + y["incentive_spend"]
    y["conv_m"] = y["new_customers"] / y["leads"]
    y["cac_m"] = y["total"] / y["new_customers"]
    g = y.groupby("channel")
    out = pd.DataFrame({"spend": g["total"].sum(), "leads": g["leads"].sum(),
                        "new_customers": g["new_customers"].sum(),
                        "conversion": g["conv_m"].mean(), "cac": g["cac_m"].mean()})
    return out


cac_table = channel_cac(spend, 2025)
cac_table.reindex(CHANNELS).round(3)'''),
    ],
    "channel_ltv": [
        ("monthly retention = months_active / months_observed (counts the checks after the churn as failed trials)", '''def channel_ltv(customers, i, horizon):
    # Write the body: return a DataFrame indexed by channel with margin, retention and ltv.
    # Stuck? Run hint("channel_ltv") in a new cell.
    # YOUR CODE HERE
    g = customers.groupby("channel")
    m = g["monthly_margin"].mean()
    r = g["months_active"].sum() / g["months_observed"].sum()
    t = np.arange(1, horizon + 1)
    ltv = pd.Series({c: float(np.sum(m[c] * r[c] ** t / (1 + i) ** t)) for c in m.index})
    return pd.DataFrame({"margin": m, "retention": r, "ltv": ltv})


ltv_table = channel_ltv(acquired, I_MONTHLY, HORIZON)
ltv_table.reindex(CHANNELS).round(4)'''),
        ("drops the closers (rows without a margin) before computing the retention: survivors only", '''def channel_ltv(customers, i, horizon):
    # Write the body: return a DataFrame indexed by channel with margin, retention and ltv.
    # Stuck? Run hint("channel_ltv") in a new cell.
    # YOUR CODE HERE
    known = customers.dropna(subset=["monthly_margin"])
    g = known.groupby("channel")
    m = g["monthly_margin"].mean()
    r = g["months_active"].sum() / (g["months_active"].sum() + g["churned"].sum())
    t = np.arange(1, horizon + 1)
    ltv = pd.Series({c: float(np.sum(m[c] * r[c] ** t / (1 + i) ** t)) for c in m.index})
    return pd.DataFrame({"margin": m, "retention": r, "ltv": ltv})


ltv_table = channel_ltv(acquired, I_MONTHLY, HORIZON)
ltv_table.reindex(CHANNELS).round(4)'''),
    ],
    "unit_economics": [
        ("healthy is judged on the ROI above the threshold instead of LTV/CAC", '''def unit_economics(cac_table, ltv_table, threshold):
    # Write the body: return a DataFrame indexed by channel with cac, ltv, ltv_cac, payback_months, roi, healthy.
    # Stuck? Run hint("unit_economics") in a new cell.
    # YOUR CODE HERE
    lt = ltv_table.reindex(cac_table.index)
    out = pd.DataFrame({"cac": cac_table["cac"], "ltv": lt["ltv"]})
    out["ltv_cac"] = out["ltv"] / out["cac"]
    out["payback_months"] = out["cac"] / lt["margin"]
    out["roi"] = (out["ltv"] - out["cac"]) / out["cac"]
    out["healthy"] = out["roi"] > threshold
    return out


if ready("channel_cac", "cac_table", what="The economics table") and ready("channel_ltv", "ltv_table",
                                                                           what="The economics table"):
    economics = unit_economics(cac_table, ltv_table, THRESHOLD)
    display(economics.reindex(CHANNELS).round(2))'''),
        ("ROI divided by the LTV instead of the CAC: (LTV - CAC) / LTV", '''def unit_economics(cac_table, ltv_table, threshold):
    # Write the body: return a DataFrame indexed by channel with cac, ltv, ltv_cac, payback_months, roi, healthy.
    # Stuck? Run hint("unit_economics") in a new cell.
    # YOUR CODE HERE
    lt = ltv_table.reindex(cac_table.index)
    out = pd.DataFrame({"cac": cac_table["cac"], "ltv": lt["ltv"]})
    out["ltv_cac"] = out["ltv"] / out["cac"]
    out["payback_months"] = out["cac"] / lt["margin"]
    out["roi"] = (out["ltv"] - out["cac"]) / out["ltv"]
    out["healthy"] = out["ltv_cac"] > threshold
    return out


if ready("channel_cac", "cac_table", what="The economics table") and ready("channel_ltv", "ltv_table",
                                                                           what="The economics table"):
    economics = unit_economics(cac_table, ltv_table, THRESHOLD)
    display(economics.reindex(CHANNELS).round(2))'''),
    ],
    "response_curve": [
        ("s is the media spend only (incentives left out of the curve's spend)", '''def response_curve(spend):
    # Write the body: return a DataFrame indexed by channel with the columns a and b of new = a * s**b.
    # Stuck? Run hint("response_curve") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for c, g in spend.groupby("channel"):
        b, ln_a = np.polyfit(np.log(g["media_spend"]), np.log(g["new_customers"]), 1)
        rows[c] = {"a": np.exp(ln_a), "b": b}
    return pd.DataFrame(rows).T


curves = response_curve(spend)
curves.reindex(CHANNELS)'''),
        ("a is taken as the intercept of the log-log fit itself, not its exponential", '''def response_curve(spend):
    # Write the body: return a DataFrame indexed by channel with the columns a and b of new = a * s**b.
    # Stuck? Run hint("response_curve") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for c, g in spend.groupby("channel"):
        s = g["media_spend"] + g["incentive_spend"]
        b, ln_a = np.polyfit(np.log(s), np.log(g["new_customers"]), 1)
        rows[c] = {"a": ln_a, "b": b}
    return pd.DataFrame(rows).T


curves = response_curve(spend)
curves.reindex(CHANNELS)'''),
    ],
    "marginal_cac": [
        ("marginal CAC = average CAC x b (multiplies by the elasticity instead of dividing)", '''def marginal_cac(curves, monthly_spend):
    # Write the body: return a DataFrame indexed by channel with spend, new, average_cac and marginal_cac.
    # Stuck? Run hint("marginal_cac") in a new cell.
    # YOUR CODE HERE
    cv = curves.reindex(monthly_spend.index)
    s = monthly_spend.astype(float)
    new = cv["a"] * s ** cv["b"]
    avg = s / new
    return pd.DataFrame({"spend": s, "new": new, "average_cac": avg, "marginal_cac": avg * cv["b"]})


y25 = spend[spend["month"].dt.year == 2025]
spend_now = (y25["media_spend"] + y25["incentive_spend"]).groupby(y25["channel"]).sum() / 12  # RMB per month
if ready("response_curve", "curves", what="The CAC table"):
    cac_curve = marginal_cac(curves, spend_now)
    display(cac_curve.reindex(CHANNELS).round(1))'''),
        ("reports new'(s) = a b s^(b-1), new customers per extra yuan, as the marginal CAC (no reciprocal)", '''def marginal_cac(curves, monthly_spend):
    # Write the body: return a DataFrame indexed by channel with spend, new, average_cac and marginal_cac.
    # Stuck? Run hint("marginal_cac") in a new cell.
    # YOUR CODE HERE
    cv = curves.reindex(monthly_spend.index)
    s = monthly_spend.astype(float)
    new = cv["a"] * s ** cv["b"]
    return pd.DataFrame({"spend": s, "new": new, "average_cac": s / new,
                         "marginal_cac": cv["a"] * cv["b"] * s ** (cv["b"] - 1)})


y25 = spend[spend["month"].dt.year == 2025]
spend_now = (y25["media_spend"] + y25["incentive_spend"]).groupby(y25["channel"]).sum() / 12  # RMB per month
if ready("response_curve", "curves", what="The CAC table"):
    cac_curve = marginal_cac(curves, spend_now)
    display(cac_curve.reindex(CHANNELS).round(1))'''),
    ],
    "reallocate": [
        ("equalises the marginal NEW CUSTOMERS per yuan, a b s^(b-1), ignoring the channels' LTV", '''def reallocate(curves, ltv, spend_now):
    # Write the body: return a DataFrame indexed by channel with spend_now, spend_new, new_now, new_new,
    # value_now and value_new. Stuck? Run hint("reallocate") in a new cell.
    # YOUR CODE HERE
    cv = curves.reindex(spend_now.index)
    lv = ltv.reindex(spend_now.index)
    budget = float(spend_now.sum())
    w = cv["a"] * cv["b"]

    def split(x):
        return (w / np.exp(x)) ** (1 / (1 - cv["b"]))

    lam = brentq(lambda x: split(x).sum() - budget, -30, 30)
    s_new = split(lam)
    out = pd.DataFrame({"spend_now": spend_now, "spend_new": s_new})
    out["new_now"] = cv["a"] * out["spend_now"] ** cv["b"]
    out["new_new"] = cv["a"] * out["spend_new"] ** cv["b"]
    out["value_now"] = lv * out["new_now"]
    out["value_new"] = lv * out["new_new"]
    return out


if (ready("channel_ltv", "ltv_table", what="The plan") and ready("response_curve", "curves", what="The plan")
        and ready("marginal_cac", "spend_now", function=None, what="The plan")):
    plan = reallocate(curves, ltv_table["ltv"], spend_now)
    gain = float(plan["value_new"].sum() - plan["value_now"].sum())
    display(plan.reindex(CHANNELS).round(0))'''),
        ("equalises the AVERAGE LTV per yuan, LTV a s^(b-1), forgetting the factor b of the derivative", '''def reallocate(curves, ltv, spend_now):
    # Write the body: return a DataFrame indexed by channel with spend_now, spend_new, new_now, new_new,
    # value_now and value_new. Stuck? Run hint("reallocate") in a new cell.
    # YOUR CODE HERE
    cv = curves.reindex(spend_now.index)
    lv = ltv.reindex(spend_now.index)
    budget = float(spend_now.sum())
    w = lv * cv["a"]

    def split(x):
        return (w / np.exp(x)) ** (1 / (1 - cv["b"]))

    lam = brentq(lambda x: split(x).sum() - budget, -30, 30)
    s_new = split(lam)
    out = pd.DataFrame({"spend_now": spend_now, "spend_new": s_new})
    out["new_now"] = cv["a"] * out["spend_now"] ** cv["b"]
    out["new_new"] = cv["a"] * out["spend_new"] ** cv["b"]
    out["value_now"] = lv * out["new_now"]
    out["value_new"] = lv * out["new_new"]
    return out


if (ready("channel_ltv", "ltv_table", what="The plan") and ready("response_curve", "curves", what="The plan")
        and ready("marginal_cac", "spend_now", function=None, what="The plan")):
    plan = reallocate(curves, ltv_table["ltv"], spend_now)
    gain = float(plan["value_new"].sum() - plan["value_now"].sum())
    display(plan.reindex(CHANNELS).round(0))'''),
    ],
}
