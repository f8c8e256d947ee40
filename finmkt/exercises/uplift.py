"""Exercises of lesson 05_customer_operations/04_uplift: Cross-sell by uplift (交叉销售与增益模型).

The notebook is ``solutions/05_customer_operations/04_uplift.ipynb``; its data family is
``finmkt/data/crosssell.py`` and its reference methods ``finmkt/methods/uplift.py``.

The exercises, each with the decision it supports:

1. ``eligible``: who may be offered the fund (active, no fund, SMS and personalised-marketing
   consents on the day, risk level >= R2 with an assessment valid to the window's end).
   Decision: the whole rule is a condition of the list, checked on the day the SMS goes out.
2. ``average_uplift``: the randomisation check and the test's average uplift with its 95%
   interval, read as a campaign. Decision: judge the SMS by its uplift, not the response rate.
3. ``uplift_by_segment``: uplift by segment. Decision: no fund SMS to a segment whose whole
   interval is below zero (the retirees' sleeping dogs).
4. ``two_model_uplift``: a logistic regression per arm. Decision: with exercises 5-7.
5. ``class_transformation_uplift``: Z = treated buyer or control non-buyer, the arms weighted
   equally (the split is not exactly 50/50), 2 P(Z = 1) - 1.
6. ``qini_area``: the Qini curve (ties together) and the area under it (axes / n). Decision: a
   model replaces the segment table only if its area on customers it did not see (cross-fitted,
   repeated splits) is larger in most splits.
7. ``rollout_plan``: expected profit per customer = uplift x value - P(buy | sent) x reward - SMS
   cost. Decision: the roll-out plan is the one that earns most on held-out customers (here the
   segment plan), with exercise 3's excluded segment never sent the SMS.
"""

from finmkt.exercises import exercise

LESSON = "05_customer_operations/04_uplift"

exercise(
    "eligible", LESSON, "Who may be offered the fund (可营销客户)",
    hints=[
        "Six conditions, all needed: dormant 0; line_flag 0; a marketing consent for the channel; the personalised "
        "consent (channel 'all', purpose 'personalised'); risk level >= product_level; an assessment still valid.",
        "A consent is valid on the day when granted_on <= day and withdrawn_on is empty or after the day. Build the set "
        "of customer_ids with a valid record for each (channel, purpose), then isin().",
        "The level is the digit of risk_tolerance ('C3' -> 3). The assessment must still be valid on the LAST day of "
        "the window: (window_end - risk_assessed_on) in days <= validity_days. Return pd.Series(ok, index=customer_id).",
    ],
    mistake="Checking the SMS marketing consent but not the separate consent to personalised marketing (PI-02): the "
            "list, chosen by a model on account data, includes customers who withdrew it.",
    points=2,
)

exercise(
    "average_uplift", LESSON, "The test's average uplift (平均增益) and the randomisation check",
    hints=[
        "Split the customers by treated (1/0): n1, n0 and each arm's conversion rate p1, p0.",
        "uplift = p1 - p0: the control group shows how many would have bought anyway. SE = sqrt(p1(1-p1)/n1 + "
        "p0(1-p0)/n0); lower/upper = uplift -/+ 1.959964 SE.",
        "srm_p = scipy.stats.chisquare([n1, n0], f_exp=[n (1 - control_share), n control_share]).pvalue. Return the nine "
        "values in a dict of plain floats and ints.",
    ],
    mistake="Reporting the treated customers' purchase rate as the SMS's effect (no control rate subtracted): the sure "
            "things count as the SMS's success.",
    points=2,
)

exercise(
    "uplift_by_segment", LESSON, "Uplift by segment and the sleeping dogs (反感客户)",
    hints=[
        "Exercise 2's computation, group by group: within each segment, the treated customers' rate and the control "
        "customers' rate.",
        "groupby(segment) of treated, of (1 - treated), of converted x treated and of converted x (1 - treated) gives "
        "n1, n0, y1, y0 per segment; p1 = y1 / n1 and p0 = y0 / n0 OF THAT SEGMENT.",
        "Return a DataFrame indexed by the segments (sorted) with n_treated, n_control, rate_treated, rate_control, "
        "uplift, se, lower, upper.",
    ],
    mistake="Comparing each segment's treated rate with the whole test's control rate: the retirees, who buy more "
            "without the SMS than the others, look persuadable.",
    points=2,
)

exercise(
    "two_model_uplift", LESSON, "Two-model uplift (双模型)",
    hints=[
        "Two classifiers, each make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)): one fitted on the "
        "treated rows (X[treated == 1], y[treated == 1]), one on the control rows.",
        "The uplift of a customer is the treated model's predict_proba(...)[:, 1] MINUS the control model's, both on "
        "X_score (X when X_score is None).",
        "Convert first: X = np.asarray(X, dtype=float), treated as a boolean array, so that X[treated] works for a "
        "DataFrame and an array alike.",
    ],
    mistake="Returning the treated model's probability alone: that is the response model, which ranks the sure things "
            "first.",
    points=2,
)

exercise(
    "class_transformation_uplift", LESSON, "Class-transformation uplift (类别转换)",
    hints=[
        "The new label: Z = 1 for a treated customer who bought AND for a control customer who did not buy; Z = 0 for "
        "the others.",
        "Z = y * t + (1 - y) * (1 - t). Fit ONE make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) of Z "
        "on all rows, with the arm weights of the next hint.",
        "The split is not exactly 50/50: weight the arms equally, e = treated.mean(), w = 0.5 / e for the treated rows "
        "and 0.5 / (1 - e) for the control rows, passed as fit(X, Z, logisticregression__sample_weight=w). Then uplift "
        "= 2 * predict_proba(X_score)[:, 1] - 1, X_score = X when None.",
    ],
    mistake="Labelling only the treated buyers Z = 1 (forgetting the control non-buyers): the score is no longer an "
            "uplift and averages near -1.",
    points=2,
)

exercise(
    "qini_area", LESSON, "The Qini curve and the area under it (Qini 曲线下面积)",
    hints=[
        "Sort by score descending with a stable sort (np.argsort(-score, kind='mergesort')); cumulative sums of "
        "treated, treated buyers and control buyers give N_T(k), Y_T(k), Y_C(k) at every k.",
        "Keep one point per group of tied scores: the positions where the next score differs, and the last one. "
        "Q(k) = Y_T - Y_C x N_T / N_C (Y_T while N_C = 0); add the point (0, 0).",
        "Divide k and Q by n; subtract the random line x * Q(n) / n; integrate the difference with trapezoids "
        "(sum of dx x (f_left + f_right) / 2).",
    ],
    mistake="Taking a point after every customer, splitting groups of tied scores: the area then depends on the order "
            "of the customers within a tie.",
    points=2,
)

exercise(
    "rollout_plan", LESSON, "The roll-out plan (推广方案): who gets the SMS, and how many",
    hints=[
        "Each customer's expected profit: what the SMS adds (uplift x value of a purchase) minus what it costs.",
        "The costs: the SMS (every customer sent it) and the first-purchase reward (the argument rebate), paid to every "
        "customer sent the offer who buys, p_sent x rebate, whether or not the SMS made the sale.",
        "profit = uplift * value - p_sent * rebate - sms_cost; target = profit > 0; return {'profit': profit, 'target': "
        "target, 'n_target': int(target.sum()), 'total': float(profit[target].sum())}.",
    ],
    mistake="Leaving out the rebate paid to the offered buyers: the sure things look free, and the plan sends the SMS "
            "to customers who cost more than they bring.",
    points=2,
)
