"""Exercises of lesson 01_market_analysis/03_lifecycle_and_competition (产品生命周期与竞争分析)."""

from finmkt.exercises import exercise

LESSON = "01_market_analysis/03_lifecycle_and_competition"

exercise(
    "fit_bass", LESSON, "Fitting the Bass diffusion model (巴斯扩散模型)",
    hints=[
        "The data are *monthly new adopters* (a flow), so the model must predict monthly new adopters too: "
        "n(t) = m·[F(t) − F(t−1)], with F given by `bass_cumulative(t, p, q)`.",
        "`curve_fit` needs a model function whose first argument is t and whose other arguments are the "
        "parameters to fit, in the order of p0 (p, q, m); pass it the data, the start values and bounds of the "
        "exercise text and maxfev=20000.",
        "`curve_fit` returns two things: the fitted parameters and their covariance. Keep the first, convert each "
        "number to a plain float and put them in a dict under the keys 'p', 'q' and 'm'.",
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
    "lifecycle_stage", LESSON, "Lifecycle stage (生命周期阶段) from the flow and the installed base",
    hints=[
        "For each product, sorted by `months_since_launch`, you need three numbers: share = all adopters so "
        "far / m; g from two 12-month windows of `new_adopters`; b from `holders` now and 12 months earlier.",
        "Apply the rule in order and stop at the first that applies: not identified or share < 16% → "
        "introduction; g > +10% → growth; b < −5% → decline; otherwise maturity.",
        "Two traps: one month against the month six months earlier mixes the calendar (开门红, the Spring "
        "Festival) and campaigns into the trend, and cumulative adopters never fall. Compare sums over 12 "
        "consecutive months of the flow, and read decline from the holders, not from the flow.",
    ],
    mistake="Measuring growth as the last month ÷ the month six months earlier: a campaign or the season "
            "reads as growth, and a growing product can look flat.",
    points=3,
)

exercise(
    "market_concentration", LESSON, "Market concentration: HHI (赫芬达尔指数) and CR4",
    hints=[
        "Keep the year asked for; within each product line the share of an institution is its "
        "balance / the line's total balance.",
        "HHI = Σ (share in percent)², so it runs from near 0 to 10,000 (a monopoly). "
        "CR4 = the sum of the four largest shares (a fraction).",
        "Work line by line: square the percentage shares and add them up for HHI; for CR4 add up the four "
        "largest shares (as fractions), whatever order the rows come in.",
    ],
    mistake="Squaring shares expressed as fractions, which puts HHI on a 0-1 scale instead of 0-10,000.",
    points=2,
)

exercise(
    "relative_share", LESSON, "Relative market share (相对市场份额)",
    hints=[
        "Relative share = the bank's share / the share of its largest *competitor* in the same line.",
        "Exclude the bank itself before taking the maximum share of the line.",
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

exercise(
    "five_forces", LESSON, "Porter's five forces (波特五力模型) from the data",
    hints=[
        "One indicator per force, as in the lesson's table: the HHI of wealth management in `year`; the "
        "internet platforms' share of it (type `internet_platform` in `competitors`), in percent; the change "
        "of that share since the first year of the data, per year; the share of institutions whose flagship "
        "minimum is ≤ ¥1,000, in percent; the bank's relative share in deposits.",
        "Rate each value with its row of `FORCE_BANDS`: below cut_1 → level 0, above cut_2 → level 2, "
        "otherwise 1; levels 0, 1, 2 read low, medium, high.",
        "Look at `stronger_when`: for rivalry and supplier power a LOW value means a STRONG force (a "
        "fragmented line fights hard; a small bank pays up for deposits), so those two levels run the other "
        "way.",
    ],
    mistake="Rating every indicator as 'higher value = stronger force', so a concentrated line shows high "
            "rivalry and a bank far behind in deposits shows low supplier power.",
    points=3,
)
