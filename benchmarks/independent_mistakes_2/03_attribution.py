"""Wrong answers written independently from the trainee release of 03_attribution."""
LESSON = "03_channels/03_attribution"
MISTAKES = {
    "single_touch": [
        ('credits the first/last touch of EVERY journey, converted or not', '''def single_touch(paths, which="last"):
    p = paths.sort_values(["journey_id", "touch_time"])
    keep = "first" if which == "first" else "last"
    picked = p.drop_duplicates("journey_id", keep=keep)
    return picked["channel"].value_counts()


first_touch = single_touch(paths, "first")
last_touch = single_touch(paths, "last")
pd.DataFrame({"first_touch": first_touch, "last_touch": last_touch}).reindex(CHANNELS)'''),
        ("returns each channel's SHARE of the conversions (value_counts(normalize=True)) instead of the number credited", '''def single_touch(paths, which="last"):
    p = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"])
    keep = "first" if which == "first" else "last"
    picked = p.drop_duplicates("journey_id", keep=keep)
    return picked["channel"].value_counts(normalize=True)


first_touch = single_touch(paths, "first")
last_touch = single_touch(paths, "last")
pd.DataFrame({"first_touch": first_touch, "last_touch": last_touch}).reindex(CHANNELS)'''),
    ],
    "linear_credit": [
        ("splits each conversion equally over the journey's DISTINCT channels (repeated touches counted once)", '''def linear_credit(paths):
    conv = paths[paths["converted"] == 1].drop_duplicates(["journey_id", "channel"])
    w = 1.0 / conv.groupby("journey_id")["channel"].transform("size")
    return w.groupby(conv["channel"]).sum()


linear = linear_credit(paths)
linear.reindex(CHANNELS).round(1)'''),
        ('forgets to keep only converting journeys: every journey hands out 1/n per touch', '''def linear_credit(paths):
    w = 1.0 / paths.groupby("journey_id")["channel"].transform("size")
    return w.groupby(paths["channel"]).sum()


linear = linear_credit(paths)
linear.reindex(CHANNELS).round(1)'''),
    ],
    "position_based_credit": [
        ('applies 40/40 to first and last without the 1- and 2-touch special cases (one touch gets 80%, two touches 40% each)', '''def position_based_credit(paths):
    p = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"]).reset_index(drop=True)
    pos = p.groupby("journey_id").cumcount()
    n = p.groupby("journey_id")["channel"].transform("size")
    w = pd.Series(0.0, index=p.index)
    w.loc[pos == 0] += 0.4
    w.loc[pos == n - 1] += 0.4
    middle = (pos > 0) & (pos < n - 1)
    w.loc[middle] = 0.2 / (n[middle] - 2)
    return w.groupby(p["channel"]).sum()


position_based = position_based_credit(paths)
position_based.reindex(CHANNELS).round(1)'''),
        ("positions counted on the journey's distinct channels (a channel's repeated touches collapsed to its first)", '''def position_based_credit(paths):
    p = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"])
    p = p.drop_duplicates(["journey_id", "channel"]).reset_index(drop=True)
    pos = p.groupby("journey_id").cumcount()
    n = p.groupby("journey_id")["channel"].transform("size")
    w = pd.Series(0.2 / (n - 2).clip(lower=1), index=p.index)
    w[(pos == 0) | (pos == n - 1)] = 0.4
    w[n == 2] = 0.5
    w[n == 1] = 1.0
    return w.groupby(p["channel"]).sum()


position_based = position_based_credit(paths)
position_based.reindex(CHANNELS).round(1)'''),
    ],
    "time_decay_credit": [
        ('age of a touch in whole days (.dt.days), not fractional days', '''def time_decay_credit(paths, half_life_days=7):
    p = paths[paths["converted"] == 1]
    dt = (p["conversion_time"] - p["touch_time"]).dt.days
    w = 2.0 ** (-dt / half_life_days)
    w = w / w.groupby(p["journey_id"]).transform("sum")
    return w.groupby(p["channel"]).sum()


time_decay = time_decay_credit(paths)
time_decay.reindex(CHANNELS).round(1)'''),
        ('exponential decay exp(-dt / h): the half-life used as an e-folding time instead of 2^(-dt / h)', '''def time_decay_credit(paths, half_life_days=7):
    p = paths[paths["converted"] == 1]
    dt = (p["conversion_time"] - p["touch_time"]) / pd.Timedelta(days=1)
    w = np.exp(-dt / half_life_days)
    w = w / w.groupby(p["journey_id"]).transform("sum")
    return w.groupby(p["channel"]).sum()


time_decay = time_decay_credit(paths)
time_decay.reindex(CHANNELS).round(1)'''),
    ],
    "markov_credit": [
        ('transition matrix built from the CONVERTING journeys only (P = 1), not all journeys', '''def markov_credit(paths):
    total = float(paths.drop_duplicates("journey_id")["converted"].sum())
    p = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"]).reset_index(drop=True)
    first = p.groupby("journey_id").cumcount() == 0
    prev = p["channel"].shift().where(~first, "start")
    end = p.drop_duplicates("journey_id", keep="last")
    frm = list(prev) + list(end["channel"])
    to = list(p["channel"]) + list(np.where(end["converted"] == 1, "conv", "null"))
    counts = pd.crosstab(pd.Series(frm, name="from"), pd.Series(to, name="to"))
    chans = sorted(p["channel"].unique())
    trans = ["start"] + chans
    M = counts.reindex(index=trans, columns=trans + ["conv", "null"], fill_value=0).astype(float)
    M = M.div(M.sum(axis=1), axis=0).fillna(0.0)

    def prob(Mx):
        Q, R = Mx[trans].to_numpy(), Mx[["conv", "null"]].to_numpy()
        return float(np.linalg.solve(np.eye(len(trans)) - Q, R)[0, 0])

    P = prob(M)
    re = {}
    for c in chans:
        Mc = M.copy()
        Mc["null"] = Mc["null"] + Mc[c]
        Mc[c] = 0.0
        re[c] = 1 - prob(Mc) / P
    re = pd.Series(re)
    return pd.DataFrame({"removal_effect": re, "conversions": total * re / re.sum()})


markov = markov_credit(paths)
markov.reindex(CHANNELS).round(3)'''),
        ('removal drops the transitions into c and renormalises each row (paths skip c) instead of sending them to null', '''def markov_credit(paths):
    total = float(paths.drop_duplicates("journey_id")["converted"].sum())
    p = paths.sort_values(["journey_id", "touch_time"]).reset_index(drop=True)
    first = p.groupby("journey_id").cumcount() == 0
    prev = p["channel"].shift().where(~first, "start")
    end = p.drop_duplicates("journey_id", keep="last")
    frm = list(prev) + list(end["channel"])
    to = list(p["channel"]) + list(np.where(end["converted"] == 1, "conv", "null"))
    counts = pd.crosstab(pd.Series(frm, name="from"), pd.Series(to, name="to"))
    chans = sorted(p["channel"].unique())
    trans = ["start"] + chans
    M = counts.reindex(index=trans, columns=trans + ["conv", "null"], fill_value=0).astype(float)
    M = M.div(M.sum(axis=1), axis=0).fillna(0.0)

    def prob(Mx):
        Q, R = Mx[trans].to_numpy(), Mx[["conv", "null"]].to_numpy()
        return float(np.linalg.solve(np.eye(len(trans)) - Q, R)[0, 0])

    P = prob(M)
    re = {}
    for c in chans:
        Mc = M.copy()
        Mc[c] = 0.0
        Mc = Mc.div(Mc.sum(axis=1), axis=0).fillna(0.0)
        re[c] = 1 - prob(Mc) / P
    re = pd.Series(re)
    return pd.DataFrame({"removal_effect": re, "conversions": total * re / re.sum()})


markov = markov_credit(paths)
markov.reindex(CHANNELS).round(3)'''),
    ],
    "set_values": [
        ('counts touches (rows of paths) per channel set instead of journeys', '''def set_values(paths):
    d = paths.copy()
    key = d.drop_duplicates(["journey_id", "channel"]).groupby("journey_id")["channel"].agg(lambda s: "|".join(sorted(s)))
    d["channel_set"] = d["journey_id"].map(key)
    g = d.groupby("channel_set")
    out = pd.DataFrame({"journeys": g.size(), "conversions": g["converted"].sum()})
    out["rate"] = out["conversions"] / out["journeys"]
    return out


set_table = set_values(paths)
set_table.sort_values("journeys", ascending=False).head(10)'''),
        ('key lists the distinct channels in the order first touched, not sorted alphabetically', '''def set_values(paths):
    p = paths.sort_values(["journey_id", "touch_time"]).drop_duplicates(["journey_id", "channel"])
    key = p.groupby("journey_id")["channel"].agg("|".join)
    conv = paths.groupby("journey_id")["converted"].max()
    j = pd.DataFrame({"channel_set": key, "converted": conv.reindex(key.index)})
    g = j.groupby("channel_set")["converted"]
    out = pd.DataFrame({"journeys": g.size(), "conversions": g.sum()})
    out["rate"] = out["conversions"] / out["journeys"]
    return out


set_table = set_values(paths)
set_table.sort_values("journeys", ascending=False).head(10)'''),
    ],
    "shapley_values": [
        ('plain average of the marginal contributions over all coalitions, 1 / 2^(n-1) each (Banzhaf), not the Shapley weights', '''def shapley_values(game, players):
    players = list(players)
    n = len(players)

    def v(S):
        return float(game.get(frozenset(S), 0.0))

    phi = {}
    for c in players:
        others = [p for p in players if p != c]
        total = 0.0
        for r in range(len(others) + 1):
            for S in combinations(others, r):
                total += v(set(S) | {c}) - v(S)
        phi[c] = total / 2 ** (n - 1)
    return pd.Series(phi)


require("set_values", "set_table")  # the game needs your channel sets from exercise 6
v_exact = {frozenset(k.split("|")): float(r) for k, r in set_table["rate"].items()}
phi = shapley_values(v_exact, CHANNELS)
shapley = conversions * phi * reach / (phi * reach).sum()
pd.DataFrame({"phi (incremental rate)": phi.round(4), "journeys touched": reach, "conversions credited": shapley.round(1)})'''),
        ('coalition weight |S|! (n - |S|)! / n! (off by one in the second factorial)', '''def shapley_values(game, players):
    players = list(players)
    n = len(players)

    def v(S):
        return float(game.get(frozenset(S), 0.0))

    phi = {}
    for c in players:
        others = [p for p in players if p != c]
        total = 0.0
        for r in range(len(others) + 1):
            w = factorial(r) * factorial(n - r) / factorial(n)
            for S in combinations(others, r):
                total += w * (v(set(S) | {c}) - v(S))
        phi[c] = total
    return pd.Series(phi)


require("set_values", "set_table")  # the game needs your channel sets from exercise 6
v_exact = {frozenset(k.split("|")): float(r) for k, r in set_table["rate"].items()}
phi = shapley_values(v_exact, CHANNELS)
shapley = conversions * phi * reach / (phi * reach).sum()
pd.DataFrame({"phi (incremental rate)": phi.round(4), "journeys touched": reach, "conversions credited": shapley.round(1)})'''),
    ],
}
