"""Wrong answers written independently from the trainee release of 03_lifecycle_and_competition."""
LESSON = "01_market_analysis/03_lifecycle_and_competition"
MISTAKES = {
    "fit_bass": [
        ('Fits the cumulative adopters (running sum of new_adopters) to m*F(t) instead of the monthly flow m*[F(t)-F(t-1)].', '''def fit_bass(t, new_adopters):
    # Stuck? Run hint("fit_bass") in a new cell.
    t = np.asarray(t, dtype=float)
    y = np.asarray(new_adopters, dtype=float)
    total = float(y.sum())

    def model(t, p, q, m):
        return m * bass_cumulative(t, p, q)

    (p, q, m), _ = curve_fit(model, t, np.cumsum(y), p0=[0.01, 0.1, 2 * total],
                             bounds=([1e-6, 1e-6, total], [1, 2, 100 * total]), maxfev=20000)
    return {"p": float(p), "q": float(q), "m": float(m)}


w01 = adoption[adoption["product_id"] == "W01"]
fit_w01 = fit_bass(w01["months_since_launch"], w01["new_adopters"])
fit_w01'''),
        ('Counts the launch month as t = 0 (months_since_launch - 1), shifting the whole curve by one month.', '''def fit_bass(t, new_adopters):
    # Stuck? Run hint("fit_bass") in a new cell.
    t = np.asarray(t, dtype=float) - 1
    y = np.asarray(new_adopters, dtype=float)
    total = float(y.sum())

    def model(t, p, q, m):
        return m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))

    (p, q, m), _ = curve_fit(model, t, y, p0=[0.01, 0.1, 2 * total],
                             bounds=([1e-6, 1e-6, total], [1, 2, 100 * total]), maxfev=20000)
    return {"p": float(p), "q": float(q), "m": float(m)}


w01 = adoption[adoption["product_id"] == "W01"]
fit_w01 = fit_bass(w01["months_since_launch"], w01["new_adopters"])
fit_w01'''),
    ],
    "peak_month": [
        ('Uses log10 instead of the natural log in t* = ln(q/p)/(p+q).', '''def peak_month(p, q):
    # Stuck? Run hint("peak_month") in a new cell.
    return np.log10(q / p) / (p + q)

if ready("fit_bass", "fits", what="The column t_star"):
    fits["t_star"] = peak_month(fits["p"], fits["q"])
    fits["months_observed"] = adoption.groupby("product_id")["months_since_launch"].max()
    display(fits[["t_star", "months_observed"]].round(1))'''),
        ('Divides by q - p instead of p + q.', '''def peak_month(p, q):
    # Stuck? Run hint("peak_month") in a new cell.
    return np.log(q / p) / (q - p)

if ready("fit_bass", "fits", what="The column t_star"):
    fits["t_star"] = peak_month(fits["p"], fits["q"])
    fits["months_observed"] = adoption.groupby("product_id")["months_since_launch"].max()
    display(fits[["t_star", "months_observed"]].round(1))'''),
    ],
    "lifecycle_stage": [
        ('Flow growth compares the last 6 months with the 6 before (two half-years) instead of two 12-month windows.', '''def lifecycle_stage(adoption, m, identified):
    # Stuck? Run hint("lifecycle_stage") in a new cell.
    out = {}
    for pid, g in adoption.groupby("product_id"):
        g = g.sort_values("months_since_launch")
        flow = g["new_adopters"].to_numpy(dtype=float)
        hold = g["holders"].to_numpy(dtype=float)
        share = flow.sum() / float(m[pid])
        growth = flow[-6:].sum() / flow[-12:-6].sum() - 1
        base_change = hold[-1] / hold[-13] - 1
        if (not bool(identified[pid])) or share < 0.16:
            out[pid] = "introduction"
        elif growth > 0.10:
            out[pid] = "growth"
        elif base_change < -0.05:
            out[pid] = "decline"
        else:
            out[pid] = "maturity"
    return pd.Series(out)


if ready("fit_bass", "fits", what="Computing the stages"):
    stages = lifecycle_stage(adoption, fits["m"], fits["identified"])
    display(stages)'''),
        ('Ignores the identified flag: introduction only when the share of m is below 16%.', '''def lifecycle_stage(adoption, m, identified):
    # Stuck? Run hint("lifecycle_stage") in a new cell.
    out = {}
    for pid, g in adoption.groupby("product_id"):
        g = g.sort_values("months_since_launch")
        flow = g["new_adopters"].to_numpy(dtype=float)
        hold = g["holders"].to_numpy(dtype=float)
        share = flow.sum() / float(m[pid])
        growth = flow[-12:].sum() / flow[-24:-12].sum() - 1
        base_change = hold[-1] / hold[-13] - 1
        if share < 0.16:
            out[pid] = "introduction"
        elif growth > 0.10:
            out[pid] = "growth"
        elif base_change < -0.05:
            out[pid] = "decline"
        else:
            out[pid] = "maturity"
    return pd.Series(out)


if ready("fit_bass", "fits", what="Computing the stages"):
    stages = lifecycle_stage(adoption, fits["m"], fits["identified"])
    display(stages)'''),
    ],
    "market_concentration": [
        ('Forgets the year filter: shares computed on the balances of all years pooled.', '''def market_concentration(market_balances, year):
    # Stuck? Run hint("market_concentration") in a new cell.
    tot = market_balances.groupby(["product_line", "institution"])["balance"].sum()
    share = tot / tot.groupby(level="product_line").transform("sum")
    hhi = (100 * share).pow(2).groupby(level="product_line").sum()
    cr4 = share.groupby(level="product_line").apply(lambda s: s.nlargest(4).sum())
    return pd.DataFrame({"hhi": hhi, "cr4": cr4})


conc = market_concentration(market_balances, LATEST)
conc.round({"hhi": 0, "cr4": 3})'''),
        ("Shares taken of the whole market's balances (all product lines) instead of the line's own total.", '''def market_concentration(market_balances, year):
    # Stuck? Run hint("market_concentration") in a new cell.
    yb = market_balances[market_balances["year"] == year]
    tot = yb.groupby(["product_line", "institution"])["balance"].sum()
    share = tot / tot.sum()
    hhi = (100 * share).pow(2).groupby(level="product_line").sum()
    cr4 = share.groupby(level="product_line").apply(lambda s: s.nlargest(4).sum())
    return pd.DataFrame({"hhi": hhi, "cr4": cr4})


conc = market_concentration(market_balances, LATEST)
conc.round({"hhi": 0, "cr4": 3})'''),
    ],
    "relative_share": [
        ('Divides by the largest share in the line including the bank itself, so a leader gets 1 instead of leader / runner-up.', '''def relative_share(market_balances, year, bank):
    # Stuck? Run hint("relative_share") in a new cell.
    yb = market_balances[market_balances["year"] == year]
    bal = yb.groupby(["product_line", "institution"])["balance"].sum().unstack()
    share = bal.div(bal.sum(axis=1), axis=0)
    return share[bank] / share.max(axis=1)


rel = relative_share(market_balances, LATEST, BANK)
rel.round(2)'''),
        ('Forgets the year filter: balances of all years pooled before taking shares.', '''def relative_share(market_balances, year, bank):
    # Stuck? Run hint("relative_share") in a new cell.
    bal = market_balances.groupby(["product_line", "institution"])["balance"].sum().unstack()
    share = bal.div(bal.sum(axis=1), axis=0)
    others = share.drop(columns=bank)
    return share[bank] / others.max(axis=1)


rel = relative_share(market_balances, LATEST, BANK)
rel.round(2)'''),
    ],
    "benchmark_scores": [
        ('Min-max scales wm_min_amount on its raw values (forgets the log10).', '''def benchmark_scores(competitors, weights):
    # Stuck? Run hint("benchmark_scores") in a new cell.
    c = competitors.set_index("institution")
    out = pd.DataFrame(index=c.index)
    for col in weights:
        x = c[col].astype(float)
        s = (x - x.min()) / (x.max() - x.min())
        out[col] = 1 - s if col in LOWER_IS_BETTER else s
    out["total"] = 100 * sum(weights[col] * out[col] for col in weights)
    return out.sort_values("total", ascending=False)


bench = benchmark_scores(competitors, WEIGHTS)
bench.round(2)'''),
        ('Reverses only the fee: the minimum amount is scored as if higher were better (log10 applied).', '''def benchmark_scores(competitors, weights):
    # Stuck? Run hint("benchmark_scores") in a new cell.
    c = competitors.set_index("institution")
    out = pd.DataFrame(index=c.index)
    for col in weights:
        x = c[col].astype(float)
        if col == "wm_min_amount":
            x = np.log10(x)
        s = (x - x.min()) / (x.max() - x.min())
        out[col] = 1 - s if col == "wm_fee_pct" else s
    out["total"] = 100 * sum(weights[col] * out[col] for col in weights)
    return out.sort_values("total", ascending=False)


bench = benchmark_scores(competitors, WEIGHTS)
bench.round(2)'''),
    ],
    "five_forces": [
        ("New-entrant indicator is the platforms' total share gain since the first year, not divided by the number of years.", '''def five_forces(market_balances, competitors, year, bank):
    # Stuck? Run hint("five_forces") in a new cell.
    wm = market_balances[market_balances["product_line"] == "wealth_management"]
    first = int(market_balances["year"].min())
    platforms = set(competitors.loc[competitors["type"] == "internet_platform", "institution"])

    def wm_share_platforms(y):
        b = wm[wm["year"] == y].groupby("institution")["balance"].sum()
        return 100 * b[b.index.isin(platforms)].sum() / b.sum()

    b = wm[wm["year"] == year].groupby("institution")["balance"].sum()
    hhi = float(((100 * b / b.sum()) ** 2).sum())
    sub = float(wm_share_platforms(year))
    entrants = float(wm_share_platforms(year) - wm_share_platforms(first))
    buyer = float(100 * (competitors["wm_min_amount"] <= 1000).mean())
    dep = market_balances[(market_balances["year"] == year) & (market_balances["product_line"] == "deposit")]
    d = dep.groupby("institution")["balance"].sum()
    supplier = float(d[bank] / d.drop(bank).max())
    values = {"rivalry": hhi, "substitutes": sub, "new_entrants": entrants, "buyer_power": buyer,
              "supplier_power": supplier}
    names_ = ["low", "medium", "high"]
    rows = {}
    for force, row in FORCE_BANDS.iterrows():
        v = values[force]
        level = 0 if v < row["cut_1"] else (2 if v > row["cut_2"] else 1)
        if row["stronger_when"] == "lower":
            level = 2 - level
        rows[force] = {"indicator": row["indicator"], "value": v, "rating": names_[level]}
    return pd.DataFrame.from_dict(rows, orient="index").reindex(FORCE_BANDS.index)


forces = five_forces(market_balances, competitors, LATEST, BANK)
forces.round({"value": 2})'''),
        ('A value exactly at a cut-off is rated in the outer band (<= cut_1 is level 0, >= cut_2 is level 2) instead of medium.', '''def five_forces(market_balances, competitors, year, bank):
    # Stuck? Run hint("five_forces") in a new cell.
    wm = market_balances[market_balances["product_line"] == "wealth_management"]
    first = int(market_balances["year"].min())
    platforms = set(competitors.loc[competitors["type"] == "internet_platform", "institution"])

    def wm_share_platforms(y):
        b = wm[wm["year"] == y].groupby("institution")["balance"].sum()
        return 100 * b[b.index.isin(platforms)].sum() / b.sum()

    b = wm[wm["year"] == year].groupby("institution")["balance"].sum()
    hhi = float(((100 * b / b.sum()) ** 2).sum())
    sub = float(wm_share_platforms(year))
    entrants = float((wm_share_platforms(year) - wm_share_platforms(first)) / (year - first))
    buyer = float(100 * (competitors["wm_min_amount"] <= 1000).mean())
    dep = market_balances[(market_balances["year"] == year) & (market_balances["product_line"] == "deposit")]
    d = dep.groupby("institution")["balance"].sum()
    supplier = float(d[bank] / d.drop(bank).max())
    values = {"rivalry": hhi, "substitutes": sub, "new_entrants": entrants, "buyer_power": buyer,
              "supplier_power": supplier}
    names_ = ["low", "medium", "high"]
    rows = {}
    for force, row in FORCE_BANDS.iterrows():
        v = values[force]
        level = 0 if v <= row["cut_1"] else (2 if v >= row["cut_2"] else 1)
        if row["stronger_when"] == "lower":
            level = 2 - level
        rows[force] = {"indicator": row["indicator"], "value": v, "rating": names_[level]}
    return pd.DataFrame.from_dict(rows, orient="index").reindex(FORCE_BANDS.index)


forces = five_forces(market_balances, competitors, LATEST, BANK)
forces.round({"value": 2})'''),
    ],
}
