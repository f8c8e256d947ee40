"""Wrong answers written independently from the trainee release of 01_market_sizing."""
LESSON = "01_market_analysis/01_market_sizing"
MISTAKES = {
    'tam_top_down': [
        ("applies the per-person national penetration to the city's adults instead of its all-ages population (wrong base)", '''def tam_top_down(districts, facts):
    # Write the body: return the top-down TAM as a float (RMB of fee income per year).
    # Stuck? Run hint("tam_top_down") in a new cell.
    # YOUR CODE HERE
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    penetration = f["national_wm_investors"] / national_pop
    rev_per_holder = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    city_adults = districts["adults"].sum()
    return float(city_adults * penetration * rev_per_holder)


tam_td = tam_top_down(districts, facts)
print(f"Top-down TAM: {fmt_rmb(tam_td)} of WM fee income a year")'''),
        ('national population = cards in issue x cards per person (multiplies instead of dividing), so the penetration per person is ~3.7x too high', '''def tam_top_down(districts, facts):
    # Write the body: return the top-down TAM as a float (RMB of fee income per year).
    # Stuck? Run hint("tam_top_down") in a new cell.
    # YOUR CODE HERE
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] * f["credit_cards_per_person"]
    penetration = f["national_wm_investors"] / national_pop
    rev_per_holder = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    return float(districts["population"].sum() * penetration * rev_per_holder)


tam_td = tam_top_down(districts, facts)
print(f"Top-down TAM: {fmt_rmb(tam_td)} of WM fee income a year")'''),
    ],
    'tam_bottom_up': [
        ("adults per cell taken as the sum of the survey's design weights in the cell, not the census counts of population", '''def tam_bottom_up(population, survey, fee_rate):
    # Write the body: return the table of segments (adults, penetration, avg_balance, revenue).
    # Stuck? Run hint("tam_bottom_up") in a new cell.
    # YOUR CODE HERE
    g = survey.groupby(["age_band", "income_band"])
    table = pd.DataFrame({
        "adults": g["weight"].sum(),
        "penetration": g["holds_wm"].mean(),
        "avg_balance": survey[survey["holds_wm"] == 1].groupby(["age_band", "income_band"])["wm_balance"].mean(),
    })
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * fee_rate
    return table


bu = tam_bottom_up(population, survey, fee_rate)
tam_bu = float(bu["revenue"].sum())
print(f"Bottom-up TAM: {fmt_rmb(tam_bu)} a year, from {len(bu)} segments")
bu.style.format({"adults": "{:,.0f}", "penetration": "{:.1%}", "avg_balance": fmt_rmb, "revenue": fmt_rmb})'''),
        ("avg_balance is the mean wm_balance over ALL respondents of the cell (non-holders' zeros included), so penetration counts twice", '''def tam_bottom_up(population, survey, fee_rate):
    # Write the body: return the table of segments (adults, penetration, avg_balance, revenue).
    # Stuck? Run hint("tam_bottom_up") in a new cell.
    # YOUR CODE HERE
    adults = population.groupby(["age_band", "income_band"])["adults"].sum()
    g = survey.groupby(["age_band", "income_band"])
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(), "avg_balance": g["wm_balance"].mean()})
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * fee_rate
    return table


bu = tam_bottom_up(population, survey, fee_rate)
tam_bu = float(bu["revenue"].sum())
print(f"Bottom-up TAM: {fmt_rmb(tam_bu)} a year, from {len(bu)} segments")
bu.style.format({"adults": "{:,.0f}", "penetration": "{:.1%}", "avg_balance": fmt_rmb, "revenue": fmt_rmb})'''),
    ],
    'tam_interval': [
        ('resamples the whole survey with replacement (not within age bands): a plain, unstratified bootstrap', '''def tam_interval(population, survey, fee_rate, n_boot=200, seed=2025):
    # Write the body: return {"low": ..., "high": ...}, the 2.5% and 97.5% bootstrap percentiles.
    # Stuck? Run hint("tam_interval") in a new cell.
    # YOUR CODE HERE
    rng = np.random.default_rng(seed)
    tams = []
    for _ in range(n_boot):
        draw = survey.sample(frac=1, replace=True, random_state=rng)
        tams.append(float(tam_bottom_up(population, draw, fee_rate)["revenue"].sum()))
    low, high = np.percentile(tams, [2.5, 97.5])
    return {"low": float(low), "high": float(high)}


require("tam_bottom_up", "tam_bu")  # the interval resamples exercise 2's estimate
tam_ci = tam_interval(population, survey, fee_rate)
print(f"Bottom-up TAM {fmt_rmb(tam_bu)}, 95% bootstrap interval {fmt_rmb(tam_ci['low'])} to {fmt_rmb(tam_ci['high'])}")'''),
        ('reads the 5% and 95% percentiles (a 90% interval) instead of 2.5% and 97.5%', '''def tam_interval(population, survey, fee_rate, n_boot=200, seed=2025):
    # Write the body: return {"low": ..., "high": ...}, the 2.5% and 97.5% bootstrap percentiles.
    # Stuck? Run hint("tam_interval") in a new cell.
    # YOUR CODE HERE
    rng = np.random.default_rng(seed)
    tams = []
    for _ in range(n_boot):
        draw = survey.groupby("age_band").sample(frac=1, replace=True, random_state=rng)
        tams.append(float(tam_bottom_up(population, draw, fee_rate)["revenue"].sum()))
    low, high = np.percentile(tams, [5, 95])
    return {"low": float(low), "high": float(high)}


require("tam_bottom_up", "tam_bu")  # the interval resamples exercise 2's estimate
tam_ci = tam_interval(population, survey, fee_rate)
print(f"Bottom-up TAM {fmt_rmb(tam_bu)}, 95% bootstrap interval {fmt_rmb(tam_ci['low'])} to {fmt_rmb(tam_ci['high'])}")'''),
    ],
    'sam': [
        ("reach measured among the cell's WM holders of the whole city, forgetting to restrict the reach to holders in licensed districts", '''def sam(population, districts, survey, fee_rate):
    # Write the body: return the table of segments with adults, penetration, avg_balance, reach, revenue.
    # Stuck? Run hint("sam") in a new cell.
    # YOUR CODE HERE
    lic = districts.loc[districts["licensed"], "district"]
    keys = ["age_band", "income_band"]
    adults = population[population["district"].isin(lic)].groupby(keys)["adults"].sum()
    g = survey.groupby(keys)
    holders = survey[survey["holds_wm"] == 1].copy()
    holders["reached"] = ((holders["uses_minghu_app"] == 1) | (holders["visited_minghu_branch_12m"] == 1)).astype(float)
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(),
                          "avg_balance": holders.groupby(keys)["wm_balance"].mean(),
                          "reach": holders.groupby(keys)["reached"].mean()})
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * table["reach"] * fee_rate
    return table


sam_cells = sam(population, districts, survey, fee_rate)
sam_total = float(sam_cells["revenue"].sum())
print(f"SAM: {fmt_rmb(sam_total)} a year")'''),
        ("reach = share of ALL respondents in licensed districts (holders and non-holders) reached by Minghu's channels, not the share of holders", '''def sam(population, districts, survey, fee_rate):
    # Write the body: return the table of segments with adults, penetration, avg_balance, reach, revenue.
    # Stuck? Run hint("sam") in a new cell.
    # YOUR CODE HERE
    lic = districts.loc[districts["licensed"], "district"]
    keys = ["age_band", "income_band"]
    adults = population[population["district"].isin(lic)].groupby(keys)["adults"].sum()
    g = survey.groupby(keys)
    holders = survey[survey["holds_wm"] == 1]
    in_lic = survey[survey["district"].isin(lic)].copy()
    in_lic["reached"] = ((in_lic["uses_minghu_app"] == 1) | (in_lic["visited_minghu_branch_12m"] == 1)).astype(float)
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(),
                          "avg_balance": holders.groupby(keys)["wm_balance"].mean(),
                          "reach": in_lic.groupby(keys)["reached"].mean()})
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * table["reach"] * fee_rate
    return table


sam_cells = sam(population, districts, survey, fee_rate)
sam_total = float(sam_cells["revenue"].sum())
print(f"SAM: {fmt_rmb(sam_total)} a year")'''),
    ],
    'som': [
        ('wallet share measured over all WM holders of the city (not only reached holders in licensed districts)', '''def som(sam_value, survey, districts):
    # Write the body: return {"share": ..., "som": ...} (the share measured on the SAM's holders).
    # Stuck? Run hint("som") in a new cell.
    # YOUR CODE HERE
    h = survey[survey["holds_wm"] == 1]
    share = float((h["weight"] * h["wm_balance_minghu"]).sum() / (h["weight"] * h["wm_balance"]).sum())
    return {"share": share, "som": sam_value * share}


require("sam", "sam_total")  # the SOM applies the share to exercise 4's SAM
som_result = som(sam_total, survey, districts)
share = som_result["share"]
som_total = som_result["som"]
print(f"Wallet share in the SAM: {share:.1%}  ->  SOM: {fmt_rmb(som_total)} of WM fee income a year")'''),
        ('right market (reached holders in licensed districts) but forgets the design weights: plain ratio of balances', '''def som(sam_value, survey, districts):
    # Write the body: return {"share": ..., "som": ...} (the share measured on the SAM's holders).
    # Stuck? Run hint("som") in a new cell.
    # YOUR CODE HERE
    lic = districts.loc[districts["licensed"], "district"]
    reached = (survey["uses_minghu_app"] == 1) | (survey["visited_minghu_branch_12m"] == 1)
    r = survey[(survey["holds_wm"] == 1) & survey["district"].isin(lic) & reached]
    share = float(r["wm_balance_minghu"].sum() / r["wm_balance"].sum())
    return {"share": share, "som": sam_value * share}


require("sam", "sam_total")  # the SOM applies the share to exercise 4's SAM
som_result = som(sam_total, survey, districts)
share = som_result["share"]
som_total = som_result["som"]
print(f"Wallet share in the SAM: {share:.1%}  ->  SOM: {fmt_rmb(som_total)} of WM fee income a year")'''),
    ],
    'reconcile': [
        ("top-down holders computed on the city's adults (not the all-ages population) while the top-down TAM uses the population", '''def reconcile(districts, facts, bu):
    # Write the body: return {"ratio": ..., "holders_ratio": ..., "revenue_per_holder_ratio": ...}.
    # Stuck? Run hint("reconcile") in a new cell.
    # YOUR CODE HERE
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    pen = f["national_wm_investors"] / national_pop
    td_tam = districts["population"].sum() * pen * f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    td_holders = districts["adults"].sum() * pen
    bu_holders = (bu["adults"] * bu["penetration"]).sum()
    bu_tam = bu["revenue"].sum()
    holders_ratio = float(td_holders / bu_holders)
    rph_ratio = float((td_tam / td_holders) / (bu_tam / bu_holders))
    return {"ratio": float(td_tam / bu_tam), "holders_ratio": holders_ratio, "revenue_per_holder_ratio": rph_ratio}


require("tam_bottom_up", "bu")  # the bottom-up side is exercise 2's table
gap = reconcile(districts, facts, bu)
for key, value in gap.items():
    print(f"{key:26s} {value:.3f}")'''),
        ('all three ratios the wrong way up: bottom-up divided by top-down', '''def reconcile(districts, facts, bu):
    # Write the body: return {"ratio": ..., "holders_ratio": ..., "revenue_per_holder_ratio": ...}.
    # Stuck? Run hint("reconcile") in a new cell.
    # YOUR CODE HERE
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    pen = f["national_wm_investors"] / national_pop
    td_holders = districts["population"].sum() * pen
    td_tam = td_holders * f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    bu_holders = (bu["adults"] * bu["penetration"]).sum()
    bu_tam = bu["revenue"].sum()
    return {"ratio": float(bu_tam / td_tam), "holders_ratio": float(bu_holders / td_holders),
            "revenue_per_holder_ratio": float((bu_tam / bu_holders) / (td_tam / td_holders))}


require("tam_bottom_up", "bu")  # the bottom-up side is exercise 2's table
gap = reconcile(districts, facts, bu)
for key, value in gap.items():
    print(f"{key:26s} {value:.3f}")'''),
    ],
    'tornado': [
        ('sorts the drivers by swing in ascending order (narrowest bar on top)', '''def tornado(som_at, facts):
    # Write the body: return the table indexed by driver with low, high and swing, widest first.
    # Stuck? Run hint("tornado") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for _, r in facts.dropna(subset=["low", "high"]).iterrows():
        lo = float(som_at(**{r["key"]: r["low"]}))
        hi = float(som_at(**{r["key"]: r["high"]}))
        rows[r["key"]] = {"low": lo, "high": hi, "swing": hi - lo}
    return pd.DataFrame.from_dict(rows, orient="index").sort_values("swing")


sens = tornado(som_at, facts)
sens.style.format(fmt_rmb)'''),
        ('sorts the drivers by their high value (largest upside first) instead of by swing', '''def tornado(som_at, facts):
    # Write the body: return the table indexed by driver with low, high and swing, widest first.
    # Stuck? Run hint("tornado") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for _, r in facts.dropna(subset=["low", "high"]).iterrows():
        lo = float(som_at(**{r["key"]: r["low"]}))
        hi = float(som_at(**{r["key"]: r["high"]}))
        rows[r["key"]] = {"low": lo, "high": hi, "swing": hi - lo}
    return pd.DataFrame.from_dict(rows, orient="index").sort_values("high", ascending=False)


sens = tornado(som_at, facts)
sens.style.format(fmt_rmb)'''),
    ],
}
