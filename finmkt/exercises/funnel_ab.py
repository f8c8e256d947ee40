"""Exercises of lesson 03_channels/02_funnel_ab_testing (转化漏斗与A/B测试)."""

from finmkt.exercises import exercise

LESSON = "03_channels/02_funnel_ab_testing"

exercise(
    "funnel_rates", LESSON, "Stage-to-stage conversion (环节转化率) by device",
    hints=[
        "Pool the channels first: add up the users at each stage per device (a `groupby` on `device` and a "
        "`sum`), then divide, so a big channel weighs what it brings.",
        "A step rate is the users who reached a stage / the users at the stage just before it: clicked / "
        "exposed, registered / clicked, and so on down to repurchased / first_purchase.",
        "Put the five ratios in a DataFrame indexed by device, one column per stage reached (clicked, "
        "registered, activated, first_purchase, repurchased). Dividing every stage by `exposed` gives the "
        "cumulative conversion instead, which can only fall.",
    ],
    mistake="Dividing every stage by the users exposed instead of by the previous stage, which gives the "
            "cumulative conversion: it always falls, so the last stage always looks like the biggest drop-off.",
    points=2,
)

exercise(
    "biggest_dropoff", LESSON, "The biggest drop-off (最大流失环节) after the click",
    hints=[
        "The biggest drop-off of a device is the step with the LOWEST step rate (the highest drop-off rate "
        "1 − rate).",
        "Leave the click-through rate out: it is a media metric set by the channel. Look only at the stages "
        "from `registered` on.",
        "For each device (row) take the column with the smallest rate among those four (`idxmin` along the "
        "row), its rate, and the highest rate any device reaches at that same stage (the column's maximum).",
    ],
    mistake="Including the click-through rate, which is the lowest step on every device and names the "
            "media, not the stage of the journey the bank has to fix.",
    points=2,
)

exercise(
    "ab_ztest", LESSON, "The two-proportion z-test (双比例z检验)",
    hints=[
        "`proportions_ztest(count, nobs)` takes the conversions and the users of both arms, B first so that "
        "a positive z means B converts more; it returns (z, p-value) and pools the two arms' rate in the "
        "standard error, as the null hypothesis of equal rates says.",
        "The question is whether B differs from A, in either direction: a two-sided test "
        "(`alternative=\"two-sided\"`, the default).",
        "Return plain floats: p_a = conv_a / n_a, p_b = conv_b / n_b, diff = p_b − p_a, and the z and p-value "
        "of the test. Swapping the arms must change the sign of z and leave the p-value as it is.",
    ],
    mistake="Reporting a one-sided p-value (alternative='larger'), which halves the p-value and lets a "
            "difference in the wrong direction never count.",
    points=3,
)

exercise(
    "diff_ci", LESSON, "Confidence interval (置信区间) of the difference",
    hints=[
        "The interval of p_B − p_A is diff ± z(1 − α/2) × SE, with z from `norm.ppf`.",
        "The interval does not assume the two rates are equal, so its standard error uses each arm's own "
        "rate: SE = sqrt(p_A(1 − p_A)/n_A + p_B(1 − p_B)/n_B) (unpooled Wald).",
        "`confint_proportions_2indep(conv_b, n_b, conv_a, n_a, method=\"wald\", compare=\"diff\", alpha=alpha)` "
        "gives the same two numbers; return them as a tuple of two floats (low, high).",
    ],
    mistake="Using the pooled standard error of the z-test in the interval, which assumes the very equality "
            "the interval is there to measure.",
    points=2,
)

exercise(
    "sample_size", LESSON, "Sample size per arm (样本量) by Fleiss' formula",
    hints=[
        "n = [z(1−α/2)·sqrt(2·p̄·q̄) + z(1−β)·sqrt(p1·q1 + p2·q2)]² / (p1 − p2)², with p̄ = (p1 + p2)/2, "
        "q = 1 − p and z from `norm.ppf`; power = 1 − β.",
        "The first term is the standard error under the null (both arms at p̄), the second under the "
        "alternative (each arm at its own rate). Round UP to a whole user.",
        "Check your function on the course's example: p1 = 0.10, p2 = 0.12, α = 0.05, power 0.8 must give "
        "3,841 users per arm. Cohen's effect size h gives 3,835: that is another formula.",
    ],
    mistake="Using Cohen's effect size h (NormalIndPower with proportion_effectsize), the arcsine formula, "
            "instead of the course's Fleiss formula on the two rates.",
    points=2,
)

exercise(
    "srm_check", LESSON, "Sample-ratio mismatch check (样本比例失衡检验)",
    hints=[
        "A sample-ratio mismatch (SRM) compares the users ASSIGNED to each arm with what the design "
        "planned: expected = all users of the test × the arm's planned share.",
        "`chisquare(observed, expected)` returns (statistic, p-value); the expected counts must add up to the "
        "observed total.",
        "Return the statistic, the p-value and `srm` = p-value < alpha (0.001 by the course convention). The "
        "conversions are the test's result, not its split: they play no part here.",
    ],
    mistake="Running the chi-square on the conversions instead of the assignments, which tests the result "
            "instead of the split and misses a broken assignment.",
    points=2,
)

exercise(
    "rollout_value", LESSON, "The value of rolling out the winner (推广价值)",
    hints=[
        "Over `users` visitors, offer B brings users × diff more conversions, each worth `value`.",
        "Offer B's cash back is paid to EVERY converter under B, the ones A would have converted anyway "
        "included: the extra offer cost is users × [(p_a + diff) × cost_b − p_a × cost_a].",
        "Net value = incremental conversions × value − extra offer cost. The cell calls it twice: with the "
        "point estimate of the difference and with the lower bound of its interval (the prudent case).",
    ],
    mistake="Charging offer B's cost only on the incremental conversions, forgetting that the richer cash back "
            "is also paid to everyone who would have converted under A.",
    points=3,
)
