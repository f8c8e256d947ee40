"""Exercises of lesson 02_positioning/04_loan_pricing (风险定价与年化利率)."""

from finmkt.exercises import exercise

LESSON = "02_positioning/04_loan_pricing"

exercise(
    "expected_loss", LESSON, "Expected loss (预期损失): PD (违约概率) × LGD (违约损失率) per grade",
    hints=[
        "Pool the three years of each grade before dividing: PD = all defaults / all loans performing at the "
        "start of the years; a ratio of sums, not an average of yearly ratios.",
        "LGD is the share of the exposure at default that is LOST, not the share recovered: start from the "
        "recoveries and the exposure at default of each grade.",
        "Group the history by grade, add up the count and money columns, then build three columns from those "
        "sums: pd, lgd and their product el; one row per grade, indexed by grade.",
    ],
    mistake="Taking the recovery rate (recoveries / exposure at default) as the LGD, so the riskiest grades "
            "look the safest.",
    points=2,
)

exercise(
    "break_even_rate", LESSON, "Break-even rate (盈亏平衡利率) of risk-based pricing",
    hints=[
        "Four blocks, each per unit of exposure and per year: the funding cost (FTP, 内部资金转移价格), the "
        "expected loss PD × LGD, the operating cost, and the capital charge.",
        "The capital charge is not k × h: the capital k that backs the loan does not need funding from the "
        "treasury, so it saves its FTP. The shareholders' extra return on it is k × (h − FTP).",
        "Write the sum with plain arithmetic operators, so it works element by element on Series as well as "
        "on floats; check it on the course's example (FTP 2%, PD 2%, LGD 45%, opex 1%, k 8%, h 12%).",
    ],
    mistake="Charging the capital at k × h instead of k × (h − FTP), which counts the funding of the "
            "capital twice.",
    points=2,
)

exercise(
    "raroc", LESSON, "RAROC (风险调整后资本收益率) at today's rates",
    hints=[
        "RAROC = risk-adjusted profit / capital. Per unit of exposure the profit is the rate minus FTP, "
        "expected loss and operating cost; the capital is k.",
        "The capital k is funded by the shareholders, not by the treasury: the loan earns back the FTP on it, "
        "so add k × FTP to the profit before dividing by k.",
        "At the break-even rate your function must return exactly h; test it on the course's example, where "
        "a rate of 4.7% gives 12%.",
    ],
    mistake="Leaving out the k × FTP credit for the capital, so every grade's RAROC looks lower and a "
            "loan priced at break-even misses the hurdle.",
    points=3,
)

exercise(
    "reprice", LESSON, "Repricing rule (重新定价): no grade below its break-even rate",
    hints=[
        "The new rate of a grade is the higher of today's rate and its break-even rate, then moved UP to the "
        "next multiple of 5 bp (0.05% = 0.0005).",
        "Rounding to the nearest 5 bp can land below the break-even rate; use a ceiling. Work in units of "
        "5 bp (multiply by 2,000), take the ceiling, divide back.",
        "Floating point: LPR 3% + 210 bp is 0.051000000000000004 in binary arithmetic, so × 2,000 it is a hair "
        "above 102 and its ceiling would be 103. Round the product to a few decimals before the ceiling, and "
        "keep it element-wise (numpy's maximum and ceil) so it works on Series.",
    ],
    mistake="Rounding to the NEAREST 5 bp, which leaves a grade a few basis points below its break-even "
            "rate.",
    points=2,
)

exercise(
    "instalment_apr", LESSON, "APR (年化利率) of an instalment offer by the IRR method",
    hints=[
        "The customer receives the principal minus the upfront fee today and pays the same instalment at the "
        "end of each month: principal / months + principal × monthly fee (the fee is on the ORIGINAL "
        "principal).",
        "The monthly IRR i makes the present value of the instalments, sum of instalment / (1 + i)^t for "
        "t = 1..n, equal to the net amount received; let `brentq` find the i where their difference is zero, "
        "searching between 0 and 1.",
        "The APR is 12 × i (PBoC's IRR method); (1 + i)^12 − 1 is the effective rate, a side figure; 12 × the "
        "monthly fee is what the advert suggests and neither of them.",
    ],
    mistake="Ignoring the upfront fee in the IRR, as if the customer received the whole principal.",
    points=3,
)

exercise(
    "offer_table", LESSON, "APR against the advertised monthly fee and the MKT-06 disclosure rule",
    hints=[
        "One row per offer: call your `instalment_apr` with the offer's principal, months, monthly fee "
        "(as a fraction: the column is in percent) and upfront fee; the naive rate is 12 × the monthly fee.",
        "The course's reading of MKT-06 has three ways to breach: no APR shown; a daily or monthly rate shown "
        "in a larger font than the APR; an APR shown below the true APR by more than 0.01 percentage point.",
        "An advert that shows an APR can still breach: compare the font sizes (`apr_font_pt` against "
        "`rate_font_pt`, where a periodic rate is shown) and the figure (`apr_shown_pct` against 100 × your "
        "APR), and combine the three conditions with `|`.",
    ],
    mistake="Flagging only the adverts that show no APR, so an APR in small print under a big monthly fee, "
            "or an APR that leaves out the fees, passes.",
    points=2,
)
