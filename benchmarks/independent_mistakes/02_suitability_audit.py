"""Wrong answers written independently from the trainee release of 04_compliance/02_suitability_audit."""
LESSON = "04_compliance/02_suitability_audit"
MISTAKES = {
    "level_at_sale": [
        ("merge_asof with the default allow_exact_matches=True: an assessment stamped the same minute as the sale counts as completed before it", '''def level_at_sale(sales, assessments, products):
    # Stuck? Run hint("level_at_sale") in a new cell.
    # Write the body: return the sales with product_level, assessed_at, customer_level and above_level.
    # YOUR CODE HERE
    out = sales.copy()
    out["_row"] = range(len(out))
    lvl = pd.to_numeric(products.set_index("product_id")["risk_level"].astype(str).str[1:], errors="coerce")
    out["product_level"] = out["product_id"].map(lvl).astype(int)
    a = assessments[["customer_id", "assessed_at", "level"]].sort_values("assessed_at")
    m = pd.merge_asof(out.sort_values("sold_at"), a, left_on="sold_at", right_on="assessed_at", by="customer_id",
                      direction="backward")
    m = m.sort_values("_row")
    m.index = sales.index
    m["customer_level"] = m["level"].astype(object).where(m["level"].notna()).map(
        lambda v: float(str(v)[1:]) if isinstance(v, str) and v else np.nan).astype(float)
    m["above_level"] = (m["product_level"] > m["customer_level"]).fillna(False).astype(bool)
    return m.drop(columns=["_row", "level"])


joined = level_at_sale(sales, assessments, products)
joined.head()
'''),
        ("judges every sale by the customer's LATEST assessment (the level today), not the one valid at the sale", '''def level_at_sale(sales, assessments, products):
    # Stuck? Run hint("level_at_sale") in a new cell.
    # Write the body: return the sales with product_level, assessed_at, customer_level and above_level.
    # YOUR CODE HERE
    out = sales.copy()
    lvl = pd.to_numeric(products.set_index("product_id")["risk_level"].astype(str).str[1:], errors="coerce")
    out["product_level"] = out["product_id"].map(lvl).astype(int)
    last = assessments.sort_values("assessed_at").groupby("customer_id").tail(1).set_index("customer_id")
    out["assessed_at"] = out["customer_id"].map(last["assessed_at"])
    out["customer_level"] = out["customer_id"].map(last["level"].astype(str).str[1:].astype(float)).astype(float)
    out["above_level"] = (out["product_level"] > out["customer_level"]).fillna(False).astype(bool)
    return out


joined = level_at_sale(sales, assessments, products)
joined.head()
'''),
    ],
    "assessment_status": [
        ("treats an assessment exactly 365 days old as expired (>= validity instead of >)", '''def assessment_status(joined, validity_days=365):
    # Stuck? Run hint("assessment_status") in a new cell.
    # Write the body: return "none" / "expired" / "valid" per sale, a Series with the index of joined.
    # YOUR CODE HERE
    age = joined["sold_at"] - joined["assessed_at"]
    none = joined["assessed_at"].isna() | (joined["assessed_at"] >= joined["sold_at"])
    expired = age >= pd.Timedelta(days=validity_days)
    status = np.where(none, "none", np.where(expired, "expired", "valid"))
    return pd.Series(status, index=joined.index, name="assessment")


if ready("level_at_sale", "joined", what="The assessment check"):
    status = assessment_status(joined, VALIDITY)
    display(status.value_counts())
'''),
        ("labels 'none' only when assessed_at is missing: a questionnaire completed after the purchase (补录) is taken as a valid assessment", '''def assessment_status(joined, validity_days=365):
    # Stuck? Run hint("assessment_status") in a new cell.
    # Write the body: return "none" / "expired" / "valid" per sale, a Series with the index of joined.
    # YOUR CODE HERE
    age = joined["sold_at"] - joined["assessed_at"]
    status = pd.Series("valid", index=joined.index, name="assessment")
    status[age > pd.Timedelta(days=validity_days)] = "expired"
    status[joined["assessed_at"].isna()] = "none"
    return status


if ready("level_at_sale", "joined", what="The assessment check"):
    status = assessment_status(joined, VALIDITY)
    display(status.value_counts())
'''),
    ],
    "elderly_high_risk": [
        ("uses the customer's age at the cut-off (customers.csv) instead of the age at the sale", '''def elderly_high_risk(sales, products, customers, cutoff, age=65, min_level=4):
    # Stuck? Run hint("elderly_high_risk") in a new cell.
    # Write the body: return True where the customer was age+ at the sale and the product is min_level or above.
    # YOUR CODE HERE
    cust_age = sales["customer_id"].map(customers.set_index("customer_id")["age"]).astype(float)
    level = sales["product_id"].map(products.set_index("product_id")["risk_level"]).astype(str).str[1:].astype(int)
    return ((cust_age >= age) & (level >= min_level)).astype(bool)


elderly = elderly_high_risk(sales, products, customers, CUTOFF, ELDERLY_AGE, HIGH_RISK)
print(f"{int(elderly.sum())} sales flagged for the 65+ review")
'''),
        ("compares the product level strictly (level > min_level), so R4 products (I02, W05, F02) are left out of the high-risk flag", '''def elderly_high_risk(sales, products, customers, cutoff, age=65, min_level=4):
    # Stuck? Run hint("elderly_high_risk") in a new cell.
    # Write the body: return True where the customer was age+ at the sale and the product is min_level or above.
    # YOUR CODE HERE
    age_now = sales["customer_id"].map(customers.set_index("customer_id")["age"]).astype(float)
    days = (pd.Timestamp(cutoff) - sales["sold_at"].dt.normalize()).dt.days
    age_sale = age_now - days / 365.25
    level = sales["product_id"].map(products.set_index("product_id")["risk_level"]).astype(str).str[1:].astype(int)
    return ((age_sale >= age) & (level > min_level)).astype(bool)


elderly = elderly_high_risk(sales, products, customers, CUTOFF, ELDERLY_AGE, HIGH_RISK)
print(f"{int(elderly.sum())} sales flagged for the 65+ review")
'''),
    ],
    "misale_rates": [
        ("counts only the sales above the customer's level as unsuitable; sales without a valid assessment are left out", '''def misale_rates(flags, by):
    # Stuck? Run hint("misale_rates") in a new cell.
    # Write the body: return sales, unsuitable and rate per value of flags[by].
    # YOUR CODE HERE
    bad = flags["above_level"].astype(bool)
    out = pd.DataFrame({"sales": flags.groupby(by).size(), "unsuitable": bad.groupby(flags[by]).sum().astype(int)})
    out["rate"] = out["unsuitable"] / out["sales"]
    return out


if ready("assessment_status", "flags", what="The rate table"):
    manager_rates = misale_rates(flags, "manager_id")
    branch_rates = misale_rates(flags, "branch_id")
    overall = float(manager_rates["unsuitable"].sum() / manager_rates["sales"].sum())
    print(f"Overall mis-sale rate: {overall:.1%} of {int(manager_rates['sales'].sum()):,} sales")
    display(manager_rates.describe().round(3))
'''),
        ("counts a sale without any assessment ('none') as unsuitable but lets an EXPIRED assessment pass", '''def misale_rates(flags, by):
    # Stuck? Run hint("misale_rates") in a new cell.
    # Write the body: return sales, unsuitable and rate per value of flags[by].
    # YOUR CODE HERE
    bad = flags["above_level"].astype(bool) | (flags["assessment"].astype(str) == "none")
    out = pd.DataFrame({"sales": flags.groupby(by).size(), "unsuitable": bad.groupby(flags[by]).sum().astype(int)})
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
        ("uses the normal approximation p +/- z*sqrt(p(1-p)/n) instead of the exact binomial quantiles", '''def funnel_limits(n, p, level=0.998):
    # Stuck? Run hint("funnel_limits") in a new cell.
    # Write the body: return the lower and upper control limits (rates) for n sales at the rate p.
    # YOUR CODE HERE
    nn = pd.Series(n).astype(float)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    se = np.sqrt(p * (1 - p) / nn)
    return pd.DataFrame({"lower": (p - z * se).clip(lower=0), "upper": (p + z * se).clip(upper=1)}, index=nn.index)


if ready("misale_rates", "manager_rates", "overall", what="The limit table"):
    limits = funnel_limits(manager_rates["sales"], overall, LEVEL)
    above = manager_rates.index[manager_rates["rate"] > limits["upper"]].tolist()
    print(f"Above the {LEVEL:.1%} upper limit: {', '.join(above) or 'nobody'}")
'''),
        ("forgets to split 1 - level over the two tails: uses binom.ppf(1 - level) and binom.ppf(level), limits at 99.8% one-sided each instead of 99.9%", '''def funnel_limits(n, p, level=0.998):
    # Stuck? Run hint("funnel_limits") in a new cell.
    # Write the body: return the lower and upper control limits (rates) for n sales at the rate p.
    # YOUR CODE HERE
    nn = pd.Series(n).astype(float)
    lower = stats.binom.ppf(1 - level, nn, p) / nn
    upper = stats.binom.ppf(level, nn, p) / nn
    return pd.DataFrame({"lower": lower, "upper": upper}, index=nn.index)


if ready("misale_rates", "manager_rates", "overall", what="The limit table"):
    limits = funnel_limits(manager_rates["sales"], overall, LEVEL)
    above = manager_rates.index[manager_rates["rate"] > limits["upper"]].tolist()
    print(f"Above the {LEVEL:.1%} upper limit: {', '.join(above) or 'nobody'}")
'''),
    ],
    "review_list": [
        ("ranks the managers to investigate by their raw rate instead of the excess unsuitable sales", '''def review_list(rates, limits, p, flags, by="manager_id"):
    # Stuck? Run hint("review_list") in a new cell.
    # Write the body: return the groups above the upper limit with expected, excess, customers and balance, ranked.
    # YOUR CODE HERE
    up = limits["upper"].reindex(rates.index)
    out = rates[rates["rate"] > up].copy()
    out["expected"] = out["sales"] * p
    out["excess"] = out["unsuitable"] - out["expected"]
    bad = flags[flags["above_level"].astype(bool) | (flags["assessment"].astype(str) != "valid")]
    out["customers"] = bad.groupby(by)["customer_id"].nunique().reindex(out.index).fillna(0).astype(int)
    out["balance"] = bad.groupby(by)["balance"].sum().reindex(out.index).fillna(0.0)
    return out.sort_values("rate", ascending=False)


if ready("funnel_limits", "limits", what="The list of managers to investigate"):
    review = review_list(manager_rates, limits, overall, flags)
    display(review.round(3))
'''),
        ("counts the unsuitable SALES of each manager in the customers column, not the distinct customers to call back", '''def review_list(rates, limits, p, flags, by="manager_id"):
    # Stuck? Run hint("review_list") in a new cell.
    # Write the body: return the groups above the upper limit with expected, excess, customers and balance, ranked.
    # YOUR CODE HERE
    up = limits["upper"].reindex(rates.index)
    out = rates[rates["rate"] > up].copy()
    out["expected"] = out["sales"] * p
    out["excess"] = out["unsuitable"] - out["expected"]
    bad = flags[flags["above_level"].astype(bool) | (flags["assessment"].astype(str) != "valid")]
    out["customers"] = bad.groupby(by)["customer_id"].count().reindex(out.index).fillna(0).astype(int)
    out["balance"] = bad.groupby(by)["balance"].sum().reindex(out.index).fillna(0.0)
    return out.sort_values("excess", ascending=False)


if ready("funnel_limits", "limits", what="The list of managers to investigate"):
    review = review_list(manager_rates, limits, overall, flags)
    display(review.round(3))
'''),
    ],
    "holm_flags": [
        ("adjusts with Bonferroni (method='bonferroni') instead of Holm", '''def holm_flags(rates, p, alpha=0.05):
    # Stuck? Run hint("holm_flags") in a new cell.
    # Write the body: return p_value, p_holm and flagged per group.
    # YOUR CODE HERE
    pv = stats.binom.sf(rates["unsuitable"].astype(int) - 1, rates["sales"].astype(int), p)
    rej, padj, _, _ = multipletests(pv, alpha=alpha, method="bonferroni")
    return pd.DataFrame({"p_value": pv, "p_holm": padj, "flagged": padj < alpha}, index=rates.index)


if ready("misale_rates", "manager_rates", "overall", what="The test table"):
    tests = holm_flags(manager_rates, overall, ALPHA)
    holm_managers = tests.index[tests["flagged"].astype(bool)].tolist()
    display(tests.sort_values("p_value").head(8).round(5))
'''),
        ("computes the p-value as P(X > k) = binom.sf(k) instead of P(X >= k) (off by one: the observed count itself left out)", '''def holm_flags(rates, p, alpha=0.05):
    # Stuck? Run hint("holm_flags") in a new cell.
    # Write the body: return p_value, p_holm and flagged per group.
    # YOUR CODE HERE
    pv = stats.binom.sf(rates["unsuitable"].astype(int), rates["sales"].astype(int), p)
    rej, padj, _, _ = multipletests(pv, alpha=alpha, method="holm")
    return pd.DataFrame({"p_value": pv, "p_holm": padj, "flagged": padj < alpha}, index=rates.index)


if ready("misale_rates", "manager_rates", "overall", what="The test table"):
    tests = holm_flags(manager_rates, overall, ALPHA)
    holm_managers = tests.index[tests["flagged"].astype(bool)].tolist()
    display(tests.sort_values("p_value").head(8).round(5))
'''),
    ],
}
