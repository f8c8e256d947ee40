"""Wrong answers written independently from the trainee release of 04_uplift."""
LESSON = "05_customer_operations/04_uplift"

_ELIG_TAIL = '''

may_offer = eligible(customers, consents, CAMPAIGN_DAY, WINDOW_END, LEVEL)
print(f"{int(may_offer.sum()):,} of {len(customers):,} customers may be offered the fund")
'''
_AVG_TAIL = '''

test_uplift = average_uplift(campaign, CONTROL_SHARE)
{k: round(v, 4) for k, v in test_uplift.items()}
'''
_SEG_TAIL = '''

by_segment = uplift_by_segment(campaign, "segment")
by_segment.round(4)
'''
_TWO_TAIL = '''

u_two = two_model_uplift(X, y, t)
pd.Series(u_two).describe()
'''
_CT_TAIL = '''

u_ct = class_transformation_uplift(X, y, t)
pd.Series(u_ct).describe()
'''
_QINI_TAIL = '''

scores = {"response model": p_sent}
if ready("two_model_uplift", "u_two", what="Its Qini area"):
    scores["two-model"] = u_two
if ready("class_transformation_uplift", "u_ct", what="Its Qini area"):
    scores["class transformation"] = u_ct
if ready("uplift_by_segment", "by_segment", what="Its Qini area"):
    scores["segment uplift"] = campaign["segment"].map(by_segment["uplift"]).to_numpy(float)
qini = {name: qini_area(y, t, score) for name, score in scores.items()}
{k: round(v, 5) for k, v in qini.items()}
'''
_PLAN_TAIL = '''

if ready("two_model_uplift", "u_two", what="The roll-out plan"):
    plan = rollout_plan(u_two, p_sent, value, REBATE, SMS_COST)
    print(plan["n_target"], round(plan["total"], 2))
'''

MISTAKES = {
    "eligible": [
        ("checks the assessment's validity on the campaign day (the day the SMS goes out), not on the window's last day", '''def eligible(customers, consents, campaign_day, window_end, product_level, line_flag="has_fund", channel="sms",
             validity_days=365):
    day = pd.Timestamp(campaign_day)

    def valid(ch, purpose):
        k = consents[(consents["channel"] == ch) & (consents["purpose"] == purpose)]
        ok = (k["granted_on"] <= day) & (k["withdrawn_on"].isna() | (k["withdrawn_on"] > day))
        return set(k.loc[ok, "customer_id"].astype(str))

    ids = customers["customer_id"].astype(str)
    level = customers["risk_tolerance"].str[1:].astype(int)
    age = (day - pd.to_datetime(customers["risk_assessed_on"])).dt.days
    ok = ((customers["dormant"] == 0) & (customers[line_flag] == 0) & (level >= product_level)
          & (age <= validity_days) & ids.isin(valid(channel, "marketing")) & ids.isin(valid("all", "personalised")))
    return pd.Series(ok.to_numpy(bool), index=ids.to_numpy())
''' + _ELIG_TAIL),
        ("keeps a consent valid on the day it was withdrawn (withdrawn_on >= campaign day counts as still in force)", '''def eligible(customers, consents, campaign_day, window_end, product_level, line_flag="has_fund", channel="sms",
             validity_days=365):
    day, end = pd.Timestamp(campaign_day), pd.Timestamp(window_end)

    def valid(ch, purpose):
        k = consents[(consents["channel"] == ch) & (consents["purpose"] == purpose)]
        ok = (k["granted_on"] <= day) & (k["withdrawn_on"].isna() | (k["withdrawn_on"] >= day))
        return set(k.loc[ok, "customer_id"].astype(str))

    ids = customers["customer_id"].astype(str)
    level = customers["risk_tolerance"].str[1:].astype(int)
    age = (end - pd.to_datetime(customers["risk_assessed_on"])).dt.days
    ok = ((customers["dormant"] == 0) & (customers[line_flag] == 0) & (level >= product_level)
          & (age <= validity_days) & ids.isin(valid(channel, "marketing")) & ids.isin(valid("all", "personalised")))
    return pd.Series(ok.to_numpy(bool), index=ids.to_numpy())
''' + _ELIG_TAIL),
        ("reads 'at most 365 days' as strictly fewer than 365 days (an assessment exactly 365 days old at the window's end is dropped)", '''def eligible(customers, consents, campaign_day, window_end, product_level, line_flag="has_fund", channel="sms",
             validity_days=365):
    day, end = pd.Timestamp(campaign_day), pd.Timestamp(window_end)
    cons = consents.copy()
    cons["ok"] = (cons["granted_on"] <= day) & (cons["withdrawn_on"].isna() | (cons["withdrawn_on"] > day))
    mk = cons[(cons["channel"] == channel) & (cons["purpose"] == "marketing")].groupby("customer_id")["ok"].any()
    pz = cons[(cons["channel"] == "all") & (cons["purpose"] == "personalised")].groupby("customer_id")["ok"].any()
    c = customers.set_index("customer_id")
    level = c["risk_tolerance"].str.replace("C", "").astype(int)
    fresh = (end - c["risk_assessed_on"]).dt.days < validity_days
    ok = ((c["dormant"] == 0) & (c[line_flag] == 0) & (level >= product_level) & fresh
          & mk.reindex(c.index, fill_value=False).astype(bool) & pz.reindex(c.index, fill_value=False).astype(bool))
    return ok.astype(bool)
''' + _ELIG_TAIL),
    ],
    "average_uplift": [
        ("uses pandas' .var() (ddof=1, the sample variance) for the arms' variances in the standard error", '''def average_uplift(campaign, control_share=0.5):
    g1 = campaign.loc[campaign["treated"] == 1, "converted"]
    g0 = campaign.loc[campaign["treated"] == 0, "converted"]
    n1, n0 = len(g1), len(g0)
    p1, p0 = g1.mean(), g0.mean()
    se = np.sqrt(g1.var() / n1 + g0.var() / n0)
    n = n1 + n0
    srm_p = stats.chisquare([n1, n0], [n * (1 - control_share), n * control_share]).pvalue
    u = p1 - p0
    return {"n_treated": n1, "n_control": n0, "srm_p": float(srm_p), "rate_treated": float(p1),
            "rate_control": float(p0), "uplift": float(u), "se": float(se),
            "lower": float(u - 1.959964 * se), "upper": float(u + 1.959964 * se)}
''' + _AVG_TAIL),
        ("computes the chi-square p-value of the treated-by-converted table (is conversion independent of the arm?) instead of the counts against the planned split", '''def average_uplift(campaign, control_share=0.5):
    n1 = int((campaign["treated"] == 1).sum())
    n0 = int((campaign["treated"] == 0).sum())
    p1 = campaign.loc[campaign["treated"] == 1, "converted"].mean()
    p0 = campaign.loc[campaign["treated"] == 0, "converted"].mean()
    srm_p = stats.chi2_contingency(pd.crosstab(campaign["treated"], campaign["converted"]))[1]
    u = p1 - p0
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return {"n_treated": n1, "n_control": n0, "srm_p": float(srm_p), "rate_treated": float(p1),
            "rate_control": float(p0), "uplift": float(u), "se": float(se),
            "lower": float(u - 1.959964 * se), "upper": float(u + 1.959964 * se)}
''' + _AVG_TAIL),
        ("puts the control share on the treated count in the expected split (f_exp in the wrong order; invisible at 50/50)", '''def average_uplift(campaign, control_share=0.5):
    n1 = int((campaign["treated"] == 1).sum())
    n0 = int((campaign["treated"] == 0).sum())
    n = n1 + n0
    srm_p = stats.chisquare([n1, n0], f_exp=[n * control_share, n * (1 - control_share)]).pvalue
    p1 = campaign.loc[campaign["treated"] == 1, "converted"].mean()
    p0 = campaign.loc[campaign["treated"] == 0, "converted"].mean()
    u = p1 - p0
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return {"n_treated": n1, "n_control": n0, "srm_p": float(srm_p), "rate_treated": float(p1),
            "rate_control": float(p0), "uplift": float(u), "se": float(se),
            "lower": float(u - 1.959964 * se), "upper": float(u + 1.959964 * se)}
''' + _AVG_TAIL),
    ],
    "uplift_by_segment": [
        ("takes each segment's treated rate but the whole test's control rate as the baseline", '''def uplift_by_segment(campaign, by="segment"):
    p0_all = campaign.loc[campaign["treated"] == 0, "converted"].mean()
    rows = {}
    for g, d in campaign.groupby(by):
        n1 = int((d["treated"] == 1).sum())
        n0 = int((d["treated"] == 0).sum())
        p1 = d.loc[d["treated"] == 1, "converted"].mean()
        p0 = p0_all
        se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
        rows[g] = {"n_treated": n1, "n_control": n0, "rate_treated": p1, "rate_control": p0, "uplift": p1 - p0,
                   "se": se, "lower": p1 - p0 - 1.959964 * se, "upper": p1 - p0 + 1.959964 * se}
    return pd.DataFrame(rows).T.sort_index()
''' + _SEG_TAIL),
        ("unstacks the arm and takes the first column as the treated one (columns are sorted 0, 1: the arms are swapped)", '''def uplift_by_segment(campaign, by="segment"):
    rate = campaign.groupby([by, "treated"])["converted"].mean().unstack()
    size = campaign.groupby([by, "treated"])["converted"].size().unstack()
    out = pd.DataFrame({"n_treated": size.iloc[:, 0], "n_control": size.iloc[:, 1],
                        "rate_treated": rate.iloc[:, 0], "rate_control": rate.iloc[:, 1]})
    out["uplift"] = out["rate_treated"] - out["rate_control"]
    out["se"] = np.sqrt(out["rate_treated"] * (1 - out["rate_treated"]) / out["n_treated"]
                        + out["rate_control"] * (1 - out["rate_control"]) / out["n_control"])
    out["lower"] = out["uplift"] - 1.959964 * out["se"]
    out["upper"] = out["uplift"] + 1.959964 * out["se"]
    return out.sort_index()
''' + _SEG_TAIL),
        ("uses the pooled standard error (one conversion rate for both arms of the segment) instead of the unpooled one", '''def uplift_by_segment(campaign, by="segment"):
    rows = []
    for g, d in campaign.groupby(by, sort=True):
        t1, t0 = d[d["treated"] == 1], d[d["treated"] == 0]
        n1, n0 = len(t1), len(t0)
        p1, p0 = t1["converted"].mean(), t0["converted"].mean()
        p = d["converted"].mean()
        se = np.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
        u = p1 - p0
        rows.append({by: g, "n_treated": n1, "n_control": n0, "rate_treated": p1, "rate_control": p0,
                     "uplift": u, "se": se, "lower": u - 1.959964 * se, "upper": u + 1.959964 * se})
    return pd.DataFrame(rows).set_index(by)
''' + _SEG_TAIL),
    ],
    "two_model_uplift": [
        ("subtracts predict() labels (0/1) rather than predict_proba probabilities", '''def two_model_uplift(X, y, treated, X_score=None):
    X_score = X if X_score is None else X_score
    tr = np.asarray(treated) == 1
    y = np.asarray(y)
    m1 = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X[tr], y[tr])
    m0 = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X[~tr], y[~tr])
    return (m1.predict(X_score) - m0.predict(X_score)).astype(float)
''' + _TWO_TAIL),
        ("leaves out the StandardScaler (plain LogisticRegression(max_iter=1000) on raw features)", '''def two_model_uplift(X, y, treated, X_score=None):
    if X_score is None:
        X_score = X
    tr = np.asarray(treated) == 1
    y = np.asarray(y)
    m1 = LogisticRegression(max_iter=1000).fit(X[tr], y[tr])
    m0 = LogisticRegression(max_iter=1000).fit(X[~tr], y[~tr])
    return m1.predict_proba(X_score)[:, 1] - m0.predict_proba(X_score)[:, 1]
''' + _TWO_TAIL),
        ("fits ONE model on everyone with the treatment flag as a feature, and scores each customer with the flag set to 1 and to 0 (an S-learner, not the two-model method)", '''def two_model_uplift(X, y, treated, X_score=None):
    X_score = X if X_score is None else X_score
    Xt = X.assign(treated=np.asarray(treated, dtype=float))
    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(Xt, np.asarray(y))
    p1 = m.predict_proba(X_score.assign(treated=1.0))[:, 1]
    p0 = m.predict_proba(X_score.assign(treated=0.0))[:, 1]
    return p1 - p0
''' + _TWO_TAIL),
    ],
    "class_transformation_uplift": [
        ("labels Z = 1 for the treated buyers only (forgets the control non-buyers)", '''def class_transformation_uplift(X, y, treated, X_score=None):
    X_score = X if X_score is None else X_score
    z = ((np.asarray(y) == 1) & (np.asarray(treated) == 1)).astype(int)
    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, z)
    return 2 * m.predict_proba(X_score)[:, 1] - 1
''' + _CT_TAIL),
        ("takes predict_proba(...)[:, 0], the probability of Z = 0, as P(Z = 1)", '''def class_transformation_uplift(X, y, treated, X_score=None):
    if X_score is None:
        X_score = X
    y, treated = np.asarray(y), np.asarray(treated)
    z = np.where(treated == 1, y, 1 - y)
    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, z)
    return 2 * m.predict_proba(X_score)[:, 0] - 1
''' + _CT_TAIL),
        ("returns P(Z = 1) - 1/2 (centres the probability but forgets the factor 2)", '''def class_transformation_uplift(X, y, treated, X_score=None):
    X_score = X if X_score is None else X_score
    z = (np.asarray(y) == np.asarray(treated)).astype(int)
    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, z)
    return m.predict_proba(X_score)[:, 1] - 0.5
''' + _CT_TAIL),
    ],
    "qini_area": [
        ("one point per customer (ties split in the stable order) instead of one point per tied group", '''def qini_area(y, treated, score):
    y, t, s = np.asarray(y, float), np.asarray(treated, float), np.asarray(score, float)
    n = len(y)
    o = np.argsort(-s, kind="stable")
    yt, yc, nt = np.cumsum(y[o] * t[o]), np.cumsum(y[o] * (1 - t[o])), np.cumsum(t[o])
    nc = np.arange(1, n + 1) - nt
    q = np.where(nc > 0, yt - yc * nt / np.maximum(nc, 1), yt)
    x = np.r_[0, np.arange(1, n + 1)] / n
    q = np.r_[0, q] / n
    return float(np.trapezoid(q - x * q[-1], x))
''' + _QINI_TAIL),
        ("scales the control buyers by the WHOLE test's treated/control ratio instead of the ratio among the top k", '''def qini_area(y, treated, score):
    y, t, s = np.asarray(y, float), np.asarray(treated, float), np.asarray(score, float)
    n = len(y)
    ratio = t.sum() / (1 - t).sum()
    o = np.argsort(-s, kind="stable")
    ys, ts, ss = y[o], t[o], s[o]
    yt, yc = np.cumsum(ys * ts), np.cumsum(ys * (1 - ts))
    last = np.r_[ss[1:] != ss[:-1], True]  # the last customer of each tied group
    k = np.arange(1, n + 1)[last]
    q = (yt - yc * ratio)[last]
    x = np.r_[0, k] / n
    q = np.r_[0, q] / n
    return float(np.trapezoid(q - x * q[-1], x))
''' + _QINI_TAIL),
        ("divides by zero while no control customer is in the top k and sets those points to 0 (nan_to_num) instead of Q = Y_T(k)", '''def qini_area(y, treated, score):
    y, t, s = np.asarray(y, float), np.asarray(treated, float), np.asarray(score, float)
    n = len(y)
    o = np.argsort(-s, kind="stable")
    ys, ts, ss = y[o], t[o], s[o]
    yt, yc, nt = np.cumsum(ys * ts), np.cumsum(ys * (1 - ts)), np.cumsum(ts)
    nc = np.arange(1, n + 1) - nt
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.nan_to_num(yt - yc * nt / nc, nan=0.0, posinf=0.0, neginf=0.0)
        q = np.where(nc == 0, 0.0, q)
    last = np.r_[ss[1:] != ss[:-1], True]
    x = np.r_[0, np.arange(1, n + 1)[last]] / n
    q = np.r_[0, q[last]] / n
    return float(np.trapezoid(q - x * q[-1], x))
''' + _QINI_TAIL),
    ],
    "rollout_plan": [
        ("charges the rebate only on the incremental buyers (uplift x rebate), forgetting that the sure things are paid it too", '''def rollout_plan(uplift, p_sent, value, rebate, sms_cost):
    u, v = np.asarray(uplift, float), np.asarray(value, float)
    profit = u * v - u * rebate - sms_cost
    target = profit > 0
    return {"profit": profit, "target": target, "n_target": int(target.sum()), "total": float(profit[target].sum())}
''' + _PLAN_TAIL),
        ("reports as total the profit of sending the SMS to everyone (sums all customers' profits)", '''def rollout_plan(uplift, p_sent, value, rebate, sms_cost):
    profit = np.asarray(uplift, float) * np.asarray(value, float) - np.asarray(p_sent, float) * rebate - sms_cost
    target = profit > 0
    return {"profit": profit, "target": target, "n_target": int(target.sum()), "total": float(profit.sum())}
''' + _PLAN_TAIL),
        ("targets every customer whose expected profit is not negative (>= 0)", '''def rollout_plan(uplift, p_sent, value, rebate, sms_cost):
    profit = np.asarray(uplift) * np.asarray(value) - np.asarray(p_sent) * rebate - sms_cost
    target = profit >= 0
    return {"profit": profit, "target": target, "n_target": int(target.sum()), "total": float(profit[target].sum())}
''' + _PLAN_TAIL),
    ],
}
