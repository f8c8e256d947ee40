"""Typical mistakes of lesson 01_market_analysis/03_lifecycle_and_competition (see the exercise registry)."""

LESSON = "01_market_analysis/03_lifecycle_and_competition"

MISTAKES = {
    # the cumulative curve (a stock) fitted to monthly new adopters (a flow)
    "fit_bass": [("return m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))",
                  "return m * bass_cumulative(t, p, q)")],
    # q alone in the denominator
    "peak_month": [("return np.log(q / p) / (p + q)", "return np.log(q / p) / q")],
    # growth from single months: the last month against the month six months earlier
    "lifecycle_stage": [("flow = y[-12:].sum() / y[-24:-12].sum() - 1", "flow = y[-1] / y[-7] - 1")],
    # shares as fractions: HHI on a 0-1 scale
    "market_concentration": [('"hhi": shares.apply(lambda s: ((100 * s) ** 2).sum()),',
                              '"hhi": shares.apply(lambda s: (s ** 2).sum()),')],
    # divided by the largest share including the bank itself
    "relative_share": [("return shares.loc[bank] / shares.drop(index=bank).max()",
                        "return shares.loc[bank] / shares.max()")],
    # lower-is-better criteria not reversed
    "benchmark_scores": [("scores[c] = 1 - scores[c]", "scores[c] = scores[c]")],
    # every force rated "higher value = stronger": the reversal for rivalry and supplier power forgotten
    "five_forces": [("level = 2 - level", "level = level")],
}
