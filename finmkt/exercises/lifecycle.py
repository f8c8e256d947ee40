"""Exercises of lesson 01_market_analysis/03_lifecycle_and_competition (产品生命周期与竞争分析)."""

from finmkt.exercises import exercise

LESSON = "01_market_analysis/03_lifecycle_and_competition"

exercise(
    "fit_bass", LESSON, "Fitting the Bass diffusion model (巴斯扩散模型)",
    hints=[
        "The data are *monthly new adopters*, so the model must predict monthly new adopters too: "
        "n(t) = m·[F(t) − F(t−1)], with F given by `bass_cumulative(t, p, q)`.",
        "Write `def model(t, p, q, m): return m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))` "
        "and pass it to `curve_fit(model, t, y, p0=..., bounds=..., maxfev=20000)`.",
        "Start from p0 = [0.01, 0.1, 2 × total adopters so far] with bounds ([1e-6, 1e-6, total], "
        "[1, 2, 100 × total]); return the three fitted numbers as floats in a dict.",
    ],
    mistake="Fitting the cumulative curve m·F(t) to the monthly new adopters, which mixes a stock "
            "with a flow.",
    points=3,
)

exercise(
    "peak_month", LESSON, "Peak of adoption t* (峰值时间)",
    hints=[
        "The Bass adoption rate peaks at t* = ln(q/p) / (p + q), in the same time unit as p and q "
        "(months here).",
        "Use `np.log`, which works element by element on Series and arrays as well as on floats.",
        "Both p and q are in the denominator: the sum of the innovation and the imitation rates.",
    ],
    mistake="Dividing by q alone instead of p + q, which pushes the peak later.",
    points=2,
)

exercise(
    "lifecycle_stage", LESSON, "Lifecycle stage (生命周期阶段) from growth",
    hints=[
        "For each product sort by `months_since_launch`; share = all adopters so far / m; growth = "
        "adopters of the last 6 months / adopters of the 6 months before − 1.",
        "Apply the rule in order: share < 16% → introduction; else growth > +10% → growth; "
        "growth ≥ −10% → maturity; otherwise decline.",
        "Growth is measured on *new* adopters per month (the flow). Cumulative adopters never fall, "
        "so a rule on them would never find a product in decline.",
    ],
    mistake="Measuring growth on cumulative adopters, which never fall: no product is ever in decline.",
    points=3,
)

exercise(
    "market_concentration", LESSON, "Market concentration: HHI (赫芬达尔指数) and CR4",
    hints=[
        "Keep the year asked for; within each product line the share of an institution is its "
        "balance / the line's total balance.",
        "HHI = Σ (share in percent)², so it runs from near 0 to 10,000 (a monopoly). "
        "CR4 = the sum of the four largest shares (a fraction).",
        "`groupby('product_line')` and, for each line, sort the shares in descending order: "
        "`hhi = ((100 * s) ** 2).sum()`, `cr4 = s.nlargest(4).sum()`.",
    ],
    mistake="Squaring shares expressed as fractions, which puts HHI on a 0-1 scale instead of 0-10,000.",
    points=2,
)

exercise(
    "relative_share", LESSON, "Relative market share (相对市场份额)",
    hints=[
        "Relative share = the bank's share / the share of its largest *competitor* in the same line.",
        "Exclude the bank itself before taking the maximum: `s.drop(bank).max()`.",
        "Above 1 the bank leads the line; 0.5 means the leader is twice the bank's size.",
    ],
    mistake="Dividing by the largest share including the bank's own, so a leading bank always "
            "scores exactly 1.",
    points=2,
)

exercise(
    "benchmark_scores", LESSON, "Competitor benchmark scoring (竞争对手对标)",
    hints=[
        "Score every criterion from 0 (worst institution) to 1 (best) with min-max scaling: "
        "(x − min) / (max − min).",
        "Fees and minimum amounts are better when *lower*: reverse them, (max − x) / (max − min). "
        "Scale the minimum amount on log10 first (it spans several orders of magnitude).",
        "Total = 100 × Σ weight × criterion score; return the criterion scores and `total`, indexed by "
        "institution, sorted by total (highest first).",
    ],
    mistake="Treating every criterion as higher-is-better, so high fees and high minimum amounts "
            "earn points.",
    points=3,
)
