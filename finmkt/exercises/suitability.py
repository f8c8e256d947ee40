"""Exercises of lesson 04_compliance/02_suitability_audit (适当性管理)."""

from finmkt.exercises import exercise

LESSON = "04_compliance/02_suitability_audit"

exercise(
    "level_at_sale", LESSON, "The customer's level valid at the sale (销售时点的风险承受能力等级)",
    hints=[
        "Two joins: the product's risk level from the shelf (products, R1-R5), and the customer's assessment "
        "that was in force when the sale was made (suitability_assessments). Turn both levels into numbers "
        "(R4 -> 4, C3 -> 3) before comparing: as strings 'R4' > 'C5' is True whatever the digits.",
        "`pd.merge_asof` joins each sale to the latest assessment before it: both tables sorted by time, "
        "`left_on='sold_at'`, `right_on='assessed_at'`, `by='customer_id'`, `direction='backward'`. "
        "`allow_exact_matches=False` keeps only assessments strictly earlier than the sale.",
        "The level to judge a sale by is the one valid THEN, not the customer's level today (customers.csv): "
        "customers are re-assessed, up and down. Put the rows back in the order of `sales` (merge_asof needs "
        "them sorted by time), and leave `above_level` False where no assessment precedes the sale (exercise 2 "
        "deals with those).",
    ],
    mistake="Judging every sale by the customer's latest (current) level instead of the level valid at the sale.",
    points=3,
)

exercise(
    "assessment_status", LESSON, "Assessment before the purchase, and not expired (先评估后销售、评估有效期)",
    hints=[
        "Three outcomes per sale: 'none' (no assessment before the purchase), 'expired' (the latest one before "
        "it is older than the validity), 'valid'.",
        "The age of the assessment at the sale is `sold_at - assessed_at` (a Timedelta). Missing (NaT) or not "
        "positive means there was no assessment before the purchase: a questionnaire filled in after the sale "
        "(补录) does not count, even on the same day.",
        "Compare the age with `pd.Timedelta(days=validity_days)`: more than that is expired. Build the labels "
        "with nested `np.where` (or `np.select`) and return them as a Series with the index of `joined`.",
    ],
    mistake="Counting an expired assessment (more than 365 days before the sale) as valid.",
    points=2,
)

exercise(
    "elderly_high_risk", LESSON, "Customers aged 65+ sold a high-risk product (老年客户高风险产品销售)",
    hints=[
        "The flag needs two things: the customer's age at the SALE and the product's risk level.",
        "customers.csv gives the age at the cut-off (2025-12-31). Age at the sale = that age minus the years "
        "from the sale day to the cut-off (days / 365.25).",
        "Flag where the age at the sale is at least `age` and the product level (R4 -> 4) is at least "
        "`min_level`. It is a flag apart: a suitable sale can still be flagged here.",
    ],
    mistake="Using the customer's age at the cut-off, which flags customers who were under 65 when they bought.",
    points=2,
)

exercise(
    "misale_rates", LESSON, "Mis-sale rates by branch and manager (不适当销售率)",
    hints=[
        "A sale is unsuitable (不适当销售) when the product is above the customer's level at the sale OR when no "
        "valid assessment preceded it (status 'none' or 'expired'): two rules, one flag.",
        "Group by the column named `by` and count the sales and the unsuitable ones (`agg` with 'size' and "
        "'sum').",
        "rate = unsuitable / sales; return a DataFrame indexed by the group with the columns sales, unsuitable "
        "and rate (integers for the counts).",
    ],
    mistake="Counting only the sales above the customer's level and forgetting the ones without a valid assessment.",
    points=2,
)

exercise(
    "funnel_limits", LESSON, "Funnel-plot control limits (漏斗图控制限)",
    hints=[
        "A manager with n sales at the bank's overall rate p would have a Binomial(n, p) number of unsuitable "
        "sales by chance alone. The control limits are the quantiles of that distribution, divided by n.",
        "With coverage `level` (0.998), the lower limit is the (1 - level)/2 quantile and the upper one the "
        "1 - (1 - level)/2 quantile: `scipy.stats.binom.ppf(q, n, p) / n`.",
        "The centre line is the OVERALL rate of all managers together, the same p for everyone: a limit drawn "
        "around a manager's own rate always contains that manager. A manager is above when the rate exceeds "
        "the upper limit for his or her n.",
    ],
    mistake="Drawing each manager's limits around his or her own rate instead of the overall rate, so nobody is "
            "ever outside.",
    points=3,
)

exercise(
    "review_list", LESSON, "The managers to investigate (核查名单)",
    hints=[
        "Keep the managers above the upper limit, with their sales, unsuitable sales and rate.",
        "Expected unsuitable sales at the overall rate = sales x p; the excess (observed - expected) is the "
        "number of unsuitable sales the manager made beyond what chance explains.",
        "Rank by the excess, largest first, not by the rate: a small book with a high rate has few unsuitable "
        "sales beyond chance. Beside it, count the DISTINCT customers with an unsuitable sale of each listed "
        "manager (`nunique`: a customer who bought twice is one customer) and the balance of those sales. The "
        "call-backs themselves (回访) cover every mis-sold customer, in the order of the harm to the customer, "
        "not of the manager.",
    ],
    mistake="Ranking the managers to investigate by the raw rate instead of the excess number of unsuitable sales.",
    points=2,
)

exercise(
    "holm_flags", LESSON, "Holm-adjusted binomial tests (多重检验校正)",
    hints=[
        "For each manager: the one-sided exact binomial test of 'rate above the overall p': p-value = "
        "P(X >= k) for X ~ Binomial(n, p), `scipy.stats.binom.sf(k - 1, n, p)` (or `binomtest(..., "
        "alternative='greater')`).",
        "With a hundred managers, about five are below 0.05 by chance alone. Adjust the p-values for the "
        "number of tests: `statsmodels.stats.multitest.multipletests(pvals, alpha, method='holm')`.",
        "Return p_value, p_holm (the adjusted p-values) and flagged (p_holm below alpha) per manager; the "
        "flagged managers should be the funnel plot's.",
    ],
    mistake="Flagging every manager with an unadjusted p-value below 0.05, so chance alone puts several on the list.",
    points=2,
)
