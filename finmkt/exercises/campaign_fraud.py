"""Exercises of lesson 04_compliance/04_campaign_fraud (营销活动反欺诈)."""

from finmkt.exercises import exercise

LESSON = "04_compliance/04_campaign_fraud"

exercise(
    "identifier_graph", LESSON, "Account-identifier graph (账户-设备关联图谱)",
    hints=[
        "The graph is bipartite: one node per account (its account_id) and one node per identifier, named "
        "'device:<device_id>', 'ip:<ip>' and 'phone:<phone>', with an edge between an account and each of its "
        "identifiers. Start with nx.Graph() and add every account as a node first (an account whose identifiers "
        "are all dropped is still an account).",
        "Two ways to be public, and only two. By id: the register (public) lists the node names the anti-fraud "
        "team has checked, such as 'device:<the branch tablet>'; build each row's node name (kind + ':' + value) "
        "and drop those in the register. By type: an IP address is shared by nature (a carrier's NAT, a campus "
        "Wi-Fi), so an IP used by more than max_share distinct accounts is dropped (groupby on the column, then "
        "transform('nunique') gives the count on every row).",
        "A device or a phone is never dropped for its count: twenty accounts on one device not on the register is "
        "what a device farm looks like. Add the kept edges with g.add_edges_from(zip(account_ids, node_names)), one "
        "identifier column at a time.",
    ],
    mistake="Dropping every identifier used by more than K accounts, devices included: a device farm that opened "
            "more than K accounts on one device disappears from the graph instead of showing up as a ring.",
    points=3,
)

exercise(
    "find_rings", LESSON, "Fraud rings as connected components (团伙识别：连通分量)",
    hints=[
        "nx.connected_components(graph) yields each component as a set of nodes, accounts and identifiers mixed; "
        "keep only the account nodes of each (intersect with the set of account ids).",
        "A ring needs at least two accounts: a component with one account is a customer with their own device, "
        "IP and phone, not a ring.",
        "The course's ring id is the smallest account id of the ring (sorted(members)[0]): it does not change "
        "when the graph is rebuilt or the components come out in another order, so yesterday's ring A001398 is "
        "today's. Return a Series indexed by account_id with the ring_id as values.",
    ],
    mistake="Numbering the rings 0, 1, 2, ... in the order networkx returns them instead of naming each by its "
            "smallest account id, so a ring's id changes from one run to the next.",
    points=3,
)

exercise(
    "referral_velocity", LESSON, "Referral velocity in a rolling 24 h (邀请频次：滚动24小时)",
    hints=[
        "Velocity is about one referrer: take the new accounts (a non-empty referrer_id), sorted by signed_up_at, "
        "and count each referrer's sign-ups in a window that slides with time.",
        "pandas does time windows directly: with signed_up_at as the index, "
        "groupby('referrer_id')['account_id'].rolling('24h').count() gives, at each sign-up, the referrer's "
        "sign-ups in the 24 hours up to it.",
        "The referrer's velocity is the maximum of those counts (groupby(level=0).max()). A calendar day is not a "
        "24-hour window: a burst from 21:40 to 02:20 is split in two days and each half looks harmless.",
    ],
    mistake="Counting sign-ups per calendar day, so a night-time burst that straddles midnight is split in two "
            "halves below the threshold.",
    points=2,
)

exercise(
    "self_referrals", LESSON, "Self-referral (自己邀请自己)",
    hints=[
        "A self-referral is a new account whose referrer may be the same person: put each new account beside its "
        "referrer's row (merge the table with itself on referrer_id = account_id, with suffixes).",
        "The flag is the same device or the same phone number (a lead for review: a family can share a device). "
        "An IP address is not a person: classmates on the campus Wi-Fi or strangers behind a carrier's NAT share one.",
        "Flag the new accounts whose device_id equals the referrer's device_id or whose phone equals the "
        "referrer's phone, and return their account ids, sorted.",
    ],
    mistake="Also flagging a referrer and a friend who merely share an IP address (classmates on the campus Wi-Fi, "
            "strangers behind the same carrier NAT).",
    points=2,
)

exercise(
    "fraud_loss", LESSON, "Campaign loss from fraud (欺诈损失)",
    hints=[
        "An account is flagged when at least one rule flags it: it is in a ring, it is a self-referral, or its "
        "referrer is above the velocity threshold. Take the union of the three sets and keep the new accounts "
        "(existing customers were paid nothing for signing up).",
        "The rules overlap: a self-referral is also a 2-account ring. Each reward was paid once, so it is lost "
        "once, however many rules catch it.",
        "loss = the sum of reward_paid over the flagged new accounts (the union), not the sum of the three rules' "
        "losses; keep those per-rule losses in by_rule only to compare the rules.",
    ],
    mistake="Adding up the three rules' losses, which counts a reward twice when two rules flag the same account.",
    points=2,
)

exercise(
    "fraud_adjusted_cac", LESSON, "Fraud-adjusted CAC (剔除欺诈后的获客成本)",
    hints=[
        "Spend is what the campaign cost: its media and operating spend plus every reward it paid, including the "
        "rewards that went to fraud (that money is gone).",
        "The naive CAC divides the spend by all new accounts; the fraud-adjusted CAC divides the same spend by the "
        "genuine new customers only (new accounts not flagged).",
        "Return a dict with spend, new_accounts, genuine, naive_cac and adjusted_cac. adjusted / naive = new "
        "accounts / genuine, always at least 1.",
    ],
    mistake="Leaving the rewards paid to fraud out of the spend, which makes the adjusted CAC look better than the "
            "campaign really was.",
    points=2,
)

exercise(
    "coupon_cap", LESSON, "Per-user cap of a coupon (单用户领取上限)",
    hints=[
        "Count the redemptions per user first (groupby user_id, size): the cap acts on each user's count.",
        "Under a cap of n, a user with r redemptions gets min(r, n) and the bank saves max(r - n, 0) redemptions "
        "of the coupon's value: the saving is per redemption refused, not per user capped.",
        "Build one row per cap n = 1..max_cap with paid, avoided (both in RMB), users_capped and share_within (the "
        "share of users with r <= n); then chosen_cap is the first n whose share_within reaches the rule's share.",
    ],
    mistake="Counting the loss avoided per account capped (the coupon's value once per user over the cap) instead "
            "of per redemption refused.",
    points=2,
)
