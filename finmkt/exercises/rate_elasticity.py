"""Exercises of lesson 02_positioning/03_rate_elasticity (价格弹性: the deposit-rate test)."""

from finmkt.exercises import exercise

LESSON = "02_positioning/03_rate_elasticity"

exercise(
    "segment_summary", LESSON, "Uptake share by segment (接受率)",
    hints=[
        "Group the cells by `segment` and add up `offers`, `accepts` and `new_money`: a segment's share is "
        "its accepts divided by its offers, over all its cells.",
        "The mean rate must be weighted by the offers: add up rate × offers per segment, then divide by the "
        "segment's offers. The amount is the new money per accepting customer.",
        "A cell with 100 offers should count less than one with 3,000: averaging the cells' shares gives each "
        "cell the same weight. Check that share × offers gives back the accepts.",
    ],
    mistake="Averaging the cells' shares instead of dividing the segment's accepts by its offers, so a "
            "small cell weighs as much as a large one.",
    points=2,
)

exercise(
    "naive_elasticity", LESSON, "Naive rate elasticity (未加控制的弹性)",
    hints=[
        "An elasticity is the slope of a log-log line: regress the log of the share on the log of the rate, "
        "with the statsmodels formula API (`smf.ols(formula, data=cells).fit()`).",
        "In a formula, `np.log(...)` can be applied to a column directly; the fitted slope is in `.params`, "
        "under the name of the term as you wrote it.",
        "A slope of share on rate in levels depends on the units (percent or fraction) and is not an "
        "elasticity; only logs on both sides give the percentage change of uptake per 1% change of the rate. "
        "Return the slope as a plain float.",
    ],
    mistake="Regressing the share on the rate in levels (`share ~ rate`): the slope depends on the units "
            "and is not an elasticity.",
    points=2,
)

exercise(
    "elasticity_with_controls", LESSON, "Elasticity with fixed effects (固定效应)",
    hints=[
        "The same log-log regression, plus a fixed effect (a dummy per category) for every variable the "
        "rate depended on in the test design: the segment and the month.",
        "In a formula a categorical control is written `C(column)`; add one term per control with `+`.",
        "The desk raised the bands in the quarter-end and year-end months, when uptake is high anyway: "
        "without the month effects the rate still picks up part of the season. Return the coefficient of the "
        "log rate as a float.",
    ],
    mistake="Controlling for the segment but not the month, so the season's high uptake in the months "
            "with higher bands is credited to the rate.",
    points=3,
)

exercise(
    "segment_elasticities", LESSON, "Segment elasticities (分群弹性)",
    hints=[
        "One regression with an interaction: `np.log(rate) * C(segment)` gives a slope of the log rate that "
        "differs by segment; keep the month effects.",
        "With treatment coding the first segment (alphabetically) is the base: `np.log(rate)` is ITS slope, "
        "and each `np.log(rate):C(segment)[T.name]` term is how much another segment's slope differs from it.",
        "A segment's elasticity is therefore the base slope plus its own interaction term (plus nothing for "
        "the base segment). Return a Series of floats indexed by every segment.",
    ],
    mistake="Reading each interaction term as the segment's elasticity, forgetting to add the base "
            "segment's slope.",
    points=3,
)

exercise(
    "optimal_rate", LESSON, "The Lerner rule for a deposit rate (勒纳定价法则)",
    hints=[
        "Profit per offer is share(r) × (R − r) × amount with share(r) ∝ r^h: set its derivative with "
        "respect to r to zero.",
        "The first-order condition h·(R − r)/r = 1 gives a rate that is a fixed fraction of R, and that "
        "fraction rises towards 1 as customers become more rate-sensitive.",
        "The loan form p* = c·e/(1 + e) needs e < −1; for a deposit the elasticity is positive and the rate "
        "is paid out of what the deposit earns, so r* must stay below R for every h > 0. Write it so that it "
        "works on floats and on Series.",
    ],
    mistake="Using the loan formula with the deposit's positive elasticity turned negative, "
            "R·h/(h − 1), which pays more than the deposit earns.",
    points=2,
)

exercise(
    "repricing_gain", LESSON, "Profit gained by repricing (重新定价的收益)",
    hints=[
        "First the share at today's rate in each segment, from the fitted curve: move every cell of the "
        "segment along its own curve to today's rate, log share + h·(log today − log rate), and average "
        "within the segment (that is the segment's intercept in an average month); then exponentiate.",
        "With constant elasticity the share at a new rate is share_today × (new_rate / today)^h. Profit per "
        "offer = share × margin × amount, and for a deposit the margin is what it earns minus what the bank "
        "pays.",
        "gain = profit at the new rate − profit at today's rate, per offer, per segment. Two traps: a share "
        "from the pooled data loses each segment's own level (its intercept), and a loan's margin r − c has "
        "the sign the other way round for a deposit.",
    ],
    mistake="Writing the margin as for a loan (rate − R), so every profit and gain has the wrong sign.",
    points=3,
)
