"""Exercises of lesson 03_channels/01_channel_economics (渠道经济性)."""

from finmkt.exercises import exercise

LESSON = "03_channels/01_channel_economics"

exercise(
    "channel_cac", LESSON, "Conversion (转化率) and CAC (获客成本) per channel",
    hints=[
        "Keep the rows of the year asked for (the month column is a date: `.dt.year`), then add up each "
        "channel's spend, leads and new customers with one groupby.",
        "A channel's acquisition spend is its media spend PLUS its incentives and coupons: a coupon paid to a new "
        "customer is part of what the customer cost.",
        "Build the spend column from the two spend sums, then conversion = new customers / leads and "
        "cac = spend / new customers; return those five columns, one row per channel.",
    ],
    mistake="Dividing only the media spend by the new customers, so the coupon-heavy channels (platforms, "
            "social media, the app) look cheaper than they are.",
    points=2,
)

exercise(
    "channel_ltv", LESSON, "Retention (留存率), margin and LTV (客户生命周期价值) over T months per channel",
    hints=[
        "Group the new customers by channel: the margin is the mean monthly margin of those whose margin is "
        "known (a customer who closed the account has NaN, which the mean skips); the retention comes from "
        "every customer's month-end checks, passed (months_active) and failed (churned), closers included.",
        "r = checks passed / (checks passed + checks failed), summed over the channel's customers: a ratio of "
        "sums, not the mean of a per-customer ratio.",
        "The first margin comes at the END of month 1, after the customer has stayed once (probability r), and "
        "the last at the end of month T: sum m (r / (1 + i))^t for t = 1..T (a geometric series with ratio "
        "q = r / (1 + i), or a loop). Check it on a toy with i = 0 and T = 2: m r + m r^2.",
    ],
    mistake="Starting the series at t = 0 (months 0..T-1), which credits every customer with a margin on the day "
            "of acquisition.",
    points=3,
)

exercise(
    "unit_economics", LESSON, "LTV/CAC, payback (回收期) and ROI (投资回报率)",
    hints=[
        "Put the CAC of exercise 1 and the LTV of exercise 2 side by side, one row per channel (pandas aligns "
        "them on the channel index).",
        "Payback is a number of months: how many monthly margins it takes to earn back the CAC (the course's "
        "convention: undiscounted, no churn). The margin is in your exercise 2 table.",
        "ROI = (LTV - CAC) / CAC, so it equals LTV/CAC - 1; healthy is the comparison of LTV/CAC with the "
        "threshold, a bool column.",
    ],
    mistake="Dividing the CAC by the LTV instead of by the monthly margin, which gives a fraction, not a "
            "payback period in months.",
    points=2,
)

exercise(
    "response_curve", LESSON, "Response curve (响应曲线) new = a·s^b per channel",
    hints=[
        "Per channel, x = log of the month's spend and y = log of the month's new customers; a straight line "
        "through (x, y) is the log-log model. The spend is the same as in the CAC: media AND incentives.",
        "`np.polyfit(x, y, 1)` returns the slope first, then the intercept. The slope is b.",
        "The intercept is ln a, not a: take its exponential, then check that a × s^b passes through the "
        "channel's months.",
    ],
    mistake="Fitting the curve on the media spend alone, so it does not describe the spend the CAC and the "
            "budget count (incentives included) and overstates the new customers a yuan buys.",
    points=3,
)

exercise(
    "marginal_cac", LESSON, "Average against marginal CAC (边际获客成本) on the curve",
    hints=[
        "On the curve, new = a s^b; the average CAC is the spend divided by it.",
        "The marginal CAC is the cost of ONE more customer: 1 / (the derivative of new with respect to s). "
        "Differentiate a s^b.",
        "On a power curve the marginal CAC is the average CAC divided by b, so it is above the average whenever "
        "b < 1: use that to check your column.",
    ],
    mistake="Taking the average CAC for the marginal one, which hides the saturation of the channels with a "
            "small b.",
    points=2,
)

exercise(
    "reallocate", LESSON, "Budget reallocation (预算再分配) at equal marginal LTV per yuan",
    hints=[
        "The budget is the sum of today's spend. For a trial value λ of the last yuan, each channel's spend is "
        "the s at which its marginal LTV per yuan, LTV × a × b × s^(b-1), equals λ: solve that for s.",
        "The total spend falls as λ rises: let `brentq` find the log λ at which the total minus the budget is "
        "zero (search between -30 and 30), and evaluate the channels' spend there.",
        "Equalise the MARGINAL value (with the factor b of the derivative), not the average LTV × a × s^(b-1). "
        "Then new customers = a s^b and value = LTV × new customers, for today's spend and the new one.",
    ],
    mistake="Equalising the average LTV per yuan (leaving out the factor b of the derivative), which over-funds "
            "the most saturated channels.",
    points=3,
)
