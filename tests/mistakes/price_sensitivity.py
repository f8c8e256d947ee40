"""Typical mistakes of lesson 02_positioning/02_price_sensitivity (see the exercise registry)."""

LESSON = "02_positioning/02_price_sensitivity"

MISTAKES = {
    # only the blanks dropped: answers out of order kept
    "vw_valid": [("return complete & ordered", "return complete")],
    # too cheap as the share answering at or below the fee (not inverted)
    "vw_curves": [('out[col] = 1 - at_or_below if col in ("too_cheap", "cheap") else at_or_below',
                   'out[col] = 1 - at_or_below if col == "cheap" else at_or_below')],
    # interpolation between x[k] and x[k+1] instead of x[k-1] and x[k]
    "psm_points": [("lo, hi = k - 1, k", "lo, hi = k, k + 1")],
    # demand over the respondents who accept at least one price only
    "gg_demand": [('wtp = wtp.reindex(answers["respondent_id"].unique(), fill_value=0.0)', "wtp = wtp.copy()")],
    # a tie broken towards the highest price
    "revenue_max": [("best = rev.idxmax()", "best = rev[::-1].idxmax()")],
    # tiers' revenue indices averaged without weights
    "tier_gain": [("revenue_tiers = sum(weights[t] * revenue[t] for t in weights.index)",
                   "revenue_tiers = float(np.mean([revenue[t] for t in weights.index]))")],
}
