"""Wrong answers written independently from the trainee release of 03_channels/02_funnel_ab_testing."""
LESSON = "03_channels/02_funnel_ab_testing"
MISTAKES = {
    "funnel_rates": [
        ("averages the channels' step rates per device instead of pooling the counts first", '''def funnel_rates(funnel):
    # Stuck? Run hint("funnel_rates") in a new cell.
    # Write the body: return the step rates by device (index device, one column per stage reached).
    # YOUR CODE HERE
    f = funnel.copy()
    steps = ["exposed", "clicked", "registered", "activated", "first_purchase", "repurchased"]
    for prev, cur in zip(steps[:-1], steps[1:]):
        f["r_" + cur] = f[cur] / f[prev]
    out = f.groupby("device")[["r_" + s for s in steps[1:]]].mean()
    out.columns = steps[1:]
    return out


rates = funnel_rates(funnel)
rates.round(3)'''),
        ("divides every stage by the users exposed (cumulative conversion) instead of the stage before", '''def funnel_rates(funnel):
    # Stuck? Run hint("funnel_rates") in a new cell.
    # Write the body: return the step rates by device (index device, one column per stage reached).
    # YOUR CODE HERE
    g = funnel.groupby("device")[["exposed", "clicked", "registered", "activated", "first_purchase",
                                  "repurchased"]].sum().astype(float)
    out = g[["clicked", "registered", "activated", "first_purchase", "repurchased"]].div(g["exposed"], axis=0)
    return out


rates = funnel_rates(funnel)
rates.round(3)'''),
    ],
    "biggest_dropoff": [
        ("best_rate = the device's own best step rate, not the best device's rate at that stage", '''def biggest_dropoff(rates):
    # Stuck? Run hint("biggest_dropoff") in a new cell.
    # Write the body: return a DataFrame indexed by device with the columns stage, rate and best_rate.
    # YOUR CODE HERE
    after = rates[["registered", "activated", "first_purchase", "repurchased"]].astype(float)
    stage = after.idxmin(axis=1)
    out = pd.DataFrame({"stage": stage,
                        "rate": [after.loc[d, s] for d, s in stage.items()],
                        "best_rate": after.max(axis=1)}, index=after.index)
    return out


if ready("funnel_rates", "rates", what="The table dropoff"):
    dropoff = biggest_dropoff(rates)
    display(dropoff.round(3))'''),
        ("looks for the lowest step over every step, the click-through rate included", '''def biggest_dropoff(rates):
    # Stuck? Run hint("biggest_dropoff") in a new cell.
    # Write the body: return a DataFrame indexed by device with the columns stage, rate and best_rate.
    # YOUR CODE HERE
    r = rates.astype(float)
    stage = r.idxmin(axis=1)
    out = pd.DataFrame({"stage": stage,
                        "rate": [r.loc[d, s] for d, s in stage.items()],
                        "best_rate": [r[s].max() for s in stage]}, index=r.index)
    return out


if ready("funnel_rates", "rates", what="The table dropoff"):
    dropoff = biggest_dropoff(rates)
    display(dropoff.round(3))'''),
    ],
    "ab_ztest": [
        ("one-sided p-value (alternative 'larger', B better than A) instead of two-sided", '''def ab_ztest(conv_a, n_a, conv_b, n_b):
    # Stuck? Run hint("ab_ztest") in a new cell.
    # Write the body: return {"p_a": ..., "p_b": ..., "diff": ..., "z": ..., "p_value": ...}.
    # YOUR CODE HERE
    z, p = proportions_ztest([conv_b, conv_a], [n_b, n_a], alternative="larger")
    p_a, p_b = conv_a / n_a, conv_b / n_b
    return {"p_a": float(p_a), "p_b": float(p_b), "diff": float(p_b - p_a), "z": float(z), "p_value": float(p)}


print(t1.assign(rate=t1["conversions"] / t1["users"]).round(4))
t1_test = ab_ztest(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                   int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_test'''),
        ("z computed with the unpooled standard error (each arm its own variance) instead of the pooled one", '''def ab_ztest(conv_a, n_a, conv_b, n_b):
    # Stuck? Run hint("ab_ztest") in a new cell.
    # Write the body: return {"p_a": ..., "p_b": ..., "diff": ..., "z": ..., "p_value": ...}.
    # YOUR CODE HERE
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = (p_b - p_a) / se if se > 0 else 0.0
    p = 2 * (1 - norm.cdf(abs(z)))
    return {"p_a": float(p_a), "p_b": float(p_b), "diff": float(p_b - p_a), "z": float(z), "p_value": float(p)}


print(t1.assign(rate=t1["conversions"] / t1["users"]).round(4))
t1_test = ab_ztest(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                   int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_test'''),
    ],
    "diff_ci": [
        ("interval built with the pooled standard error of the test", '''def diff_ci(conv_a, n_a, conv_b, n_b, alpha=0.05):
    # Stuck? Run hint("diff_ci") in a new cell.
    # Write the body: return (low, high), the interval of p_b - p_a.
    # YOUR CODE HERE
    p_a, p_b = conv_a / n_a, conv_b / n_b
    p = (conv_a + conv_b) / (n_a + n_b)
    se = np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    z = norm.ppf(1 - alpha / 2)
    d = p_b - p_a
    return (float(d - z * se), float(d + z * se))


t1_ci = diff_ci(int(t1.loc["A", "conversions"]), int(t1.loc["A", "users"]),
                int(t1.loc["B", "conversions"]), int(t1.loc["B", "users"]))
t1_ci'''),
        ("uses the one-sided critical value z_(1-alpha) (1.645) instead of z_(1-alpha/2)", '''def diff_ci(conv_a, n_a, conv_b, n_b, alpha=0.05):
    # Stuck? Run hint("diff_ci") in a new cell.
    # Write the body: return (low, high), the interval of p_b - p_a.
    # YOUR CODE HERE
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
        ("Cohen's h formula n = 2 ((z_a + z_b) / h)^2 instead of Fleiss", '''def sample_size(p1, p2, alpha=0.05, power=0.8):
    # Stuck? Run hint("sample_size") in a new cell.
    # Write the body: return the users per arm (an int, rounded up).
    # YOUR CODE HERE
    h = 2 * np.arcsin(np.sqrt(p2)) - 2 * np.arcsin(np.sqrt(p1))
    n = 2 * ((norm.ppf(1 - alpha / 2) + norm.ppf(power)) / h) ** 2
    return int(np.ceil(n))


p1_plan, mde_plan = float(plan.loc["T1", "baseline_rate"]), float(plan.loc["T1", "mde"])
t1_needed = sample_size(p1_plan, p1_plan + mde_plan, float(plan.loc["T1", "alpha"]), float(plan.loc["T1", "power"]))
t1_needed'''),
        ("uses the alternative's sd sqrt(p1q1 + p2q2) under the null too (no pooled p-bar term)", '''def sample_size(p1, p2, alpha=0.05, power=0.8):
    # Stuck? Run hint("sample_size") in a new cell.
    # Write the body: return the users per arm (an int, rounded up).
    # YOUR CODE HERE
    sd = np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    n = ((norm.ppf(1 - alpha / 2) + norm.ppf(power)) * sd) ** 2 / (p1 - p2) ** 2
    return int(np.ceil(n))


p1_plan, mde_plan = float(plan.loc["T1", "baseline_rate"]), float(plan.loc["T1", "mde"])
t1_needed = sample_size(p1_plan, p1_plan + mde_plan, float(plan.loc["T1", "alpha"]), float(plan.loc["T1", "power"]))
t1_needed'''),
    ],
    "srm_check": [
        ("expected counts from an equal split instead of the planned shares", '''def srm_check(arms, alpha=0.001):
    # Stuck? Run hint("srm_check") in a new cell.
    # Write the body: return {"chi2": ..., "p_value": ..., "srm": ...}.
    # YOUR CODE HERE
    obs = arms["users"].to_numpy(float)
    exp = np.full(len(obs), obs.sum() / len(obs))
    chi2, p = chisquare(obs, exp)
    return {"chi2": float(chi2), "p_value": float(p), "srm": bool(p < alpha)}


t1_srm, t2_srm = srm_check(t1), srm_check(t2)
display(pd.DataFrame({"T1": t1_srm, "T2": t2_srm}).T)'''),
        ("runs the chi-square on the conversions of each arm instead of the users assigned", '''def srm_check(arms, alpha=0.001):
    # Stuck? Run hint("srm_check") in a new cell.
    # Write the body: return {"chi2": ..., "p_value": ..., "srm": ...}.
    # YOUR CODE HERE
    obs = arms["conversions"].to_numpy(float)
    exp = obs.sum() * arms["planned_share"].to_numpy(float)
    chi2, p = chisquare(obs, exp)
    return {"chi2": float(chi2), "p_value": float(p), "srm": bool(p < alpha)}


t1_srm, t2_srm = srm_check(t1), srm_check(t2)
display(pd.DataFrame({"T1": t1_srm, "T2": t2_srm}).T)'''),
    ],
    "rollout_value": [
        ("charges offer B's cash back only on the incremental conversions (users x d x c_B)", '''def rollout_value(p_a, diff, users, value, cost_a, cost_b):
    # Stuck? Run hint("rollout_value") in a new cell.
    # Write the body: return the net value (RMB) of rolling offer B out to `users` visitors.
    # YOUR CODE HERE
    return float(users * diff * value - users * diff * cost_b)


ECON = dict(users=float(econ["rollout_users"]), value=float(econ["value_per_conversion"]),
            cost_a=float(econ["offer_cost_a"]), cost_b=float(econ["offer_cost_b"]))
if ready("ab_ztest", "t1_test", what="The decision") and ready("diff_ci", "t1_ci", what="The decision"):
    point = rollout_value(t1_test["p_a"], t1_test["diff"], **ECON)
    prudent = rollout_value(t1_test["p_a"], t1_ci[0], **ECON)
    decision = {"point": point, "prudent": prudent, "roll_out": bool(prudent > 0)}
    display(decision)'''),
        ("extra offer cost = (c_B - c_A) paid on B's conversions, users (p_A + d)(c_B - c_A)", '''def rollout_value(p_a, diff, users, value, cost_a, cost_b):
    # Stuck? Run hint("rollout_value") in a new cell.
    # Write the body: return the net value (RMB) of rolling offer B out to `users` visitors.
    # YOUR CODE HERE
    return float(users * diff * value - users * (p_a + diff) * (cost_b - cost_a))


ECON = dict(users=float(econ["rollout_users"]), value=float(econ["value_per_conversion"]),
            cost_a=float(econ["offer_cost_a"]), cost_b=float(econ["offer_cost_b"]))
if ready("ab_ztest", "t1_test", what="The decision") and ready("diff_ci", "t1_ci", what="The decision"):
    point = rollout_value(t1_test["p_a"], t1_test["diff"], **ECON)
    prudent = rollout_value(t1_test["p_a"], t1_ci[0], **ECON)
    decision = {"point": point, "prudent": prudent, "roll_out": bool(prudent > 0)}
    display(decision)'''),
    ],
}
