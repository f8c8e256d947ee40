"""Wrong answers written independently from the trainee release of 03_channels/03_attribution."""
LESSON = "03_channels/03_attribution"
MISTAKES = {
    "single_touch": [
        ("takes the first/last ROW of each journey as given, without sorting by touch time", '''def single_touch(paths, which="last"):
    # Stuck? Run hint("single_touch") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1]
    g = conv.groupby("journey_id")["channel"]
    picked = g.first() if which == "first" else g.last()
    return picked.value_counts()


first_touch = single_touch(paths, "first")
last_touch = single_touch(paths, "last")
pd.DataFrame({"first_touch": first_touch, "last_touch": last_touch}).reindex(CHANNELS)'''),
        ("credits the first/last touch of every journey, converted or not", '''def single_touch(paths, which="last"):
    # Stuck? Run hint("single_touch") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    p = paths.sort_values(["journey_id", "touch_time"])
    g = p.groupby("journey_id")["channel"]
    picked = g.first() if which == "first" else g.last()
    return picked.value_counts()


first_touch = single_touch(paths, "first")
last_touch = single_touch(paths, "last")
pd.DataFrame({"first_touch": first_touch, "last_touch": last_touch}).reindex(CHANNELS)'''),
    ],
    "linear_credit": [
        ("splits each conversion equally over the journey's DISTINCT channels, repeats counted once", '''def linear_credit(paths):
    # Stuck? Run hint("linear_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1].drop_duplicates(["journey_id", "channel"])
    w = 1.0 / conv.groupby("journey_id")["channel"].transform("size")
    return w.groupby(conv["channel"]).sum()


linear = linear_credit(paths)
linear.reindex(CHANNELS).round(1)'''),
        ("gives 1/n per touch over every journey, the non-converting ones included", '''def linear_credit(paths):
    # Stuck? Run hint("linear_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    n = paths.groupby("journey_id")["channel"].transform("size")
    w = 1.0 / n
    return w.groupby(paths["channel"]).sum()


linear = linear_credit(paths)
linear.reindex(CHANNELS).round(1)'''),
    ],
    "position_based_credit": [
        ("applies the 40/20/40 split in the table's row order, not sorted by touch time", '''def position_based_credit(paths):
    # Stuck? Run hint("position_based_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1].copy()
    pos = conv.groupby("journey_id").cumcount()
    n = conv.groupby("journey_id")["channel"].transform("size")
    w = np.where(n == 1, 1.0, np.where(n == 2, 0.5, np.where((pos == 0) | (pos == n - 1), 0.4,
                                                              0.2 / (n - 2).clip(lower=1))))
    return pd.Series(w, index=conv.index).groupby(conv["channel"]).sum()


position_based = position_based_credit(paths)
position_based.reindex(CHANNELS).round(1)'''),
        ("two-touch journeys get 40% + 40% (the 20% middle share is lost when there is no middle)", '''def position_based_credit(paths):
    # Stuck? Run hint("position_based_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"])
    pos = conv.groupby("journey_id").cumcount()
    n = conv.groupby("journey_id")["channel"].transform("size")
    w = np.where(n == 1, 1.0, np.where((pos == 0) | (pos == n - 1), 0.4, 0.2 / (n - 2).clip(lower=1)))
    return pd.Series(w, index=conv.index).groupby(conv["channel"]).sum()


position_based = position_based_credit(paths)
position_based.reindex(CHANNELS).round(1)'''),
    ],
    "time_decay_credit": [
        ("measures the age of a touch in WHOLE days (.dt.days), not fractional days", '''def time_decay_credit(paths, half_life_days=7):
    # Stuck? Run hint("time_decay_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1].copy()
    dt = (conv["conversion_time"] - conv["touch_time"]).dt.days
    conv["w"] = 2.0 ** (-dt / half_life_days)
    conv["w"] = conv["w"] / conv.groupby("journey_id")["w"].transform("sum")
    return conv.groupby("channel")["w"].sum()


time_decay = time_decay_credit(paths)
time_decay.reindex(CHANNELS).round(1)'''),
        ("measures the age from the journey's FIRST touch (time since the start), so early touches weigh most", '''def time_decay_credit(paths, half_life_days=7):
    # Stuck? Run hint("time_decay_credit") in a new cell.
    # Write the body: return the conversions credited to each channel (a Series indexed by channel).
    # YOUR CODE HERE
    conv = paths[paths["converted"] == 1].copy()
    start = conv.groupby("journey_id")["touch_time"].transform("min")
    dt = (conv["touch_time"] - start) / pd.Timedelta(days=1)
    conv["w"] = 2.0 ** (-dt / half_life_days)
    conv["w"] = conv["w"] / conv.groupby("journey_id")["w"].transform("sum")
    return conv.groupby("channel")["w"].sum()


time_decay = time_decay_credit(paths)
time_decay.reindex(CHANNELS).round(1)'''),
    ],
    "markov_credit": [
        ("fits the transition matrix on the converting journeys only", '''def markov_credit(paths):
    # Stuck? Run hint("markov_credit") in a new cell.
    # Write the body: return a DataFrame indexed by channel with the columns removal_effect and conversions.
    # YOUR CODE HERE
    p = paths[paths["converted"] == 1].sort_values(["journey_id", "touch_time"])
    chans = sorted(p["channel"].unique())
    states = ["start"] + chans + ["conv", "null"]
    idx = {s: k for k, s in enumerate(states)}
    counts = np.zeros((len(states), len(states)))
    for jid, g in p.groupby("journey_id", sort=False):
        seq = ["start"] + list(g["channel"]) + (["conv"] if int(g["converted"].iloc[0]) == 1 else ["null"])
        for a, b in zip(seq[:-1], seq[1:]):
            counts[idx[a], idx[b]] += 1
    nt = 1 + len(chans)

    T = counts / np.where(counts.sum(axis=1, keepdims=True) > 0, counts.sum(axis=1, keepdims=True), 1)

    def p_conv(M):
        Q, R = M[:nt, :nt], M[:nt, nt:]
        B_ = np.linalg.solve(np.eye(nt) - Q, R)
        return B_[0, 0]

    P = p_conv(T)
    re = {}
    for c in chans:
        M = T.copy()
        k = idx[c]
        M[:, idx["null"]] += M[:, k]
        M[:, k] = 0.0
        re[c] = 1 - p_conv(M) / P
    re = pd.Series(re)
    total = int(p.drop_duplicates("journey_id")["converted"].sum())
    return pd.DataFrame({"removal_effect": re, "conversions": total * re / re.sum()})


markov = markov_credit(paths)
markov.reindex(CHANNELS).round(3)'''),
        ("removing a channel skips it: its row is deleted and the other rows renormalised (paths go on past it)", '''def markov_credit(paths):
    # Stuck? Run hint("markov_credit") in a new cell.
    # Write the body: return a DataFrame indexed by channel with the columns removal_effect and conversions.
    # YOUR CODE HERE
    p = paths.sort_values(["journey_id", "touch_time"])
    chans = sorted(p["channel"].unique())
    states = ["start"] + chans + ["conv", "null"]
    idx = {s: k for k, s in enumerate(states)}
    counts = np.zeros((len(states), len(states)))
    for jid, g in p.groupby("journey_id", sort=False):
        seq = ["start"] + list(g["channel"]) + (["conv"] if int(g["converted"].iloc[0]) == 1 else ["null"])
        for a, b in zip(seq[:-1], seq[1:]):
            counts[idx[a], idx[b]] += 1
    nt = 1 + len(chans)

    def p_conv(C):
        T = C / np.where(C.sum(axis=1, keepdims=True) > 0, C.sum(axis=1, keepdims=True), 1)
        Q, R = T[:nt, :nt], T[:nt, nt:]
        B_ = np.linalg.solve(np.eye(nt) - Q, R)
        return B_[0, 0]

    P = p_conv(counts)
    re = {}
    for c in chans:
        C = counts.copy()
        k = idx[c]
        C[:, k] = 0.0
        re[c] = 1 - p_conv(C) / P
    re = pd.Series(re)
    total = int(p.drop_duplicates("journey_id")["converted"].sum())
    return pd.DataFrame({"removal_effect": re, "conversions": total * re / re.sum()})


markov = markov_credit(paths)
markov.reindex(CHANNELS).round(3)'''),
    ],
    "set_values": [
        ("joins the distinct channels in order of first appearance, not alphabetically", '''def set_values(paths):
    # Stuck? Run hint("set_values") in a new cell.
    # Write the body: return a DataFrame indexed by channel_set with the columns journeys, conversions and rate.
    # YOUR CODE HERE
    p = paths.sort_values(["journey_id", "touch_time"])
    keys = p.groupby("journey_id")["channel"].agg(lambda s: "|".join(dict.fromkeys(s)))
    conv = p.groupby("journey_id")["converted"].first()
    t = pd.DataFrame({"channel_set": keys, "converted": conv})
    out = t.groupby("channel_set").agg(journeys=("converted", "size"), conversions=("converted", "sum"))
    out["rate"] = out["conversions"] / out["journeys"]
    return out


set_table = set_values(paths)
set_table.sort_values("journeys", ascending=False).head(10)'''),
        ("counts touches (rows) per set instead of journeys", '''def set_values(paths):
    # Stuck? Run hint("set_values") in a new cell.
    # Write the body: return a DataFrame indexed by channel_set with the columns journeys, conversions and rate.
    # YOUR CODE HERE
    p = paths.copy()
    keys = p.groupby("journey_id")["channel"].agg(lambda s: "|".join(sorted(set(s))))
    p["channel_set"] = p["journey_id"].map(keys)
    out = p.groupby("channel_set").agg(journeys=("journey_id", "size"), conversions=("converted", "sum"))
    out["rate"] = out["conversions"] / out["journeys"]
    return out


set_table = set_values(paths)
set_table.sort_values("journeys", ascending=False).head(10)'''),
    ],
    "shapley_values": [
        ("averages the marginal contributions uniformly over the 2^(n-1) coalitions (Banzhaf), not the Shapley weights", '''def shapley_values(game, players):
    # Stuck? Run hint("shapley_values") in a new cell.
    # Write the body: return a Series indexed by player with each player's Shapley value.
    # YOUR CODE HERE
    n = len(players)
    out = {}
    for c in players:
        others = [p for p in players if p != c]
        tot = 0.0
        for r in range(len(others) + 1):
            for S in combinations(others, r):
                S = frozenset(S)
                tot += game.get(S | {c}, 0.0) - game.get(S, 0.0)
        out[c] = tot / 2 ** (n - 1)
    return pd.Series(out)


require("set_values", "set_table")  # the game needs your channel sets from exercise 6
v_exact = {frozenset(k.split("|")): float(r) for k, r in set_table["rate"].items()}
phi = shapley_values(v_exact, CHANNELS)
shapley = conversions * phi * reach / (phi * reach).sum()
pd.DataFrame({"phi (incremental rate)": phi.round(4), "journeys touched": reach, "conversions credited": shapley.round(1)})'''),
        ("sums only over coalitions present in the game dict (skips a marginal contribution when S or S+c is missing)", '''def shapley_values(game, players):
    # Stuck? Run hint("shapley_values") in a new cell.
    # Write the body: return a Series indexed by player with each player's Shapley value.
    # YOUR CODE HERE
    n = len(players)
    out = {}
    for c in players:
        others = [p for p in players if p != c]
        tot = 0.0
        for r in range(len(others) + 1):
            for S in combinations(others, r):
                S = frozenset(S)
                if (S | {c}) not in game or (len(S) > 0 and S not in game):
                    continue
                w = factorial(len(S)) * factorial(n - len(S) - 1) / factorial(n)
                tot += w * (game[S | {c}] - game.get(S, 0.0))
        out[c] = tot
    return pd.Series(out)


require("set_values", "set_table")  # the game needs your channel sets from exercise 6
v_exact = {frozenset(k.split("|")): float(r) for k, r in set_table["rate"].items()}
phi = shapley_values(v_exact, CHANNELS)
shapley = conversions * phi * reach / (phi * reach).sum()
pd.DataFrame({"phi (incremental rate)": phi.round(4), "journeys touched": reach, "conversions credited": shapley.round(1)})'''),
    ],
}
