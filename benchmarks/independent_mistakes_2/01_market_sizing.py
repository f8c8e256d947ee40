"""Wrong answers written independently from the trainee release of 01_market_sizing."""
LESSON = "01_market_analysis/01_market_sizing"
MISTAKES = {
    "tam_top_down": [
        ("Applies the per-person (all ages) national penetration to the city's adults instead of its whole population (base mismatch).", '''def tam_top_down(districts, facts):
    # Write the body: return the top-down TAM as a float (RMB of fee income per year).
    # Stuck? Run hint("tam_top_down") in a new cell.
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    penetration = f["national_wm_investors"] / national_pop
    revenue_per_holder = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    city_adults = districts["adults"].sum()
    return float(city_adults * penetration * revenue_per_holder)


tam_td = tam_top_down(districts, facts)
print(f"Top-down TAM: {fmt_rmb(tam_td)} of WM fee income a year")'''),
        ('National population taken as cards in issue x cards per person (multiplies instead of dividing), so penetration is far too high.', '''def tam_top_down(districts, facts):
    # Write the body: return the top-down TAM as a float (RMB of fee income per year).
    # Stuck? Run hint("tam_top_down") in a new cell.
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] * f["credit_cards_per_person"]
    penetration = f["national_wm_investors"] / national_pop
    revenue_per_holder = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    return float(districts["population"].sum() * penetration * revenue_per_holder)


tam_td = tam_top_down(districts, facts)
print(f"Top-down TAM: {fmt_rmb(tam_td)} of WM fee income a year")'''),
    ],
    "tam_bottom_up": [
        ("avg_balance is the mean WM balance over all respondents of the cell (non-holders' zeros included), counting penetration twice.", '''def tam_bottom_up(population, survey, fee_rate):
    # Write the body: return the table of segments (adults, penetration, avg_balance, revenue).
    # Stuck? Run hint("tam_bottom_up") in a new cell.
    adults = population.groupby(["age_band", "income_band"])["adults"].sum()
    g = survey.groupby(["age_band", "income_band"])
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(),
                          "avg_balance": g["wm_balance"].mean()})
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * fee_rate
    return table


bu = tam_bottom_up(population, survey, fee_rate)
tam_bu = float(bu["revenue"].sum())
print(f"Bottom-up TAM: {fmt_rmb(tam_bu)} a year, from {len(bu)} segments")
bu.style.format({"adults": "{:,.0f}", "penetration": "{:.1%}", "avg_balance": fmt_rmb, "revenue": fmt_rmb})'''),
        ("avg_balance is the MEDIAN balance of the cell's holders (a skew-robust habit) instead of the mean, so the total is understated.", '''def tam_bottom_up(population, survey, fee_rate):
    # Write the body: return the table of segments (adults, penetration, avg_balance, revenue).
    # Stuck? Run hint("tam_bottom_up") in a new cell.
    adults = population.groupby(["age_band", "income_band"])["adults"].sum()
    g = survey.groupby(["age_band", "income_band"])
    hold = survey[survey["holds_wm"] == 1].groupby(["age_band", "income_band"])["wm_balance"].median()
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(), "avg_balance": hold})
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * fee_rate
    return table


bu = tam_bottom_up(population, survey, fee_rate)
tam_bu = float(bu["revenue"].sum())
print(f"Bottom-up TAM: {fmt_rmb(tam_bu)} a year, from {len(bu)} segments")
bu.style.format({"adults": "{:,.0f}", "penetration": "{:.1%}", "avg_balance": fmt_rmb, "revenue": fmt_rmb})'''),
    ],
    "tam_interval": [
        ('Bootstrap resamples the whole survey with replacement (not within each age band), so strata sizes vary between draws.', '''def tam_interval(population, survey, fee_rate, n_boot=200, seed=2025):
    # Write the body: return {"low": ..., "high": ...}, the 2.5% and 97.5% bootstrap percentiles.
    # Stuck? Run hint("tam_interval") in a new cell.
    rng = np.random.default_rng(seed)
    tams = []
    for _ in range(n_boot):
        s = survey.sample(frac=1, replace=True, random_state=rng)
        tams.append(float(tam_bottom_up(population, s, fee_rate)["revenue"].sum()))
    low, high = np.percentile(tams, [2.5, 97.5])
    return {"low": float(low), "high": float(high)}


require("tam_bottom_up", "tam_bu")  # the interval resamples exercise 2's estimate
tam_ci = tam_interval(population, survey, fee_rate)
print(f"Bottom-up TAM {fmt_rmb(tam_bu)}, 95% bootstrap interval {fmt_rmb(tam_ci['low'])} to {fmt_rmb(tam_ci['high'])}")'''),
        ('Reads the 5th and 95th percentiles (a 90% interval, one-sided 5% in each tail) instead of 2.5% and 97.5%.', '''def tam_interval(population, survey, fee_rate, n_boot=200, seed=2025):
    # Write the body: return {"low": ..., "high": ...}, the 2.5% and 97.5% bootstrap percentiles.
    # Stuck? Run hint("tam_interval") in a new cell.
    rng = np.random.default_rng(seed)
    tams = []
    for _ in range(n_boot):
        s = survey.groupby("age_band").sample(frac=1, replace=True, random_state=rng)
        tams.append(float(tam_bottom_up(population, s, fee_rate)["revenue"].sum()))
    low, high = np.percentile(tams, [5, 95])
    return {"low": float(low), "high": float(high)}


require("tam_bottom_up", "tam_bu")  # the interval resamples exercise 2's estimate
tam_ci = tam_interval(population, survey, fee_rate)
print(f"Bottom-up TAM {fmt_rmb(tam_bu)}, 95% bootstrap interval {fmt_rmb(tam_ci['low'])} to {fmt_rmb(tam_ci['high'])}")'''),
    ],
    "sam": [
        ('Reach measured among all WM holders of the cell city-wide, not only those living in licensed districts.', '''def sam(population, districts, survey, fee_rate):
    # Write the body: return the table of segments with adults, penetration, avg_balance, reach, revenue.
    # Stuck? Run hint("sam") in a new cell.
    lic_d = districts.loc[districts["licensed"], "district"]
    keys = ["age_band", "income_band"]
    adults = population[population["district"].isin(lic_d)].groupby(keys)["adults"].sum()
    g = survey.groupby(keys)
    avg_bal = survey[survey["holds_wm"] == 1].groupby(keys)["wm_balance"].mean()
    h = survey[survey["holds_wm"] == 1]
    reached = ((h["uses_minghu_app"] == 1) | (h["visited_minghu_branch_12m"] == 1)).astype(float)
    reach = reached.groupby([h["age_band"], h["income_band"]]).mean()
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(), "avg_balance": avg_bal,
                          "reach": reach})
    table["reach"] = table["reach"].fillna(0.0)
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * table["reach"] * fee_rate
    return table


sam_cells = sam(population, districts, survey, fee_rate)
sam_total = float(sam_cells["revenue"].sum())
print(f"SAM: {fmt_rmb(sam_total)} a year")'''),
        ('Reach computed over all respondents of licensed districts (holders and non-holders), a wrong denominator for a share of holders.', '''def sam(population, districts, survey, fee_rate):
    # Write the body: return the table of segments with adults, penetration, avg_balance, reach, revenue.
    # Stuck? Run hint("sam") in a new cell.
    lic_d = districts.loc[districts["licensed"], "district"]
    keys = ["age_band", "income_band"]
    adults = population[population["district"].isin(lic_d)].groupby(keys)["adults"].sum()
    g = survey.groupby(keys)
    avg_bal = survey[survey["holds_wm"] == 1].groupby(keys)["wm_balance"].mean()
    loc = survey[survey["district"].isin(lic_d)]
    reached = ((loc["uses_minghu_app"] == 1) | (loc["visited_minghu_branch_12m"] == 1)).astype(float)
    reach = reached.groupby([loc["age_band"], loc["income_band"]]).mean()
    table = pd.DataFrame({"adults": adults, "penetration": g["holds_wm"].mean(), "avg_balance": avg_bal,
                          "reach": reach})
    table["reach"] = table["reach"].fillna(0.0)
    table["revenue"] = table["adults"] * table["penetration"] * table["avg_balance"] * table["reach"] * fee_rate
    return table


sam_cells = sam(population, districts, survey, fee_rate)
sam_total = float(sam_cells["revenue"].sum())
print(f"SAM: {fmt_rmb(sam_total)} a year")'''),
    ],
    "som": [
        ('Wallet share measured on all WM holders of the city (no licence or reach filter), then applied to the SAM.', '''def som(sam_value, survey, districts):
    # Write the body: return {"share": ..., "som": ...} (the share measured on the SAM's holders).
    # Stuck? Run hint("som") in a new cell.
    h = survey[survey["holds_wm"] == 1]
    share = float((h["weight"] * h["wm_balance_minghu"]).sum() / (h["weight"] * h["wm_balance"]).sum())
    return {"share": share, "som": float(sam_value * share)}


require("sam", "sam_total")  # the SOM applies the share to exercise 4's SAM
som_result = som(sam_total, survey, districts)
share = som_result["share"]
som_total = som_result["som"]
print(f"Wallet share in the SAM: {share:.1%}  ->  SOM: {fmt_rmb(som_total)} of WM fee income a year")'''),
        ('Share computed on the right respondents but without the design weights (plain sums of balances).', '''def som(sam_value, survey, districts):
    # Write the body: return {"share": ..., "som": ...} (the share measured on the SAM's holders).
    # Stuck? Run hint("som") in a new cell.
    lic_d = districts.loc[districts["licensed"], "district"]
    r = survey[(survey["holds_wm"] == 1) & survey["district"].isin(lic_d)
               & ((survey["uses_minghu_app"] == 1) | (survey["visited_minghu_branch_12m"] == 1))]
    share = float(r["wm_balance_minghu"].sum() / r["wm_balance"].sum())
    return {"share": share, "som": float(sam_value * share)}


require("sam", "sam_total")  # the SOM applies the share to exercise 4's SAM
som_result = som(sam_total, survey, districts)
share = som_result["share"]
som_total = som_result["som"]
print(f"Wallet share in the SAM: {share:.1%}  ->  SOM: {fmt_rmb(som_total)} of WM fee income a year")'''),
    ],
    "reconcile": [
        ("Top-down holders computed from the city's adults (not the all-ages population) while the TAM uses the population.", '''def reconcile(districts, facts, bu):
    # Write the body: return {"ratio": ..., "holders_ratio": ..., "revenue_per_holder_ratio": ...}.
    # Stuck? Run hint("reconcile") in a new cell.
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    pen = f["national_wm_investors"] / national_pop
    rph = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    tam_td_ = districts["population"].sum() * pen * rph
    h_td = districts["adults"].sum() * pen
    h_bu = (bu["adults"] * bu["penetration"]).sum()
    tam_bu_ = bu["revenue"].sum()
    return {"ratio": float(tam_td_ / tam_bu_), "holders_ratio": float(h_td / h_bu),
            "revenue_per_holder_ratio": float((tam_td_ / h_td) / (tam_bu_ / h_bu))}


require("tam_bottom_up", "bu")  # the bottom-up side is exercise 2's table
gap = reconcile(districts, facts, bu)
for key, value in gap.items():
    print(f"{key:26s} {value:.3f}")'''),
        ('All three ratios computed the other way up: bottom-up divided by top-down.', '''def reconcile(districts, facts, bu):
    # Write the body: return {"ratio": ..., "holders_ratio": ..., "revenue_per_holder_ratio": ...}.
    # Stuck? Run hint("reconcile") in a new cell.
    f = facts.set_index("key")["base"]
    national_pop = f["credit_cards_in_issue"] / f["credit_cards_per_person"]
    pen = f["national_wm_investors"] / national_pop
    rph = f["national_wm_balance"] / f["national_wm_investors"] * f["wm_fee_rate"]
    h_td = districts["population"].sum() * pen
    tam_td_ = h_td * rph
    h_bu = (bu["adults"] * bu["penetration"]).sum()
    tam_bu_ = bu["revenue"].sum()
    return {"ratio": float(tam_bu_ / tam_td_), "holders_ratio": float(h_bu / h_td),
            "revenue_per_holder_ratio": float((tam_bu_ / h_bu) / (tam_td_ / h_td))}


require("tam_bottom_up", "bu")  # the bottom-up side is exercise 2's table
gap = reconcile(districts, facts, bu)
for key, value in gap.items():
    print(f"{key:26s} {value:.3f}")'''),
    ],
    "tornado": [
        ('Drivers sorted by swing smallest first (ascending), the order barh draws bottom-up.', '''def tornado(som_at, facts):
    # Write the body: return the table indexed by driver with low, high and swing, widest first.
    # Stuck? Run hint("tornado") in a new cell.
    drivers = facts.dropna(subset=["low", "high"])
    rows = {}
    for _, r in drivers.iterrows():
        lo = float(som_at(**{r["key"]: r["low"]}))
        hi = float(som_at(**{r["key"]: r["high"]}))
        rows[r["key"]] = {"low": lo, "high": hi, "swing": hi - lo}
    return pd.DataFrame.from_dict(rows, orient="index").sort_values("swing")


sens = tornado(som_at, facts)
sens.style.format(fmt_rmb)'''),
        ('Drivers ranked by their high-case SOM instead of by swing.', '''def tornado(som_at, facts):
    # Write the body: return the table indexed by driver with low, high and swing, widest first.
    # Stuck? Run hint("tornado") in a new cell.
    drivers = facts.dropna(subset=["low", "high"])
    rows = {}
    for _, r in drivers.iterrows():
        lo = float(som_at(**{r["key"]: r["low"]}))
        hi = float(som_at(**{r["key"]: r["high"]}))
        rows[r["key"]] = {"low": lo, "high": hi, "swing": hi - lo}
    return pd.DataFrame.from_dict(rows, orient="index").sort_values("high", ascending=False)


sens = tornado(som_at, facts)
sens.style.format(fmt_rmb)'''),
    ],
}
