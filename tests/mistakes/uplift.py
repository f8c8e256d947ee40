"""Typical mistakes of lesson 05_customer_operations/04_uplift (see the exercise registry)."""

LESSON = "05_customer_operations/04_uplift"

MISTAKES = {
    # the personalised-marketing consent (PI-02) not checked
    "eligible": [("& personalised & (level", "& (level")],
    # the treated response rate reported as the SMS's effect
    "average_uplift": [("    uplift = p1 - p0\n", "    uplift = p1\n")],
    # each segment compared with the whole test's control rate
    "uplift_by_segment": [("p0 = (y * (1 - t)).groupby(g).sum() / n0",
                           "p0 = n0 * 0 + (y * (1 - t)).sum() / (1 - t).sum()")],
    # the treated model alone: the response model
    "two_model_uplift": [("return m1.predict_proba(Xs)[:, 1] - m0.predict_proba(Xs)[:, 1]",
                          "return m1.predict_proba(Xs)[:, 1]")],
    # Z = 1 for the treated buyers only
    "class_transformation_uplift": [("z = y * sent + (1 - y) * (1 - sent)", "z = y * sent")],
    # a point after every customer: ties split
    "qini_area": [("last = np.r_[s[1:] != s[:-1], True]", "last = np.ones(len(s), bool)")],
    # the rebate to the offered buyers left out
    "rollout_plan": [("profit = uplift * value - p_sent * rebate - sms_cost", "profit = uplift * value - sms_cost")],
}
