"""Typical mistakes of lesson 02_positioning/03_rate_elasticity (see the exercise registry)."""

LESSON = "02_positioning/03_rate_elasticity"

MISTAKES = {
    # the segment's share as the mean of its cells' shares
    "segment_summary": [('out["share"] = out["accepts"] / out["offers"]', 'out["share"] = g["share"].mean()')],
    # levels instead of logs
    "naive_elasticity": [('smf.ols("np.log(share) ~ np.log(rate)", data=cells)', 'smf.ols("share ~ rate", data=cells)'),
                         ('fit.params["np.log(rate)"]', 'fit.params["rate"]')],
    # segment fixed effects but no month effects
    "elasticity_with_controls": [("np.log(rate) + C(segment) + C(month)", "np.log(rate) + C(segment)")],
    # the interaction terms read as the elasticities (base slope not added)
    "segment_elasticities": [("out[s] = base + float(fit.params.get(key, 0.0))",
                              "out[s] = float(fit.params.get(key, base))")],
    # the loan formula with the sign of the elasticity flipped
    "optimal_rate": [("return earning_rate * h / (1 + h)", "return earning_rate * h / (h - 1)")],
    # a loan's margin (rate - cost) for a deposit
    "repricing_gain": [("(earning_rate - today)", "(today - earning_rate)"),
                       ("(earning_rate - new_rate)", "(new_rate - earning_rate)")],
}
