"""Wrong answers written independently from the trainee release of 02_positioning/02_price_sensitivity."""
LESSON = "02_positioning/02_price_sensitivity"
MISTAKES = {
    'vw_valid': [
        ('order checked with <= instead of <: ties such as cheap = expensive are kept', '''def vw_valid(answers):
    # Stuck? Run hint("vw_valid") in a new cell.
    # Return a boolean Series: all four answers present and too_cheap < cheap < expensive < too_expensive.
    # YOUR CODE HERE
    ok = answers.notna().all(axis=1)
    ok &= answers["too_cheap"] <= answers["cheap"]
    ok &= answers["cheap"] <= answers["expensive"]
    ok &= answers["expensive"] <= answers["too_expensive"]
    return ok.astype(bool)


valid = vw_valid(survey[VW])
print(f"{int(valid.sum()):,} of {len(valid):,} respondents kept ({valid.mean():.1%}).")'''),
        ('only the blanks dropped: answers out of order are kept', '''def vw_valid(answers):
    # Stuck? Run hint("vw_valid") in a new cell.
    # Return a boolean Series: all four answers present and too_cheap < cheap < expensive < too_expensive.
    # YOUR CODE HERE
    return answers[["too_cheap", "cheap", "expensive", "too_expensive"]].notna().all(axis=1)


valid = vw_valid(survey[VW])
print(f"{int(valid.sum()):,} of {len(valid):,} respondents kept ({valid.mean():.1%}).")'''),
    ],
    'vw_curves': [
        ('inverted curves count answers at or ABOVE the fee (>=) instead of strictly above', '''def vw_curves(answers):
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
    display(curves.iloc[::12].round(3))'''),
        ('too cheap and cheap not inverted: all four curves cumulative (answers at or below the fee)', '''def vw_curves(answers):
    # Stuck? Run hint("vw_curves") in a new cell.
    # Return the six curves on the grid of sorted distinct answers (index "price"), shares between 0 and 1.
    # YOUR CODE HERE
    grid = np.unique(answers[["too_cheap", "cheap", "expensive", "too_expensive"]].to_numpy(float))
    out = pd.DataFrame(index=pd.Index(grid, name="price"))
    for c in ["too_cheap", "cheap", "expensive", "too_expensive"]:
        v = answers[c].to_numpy(float)
        out[c] = [(v <= x).mean() for x in grid]
    out["not_cheap"] = 1 - out["cheap"]
    out["not_expensive"] = 1 - out["expensive"]
    return out


if ready("vw_valid", "valid", what="Computing the curves"):
    curves = vw_curves(survey.loc[valid, VW])
    print(f"{len(curves)} grid fees from ¥{curves.index.min():,.0f} to ¥{curves.index.max():,.0f}")
    display(curves.iloc[::12].round(3))'''),
    ],
    'psm_points': [
        ("'narrower' vendor variant: PMC = too cheap x expensive, PME = too expensive x cheap", '''def crossing(x, rising, falling):
    # Stuck? Run hint("psm_points") in a new cell.
    # Return the fee where the rising curve meets the falling one (the course's crossing rule).
    # YOUR CODE HERE
    x = np.asarray(x, dtype=float)
    d = np.asarray(rising, dtype=float) - np.asarray(falling, dtype=float)
    hit = np.flatnonzero(d >= 0)
    if len(hit) == 0:
        return float("nan")
    k = int(hit[0])
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
    print(", ".join(f"{k.upper()} ¥{v:,.0f}" for k, v in points.items()))'''),
        ('crossing read without interpolation: the first grid fee where d >= 0 (x[k])', '''def crossing(x, rising, falling):
    # Stuck? Run hint("psm_points") in a new cell.
    # Return the fee where the rising curve meets the falling one (the course's crossing rule).
    # YOUR CODE HERE
    x = np.asarray(x, dtype=float)
    d = np.asarray(rising, dtype=float) - np.asarray(falling, dtype=float)
    hit = np.flatnonzero(d >= 0)
    if len(hit) == 0:
        return float("nan")
    return float(x[int(hit[0])])


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
    print(", ".join(f"{k.upper()} ¥{v:,.0f}" for k, v in points.items()))'''),
    ],
    'gg_demand': [
        ('demand = share of yes answers at each price, not the share whose WTP (highest price accepted) >= p', '''def gg_demand(answers):
    # Stuck? Run hint("gg_demand") in a new cell.
    # Return D(p) for every tested price p (ascending): the share of ALL respondents whose WTP >= p.
    # YOUR CODE HERE
    d = answers.groupby("price")["would_buy"].mean().sort_index()
    d.index.name = "price"
    return d


demand = gg_demand(gg)
demand.round(3)'''),
        ('denominator = only the respondents who accept at least one price (refusers left out)', '''def gg_demand(answers):
    # Stuck? Run hint("gg_demand") in a new cell.
    # Return D(p) for every tested price p (ascending): the share of ALL respondents whose WTP >= p.
    # YOUR CODE HERE
    wtp = answers[answers["would_buy"] == 1].groupby("respondent_id")["price"].max()
    prices = np.sort(answers["price"].unique())
    return pd.Series([(wtp >= p).mean() for p in prices], index=pd.Index(prices, name="price"))


demand = gg_demand(gg)
demand.round(3)'''),
    ],
    'revenue_max': [
        ('ties go to the HIGHEST price (>= in the running maximum)', '''def revenue_max(demand):
    # Stuck? Run hint("revenue_max") in a new cell.
    # Return {"price": p*, "revenue_index": p* x D(p*)}: the largest p x D(p), ties to the lowest price.
    # YOUR CODE HERE
    best_p, best_r = None, -np.inf
    for p, d in demand.sort_index().items():
        r = float(p) * float(d)
        if r >= best_r:
            best_p, best_r = float(p), r
    return {"price": best_p, "revenue_index": best_r}


if ready("gg_demand", "demand", what="The optimum"):
    best = revenue_max(demand)
    print(f"Revenue-maximising tested fee: ¥{best['price']:,.0f} per year, "
          f"revenue index ¥{best['revenue_index']:,.0f} per surveyed customer.")'''),
        ('maximises the profit index (p - UNIT_COST) x D(p) instead of the revenue index', '''def revenue_max(demand):
    # Stuck? Run hint("revenue_max") in a new cell.
    # Return {"price": p*, "revenue_index": p* x D(p*)}: the largest p x D(p), ties to the lowest price.
    # YOUR CODE HERE
    d = demand.sort_index()
    p = d.index.to_numpy(float)
    profit = (p - UNIT_COST) * d.to_numpy(float)
    k = int(np.argmax(profit))
    return {"price": float(p[k]), "revenue_index": float(p[k] * d.to_numpy(float)[k])}


if ready("gg_demand", "demand", what="The optimum"):
    best = revenue_max(demand)
    print(f"Revenue-maximising tested fee: ¥{best['price']:,.0f} per year, "
          f"revenue index ¥{best['revenue_index']:,.0f} per surveyed customer.")'''),
    ],
    'tier_gain': [
        ("tiers' revenue index = plain (unweighted) mean of the two tiers' revenue indices", '''def tier_gain(answers, tier):
    # Stuck? Run hint("tier_gain") in a new cell.
    # Return {"prices", "one_price", "revenue_one", "revenue_tiers", "gain"}, using gg_demand and revenue_max.
    # YOUR CODE HERE
    one = revenue_max(gg_demand(answers))
    prices, revs, counts = {}, {}, {}
    for t in sorted(tier.unique()):
        ids = tier.index[tier == t]
        sub = answers[answers["respondent_id"].isin(ids)]
        r = revenue_max(gg_demand(sub))
        prices[t], revs[t], counts[t] = r["price"], r["revenue_index"], sub["respondent_id"].nunique()
    revenue_tiers = float(np.mean(list(revs.values())))
    return {"prices": prices, "one_price": one["price"], "revenue_one": one["revenue_index"],
            "revenue_tiers": revenue_tiers, "gain": revenue_tiers / one["revenue_index"] - 1}


if ready("gg_demand", "demand", what="The tier comparison") and ready("revenue_max", "best", what="The tier comparison"):
    tiers = tier_gain(gg, tier)
    print(", ".join(f"{t} tier ¥{p:,.0f}" for t, p in tiers["prices"].items())
          + f"; one fee ¥{tiers['one_price']:,.0f}. Revenue gain of two tiers: {tiers['gain']:+.1%}.")'''),
        ("tiers' revenue index = SUM of the tiers' per-customer revenue indices (not weighted by tier share)", '''def tier_gain(answers, tier):
    # Stuck? Run hint("tier_gain") in a new cell.
    # Return {"prices", "one_price", "revenue_one", "revenue_tiers", "gain"}, using gg_demand and revenue_max.
    # YOUR CODE HERE
    one = revenue_max(gg_demand(answers))
    prices, revs, counts = {}, {}, {}
    for t in sorted(tier.unique()):
        ids = tier.index[tier == t]
        sub = answers[answers["respondent_id"].isin(ids)]
        r = revenue_max(gg_demand(sub))
        prices[t], revs[t], counts[t] = r["price"], r["revenue_index"], sub["respondent_id"].nunique()
    revenue_tiers = float(sum(revs.values()))
    return {"prices": prices, "one_price": one["price"], "revenue_one": one["revenue_index"],
            "revenue_tiers": revenue_tiers, "gain": revenue_tiers / one["revenue_index"] - 1}


if ready("gg_demand", "demand", what="The tier comparison") and ready("revenue_max", "best", what="The tier comparison"):
    tiers = tier_gain(gg, tier)
    print(", ".join(f"{t} tier ¥{p:,.0f}" for t, p in tiers["prices"].items())
          + f"; one fee ¥{tiers['one_price']:,.0f}. Revenue gain of two tiers: {tiers['gain']:+.1%}.")'''),
    ],
}
