"""Typical mistakes of lesson 01_market_analysis/01_market_sizing (see the exercise registry)."""

LESSON = "01_market_analysis/01_market_sizing"

MISTAKES = {
    # per-person penetration applied to adults only
    "tam_top_down": [('city_population = districts["population"].sum()',
                      'city_population = districts["adults"].sum()')],
    # balance averaged over all respondents: zeros included, penetration counted twice
    "tam_bottom_up": [('avg_balance = holders.groupby(keys)["wm_balance"].mean()',
                       'avg_balance = survey.groupby(keys)["wm_balance"].mean()')],
    # no licence filter: adults of every district
    "sam": [('population[population["district"].isin(licensed)].groupby(keys)',
             "population.groupby(keys)")],
    # the bank's share of all product lines, not of wealth management
    "som": [('wm = latest[latest["product_line"] == "wealth_management"]', "wm = latest")],
    # ratio upside down: bottom-up / top-down
    "reconcile": [('"ratio": float(tam_td / tam_bu)', '"ratio": float(tam_bu / tam_td)')],
    # drivers ranked by their high value instead of the swing
    "tornado": [('table.sort_values("swing", ascending=False)', 'table.sort_values("high", ascending=False)')],
}
