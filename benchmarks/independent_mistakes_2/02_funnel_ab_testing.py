"""Wrong answers written independently from the trainee release of 02_funnel_ab_testing."""
LESSON = "03_channels/02_funnel_ab_testing"
MISTAKES = {
    "funnel_rates": [
        ("plain mean of the channels' step rates per device instead of pooling the counts first", '''def funnel_rates(funnel):
    f = funnel.copy()
    for prev, cur in zip(STAGES[:-1], STAGES[1:]):
        f[cur + "_rate"] = f[cur] / f[prev]
    out = f.groupby("device")[[s + "_rate" for s in STAGES[1:]]].mean()
    out.columns = STAGES[1:]
    return out


rates = funnel_rates(funnel)
rates.round(3)'''),
        ('each stage over the users exposed (cumulative conversion) instead of over the stage just before', '''def funnel_rates(funnel):
    g = funnel.groupby("device")[STAGES].sum().astype(float)
    return g[STAGES[1:]].div(g["exposed"], axis=0)


rates = funnel_rates(funnel)
rates.round(3)'''),
    ],
    "biggest_dropoff": [
        ('searches every step including the click-through rate (clicked), not from registered on', '''def biggest_dropoff(rates):
    r = rates.astype(float)
    stage = r.idxmin(axis=1)
    return pd.DataFrame({"stage": stage, "rate": [r.loc[d, s] for d, s in stage.items()],
                         "best_rate": [r[s].max() for s in stage]}, index=r.index)


if ready("funnel_rates", "rates", what="The table dropoff"):
    dropoff = biggest_dropoff(rates)
    display(dropoff.round(3))'''),
        ("reads 'from registered on' as after registration: searches activated..repurchased only, leaving registered out", '''def biggest_dropoff(rates):
    r = rates[STAGES[3:]].astype(float)
    stage = r.idxmin(axis=1)
    return pd.DataFrame({"stage": stage, "rate": [r.loc[d, s] for d, s in stage.items()],
                         "best_rate": [r[s].max() for s in stage]}, index=r.index)


if ready("funnel_rates", "rates", what="The table dropoff"):
    dropoff = biggest_dropoff(rates)
    display(dropoff.round(3))'''),
    ],
    "ab_ztest": [
        ('z with the unpooled standard error (each arm its own variance) instead of the pooled one', '''def ab_ztest(conv_a, n_a, conv_b, n_b):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = (p_b - p_a) / se
    p = 2 * norm.sf(abs(z))
    return {"p_a": float(p_a), "p_b": float(p_b), "diff": float(p_b - p_a), "z": float(z), "p_value": float(p)}


print(t1.assign(rate=t1["conversions"] / t1["users"]).round(4))
t1_test = ab_ztest(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                   int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_test'''),
        ("one-sided p-value (alternative='larger', B better than A) instead of two-sided", '''def ab_ztest(conv_a, n_a, conv_b, n_b):
    z, p = proportions_ztest([conv_b, conv_a], [n_b, n_a], alternative="larger")
    p_a, p_b = conv_a / n_a, conv_b / n_b
    return {"p_a": float(p_a), "p_b": float(p_b), "diff": float(p_b - p_a), "z": float(z), "p_value": float(p)}


print(t1.assign(rate=t1["conversions"] / t1["users"]).round(4))
t1_test = ab_ztest(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                   int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_test'''),
    ],
    "diff_ci": [
        ("interval with the pooled standard error (the test's) instead of the unpooled Wald one", '''def diff_ci(conv_a, n_a, conv_b, n_b, alpha=0.05):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    p = (conv_a + conv_b) / (n_a + n_b)
    se = np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    z = norm.ppf(1 - alpha / 2)
    d = p_b - p_a
    return (float(d - z * se), float(d + z * se))


t1_ci = diff_ci(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_ci'''),
        ('one-sided critical value z_(1-alpha) (1.645 for a 95% interval) instead of z_(1-alpha/2)', '''def diff_ci(conv_a, n_a, conv_b, n_b, alpha=0.05):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = norm.ppf(1 - alpha)
    d = p_b - p_a
    return (float(d - z * se), float(d + z * se))


t1_ci = diff_ci(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_ci'''),
    ],
    "sample_size": [
        ("Cohen's h formula n = 2[(z_(1-a/2) + z_(1-b)) / h]^2 instead of Fleiss' formula", '''def sample_size(p1, p2, alpha=0.05, power=0.8):
    h = 2 * np.arcsin(np.sqrt(p2)) - 2 * np.arcsin(np.sqrt(p1))
    n = 2 * ((norm.ppf(1 - alpha / 2) + norm.ppf(power)) / h) ** 2
    return int(np.ceil(n))


p1_plan, mde_plan = float(plan.loc["T1", "baseline_rate"]), float(plan.loc["T1", "mde"])
t1_needed = sample_size(p1_plan, p1_plan + mde_plan, float(plan.loc["T1", "alpha"]), float(plan.loc["T1", "power"]))
t1_needed'''),
        ("Fleiss' formula with a one-sided z_(1-alpha) (read from statsmodels' 'onetail' name) instead of z_(1-alpha/2)", '''def sample_size(p1, p2, alpha=0.05, power=0.8):
    za, zb = norm.ppf(1 - alpha), norm.ppf(power)
    pbar = (p1 + p2) / 2
    n = (za * np.sqrt(2 * pbar * (1 - pbar)) + zb * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2
    return int(np.ceil(n))


p1_plan, mde_plan = float(plan.loc["T1", "baseline_rate"]), float(plan.loc["T1", "mde"])
t1_needed = sample_size(p1_plan, p1_plan + mde_plan, float(plan.loc["T1", "alpha"]), float(plan.loc["T1", "power"]))
t1_needed'''),
    ],
    "srm_check": [
        ('chi-square on the CONVERSIONS of each arm against the planned split instead of the users assigned', '''def srm_check(arms, alpha=0.001):
    obs = arms["conversions"].astype(float)
    exp = obs.sum() * arms["planned_share"].astype(float)
    chi2, p = chisquare(obs, exp)
    return {"chi2": float(chi2), "p_value": float(p), "srm": bool(p < alpha)}


t1_srm, t2_srm = srm_check(t1), srm_check(t2)
display(pd.DataFrame({"T1": t1_srm, "T2": t2_srm}).T)'''),
        ("chi-square on the arms' SHARES of users (fractions) against the planned shares instead of on the counts", '''def srm_check(arms, alpha=0.001):
    obs = arms["users"].astype(float) / arms["users"].sum()
    chi2, p = chisquare(obs, arms["planned_share"].astype(float))
    return {"chi2": float(chi2), "p_value": float(p), "srm": bool(p < alpha)}


t1_srm, t2_srm = srm_check(t1), srm_check(t2)
display(pd.DataFrame({"T1": t1_srm, "T2": t2_srm}).T)'''),
    ],
    "rollout_value": [
        ("extra offer cost = (c_B - c_A) on all of B's conversions, users (p_A + d)(c_B - c_A), instead of B's cost on B's minus A's on A's", '''def rollout_value(p_a, diff, users, value, cost_a, cost_b):
    incremental = users * diff * value
    extra_cost = users * (p_a + diff) * (cost_b - cost_a)
    return float(incremental - extra_cost)


ECON = dict(users=float(econ["rollout_users"]), value=float(econ["value_per_conversion"]),
            cost_a=float(econ["offer_cost_a"]), cost_b=float(econ["offer_cost_b"]))
if ready("ab_ztest", "t1_test", what="The decision") and ready("diff_ci", "t1_ci", what="The decision"):
    point = rollout_value(t1_test["p_a"], t1_test["diff"], **ECON)
    prudent = rollout_value(t1_test["p_a"], t1_ci[0], **ECON)
    decision = {"point": point, "prudent": prudent, "roll_out": bool(prudent > 0)}
    display(decision)'''),
        ("offer B's cash back charged only on the incremental conversions (users d c_B), not on every converter", '''def rollout_value(p_a, diff, users, value, cost_a, cost_b):
    incremental = users * diff * value
    extra_cost = users * diff * cost_b
    return float(incremental - extra_cost)


ECON = dict(users=float(econ["rollout_users"]), value=float(econ["value_per_conversion"]),
            cost_a=float(econ["offer_cost_a"]), cost_b=float(econ["offer_cost_b"]))
if ready("ab_ztest", "t1_test", what="The decision") and ready("diff_ci", "t1_ci", what="The decision"):
    point = rollout_value(t1_test["p_a"], t1_test["diff"], **ECON)
    prudent = rollout_value(t1_test["p_a"], t1_ci[0], **ECON)
    decision = {"point": point, "prudent": prudent, "roll_out": bool(prudent > 0)}
    display(decision)'''),
    ],
}
