"""Wrong answers written independently from the trainee release of 02_suitability_audit."""
LESSON = "04_compliance/02_suitability_audit"

_L1_TAIL = '''

joined = level_at_sale(sales, assessments, products)
joined.head()
'''

MISTAKES = {
    "level_at_sale": [
        ("merge_asof with its default allow_exact_matches=True: a questionnaire stamped the same minute as the sale counts as before it", '''def level_at_sale(sales, assessments, products):
    s = sales.copy()
    s["_order"] = np.arange(len(s))
    s["product_level"] = s["product_id"].map(products.set_index("product_id")["risk_level"]).str[1:].astype(int)
    a = assessments[["customer_id", "assessed_at", "level"]].sort_values("assessed_at")
    m = pd.merge_asof(s.sort_values("sold_at"), a, left_on="sold_at", right_on="assessed_at", by="customer_id",
                      direction="backward")
    m = m.sort_values("_order")
    m.index = sales.index
    m["customer_level"] = m["level"].str[1:].astype(float)
    m["above_level"] = (m["product_level"] > m["customer_level"]).fillna(False).astype(bool)
    return m.drop(columns=["_order", "level"])
''' + _L1_TAIL),
        ("matches on the sale DAY (sold_at normalised to midnight) with no exact matches: an assessment earlier on the day of the sale is ignored", '''def level_at_sale(sales, assessments, products):
    s = sales.copy()
    s["_order"] = np.arange(len(s))
    s["_day"] = s["sold_at"].dt.normalize()
    s["product_level"] = s["product_id"].map(products.set_index("product_id")["risk_level"]).str[1:].astype(int)
    a = assessments[["customer_id", "assessed_at", "level"]].sort_values("assessed_at")
    m = pd.merge_asof(s.sort_values("_day"), a, left_on="_day", right_on="assessed_at", by="customer_id",
                      direction="backward", allow_exact_matches=False)
    m = m.sort_values("_order")
    m.index = sales.index
    m["customer_level"] = m["level"].str[1:].astype(float)
    m["above_level"] = (m["product_level"] > m["customer_level"]).fillna(False).astype(bool)
    return m.drop(columns=["_order", "_day", "level"])
''' + _L1_TAIL),
    ],
    "assessment_status": [
        ("treats an assessment exactly 365 days old as expired (>= validity_days instead of >)", '''def assessment_status(joined, validity_days=365):
    age = (joined["sold_at"] - joined["assessed_at"]).dt.days
    out = pd.Series("valid", index=joined.index, name="assessment")
    none = joined["assessed_at"].isna() | (joined["assessed_at"] >= joined["sold_at"])
    out[age >= validity_days] = "expired"
    out[none] = "none"
    return out


if ready("level_at_sale", "joined", what="The assessment check"):
    status = assessment_status(joined, VALIDITY)
    display(status.value_counts())
'''),
        ("only checks that assessed_at is missing for 'none'; a questionnaire completed after the sale (补录) is counted valid", '''def assessment_status(joined, validity_days=365):
    age = (joined["sold_at"] - joined["assessed_at"]).dt.days
    out = pd.Series("valid", index=joined.index, name="assessment")
    out[age > validity_days] = "expired"
    out[joined["assessed_at"].isna()] = "none"
    return out


if ready("level_at_sale", "joined", what="The assessment check"):
    status = assessment_status(joined, VALIDITY)
    display(status.value_counts())
'''),
    ],
    "elderly_high_risk": [
        ("uses the customer's age at the cut-off instead of the age at the sale", '''def elderly_high_risk(sales, products, customers, cutoff, age=65, min_level=4):
    ages = sales["customer_id"].map(customers.set_index("customer_id")["age"])
    level = sales["product_id"].map(products.set_index("product_id")["risk_level"]).str[1:].astype(int)
    return ((ages >= age) & (level >= min_level)).astype(bool)


elderly = elderly_high_risk(sales, products, customers, CUTOFF, ELDERLY_AGE, HIGH_RISK)
print(f"{int(elderly.sum())} sales flagged for the 65+ review")
'''),
        ("counts only products strictly above min_level as high-risk (R5 only, R4 left out)", '''def elderly_high_risk(sales, products, customers, cutoff, age=65, min_level=4):
    ages_now = sales["customer_id"].map(customers.set_index("customer_id")["age"])
    years_back = (cutoff - sales["sold_at"].dt.normalize()).dt.days / 365.25
    age_at_sale = ages_now - years_back
    level = sales["product_id"].map(products.set_index("product_id")["risk_level"]).str[1:].astype(int)
    return ((age_at_sale >= age) & (level > min_level)).astype(bool)


elderly = elderly_high_risk(sales, products, customers, CUTOFF, ELDERLY_AGE, HIGH_RISK)
print(f"{int(elderly.sum())} sales flagged for the 65+ review")
'''),
    ],
    "misale_rates": [
        ("counts only sales with no assessment at all as process failures; an expired assessment is not counted unsuitable", '''def misale_rates(flags, by):
    bad = flags["above_level"].astype(bool) | (flags["assessment"] == "none")
    g = bad.groupby(flags[by])
    out = pd.DataFrame({"sales": g.size(), "unsuitable": g.sum().astype(int)})
    out["rate"] = out["unsuitable"] / out["sales"]
    return out


if ready("assessment_status", "flags", what="The rate table"):
    manager_rates = misale_rates(flags, "manager_id")
    branch_rates = misale_rates(flags, "branch_id")
    overall = float(manager_rates["unsuitable"].sum() / manager_rates["sales"].sum())
    print(f"Overall mis-sale rate: {overall:.1%} of {int(manager_rates['sales'].sum()):,} sales")
    display(manager_rates.describe().round(3))
'''),
        ("adds the two failures up: a sale both above the level and without a valid assessment counts twice", '''def misale_rates(flags, by):
    above = flags["above_level"].astype(bool).astype(int)
    invalid = (flags["assessment"] != "valid").astype(int)
    g = flags.assign(_above=above, _invalid=invalid).groupby(by)
    out = pd.DataFrame({"sales": g.size()})
    out["unsuitable"] = g["_above"].sum() + g["_invalid"].sum()
    out["rate"] = out["unsuitable"] / out["sales"]
    return out


if ready("assessment_status", "flags", what="The rate table"):
    manager_rates = misale_rates(flags, "manager_id")
    branch_rates = misale_rates(flags, "branch_id")
    overall = float(manager_rates["unsuitable"].sum() / manager_rates["sales"].sum())
    print(f"Overall mis-sale rate: {overall:.1%} of {int(manager_rates['sales'].sum()):,} sales")
    display(manager_rates.describe().round(3))
'''),
    ],
    "funnel_limits": [
        ("puts all of 1 - level in each tail: quantiles 1 - level and level instead of (1 - level)/2 and 1 - (1 - level)/2", '''def funnel_limits(n, p, level=0.998):
    n = pd.Series(n)
    lower = stats.binom.ppf(1 - level, n, p) / n
    upper = stats.binom.ppf(level, n, p) / n
    return pd.DataFrame({"lower": lower, "upper": upper}, index=n.index)


if ready("misale_rates", "manager_rates", "overall", what="The limit table"):
    limits = funnel_limits(manager_rates["sales"], overall, LEVEL)
    above = manager_rates.index[manager_rates["rate"] > limits["upper"]].tolist()
    print(f"Above the {LEVEL:.1%} upper limit: {', '.join(above) or 'nobody'}")
'''),
        ("uses the normal approximation p +/- z sqrt(p(1-p)/n) instead of the exact binomial quantiles", '''def funnel_limits(n, p, level=0.998):
    n = pd.Series(n).astype(float)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    se = np.sqrt(p * (1 - p) / n)
    return pd.DataFrame({"lower": (p - z * se).clip(lower=0), "upper": (p + z * se).clip(upper=1)}, index=n.index)


if ready("misale_rates", "manager_rates", "overall", what="The limit table"):
    limits = funnel_limits(manager_rates["sales"], overall, LEVEL)
    above = manager_rates.index[manager_rates["rate"] > limits["upper"]].tolist()
    print(f"Above the {LEVEL:.1%} upper limit: {', '.join(above) or 'nobody'}")
'''),
    ],
    "review_list": [
        ("ranks the managers by their rate, highest first, instead of by the excess", '''def review_list(rates, limits, p, flags, by="manager_id"):
    out = rates[rates["rate"] > limits["upper"]].copy()
    out["expected"] = out["sales"] * p
    out["excess"] = out["unsuitable"] - out["expected"]
    bad = flags[flags["above_level"].astype(bool) | (flags["assessment"] != "valid")]
    out["customers"] = bad.groupby(by)["customer_id"].nunique().reindex(out.index).fillna(0).astype(int)
    out["balance"] = bad.groupby(by)["balance"].sum().reindex(out.index).fillna(0.0)
    return out.sort_values("rate", ascending=False)


if ready("funnel_limits", "limits", what="The list of managers to investigate"):
    review = review_list(manager_rates, limits, overall, flags)
    display(review.round(3))
'''),
        ("counts the customers and balance of ALL the manager's sales, not only the unsuitable ones", '''def review_list(rates, limits, p, flags, by="manager_id"):
    out = rates[rates["rate"] > limits["upper"]].copy()
    out["expected"] = out["sales"] * p
    out["excess"] = out["unsuitable"] - out["expected"]
    out["customers"] = flags.groupby(by)["customer_id"].nunique().reindex(out.index).fillna(0).astype(int)
    out["balance"] = flags.groupby(by)["balance"].sum().reindex(out.index).fillna(0.0)
    return out.sort_values("excess", ascending=False)


if ready("funnel_limits", "limits", what="The list of managers to investigate"):
    review = review_list(manager_rates, limits, overall, flags)
    display(review.round(3))
'''),
    ],
    "holm_flags": [
        ("p-value as P(X > unsuitable) = binom.sf(unsuitable, ...) instead of P(X >= unsuitable)", '''def holm_flags(rates, p, alpha=0.05):
    pv = stats.binom.sf(rates["unsuitable"].astype(int), rates["sales"].astype(int), p)
    reject, p_holm, _, _ = multipletests(pv, alpha=alpha, method="holm")
    return pd.DataFrame({"p_value": pv, "p_holm": p_holm, "flagged": p_holm < alpha}, index=rates.index)


if ready("misale_rates", "manager_rates", "overall", what="The test table"):
    tests = holm_flags(manager_rates, overall, ALPHA)
    holm_managers = tests.index[tests["flagged"].astype(bool)].tolist()
    display(tests.sort_values("p_value").head(8).round(5))
'''),
        ("uses a two-sided exact binomial test (binomtest default) instead of the one-sided 'rate above p'", '''def holm_flags(rates, p, alpha=0.05):
    pv = np.array([stats.binomtest(int(k), int(n), p).pvalue
                   for k, n in zip(rates["unsuitable"], rates["sales"], strict=True)])
    reject, p_holm, _, _ = multipletests(pv, alpha=alpha, method="holm")
    return pd.DataFrame({"p_value": pv, "p_holm": p_holm, "flagged": p_holm < alpha}, index=rates.index)


if ready("misale_rates", "manager_rates", "overall", what="The test table"):
    tests = holm_flags(manager_rates, overall, ALPHA)
    holm_managers = tests.index[tests["flagged"].astype(bool)].tolist()
    display(tests.sort_values("p_value").head(8).round(5))
'''),
    ],
}
