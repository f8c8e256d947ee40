"""Typical mistakes of lesson 03_channels/02_funnel_ab_testing (see the exercise registry)."""

LESSON = "03_channels/02_funnel_ab_testing"

MISTAKES = {
    # cumulative conversion from exposure instead of the previous stage
    "funnel_rates": [("out[later] = g[later] / g[earlier]", 'out[later] = g[later] / g["exposed"]')],
    # the click-through rate (a media metric) kept among the stages
    "biggest_dropoff": [("steps = rates[STAGES[2:]].astype(float)", "steps = rates[STAGES[1:]].astype(float)")],
    # one-sided p-value
    "ab_ztest": [('alternative="two-sided"', 'alternative="larger"')],
    # pooled standard error in the interval
    "diff_ci": [("se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)",
                 "se = np.sqrt((conv_a + conv_b) / (n_a + n_b) * (1 - (conv_a + conv_b) / (n_a + n_b)) * (1 / n_a + 1 / n_b))")],
    # Cohen's h instead of Fleiss
    "sample_size": [("n = (z_a * np.sqrt(2 * pbar * (1 - pbar)) + z_b * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 "
                     "/ (p1 - p2) ** 2",
                     "n = 2 * ((z_a + z_b) / (2 * np.arcsin(np.sqrt(p2)) - 2 * np.arcsin(np.sqrt(p1)))) ** 2")],
    # the chi-square on the conversions instead of the assignments
    "srm_check": [('observed = arms["users"].to_numpy(float)', 'observed = arms["conversions"].to_numpy(float)')],
    # offer B's cost only on the incremental conversions
    "rollout_value": [("extra_cost = users * ((p_a + diff) * cost_b - p_a * cost_a)",
                       "extra_cost = users * diff * cost_b")],
}
