"""Exercises of lesson 01_market_analysis/01_market_sizing (market sizing, 市场规模测算)."""

from finmkt.exercises import exercise

LESSON = "01_market_analysis/01_market_sizing"

exercise(
    "tam_top_down", LESSON, "Top-down TAM (自上而下) from national figures",
    hints=[
        "Read the national figures from `facts` by key: `facts.set_index('key')['base']`.",
        "The national population is not in the table directly: cards in issue divided by "
        "cards per person gives it. Penetration per person = WM investors / that population.",
        "A ratio per person applies to people of all ages: multiply it by the city's people of "
        "all ages (which column of `districts` counts them?), then by balance per investor and "
        "the fee rate.",
    ],
    mistake="Applying the national per-person penetration to adults only, although it was "
            "computed over the whole population (all ages).",
    points=2,
)

exercise(
    "tam_bottom_up", LESSON, "Bottom-up TAM (自下而上) by age and income segment",
    hints=[
        "Work per (age_band, income_band) cell: city adults come from `population` (summed over "
        "districts), behaviour comes from `survey` (grouped by the same two columns).",
        "Penetration is the mean of `holds_wm` in the cell. The average balance is a mean over "
        "holders only: keep the respondents who hold WM before averaging `wm_balance`.",
        "Put the three cell series side by side in one DataFrame (they share the cell index), "
        "then add the revenue column from the formula in the exercise; `tam_bu` is its total.",
    ],
    mistake="Averaging wm_balance over all respondents (zeros included), which multiplies by "
            "penetration a second time.",
    points=3,
)

exercise(
    "tam_interval", LESSON, "Bootstrap confidence interval (自助法置信区间) of the bottom-up TAM",
    hints=[
        "A bootstrap repeats the whole estimate on many resamples of the survey and looks at the "
        "spread of the results; the population (a census) is not resampled.",
        "Create the generator once, before the loop, and hand the same generator to every draw. "
        "Each draw keeps the survey's design: group by the stratum column, then sample every "
        "group at its own size, with replacement (see the convention in the exercise).",
        "Inside the loop call your own `tam_bottom_up` on the resample and keep the total of its "
        "`revenue`; after the loop, NumPy's `percentile` with the two levels of a 95% interval "
        "gives low and high.",
    ],
    mistake="Resampling the whole survey instead of within each age band (the survey's strata), "
            "so the bands' sizes change from draw to draw.",
    points=3,
)

exercise(
    "sam", LESSON, "SAM (可服务市场): licence and own-channel filters",
    hints=[
        "Two filters: keep only adults of districts where `districts['licensed']` is True, and "
        "multiply by the share of holders the bank's own channels reach.",
        "Reach per cell: among WM holders living in licensed districts, the share with "
        "`uses_minghu_app == 1` or `visited_minghu_branch_12m == 1` (either one counts). The "
        "columns about any bank's app or branch are not the bank's channels.",
        "Penetration and average balance are the same cell estimates as in the bottom-up TAM; "
        "only the adults (licensed) and the extra `reach` factor change.",
    ],
    mistake="Counting any bank's app or branch (uses_mobile_banking, visited_branch_12m) as "
            "reach, instead of Minghu Bank's own channels.",
    points=3,
)

exercise(
    "som", LESSON, "SOM (可获得市场): the wallet share measured on the SAM",
    hints=[
        "The share must be measured on the market the SAM covers: which respondents are in it? "
        "Three conditions: they hold WM, live in a licensed district, and are reached by Minghu "
        "Bank's own app or branches.",
        "On those respondents, the share is a ratio of two weighted totals: the Minghu part of "
        "their balances over their whole balances, each balance multiplied by the respondent's "
        "design weight.",
        "Return a dict with the share and SOM = SAM × share (both as floats).",
    ],
    mistake="Measuring the share on every WM holder of the city (the bank's city-wide wallet "
            "share) and applying it to the SAM, a different market.",
    points=2,
)

exercise(
    "reconcile", LESSON, "Reconcile top-down and bottom-up",
    hints=[
        "Each estimate is holders × revenue per holder. Compute both pieces for both methods.",
        "Top-down holders = city population × national penetration; bottom-up holders = sum "
        "of adults × penetration over the cells. Revenue per holder = TAM / holders.",
        "Every ratio is top-down divided by bottom-up, so that ratio = holders_ratio × "
        "revenue_per_holder_ratio holds exactly.",
    ],
    mistake="Turning the ratio upside down (bottom-up / top-down), so it no longer reads as "
            "'how many times larger is the top-down estimate'.",
    points=2,
)

exercise(
    "tornado", LESSON, "Tornado chart: one-at-a-time sensitivity (敏感性分析)",
    hints=[
        "The drivers are the rows of `facts` that have a low and a high value.",
        "For each driver call `som_at` once with the driver's low value and once with its high "
        "value, passed as a keyword named like the driver; the other drivers stay at their base "
        "values (the defaults of `som_at`).",
        "swing = high − low. A tornado ranks drivers by how much the result moves, so order the "
        "rows by that column, largest first.",
    ],
    mistake="Ranking the drivers by their high value instead of by the swing (high − low).",
    points=3,
)
