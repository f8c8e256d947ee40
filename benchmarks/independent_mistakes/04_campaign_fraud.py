"""Wrong answers written independently from the trainee release of 04_compliance/04_campaign_fraud."""
LESSON = "04_compliance/04_campaign_fraud"
MISTAKES = {
    "identifier_graph": [
        ("drops EVERY identifier used by more than max_share accounts, devices and phones included, so a device farm disappears from the graph", '''def identifier_graph(accounts, max_share, public=()):
    # Stuck? Run hint("identifier_graph") in a new cell.
    # Write the body: every account a node, edges to its identifiers but the registered ones and IPs above max_share.
    # YOUR CODE HERE
    g = nx.Graph()
    g.add_nodes_from(accounts["account_id"])
    public = set(public)
    for col, kind in (("device_id", "device"), ("ip", "ip"), ("phone", "phone")):
        counts = accounts.groupby(col)["account_id"].nunique()
        for acc, v in zip(accounts["account_id"], accounts[col]):
            node = f"{kind}:{v}"
            if node in public or counts[v] > max_share:
                continue
            g.add_edge(acc, node)
    return g


graph = identifier_graph(accounts, K, PUBLIC)
print(f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
'''),
        ("drops an IP address used by max_share accounts or more (>=) instead of more than max_share", '''def identifier_graph(accounts, max_share, public=()):
    # Stuck? Run hint("identifier_graph") in a new cell.
    # Write the body: every account a node, edges to its identifiers but the registered ones and IPs above max_share.
    # YOUR CODE HERE
    g = nx.Graph()
    g.add_nodes_from(accounts["account_id"])
    public = set(public)
    ip_count = accounts.groupby("ip")["account_id"].nunique()
    for _, row in accounts.iterrows():
        for col, kind in (("device_id", "device"), ("ip", "ip"), ("phone", "phone")):
            node = f"{kind}:{row[col]}"
            if node in public:
                continue
            if kind == "ip" and ip_count[row[col]] >= max_share:
                continue
            g.add_edge(row["account_id"], node)
    return g


graph = identifier_graph(accounts, K, PUBLIC)
print(f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
'''),
    ],
    "find_rings": [
        ("names each ring by whichever account networkx lists first in the component, not by its smallest account id", '''def find_rings(graph, account_ids):
    # Stuck? Run hint("find_rings") in a new cell.
    # Write the body: the components with at least two accounts, each named by its smallest account id.
    # YOUR CODE HERE
    ids = set(account_ids)
    out = {}
    for comp in nx.connected_components(graph):
        members = [n for n in comp if n in ids]
        if len(members) >= 2:
            rid = members[0]
            for a in members:
                out[a] = rid
    s = pd.Series(out, name="ring_id", dtype=object)
    s.index.name = "account_id"
    return s


if ready("identifier_graph", "graph", what="The ring table"):
    rings = find_rings(graph, accounts["account_id"])
    display(rings.value_counts().head())
'''),
        ("counts the component's NODES (identifiers included) for the two-account minimum, so an account alone with its device and phone becomes a 'ring' of one account", '''def find_rings(graph, account_ids):
    # Stuck? Run hint("find_rings") in a new cell.
    # Write the body: the components with at least two accounts, each named by its smallest account id.
    # YOUR CODE HERE
    ids = set(account_ids)
    out = {}
    for comp in nx.connected_components(graph):
        if len(comp) < 2:
            continue
        members = sorted(n for n in comp if n in ids)
        if not members:
            continue
        for a in members:
            out[a] = members[0]
    s = pd.Series(out, name="ring_id", dtype=object)
    s.index.name = "account_id"
    return s


if ready("identifier_graph", "graph", what="The ring table"):
    rings = find_rings(graph, accounts["account_id"])
    display(rings.value_counts().head())
'''),
    ],
    "referral_velocity": [
        ("counts the referred sign-ups per CALENDAR day and takes the busiest day, so a burst across midnight is split", '''def referral_velocity(accounts, window="24h"):
    # Stuck? Run hint("referral_velocity") in a new cell.
    # Write the body: per referrer, the most referred sign-ups in any rolling window.
    # YOUR CODE HERE
    new = accounts[accounts["referrer_id"].fillna("") != ""]
    per_day = new.groupby([new["referrer_id"], new["signed_up_at"].dt.date]).size()
    v = per_day.groupby(level=0).max()
    v.index.name = "referrer_id"
    return v


velocity = referral_velocity(accounts)
fast_referrers = sorted(velocity.index[velocity > VELOCITY_MAX])
velocity.sort_values(ascending=False).head()
'''),
        ("takes each referrer's TOTAL referred sign-ups over the campaign, ignoring the 24-hour window", '''def referral_velocity(accounts, window="24h"):
    # Stuck? Run hint("referral_velocity") in a new cell.
    # Write the body: per referrer, the most referred sign-ups in any rolling window.
    # YOUR CODE HERE
    new = accounts[accounts["referrer_id"].fillna("") != ""]
    v = new.groupby("referrer_id").size()
    v.index.name = "referrer_id"
    return v


velocity = referral_velocity(accounts)
fast_referrers = sorted(velocity.index[velocity > VELOCITY_MAX])
velocity.sort_values(ascending=False).head()
'''),
    ],
    "self_referrals": [
        ("also counts a shared IP address as a self-referral (device OR phone OR ip)", '''def self_referrals(accounts):
    # Stuck? Run hint("self_referrals") in a new cell.
    # Write the body: the new accounts that share a device or a phone with their referrer.
    # YOUR CODE HERE
    ref = accounts.set_index("account_id")[["device_id", "phone", "ip"]]
    new = accounts[accounts["new_account"] == 1]
    new = new[new["referrer_id"].isin(ref.index)]
    r = ref.loc[new["referrer_id"]].to_numpy()
    same = ((new["device_id"].to_numpy() == r[:, 0]) | (new["phone"].to_numpy() == r[:, 1])
            | (new["ip"].to_numpy() == r[:, 2]))
    return sorted(new.loc[same, "account_id"].astype(str))


self_referred = self_referrals(accounts)
print(f"{len(self_referred)} self-referrals")
'''),
        ("requires the same device AND the same phone, so a self-referral on a second phone number (same device) or a second device (same number) is missed", '''def self_referrals(accounts):
    # Stuck? Run hint("self_referrals") in a new cell.
    # Write the body: the new accounts that share a device or a phone with their referrer.
    # YOUR CODE HERE
    ref = accounts.set_index("account_id")[["device_id", "phone"]]
    new = accounts[accounts["new_account"] == 1]
    new = new[new["referrer_id"].isin(ref.index)]
    r = ref.loc[new["referrer_id"]].to_numpy()
    same = (new["device_id"].to_numpy() == r[:, 0]) & (new["phone"].to_numpy() == r[:, 1])
    return sorted(new.loc[same, "account_id"].astype(str))


self_referred = self_referrals(accounts)
print(f"{len(self_referred)} self-referrals")
'''),
    ],
    "fraud_loss": [
        ("adds up the three rules' losses as the total loss, so a reward flagged by two rules is counted twice", '''def fraud_loss(accounts, ring_members, self_referred, fast_referrers):
    # Stuck? Run hint("fraud_loss") in a new cell.
    # Write the body: return {"flagged": [...], "loss": ..., "by_rule": {"rings": ..., "self_referral": ..., "velocity": ...}}.
    # YOUR CODE HERE
    new = accounts[accounts["new_account"] == 1].set_index("account_id")
    rings_set = set(map(str, ring_members)) & set(new.index)
    self_set = set(map(str, self_referred)) & set(new.index)
    vel_set = set(new.index[new["referrer_id"].isin(list(fast_referrers))])
    by_rule = {"rings": float(new.loc[sorted(rings_set), "reward_paid"].sum()),
               "self_referral": float(new.loc[sorted(self_set), "reward_paid"].sum()),
               "velocity": float(new.loc[sorted(vel_set), "reward_paid"].sum())}
    flagged = sorted(rings_set | self_set | vel_set)
    return {"flagged": flagged, "loss": sum(by_rule.values()), "by_rule": by_rule}


if (ready("find_rings", "rings", what="The loss") and ready("self_referrals", "self_referred", what="The loss")
        and ready("referral_velocity", "fast_referrers", what="The loss")):
    fraud = fraud_loss(accounts, rings.index, self_referred, fast_referrers)
    print(f"{len(fraud['flagged'])} new accounts flagged; loss RMB {fraud['loss']:,.0f}; by rule:", fraud["by_rule"])
'''),
        ("keeps the ring members that are existing customers (the referrers) among the flagged accounts", '''def fraud_loss(accounts, ring_members, self_referred, fast_referrers):
    # Stuck? Run hint("fraud_loss") in a new cell.
    # Write the body: return {"flagged": [...], "loss": ..., "by_rule": {"rings": ..., "self_referral": ..., "velocity": ...}}.
    # YOUR CODE HERE
    acc = accounts.set_index("account_id")
    rings_set = set(map(str, ring_members))
    self_set = set(map(str, self_referred))
    vel_set = set(acc.index[(acc["new_account"] == 1) & acc["referrer_id"].isin(list(fast_referrers))])
    flagged = sorted(rings_set | self_set | vel_set)
    by_rule = {"rings": float(acc.loc[sorted(rings_set), "reward_paid"].sum()),
               "self_referral": float(acc.loc[sorted(self_set), "reward_paid"].sum()),
               "velocity": float(acc.loc[sorted(vel_set), "reward_paid"].sum())}
    return {"flagged": flagged, "loss": float(acc.loc[flagged, "reward_paid"].sum()), "by_rule": by_rule}


if (ready("find_rings", "rings", what="The loss") and ready("self_referrals", "self_referred", what="The loss")
        and ready("referral_velocity", "fast_referrers", what="The loss")):
    fraud = fraud_loss(accounts, rings.index, self_referred, fast_referrers)
    print(f"{len(fraud['flagged'])} new accounts flagged; loss RMB {fraud['loss']:,.0f}; by rule:", fraud["by_rule"])
'''),
    ],
    "fraud_adjusted_cac": [
        ("leaves the rewards paid to the flagged accounts out of the spend (only genuine customers' rewards counted)", '''def fraud_adjusted_cac(accounts, flagged, media_spend):
    # Stuck? Run hint("fraud_adjusted_cac") in a new cell.
    # Write the body: return {"spend": ..., "new_accounts": ..., "genuine": ..., "naive_cac": ..., "adjusted_cac": ...}.
    # YOUR CODE HERE
    new = accounts[accounts["new_account"] == 1]
    fl = set(map(str, flagged))
    genuine = new[~new["account_id"].isin(fl)]
    spend = float(media_spend) + float(genuine["reward_paid"].sum())
    return {"spend": spend, "new_accounts": len(new), "genuine": len(genuine),
            "naive_cac": spend / len(new), "adjusted_cac": spend / len(genuine)}


if ready("fraud_loss", "fraud", what="The CAC"):
    cac = fraud_adjusted_cac(accounts, fraud["flagged"], MEDIA_SPEND)
    display(pd.Series(cac).round(1))
'''),
        ("counts every row of accounts as a new account (the existing customers who shared a link included)", '''def fraud_adjusted_cac(accounts, flagged, media_spend):
    # Stuck? Run hint("fraud_adjusted_cac") in a new cell.
    # Write the body: return {"spend": ..., "new_accounts": ..., "genuine": ..., "naive_cac": ..., "adjusted_cac": ...}.
    # YOUR CODE HERE
    fl = set(map(str, flagged))
    spend = float(media_spend) + float(accounts["reward_paid"].sum())
    n_new = len(accounts)
    genuine = n_new - int(accounts["account_id"].isin(fl).sum())
    return {"spend": spend, "new_accounts": n_new, "genuine": genuine,
            "naive_cac": spend / n_new, "adjusted_cac": spend / genuine}


if ready("fraud_loss", "fraud", what="The CAC"):
    cac = fraud_adjusted_cac(accounts, fraud["flagged"], MEDIA_SPEND)
    display(pd.Series(cac).round(1))
'''),
    ],
    "coupon_cap": [
        ("computes the loss avoided per user capped (value x users above the cap) instead of per redemption refused", '''def coupon_cap(redemptions, value, max_cap):
    # Stuck? Run hint("coupon_cap") in a new cell.
    # Write the body: one row per cap n = 1..max_cap with paid, avoided, users_capped and share_within.
    # YOUR CODE HERE
    r = redemptions.groupby("user_id").size()
    rows = []
    for n in range(1, max_cap + 1):
        capped = int((r > n).sum())
        rows.append({"cap": n, "paid": value * r.clip(upper=n).sum(), "avoided": value * capped,
                     "users_capped": capped, "share_within": float((r <= n).mean())})
    return pd.DataFrame(rows).set_index("cap")


caps = coupon_cap(redemptions, COUPON_VALUE, MAX_CAP)
chosen_cap = int(caps.index[caps["share_within"] >= KEEP_SHARE][0])
caps.head()
'''),
        ("share_within counts the users with FEWER than n redemptions (r < n) instead of at most n", '''def coupon_cap(redemptions, value, max_cap):
    # Stuck? Run hint("coupon_cap") in a new cell.
    # Write the body: one row per cap n = 1..max_cap with paid, avoided, users_capped and share_within.
    # YOUR CODE HERE
    r = redemptions.groupby("user_id").size()
    rows = []
    for n in range(1, max_cap + 1):
        rows.append({"cap": n, "paid": value * r.clip(upper=n).sum(), "avoided": value * (r - n).clip(lower=0).sum(),
                     "users_capped": int((r > n).sum()), "share_within": float((r < n).mean())})
    return pd.DataFrame(rows).set_index("cap")


caps = coupon_cap(redemptions, COUPON_VALUE, MAX_CAP)
chosen_cap = int(caps.index[caps["share_within"] >= KEEP_SHARE][0])
caps.head()
'''),
    ],
}
