"""Typical mistakes of lesson 04_compliance/02_suitability_audit (see the exercise registry)."""

LESSON = "04_compliance/02_suitability_audit"

MISTAKES = {
    # the customer's current (latest) level instead of the level valid at the sale
    "level_at_sale": [(
        'joined = pd.merge_asof(out.sort_values("sold_at"), a, left_on="sold_at", right_on="assessed_at",\n'
        '                           by="customer_id", direction="backward", allow_exact_matches=False)',
        'joined = out.merge(a.groupby("customer_id").tail(1), on="customer_id", how="left")',
    )],
    # an expired assessment counted as valid
    "assessment_status": [('np.where(age > pd.Timedelta(days=validity_days), "expired", "valid")', '"valid"')],
    # age at the cut-off instead of at the sale
    "elderly_high_risk": [("age_at_sale = age_now - years", "age_at_sale = age_now")],
    # only the level rule: sales without a valid assessment forgotten
    "misale_rates": [('unsuitable = flags["above_level"].astype(bool) | (flags["assessment"] != "valid")',
                      'unsuitable = flags["above_level"].astype(bool)')],
    # limits around each manager's own rate
    "funnel_limits": [('limits = funnel_limits(manager_rates["sales"], overall, LEVEL)',
                       'limits = funnel_limits(manager_rates["sales"], manager_rates["rate"], LEVEL)')],
    # ranked by the raw rate
    "review_list": [('.sort_values("excess", ascending=False)', '.sort_values("rate", ascending=False)')],
    # no multiplicity adjustment
    "holm_flags": [('flagged = p_holm < alpha', 'flagged = p_value < alpha')],
}
