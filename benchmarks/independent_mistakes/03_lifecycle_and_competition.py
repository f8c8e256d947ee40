"""Wrong answers written independently from the trainee release of 03_lifecycle_and_competition."""
LESSON = "01_market_analysis/03_lifecycle_and_competition"
MISTAKES = {
    'fit_bass': [
        ('fits m*F(t) to the cumulative adopters (cumsum) instead of the monthly flow n(t) = m[F(t) - F(t-1)]', '''def fit_bass(t, new_adopters):
    # Stuck? Run hint("fit_bass") in a new cell.
    # YOUR CODE HERE
    t = np.asarray(t, dtype=float)
    y = np.asarray(new_adopters, dtype=float)
    total = y.sum()

    def cum_model(t, p, q, m):
        return m * bass_cumulative(t, p, q)

    popt, _ = curve_fit(cum_model, t, np.cumsum(y), p0=[0.01, 0.1, 2 * total],
                        bounds=([1e-6, 1e-6, total], [1, 2, 100 * total]), maxfev=20000)
    return {"p": float(popt[0]), "q": float(popt[1]), "m": float(popt[2])}


w01 = adoption[adoption["product_id"] == "W01"]
fit_w01 = fit_bass(w01["months_since_launch"], w01["new_adopters"])
fit_w01'''),
        ('shifts time to start at 0 (t = months_since_launch - 1), so the launch month is modelled as F(0) - F(-1): off by one month', '''def fit_bass(t, new_adopters):
    # Stuck? Run hint("fit_bass") in a new cell.
    # YOUR CODE HERE
    t = np.asarray(t, dtype=float) - 1
    y = np.asarray(new_adopters, dtype=float)
    total = y.sum()

    def model(t, p, q, m):
        return m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))

    popt, _ = curve_fit(model, t, y, p0=[0.01, 0.1, 2 * total],
                        bounds=([1e-6, 1e-6, total], [1, 2, 100 * total]), maxfev=20000)
    return {"p": float(popt[0]), "q": float(popt[1]), "m": float(popt[2])}


w01 = adoption[adoption["product_id"] == "W01"]
fit_w01 = fit_bass(w01["months_since_launch"], w01["new_adopters"])
fit_w01'''),
    ],
    'peak_month': [
        ("multiplies by 12 to 'convert to months', although p and q are already monthly (t* must stay in the unit of p and q)", '''def peak_month(p, q):
    # Stuck? Run hint("peak_month") in a new cell.
    # YOUR CODE HERE
    return np.log(q / p) / (p + q) * 12

if ready("fit_bass", "fits", what="The column t_star"):
    fits["t_star"] = peak_month(fits["p"], fits["q"])
    fits["months_observed"] = adoption.groupby("product_id")["months_since_launch"].max()
    display(fits[["t_star", "months_observed"]].round(1))'''),
        ('uses log10 instead of the natural log', '''def peak_month(p, q):
    # Stuck? Run hint("peak_month") in a new cell.
    # YOUR CODE HERE
    return np.log10(q / p) / (p + q)

if ready("fit_bass", "fits", what="The column t_star"):
    fits["t_star"] = peak_month(fits["p"], fits["q"])
    fits["months_observed"] = adoption.groupby("product_id")["months_since_launch"].max()
    display(fits[["t_star", "months_observed"]].round(1))'''),
    ],
    'lifecycle_stage': [
        ('flow growth compares the last 6 months with the 6 before (two half-years) instead of two 12-month windows', '''def lifecycle_stage(adoption, m, identified):
    # Stuck? Run hint("lifecycle_stage") in a new cell.
    # YOUR CODE HERE
    out = {}
    for pid, g in adoption.groupby("product_id"):
        g = g.sort_values("months_since_launch")
        flow = g["new_adopters"].to_numpy(dtype=float)
        hold = g["holders"].to_numpy(dtype=float)
        share = flow.sum() / float(m[pid])
        if not bool(identified[pid]) or share < 0.16:
            out[pid] = "introduction"
            continue
        growth = flow[-6:].sum() / flow[-12:-6].sum() - 1
        base = hold[-1] / hold[-13] - 1
        if growth > 0.10:
            out[pid] = "growth"
        elif base < -0.05:
            out[pid] = "decline"
        else:
            out[pid] = "maturity"
    return pd.Series(out)


if ready("fit_bass", "fits", what="Computing the stages"):
    stages = lifecycle_stage(adoption, fits["m"], fits["identified"])
    display(stages)'''),
        ("decline read on the flow alone: the 'base change' is computed on new adopters (last 12 months vs the 12 before) instead of holders", '''def lifecycle_stage(adoption, m, identified):
    # Stuck? Run hint("lifecycle_stage") in a new cell.
    # YOUR CODE HERE
    out = {}
    for pid, g in adoption.groupby("product_id"):
        g = g.sort_values("months_since_launch")
        flow = g["new_adopters"].to_numpy(dtype=float)
        share = flow.sum() / float(m[pid])
        if not bool(identified[pid]) or share < 0.16:
            out[pid] = "introduction"
            continue
        growth = flow[-12:].sum() / flow[-24:-12].sum() - 1
        if growth > 0.10:
            out[pid] = "growth"
        elif growth < -0.05:
            out[pid] = "decline"
        else:
            out[pid] = "maturity"
    return pd.Series(out)


if ready("fit_bass", "fits", what="Computing the stages"):
    stages = lifecycle_stage(adoption, fits["m"], fits["identified"])
    display(stages)'''),
    ],
    'market_concentration': [
        ('forgets to filter on year: shares computed on balances pooled over all years of the table', '''def market_concentration(market_balances, year):
    # Stuck? Run hint("market_concentration") in a new cell.
    # YOUR CODE HERE
    bal = market_balances.groupby(["product_line", "institution"])["balance"].sum()
    share = bal / bal.groupby(level="product_line").transform("sum")
    hhi = (100 * share).pow(2).groupby(level="product_line").sum()
    cr4 = share.groupby(level="product_line").apply(lambda s: s.sort_values(ascending=False).head(4).sum())
    return pd.DataFrame({"hhi": hhi, "cr4": cr4})


conc = market_concentration(market_balances, LATEST)
conc.round({"hhi": 0, "cr4": 3})'''),
        ('CR4 from sort_values() in its default ascending order: the four SMALLEST shares', '''def market_concentration(market_balances, year):
    # Stuck? Run hint("market_concentration") in a new cell.
    # YOUR CODE HERE
    yb = market_balances[market_balances["year"] == year]
    bal = yb.groupby(["product_line", "institution"])["balance"].sum()
    share = bal / bal.groupby(level="product_line").transform("sum")
    hhi = (100 * share).pow(2).groupby(level="product_line").sum()
    cr4 = share.groupby(level="product_line").apply(lambda s: s.sort_values().head(4).sum())
    return pd.DataFrame({"hhi": hhi, "cr4": cr4})


conc = market_concentration(market_balances, LATEST)
conc.round({"hhi": 0, "cr4": 3})'''),
    ],
    'relative_share': [
        ("divides by the largest share in the line INCLUDING the bank itself (the leader's relative share is then 1)", '''def relative_share(market_balances, year, bank):
    # Stuck? Run hint("relative_share") in a new cell.
    # YOUR CODE HERE
    yb = market_balances[market_balances["year"] == year]
    bal = yb.groupby(["product_line", "institution"])["balance"].sum()
    share = bal / bal.groupby(level="product_line").transform("sum")
    out = {}
    for line, s in share.groupby(level="product_line"):
        s = s.droplevel("product_line")
        out[line] = float(s.get(bank, 0.0) / s.max())
    return pd.Series(out)


rel = relative_share(market_balances, LATEST, BANK)
rel.round(2)'''),
        ("'largest competitor' taken once for all lines (the biggest institution by total balances), not the largest rival in each line", '''def relative_share(market_balances, year, bank):
    # Stuck? Run hint("relative_share") in a new cell.
    # YOUR CODE HERE
    yb = market_balances[market_balances["year"] == year]
    totals = yb.groupby("institution")["balance"].sum().drop(bank, errors="ignore")
    rival = totals.idxmax()
    line_tot = yb.groupby("product_line")["balance"].sum()
    bank_bal = yb[yb["institution"] == bank].groupby("product_line")["balance"].sum()
    rival_bal = yb[yb["institution"] == rival].groupby("product_line")["balance"].sum()
    return (bank_bal / line_tot) / (rival_bal / line_tot)


rel = relative_share(market_balances, LATEST, BANK)
rel.round(2)'''),
    ],
    'benchmark_scores': [
        ('forgets to reverse the lower-is-better criteria (highest fee and highest minimum score 1)', '''def benchmark_scores(competitors, weights):
    # Stuck? Run hint("benchmark_scores") in a new cell.
    # YOUR CODE HERE
    df = competitors.set_index("institution")
    out = pd.DataFrame(index=df.index)
    for c in weights:
        x = df[c].astype(float)
        if c == "wm_min_amount":
            x = np.log10(x)
        out[c] = (x - x.min()) / (x.max() - x.min())
    out["total"] = 100 * sum(w * out[c] for c, w in weights.items())
    return out.sort_values("total", ascending=False)


bench = benchmark_scores(competitors, WEIGHTS)
bench.round(2)'''),
        ('min-max scales the minimum amount on its raw RMB values (no log10)', '''def benchmark_scores(competitors, weights):
    # Stuck? Run hint("benchmark_scores") in a new cell.
    # YOUR CODE HERE
    df = competitors.set_index("institution")
    out = pd.DataFrame(index=df.index)
    for c in weights:
        x = df[c].astype(float)
        s = (x - x.min()) / (x.max() - x.min())
        out[c] = 1 - s if c in LOWER_IS_BETTER else s
    out["total"] = 100 * sum(w * out[c] for c, w in weights.items())
    return out.sort_values("total", ascending=False)


bench = benchmark_scores(competitors, WEIGHTS)
bench.round(2)'''),
    ],
    'five_forces': [
        ('buyer power counts flagships buyable with LESS than 1,000 RMB (strict <), dropping those at exactly 1,000', '''def five_forces(market_balances, competitors, year, bank):
    # Stuck? Run hint("five_forces") in a new cell.
    # YOUR CODE HERE
    def line_shares(yr, line):
        b = market_balances[(market_balances["year"] == yr) & (market_balances["product_line"] == line)]
        b = b.groupby("institution")["balance"].sum()
        return b / b.sum()

    platforms = set(competitors.loc[competitors["type"] == "internet_platform", "institution"])
    first = int(market_balances["year"].min())
    wm = line_shares(year, "wealth_management")
    hhi = float(((100 * wm) ** 2).sum())
    sub_now = 100 * float(wm[wm.index.isin(platforms)].sum())
    wm0 = line_shares(first, "wealth_management")
    sub_first = 100 * float(wm0[wm0.index.isin(platforms)].sum())
    entrants = (sub_now - sub_first) / (year - first)
    buyers = 100 * float((competitors["wm_min_amount"] < 1_000).mean())
    dep = line_shares(year, "deposit")
    supplier = float(dep[bank] / dep.drop(bank).max())
    values = {"rivalry": hhi, "substitutes": sub_now, "new_entrants": entrants,
              "buyer_power": buyers, "supplier_power": supplier}
    out = FORCE_BANDS[["indicator"]].copy()
    out["value"] = [float(values[f]) for f in out.index]
    ratings = []
    for f, row in FORCE_BANDS.iterrows():
        v = values[f]
        level = 0 if v < row["cut_1"] else (2 if v > row["cut_2"] else 1)
        if row["stronger_when"] == "lower":
            level = 2 - level
        ratings.append(["low", "medium", "high"][level])
    out["rating"] = ratings
    return out


forces = five_forces(market_balances, competitors, LATEST, BANK)
forces.round({"value": 2})'''),
        ('new entrants: total share gained since the first year (percentage points), not divided by the number of years', '''def five_forces(market_balances, competitors, year, bank):
    # Stuck? Run hint("five_forces") in a new cell.
    # YOUR CODE HERE
    def line_shares(yr, line):
        b = market_balances[(market_balances["year"] == yr) & (market_balances["product_line"] == line)]
        b = b.groupby("institution")["balance"].sum()
        return b / b.sum()

    platforms = set(competitors.loc[competitors["type"] == "internet_platform", "institution"])
    first = int(market_balances["year"].min())
    wm = line_shares(year, "wealth_management")
    hhi = float(((100 * wm) ** 2).sum())
    sub_now = 100 * float(wm[wm.index.isin(platforms)].sum())
    wm0 = line_shares(first, "wealth_management")
    sub_first = 100 * float(wm0[wm0.index.isin(platforms)].sum())
    entrants = sub_now - sub_first
    buyers = 100 * float((competitors["wm_min_amount"] <= 1_000).mean())
    dep = line_shares(year, "deposit")
    supplier = float(dep[bank] / dep.drop(bank).max())
    values = {"rivalry": hhi, "substitutes": sub_now, "new_entrants": entrants,
              "buyer_power": buyers, "supplier_power": supplier}
    out = FORCE_BANDS[["indicator"]].copy()
    out["value"] = [float(values[f]) for f in out.index]
    ratings = []
    for f, row in FORCE_BANDS.iterrows():
        v = values[f]
        level = 0 if v < row["cut_1"] else (2 if v > row["cut_2"] else 1)
        if row["stronger_when"] == "lower":
            level = 2 - level
        ratings.append(["low", "medium", "high"][level])
    out["rating"] = ratings
    return out


forces = five_forces(market_balances, competitors, LATEST, BANK)
forces.round({"value": 2})'''),
    ],
}
