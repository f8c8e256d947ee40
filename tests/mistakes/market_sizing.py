"""Typical mistakes of lesson 01_market_analysis/01_market_sizing (see the exercise registry)."""

LESSON = "01_market_analysis/01_market_sizing"

MISTAKES = {
    # per-person penetration applied to adults only
    "tam_top_down": [('city_population = districts["population"].sum()',
                      'city_population = districts["adults"].sum()')],
    # balance averaged over all respondents: zeros included, penetration counted twice
    "tam_bottom_up": [('avg_balance = holders.groupby(keys)["wm_balance"].mean()',
                       'avg_balance = survey.groupby(keys)["wm_balance"].mean()')],
    # the whole survey resampled: the age bands (strata) change size from draw to draw
    "tam_interval": [('boot = survey.groupby("age_band").sample(frac=1, replace=True, random_state=rng)',
                      "boot = survey.sample(frac=1, replace=True, random_state=rng)")],
    # reach through any bank's app or branch, not Minghu Bank's own channels
    "sam": [('reached = (local["uses_minghu_app"] == 1) | (local["visited_minghu_branch_12m"] == 1)',
             'reached = (local["uses_mobile_banking"] == 1) | (local["visited_branch_12m"] == 1)')],
    # the city-wide wallet share of all WM holders, applied to the SAM
    "som": [('market = survey[(survey["holds_wm"] == 1) & survey["district"].isin(licensed) & reached]',
             'market = survey[survey["holds_wm"] == 1]')],
    # ratio upside down: bottom-up / top-down
    "reconcile": [('"ratio": float(tam_td / tam_bu)', '"ratio": float(tam_bu / tam_td)')],
    # drivers ranked by their high value instead of the swing
    "tornado": [('table.sort_values("swing", ascending=False)', 'table.sort_values("high", ascending=False)')],
}
