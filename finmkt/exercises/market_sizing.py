"""Exercises of lesson 01_market_analysis/01_market_sizing (market sizing, 市场规模测算)."""

from finmkt.exercises import exercise

LESSON = "01_market_analysis/01_market_sizing"

exercise(
    "tam_top_down", LESSON, "Top-down TAM (自上而下) from national figures",
    hints=[
        "Read the national figures from `facts` by key: `facts.set_index('key')['base']`.",
        "The national population is not in the table directly: cards in issue divided by "
        "cards per person gives it. Penetration per person = WM investors / that population.",
        "A ratio per person applies to people of all ages: multiply by the city's total "
        "`population` column (not `adults`), then by balance per investor times the fee rate.",
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
        "holders only: filter `holds_wm == 1` before averaging `wm_balance`.",
        "Join the three pieces on the cell index, then revenue = adults × penetration × "
        "avg_balance × fee_rate; `tam_bu` is the sum of that column.",
    ],
    mistake="Averaging wm_balance over all respondents (zeros included), which multiplies by "
            "penetration a second time.",
    points=3,
)

exercise(
    "sam", LESSON, "SAM (可服务市场): licence and channel filters",
    hints=[
        "Two filters: keep only adults of districts where `districts['licensed']` is True, and "
        "multiply by the share of holders the bank can reach.",
        "Reach per cell: among respondents with `holds_wm == 1`, the share with "
        "`uses_mobile_banking == 1` or `visited_branch_12m == 1` (either one counts).",
        "Penetration and average balance are the same cell estimates as in the bottom-up TAM; "
        "only the adults (licensed) and the extra `reach` factor change.",
    ],
    mistake="Forgetting the licence filter: counting adults in districts where the bank may not "
            "market retail products.",
    points=3,
)

exercise(
    "som", LESSON, "SOM (可获得市场): the attainable share",
    hints=[
        "Use the latest `year` in `market_balances` only.",
        "The share that matters is the share of the same product line: keep "
        "`product_line == 'wealth_management'` before dividing the bank's balance by the total.",
        "Return a dict with the share and SOM = SAM × share.",
    ],
    mistake="Using Minghu Bank's share of all product lines' balances (deposits and loans "
            "included) instead of its wealth-management share.",
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
        "For each driver call `som_at(**{driver: value})` with its low value, then its high "
        "value; the other drivers stay at their base values (the defaults of `som_at`).",
        "swing = high − low. A tornado ranks drivers by how much the result moves, so sort "
        "by swing, largest first.",
    ],
    mistake="Ranking the drivers by their high value instead of by the swing (high − low).",
    points=3,
)
