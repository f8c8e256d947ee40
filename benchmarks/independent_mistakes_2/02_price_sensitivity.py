"""Wrong answers written independently from the trainee release of 02_price_sensitivity."""
LESSON = "02_positioning/02_price_sensitivity"
MISTAKES = {
    "vw_valid": [
        ("non-strict ordering: keeps respondents with two equal answers (<= instead of <)", '''def vw_valid(answers):
    # Stuck? Run hint("vw_valid") in a new cell.
    # Return a boolean Series: all four answers present and too_cheap < cheap < expensive < too_expensive.
    # YOUR CODE HERE
    a = answers[["too_cheap", "cheap", "expensive", "too_expensive"]]
    ordered = ((a["too_cheap"] <= a["cheap"]) & (a["cheap"] <= a["expensive"])
               & (a["expensive"] <= a["too_expensive"]))
    return (a.notna().all(axis=1) & ordered).astype(bool)


valid = vw_valid(survey[VW])
print(f"{int(valid.sum()):,} of {len(valid):,} respondents kept ({valid.mean():.1%}).")
'''),
        ("drops only respondents with a step that goes down or stays equal; a blank answer makes no comparison fail, so respondents with blanks are kept", '''def vw_valid(answers):
    # Stuck? Run hint("vw_valid") in a new cell.
    # Return a boolean Series: all four answers present and too_cheap < cheap < expensive < too_expensive.
    # YOUR CODE HERE
    steps = answers[["too_cheap", "cheap", "expensive", "too_expensive"]].diff(axis=1).iloc[:, 1:]
    out_of_order = (steps <= 0).any(axis=1)
    return (~out_of_order).astype(bool)


valid = vw_valid(survey[VW])
print(f"{int(valid.sum()):,} of {len(valid):,} respondents kept ({valid.mean():.1%}).")
'''),
    ],
    "vw_curves": [
        ("inverted curves count answers AT OR ABOVE the fee (>=) instead of strictly above", '''def vw_curves(answers):
    # Stuck? Run hint("vw_curves") in a new cell.
    # Return the six curves on the grid of sorted distinct answers (index "price"), shares between 0 and 1.
    # YOUR CODE HERE
    grid = np.unique(answers[["too_cheap", "cheap", "expensive", "too_expensive"]].to_numpy(float))
    out = pd.DataFrame(index=pd.Index(grid, name="price"))
    for c in ["too_cheap", "cheap"]:
        v = answers[c].to_numpy(float)
        out[c] = [(v >= x).mean() for x in grid]
    for c in ["expensive", "too_expensive"]:
        v = answers[c].to_numpy(float)
        out[c] = [(v <= x).mean() for x in grid]
    out["not_cheap"] = 1 - out["cheap"]
    out["not_expensive"] = 1 - out["expensive"]
    return out


if ready("vw_valid", "valid", what="Computing the curves"):
    curves = vw_curves(survey.loc[valid, VW])
    print(f"{len(curves)} grid fees from ¥{curves.index.min():,.0f} to ¥{curves.index.max():,.0f}")
    display(curves.iloc[::12].round(3))
'''),
        ("rising curves count answers strictly BELOW the fee (<) instead of at or below", '''def vw_curves(answers):
    # Stuck? Run hint("vw_curves") in a new cell.
    # Return the six curves on the grid of sorted distinct answers (index "price"), shares between 0 and 1.
    # YOUR CODE HERE
    grid = np.unique(answers[["too_cheap", "cheap", "expensive", "too_expensive"]].to_numpy(float))
    n = len(answers)
    rows = []
    for x in grid:
        rows.append({"too_cheap": (answers["too_cheap"] > x).sum() / n,
                     "cheap": (answers["cheap"] > x).sum() / n,
                     "expensive": (answers["expensive"] < x).sum() / n,
                     "too_expensive": (answers["too_expensive"] < x).sum() / n})
    out = pd.DataFrame(rows, index=pd.Index(grid, name="price"))
    out["not_cheap"] = 1 - out["cheap"]
    out["not_expensive"] = 1 - out["expensive"]
    return out


if ready("vw_valid", "valid", what="Computing the curves"):
    curves = vw_curves(survey.loc[valid, VW])
    print(f"{len(curves)} grid fees from ¥{curves.index.min():,.0f} to ¥{curves.index.max():,.0f}")
    display(curves.iloc[::12].round(3))
'''),
    ],
    "psm_points": [
        ("no interpolation: returns the first grid fee where the curves have crossed (x[k])", '''def crossing(x, rising, falling):
    # Stuck? Run hint("psm_points") in a new cell.
    # Return the fee where the rising curve meets the falling one (the course's crossing rule).
    # YOUR CODE HERE
    x = np.asarray(x, dtype=float)
    d = np.asarray(rising, dtype=float) - np.asarray(falling, dtype=float)
    hit = np.flatnonzero(d >= 0)
    if len(hit) == 0:
        return float("nan")
    return float(x[hit[0]])


def psm_points(curves):
    # Return {"pmc": ..., "opp": ..., "idp": ..., "pme": ...}: crossing() of the right rising and falling curves.
    # YOUR CODE HERE
    x = curves.index.to_numpy(float)
    return {"pmc": crossing(x, curves["not_cheap"], curves["too_cheap"]),
            "opp": crossing(x, curves["too_expensive"], curves["too_cheap"]),
            "idp": crossing(x, curves["expensive"], curves["cheap"]),
            "pme": crossing(x, curves["too_expensive"], curves["not_expensive"])}


if ready("vw_curves", "curves", what="Computing the points"):
    points = psm_points(curves)
    print(", ".join(f"{k.upper()} ¥{v:,.0f}" for k, v in points.items()))
'''),
        ("uses the vendor's 'narrower' pairs: PMC = too cheap x expensive, PME = too expensive x cheap", '''def crossing(x, rising, falling):
    # Stuck? Run hint("psm_points") in a new cell.
    # Return the fee where the rising curve meets the falling one (the course's crossing rule).
    # YOUR CODE HERE
    x = np.asarray(x, dtype=float)
    d = np.asarray(rising, dtype=float) - np.asarray(falling, dtype=float)
    hit = np.flatnonzero(d >= 0)
    if len(hit) == 0:
        return float("nan")
    k = hit[0]
    if k == 0:
        return float(x[0])
    return float(x[k - 1] + (x[k] - x[k - 1]) * (0 - d[k - 1]) / (d[k] - d[k - 1]))


def psm_points(curves):
    # Return {"pmc": ..., "opp": ..., "idp": ..., "pme": ...}: crossing() of the right rising and falling curves.
    # YOUR CODE HERE
    x = curves.index.to_numpy(float)
    return {"pmc": crossing(x, curves["expensive"], curves["too_cheap"]),
            "opp": crossing(x, curves["too_expensive"], curves["too_cheap"]),
            "idp": crossing(x, curves["expensive"], curves["cheap"]),
            "pme": crossing(x, curves["too_expensive"], curves["cheap"])}


if ready("vw_curves", "curves", what="Computing the points"):
    points = psm_points(curves)
    print(", ".join(f"{k.upper()} ¥{v:,.0f}" for k, v in points.items()))
'''),
    ],
    "gg_demand": [
        ("demand = share of yes answers at each tested price (ignores WTP: someone who said no at 200 but yes at 300 is not counted at 200)", '''def gg_demand(answers):
    # Stuck? Run hint("gg_demand") in a new cell.
    # Return D(p) for every tested price p (ascending): the share of ALL respondents whose WTP >= p.
    # YOUR CODE HERE
    d = answers.groupby("price")["would_buy"].mean().sort_index()
    d.index.name = "price"
    return d.astype(float)


demand = gg_demand(gg)
demand.round(3)
'''),
        ("denominator = only respondents who accept at least one price (those who refuse every fee are dropped)", '''def gg_demand(answers):
    # Stuck? Run hint("gg_demand") in a new cell.
    # Return D(p) for every tested price p (ascending): the share of ALL respondents whose WTP >= p.
    # YOUR CODE HERE
    prices = np.sort(answers["price"].unique())
    wtp = answers[answers["would_buy"] == 1].groupby("respondent_id")["price"].max()
    d = pd.Series([(wtp >= p).mean() for p in prices], index=pd.Index(prices, name="price"))
    return d.astype(float)


demand = gg_demand(gg)
demand.round(3)
'''),
    ],
    "revenue_max": [
        ("ties go to the HIGHEST price (scans the prices and keeps a later price when its revenue is equal, >=)", '''def revenue_max(demand):
    # Stuck? Run hint("revenue_max") in a new cell.
    # Return {"price": p*, "revenue_index": p* x D(p*)}: the largest p x D(p), ties to the lowest price.
    # YOUR CODE HERE
    d = demand.sort_index()
    best_p, best_r = None, -np.inf
    for p, share in d.items():
        r = float(p) * float(share)
        if r >= best_r:
            best_p, best_r = float(p), r
    return {"price": best_p, "revenue_index": best_r}


if ready("gg_demand", "demand", what="The optimum"):
    best = revenue_max(demand)
    print(f"Revenue-maximising tested fee: ¥{best['price']:,.0f} per year, "
          f"revenue index ¥{best['revenue_index']:,.0f} per surveyed customer.")
'''),
        ("stops at the first fee where revenue falls (a local maximum) instead of taking the largest p x D(p) over all tested prices", '''def revenue_max(demand):
    # Stuck? Run hint("revenue_max") in a new cell.
    # Return {"price": p*, "revenue_index": p* x D(p*)}: the largest p x D(p), ties to the lowest price.
    # YOUR CODE HERE
    d = demand.sort_index()
    p = d.index.to_numpy(float)
    r = p * d.to_numpy(float)
    k = 0
    while k + 1 < len(r) and r[k + 1] > r[k]:
        k += 1
    return {"price": float(p[k]), "revenue_index": float(r[k])}


if ready("gg_demand", "demand", what="The optimum"):
    best = revenue_max(demand)
    print(f"Revenue-maximising tested fee: ¥{best['price']:,.0f} per year, "
          f"revenue index ¥{best['revenue_index']:,.0f} per surveyed customer.")
'''),
    ],
    "tier_gain": [
        ("averages the tiers' revenue indices without weights (plain mean of the two tiers)", '''def tier_gain(answers, tier):
    # Stuck? Run hint("tier_gain") in a new cell.
    # Return {"prices", "one_price", "revenue_one", "revenue_tiers", "gain"}, using gg_demand and revenue_max.
    # YOUR CODE HERE
    one = revenue_max(gg_demand(answers))
    tier_of = answers["respondent_id"].map(tier)
    prices, revs = {}, {}
    for t in tier.unique():
        b = revenue_max(gg_demand(answers[tier_of == t]))
        prices[t], revs[t] = float(b["price"]), float(b["revenue_index"])
    revenue_tiers = float(np.mean(list(revs.values())))
    return {"prices": prices, "one_price": float(one["price"]), "revenue_one": float(one["revenue_index"]),
            "revenue_tiers": revenue_tiers, "gain": revenue_tiers / float(one["revenue_index"]) - 1}


if ready("gg_demand", "demand", what="The tier comparison") and ready("revenue_max", "best", what="The tier comparison"):
    tiers = tier_gain(gg, tier)
    print(", ".join(f"{t} tier ¥{p:,.0f}" for t, p in tiers["prices"].items())
          + f"; one fee ¥{tiers['one_price']:,.0f}. Revenue gain of two tiers: {tiers['gain']:+.1%}.")
'''),
        ("weights each tier by its share of the YES answers (would_buy == 1) instead of its share of the respondents", '''def tier_gain(answers, tier):
    # Stuck? Run hint("tier_gain") in a new cell.
    # Return {"prices", "one_price", "revenue_one", "revenue_tiers", "gain"}, using gg_demand and revenue_max.
    # YOUR CODE HERE
    one = revenue_max(gg_demand(answers))
    tier_of = answers["respondent_id"].map(tier)
    yes = answers.loc[answers["would_buy"] == 1].assign(t=tier_of)
    weight = yes.groupby("t").size() / len(yes)
    prices, revenue_tiers = {}, 0.0
    for t in tier.unique():
        b = revenue_max(gg_demand(answers[tier_of == t]))
        prices[t] = float(b["price"])
        revenue_tiers += float(weight.get(t, 0.0)) * float(b["revenue_index"])
    return {"prices": prices, "one_price": float(one["price"]), "revenue_one": float(one["revenue_index"]),
            "revenue_tiers": revenue_tiers, "gain": revenue_tiers / float(one["revenue_index"]) - 1}


if ready("gg_demand", "demand", what="The tier comparison") and ready("revenue_max", "best", what="The tier comparison"):
    tiers = tier_gain(gg, tier)
    print(", ".join(f"{t} tier ¥{p:,.0f}" for t, p in tiers["prices"].items())
          + f"; one fee ¥{tiers['one_price']:,.0f}. Revenue gain of two tiers: {tiers['gain']:+.1%}.")
'''),
    ],
}
