"""Typical mistakes of lesson 04_compliance/04_campaign_fraud (see the exercise registry)."""

LESSON = "04_compliance/04_campaign_fraud"

MISTAKES = {
    # the blanket count rule: devices and phones above K dropped too, so a device farm disappears
    "identifier_graph": [('drop = node.isin(public) | ((kind == "ip") & (users > max_share))',
                          'drop = node.isin(public) | (users > max_share)')],
    # rings numbered in networkx's order instead of named by their smallest account id
    "find_rings": [("ring_of.update(dict.fromkeys(members, members[0]))",
                    "ring_of.update(dict.fromkeys(members, len(set(ring_of.values()))))")],
    # sign-ups per calendar day instead of a rolling 24 h
    "referral_velocity": [('counts = new.set_index("signed_up_at").groupby("referrer_id")["account_id"].rolling(window).count()',
                           'counts = new.groupby(["referrer_id", new["signed_up_at"].dt.date])["account_id"].count()')],
    # a shared IP taken for the same person
    "self_referrals": [('same = (pairs["device_id"] == pairs["device_id_ref"]) | (pairs["phone"] == pairs["phone_ref"])',
                        'same = (pairs["device_id"] == pairs["device_id_ref"]) | (pairs["phone"] == pairs["phone_ref"]) '
                        '| (pairs["ip"] == pairs["ip_ref"])')],
    # the rules' losses added up: overlapping rewards counted twice
    "fraud_loss": [("loss = float(new.loc[new.index.isin(flagged), \"reward_paid\"].sum())",
                    "loss = float(sum(by_rule.values()))")],
    # rewards paid to fraud left out of the spend
    "fraud_adjusted_cac": [('spend = float(media_spend + new["reward_paid"].sum())',
                            'spend = float(media_spend + new.loc[~new["account_id"].isin(flagged), "reward_paid"].sum())')],
    # loss avoided per account over the cap, not per redemption refused
    "coupon_cap": [('"avoided": value * float(np.maximum(per_user - n, 0).sum()),',
                    '"avoided": value * float((per_user > n).sum()),')],
}
