"""Wrong answers written independently from the trainee release of 04_campaign_fraud."""
LESSON = "04_compliance/04_campaign_fraud"

_GRAPH_TAIL = '''


graph = identifier_graph(accounts, K, PUBLIC)
print(f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
'''
_RINGS_TAIL = '''


if ready("identifier_graph", "graph", what="The ring table"):
    rings = find_rings(graph, accounts["account_id"])
    display(rings.value_counts().head())
'''
_VEL_TAIL = '''


velocity = referral_velocity(accounts)
fast_referrers = sorted(velocity.index[velocity > VELOCITY_MAX])
velocity.sort_values(ascending=False).head()
'''
_SELF_TAIL = '''


self_referred = self_referrals(accounts)
print(f"{len(self_referred)} self-referrals")
'''
_LOSS_TAIL = '''


if (ready("find_rings", "rings", what="The loss") and ready("self_referrals", "self_referred", what="The loss")
        and ready("referral_velocity", "fast_referrers", what="The loss")):
    fraud = fraud_loss(accounts, rings.index, self_referred, fast_referrers)
    print(f"{len(fraud['flagged'])} new accounts flagged; loss RMB {fraud['loss']:,.0f}; by rule:", fraud["by_rule"])
'''
_CAC_TAIL = '''


if ready("fraud_loss", "fraud", what="The CAC"):
    cac = fraud_adjusted_cac(accounts, fraud["flagged"], MEDIA_SPEND)
    display(pd.Series(cac).round(1))
'''
_CAP_TAIL = '''


caps = coupon_cap(redemptions, COUPON_VALUE, MAX_CAP)
chosen_cap = int(caps.index[caps["share_within"] >= KEEP_SHARE][0])
caps.head()
'''

MISTAKES = {
    "identifier_graph": [
        ("drops every identifier used by more than max_share accounts, devices and phones too (a count rule for all types)", '''def identifier_graph(accounts, max_share, public=()):
    g = nx.Graph()
    g.add_nodes_from(accounts["account_id"])
    public = set(public)
    for col, kind in (("device_id", "device"), ("ip", "ip"), ("phone", "phone")):
        users = accounts.groupby(col)["account_id"].nunique()
        for acc, v in zip(accounts["account_id"], accounts[col], strict=True):
            name = f"{kind}:{v}"
            if name in public or users[v] > max_share:
                continue
            g.add_edge(acc, name)
    return g
''' + _GRAPH_TAIL),
        ("drops an IP address used by max_share accounts or more (>=) instead of only above max_share", '''def identifier_graph(accounts, max_share, public=()):
    g = nx.Graph()
    g.add_nodes_from(accounts["account_id"])
    public = set(public)
    ip_users = accounts.groupby("ip")["account_id"].nunique()
    for col, kind in (("device_id", "device"), ("ip", "ip"), ("phone", "phone")):
        for acc, v in zip(accounts["account_id"], accounts[col], strict=True):
            name = f"{kind}:{v}"
            if name in public:
                continue
            if kind == "ip" and ip_users[v] >= max_share:
                continue
            g.add_edge(acc, name)
    return g
''' + _GRAPH_TAIL),
    ],
    "find_rings": [
        ("keeps components with at least two NODES (an account and its own device count as a ring)", '''def find_rings(graph, account_ids):
    ids = set(account_ids)
    out = {}
    for comp in nx.connected_components(graph):
        if len(comp) < 2:
            continue
        accs = sorted(n for n in comp if n in ids)
        if not accs:
            continue
        for a in accs:
            out[a] = accs[0]
    s = pd.Series(out, name="ring_id", dtype=object)
    s.index.name = "account_id"
    return s
''' + _RINGS_TAIL),
        ("names each ring by the first account networkx yields from the component set, not its smallest account id", '''def find_rings(graph, account_ids):
    ids = set(account_ids)
    out = {}
    for comp in nx.connected_components(graph):
        accs = [n for n in comp if n in ids]
        if len(accs) < 2:
            continue
        for a in accs:
            out[a] = accs[0]
    s = pd.Series(out, name="ring_id", dtype=object)
    s.index.name = "account_id"
    return s
''' + _RINGS_TAIL),
    ],
    "referral_velocity": [
        ("counts the sign-ups per calendar day and takes the busiest day, instead of a rolling 24 hours", '''def referral_velocity(accounts, window="24h"):
    new = accounts[accounts["referrer_id"] != ""]
    per_day = new.groupby(["referrer_id", new["signed_up_at"].dt.date]).size()
    return per_day.groupby(level=0).max().rename("velocity")
''' + _VEL_TAIL),
        ("rolls with closed='both', so two sign-ups exactly 24 hours apart fall in one window ([t - 24 h, t])", '''def referral_velocity(accounts, window="24h"):
    new = accounts[accounts["referrer_id"] != ""].sort_values("signed_up_at")
    out = {}
    for r, grp in new.groupby("referrer_id"):
        s = pd.Series(1.0, index=pd.DatetimeIndex(grp["signed_up_at"]))
        out[r] = int(s.rolling(window, closed="both").count().max())
    v = pd.Series(out, name="velocity")
    v.index.name = "referrer_id"
    return v
''' + _VEL_TAIL),
    ],
    "self_referrals": [
        ("also counts a shared IP address as a self-referral (device OR phone OR IP)", '''def self_referrals(accounts):
    new = accounts[accounts["referrer_id"] != ""]
    ref = accounts.set_index("account_id")[["device_id", "phone", "ip"]]
    m = new.join(ref, on="referrer_id", rsuffix="_ref")
    same = ((m["device_id"] == m["device_id_ref"]) | (m["phone"] == m["phone_ref"]) | (m["ip"] == m["ip_ref"]))
    return sorted(m.loc[same, "account_id"].tolist())
''' + _SELF_TAIL),
        ("requires the same device AND the same phone (both), instead of either", '''def self_referrals(accounts):
    new = accounts[accounts["referrer_id"] != ""]
    ref = accounts.set_index("account_id")[["device_id", "phone"]]
    m = new.join(ref, on="referrer_id", rsuffix="_ref")
    same = (m["device_id"] == m["device_id_ref"]) & (m["phone"] == m["phone_ref"])
    return sorted(m.loc[same, "account_id"].tolist())
''' + _SELF_TAIL),
    ],
    "fraud_loss": [
        ("reports the loss as the sum of the three rules' losses, so an account caught by two rules is counted twice", '''def fraud_loss(accounts, ring_members, self_referred, fast_referrers):
    new = accounts[accounts["new_account"] == 1].set_index("account_id")
    reward = new["reward_paid"].astype(float)
    ring = set(map(str, ring_members)) & set(new.index)
    selfr = set(map(str, self_referred)) & set(new.index)
    fast = set(new.index[new["referrer_id"].isin(list(fast_referrers))])
    by_rule = {"rings": float(reward.loc[sorted(ring)].sum()), "self_referral": float(reward.loc[sorted(selfr)].sum()),
               "velocity": float(reward.loc[sorted(fast)].sum())}
    flagged = sorted(ring | selfr | fast)
    return {"flagged": flagged, "loss": sum(by_rule.values()), "by_rule": by_rule}
''' + _LOSS_TAIL),
        ("flags every ring member, existing customers (referrers) included, not only the new accounts", '''def fraud_loss(accounts, ring_members, self_referred, fast_referrers):
    acc = accounts.set_index("account_id")
    reward = acc["reward_paid"].astype(float)
    ring = set(map(str, ring_members)) & set(acc.index)
    selfr = set(map(str, self_referred)) & set(acc.index)
    fast = set(acc.index[acc["referrer_id"].isin(list(fast_referrers))])
    flagged = sorted(ring | selfr | fast)
    by_rule = {"rings": float(reward.loc[sorted(ring)].sum()), "self_referral": float(reward.loc[sorted(selfr)].sum()),
               "velocity": float(reward.loc[sorted(fast)].sum())}
    return {"flagged": flagged, "loss": float(reward.loc[flagged].sum()), "by_rule": by_rule}
''' + _LOSS_TAIL),
    ],
    "fraud_adjusted_cac": [
        ("leaves the rewards paid to flagged accounts out of the spend (counts only the genuine customers' rewards)", '''def fraud_adjusted_cac(accounts, flagged, media_spend):
    new = accounts[accounts["new_account"] == 1]
    genuine_rows = new[~new["account_id"].isin(list(flagged))]
    spend = float(media_spend) + float(genuine_rows["reward_paid"].sum())
    n_new = int(len(new))
    genuine = int(len(genuine_rows))
    return {"spend": spend, "new_accounts": n_new, "genuine": genuine, "naive_cac": spend / n_new,
            "adjusted_cac": spend / genuine}
''' + _CAC_TAIL),
        ("counts every account of the campaign (the referring customers too) as a new account in the naive CAC and the genuine count", '''def fraud_adjusted_cac(accounts, flagged, media_spend):
    new = accounts[accounts["new_account"] == 1]
    spend = float(media_spend) + float(new["reward_paid"].sum())
    n_new = int(len(accounts))
    genuine = int((~accounts["account_id"].isin(list(flagged))).sum())
    return {"spend": spend, "new_accounts": n_new, "genuine": genuine, "naive_cac": spend / n_new,
            "adjusted_cac": spend / genuine}
''' + _CAC_TAIL),
    ],
    "coupon_cap": [
        ("prices the loss avoided per user capped (one coupon per capped user), not per redemption refused", '''def coupon_cap(redemptions, value, max_cap):
    r = redemptions.groupby("user_id").size()
    rows = []
    for n in range(1, max_cap + 1):
        capped = int((r > n).sum())
        avoided = value * capped
        rows.append({"cap": n, "paid": value * len(redemptions) - avoided, "avoided": avoided,
                     "users_capped": capped, "share_within": float((r <= n).mean())})
    return pd.DataFrame(rows).set_index("cap")
''' + _CAP_TAIL),
        ("share_within counts users strictly below the cap (r < n), so a user exactly at the cap counts as capped", '''def coupon_cap(redemptions, value, max_cap):
    r = redemptions.groupby("user_id").size()
    rows = []
    for n in range(1, max_cap + 1):
        rows.append({"cap": n, "paid": value * float(np.minimum(r, n).sum()),
                     "avoided": value * float(np.maximum(r - n, 0).sum()),
                     "users_capped": int((r >= n).sum()), "share_within": float((r < n).mean())})
    return pd.DataFrame(rows).set_index("cap")
''' + _CAP_TAIL),
    ],
}
