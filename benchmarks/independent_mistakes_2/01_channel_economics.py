"""Wrong answers written independently from the trainee release of 01_channel_economics."""
LESSON = "03_channels/01_channel_economics"
MISTAKES = {
    "channel_cac": [
        ("CAC taken as the plain mean of the monthly CACs (spend / new customers month by month) instead of the year's spend over the year's new customers", '''def channel_cac(spend, year):
    d = spend[spend["month"].dt.year == year].copy()
    d["total"] = d["media_spend"] + d["incentive_spend"]
    d["cac_month"] = d["total"] / d["new_customers"]
    g = d.groupby("channel")
    out = pd.DataFrame({"spend": g["total"].sum(), "leads": g["leads"].sum(),
                        "new_customers": g["new_customers"].sum()})
    out["conversion"] = out["new_customers"] / out["leads"]
    out["cac"] = g["cac_month"].mean()
    return out


cac_table = channel_cac(spend, 2025)
cac_table.reindex(CHANNELS).round(3)'''),
        ('spend and CAC on the media spend only: incentives and coupons left out of the acquisition cost', '''def channel_cac(spend, year):
    d = spend[spend["month"].dt.year == year]
    out = d.groupby("channel")[["media_spend", "leads", "new_customers"]].sum().rename(columns={"media_spend": "spend"})
    out["conversion"] = out["new_customers"] / out["leads"]
    out["cac"] = out["spend"] / out["new_customers"]
    return out


cac_table = channel_cac(spend, 2025)
cac_table.reindex(CHANNELS).round(3)'''),
    ],
    "channel_ltv": [
        ('retention r = months_active / months_observed (checks after the churn counted as failures too) instead of passed / (passed + churned)', '''def channel_ltv(customers, i, horizon):
    g = customers.groupby("channel")
    m = g["monthly_margin"].mean()
    r = g["months_active"].sum() / g["months_observed"].sum()
    q = r / (1 + i)
    ltv = m * q * (1 - q ** horizon) / (1 - q)
    return pd.DataFrame({"margin": m, "retention": r, "ltv": ltv})


ltv_table = channel_ltv(acquired, I_MONTHLY, HORIZON)
ltv_table.reindex(CHANNELS).round(4)'''),
        ('LTV sum starts at t = 0 (a first margin on the day of acquisition), t = 0..T-1', '''def channel_ltv(customers, i, horizon):
    g = customers.groupby("channel")
    m = g["monthly_margin"].mean()
    r = g["months_active"].sum() / (g["months_active"].sum() + g["churned"].sum())
    t = np.arange(horizon)
    ltv = pd.Series({c: float((m[c] * (r[c] / (1 + i)) ** t).sum()) for c in m.index})
    return pd.DataFrame({"margin": m, "retention": r, "ltv": ltv})


ltv_table = channel_ltv(acquired, I_MONTHLY, HORIZON)
ltv_table.reindex(CHANNELS).round(4)'''),
    ],
    "unit_economics": [
        ('healthy judged on the ROI above the threshold instead of LTV/CAC above it', '''def unit_economics(cac_table, ltv_table, threshold):
    out = pd.DataFrame({"cac": cac_table["cac"], "ltv": ltv_table["ltv"]})
    out["ltv_cac"] = out["ltv"] / out["cac"]
    out["payback_months"] = out["cac"] / ltv_table["margin"]
    out["roi"] = (out["ltv"] - out["cac"]) / out["cac"]
    out["healthy"] = out["roi"] > threshold
    return out


if ready("channel_cac", "cac_table", what="The economics table") and ready("channel_ltv", "ltv_table",
                                                                           what="The economics table"):
    economics = unit_economics(cac_table, ltv_table, THRESHOLD)
    display(economics.reindex(CHANNELS).round(2))'''),
        ('ROI divided by the LTV instead of the CAC: (LTV - CAC) / LTV', '''def unit_economics(cac_table, ltv_table, threshold):
    out = pd.DataFrame({"cac": cac_table["cac"], "ltv": ltv_table["ltv"]})
    out["ltv_cac"] = out["ltv"] / out["cac"]
    out["payback_months"] = out["cac"] / ltv_table["margin"]
    out["roi"] = (out["ltv"] - out["cac"]) / out["ltv"]
    out["healthy"] = out["ltv_cac"] > threshold
    return out


if ready("channel_cac", "cac_table", what="The economics table") and ready("channel_ltv", "ltv_table",
                                                                           what="The economics table"):
    economics = unit_economics(cac_table, ltv_table, THRESHOLD)
    display(economics.reindex(CHANNELS).round(2))'''),
    ],
    "response_curve": [
        ('fits the curve on the media spend only (incentives left out of s)', '''def response_curve(spend):
    rows = {}
    for ch, g in spend.groupby("channel"):
        b, log_a = np.polyfit(np.log(g["media_spend"]), np.log(g["new_customers"]), 1)
        rows[ch] = {"a": float(np.exp(log_a)), "b": float(b)}
    return pd.DataFrame(rows).T


curves = response_curve(spend)
curves.reindex(CHANNELS)'''),
        ('a taken as the intercept of the log-log fit itself (ln a), not exp(intercept)', '''def response_curve(spend):
    rows = {}
    for ch, g in spend.groupby("channel"):
        s = g["media_spend"] + g["incentive_spend"]
        b, log_a = np.polyfit(np.log(s), np.log(g["new_customers"]), 1)
        rows[ch] = {"a": float(log_a), "b": float(b)}
    return pd.DataFrame(rows).T


curves = response_curve(spend)
curves.reindex(CHANNELS)'''),
    ],
    "marginal_cac": [
        ('operator precedence: marginal CAC written 1 / a * b * s**(b-1), i.e. (b / a) s^(b-1) instead of 1 / (a b s^(b-1))', '''def marginal_cac(curves, monthly_spend):
    s = monthly_spend.reindex(curves.index).astype(float)
    a, b = curves["a"].astype(float), curves["b"].astype(float)
    new = a * s ** b
    out = pd.DataFrame({"spend": s, "new": new, "average_cac": s / new})
    out["marginal_cac"] = 1 / a * b * s ** (b - 1)
    return out


y25 = spend[spend["month"].dt.year == 2025]
spend_now = (y25["media_spend"] + y25["incentive_spend"]).groupby(y25["channel"]).sum() / 12  # RMB per month
if ready("response_curve", "curves", what="The CAC table"):
    cac_curve = marginal_cac(curves, spend_now)
    display(cac_curve.reindex(CHANNELS).round(1))'''),
        ('relation inverted: marginal CAC = average CAC x b (below the average) instead of average / b', '''def marginal_cac(curves, monthly_spend):
    s = monthly_spend.reindex(curves.index).astype(float)
    a, b = curves["a"].astype(float), curves["b"].astype(float)
    new = a * s ** b
    out = pd.DataFrame({"spend": s, "new": new, "average_cac": s / new})
    out["marginal_cac"] = out["average_cac"] * b
    return out


y25 = spend[spend["month"].dt.year == 2025]
spend_now = (y25["media_spend"] + y25["incentive_spend"]).groupby(y25["channel"]).sum() / 12  # RMB per month
if ready("response_curve", "curves", what="The CAC table"):
    cac_curve = marginal_cac(curves, spend_now)
    display(cac_curve.reindex(CHANNELS).round(1))'''),
    ],
    "reallocate": [
        ('equalises the marginal NEW CUSTOMERS per yuan (a b s^(b-1)), leaving the LTV out of the condition', '''def reallocate(curves, ltv, spend_now):
    idx = curves.index
    a, b = curves["a"].astype(float), curves["b"].astype(float)
    v = ltv.reindex(idx).astype(float)
    s0 = spend_now.reindex(idx).astype(float)
    budget = float(s0.sum())

    def split(x):
        return (a * b / np.exp(x)) ** (1 / (1 - b))

    x = brentq(lambda x: split(x).sum() - budget, -30, 30)
    s_new = split(x)
    new_now, new_new = a * s0 ** b, a * s_new ** b
    return pd.DataFrame({"spend_now": s0, "spend_new": s_new, "new_now": new_now, "new_new": new_new,
                         "value_now": v * new_now, "value_new": v * new_new})


if (ready("channel_ltv", "ltv_table", what="The plan") and ready("response_curve", "curves", what="The plan")
        and ready("marginal_cac", "spend_now", function=None, what="The plan")):
    plan = reallocate(curves, ltv_table["ltv"], spend_now)
    gain = float(plan["value_new"].sum() - plan["value_now"].sum())
    display(plan.reindex(CHANNELS).round(0))'''),
        ('equalises the AVERAGE LTV per yuan, LTV a s^(b-1) (b dropped from the derivative)', '''def reallocate(curves, ltv, spend_now):
    idx = curves.index
    a, b = curves["a"].astype(float), curves["b"].astype(float)
    v = ltv.reindex(idx).astype(float)
    s0 = spend_now.reindex(idx).astype(float)
    budget = float(s0.sum())

    def split(x):
        return (v * a / np.exp(x)) ** (1 / (1 - b))

    x = brentq(lambda x: split(x).sum() - budget, -30, 30)
    s_new = split(x)
    new_now, new_new = a * s0 ** b, a * s_new ** b
    return pd.DataFrame({"spend_now": s0, "spend_new": s_new, "new_now": new_now, "new_new": new_new,
                         "value_now": v * new_now, "value_new": v * new_new})


if (ready("channel_ltv", "ltv_table", what="The plan") and ready("response_curve", "curves", what="The plan")
        and ready("marginal_cac", "spend_now", function=None, what="The plan")):
    plan = reallocate(curves, ltv_table["ltv"], spend_now)
    gain = float(plan["value_new"].sum() - plan["value_now"].sum())
    display(plan.reindex(CHANNELS).round(0))'''),
    ],
}
