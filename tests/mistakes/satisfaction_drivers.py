"""Typical mistakes of lesson 05_customer_operations/02_satisfaction_drivers (see the exercise registry)."""

LESSON = "05_customer_operations/02_satisfaction_drivers"

MISTAKES = {
    # two separate proportions' variances: the covariance of promoters and detractors left out
    "nps_interval": [("se = 100 * np.sqrt((p_p + p_d - (p_p - p_d) ** 2) / n)",
                      "se = 100 * np.sqrt((p_p * (1 - p_p) + p_d * (1 - p_d)) / n)")],
    # the response rate as the weight, not its inverse
    "response_rates": [('out["weight"] = out["invited"] / out["respondents"].where(out["respondents"] > 0)',
                        'out["weight"] = out["rate"]')],
    # n in the SE, not Kish's effective sample size
    "weighted_nps": [("n_eff = 1 / float((w ** 2).sum())", "n_eff = float(len(s))")],
    # the point estimate compared with the bank's NPS, not the interval
    "nps_by_group": [('out["below"] = out["high"].astype(float) < overall', 'out["below"] = out["nps"].astype(float) < overall')],
    # no intercept
    "key_drivers": [("X = np.column_stack([np.ones(len(d)), d[drivers].to_numpy(float)])", "X = d[drivers].to_numpy(float)"),
                    ("return pd.Series(beta[1:], index=drivers)", "return pd.Series(beta, index=drivers)")],
    # every subset weighted alike (Banzhaf), not by the share of the orders of entry
    "relative_importance": [("weight = factorial(k) * factorial(p - k - 1) / factorial(p)", "weight = 1 / 2 ** (p - 1)")],
    # jieba's general dictionary only: 手机银行 cut into 手机 / 银行
    "comment_themes": [("        jieba.add_word(k)\n", "        pass  # keywords not added\n")],
    # every complaint of the year, those after the invitation included
    "recovery_check": [('q = q[(rec >= inv - pd.Timedelta(days=365)) & (rec < inv)]', 'q = q[rec >= inv - pd.Timedelta(days=365)]')],
}
