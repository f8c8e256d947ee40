"""Wrong answers written independently from the trainee release of 04_compliance/03_contact_consent."""
LESSON = "04_compliance/03_contact_consent"
MISTAKES = {
    "outside_window": [
        ("treats the end of the window as inclusive (time > end instead of time >= end): a call starting at 21:00 exactly is counted as inside", '''def outside_window(contacts, start="09:00", end="21:00"):
    # Stuck? Run hint("outside_window") in a new cell.
    # Write the body: True for a call starting before `start` or at/after `end`; False for every SMS.
    # YOUR CODE HERE
    t = contacts["started_at"].dt.strftime("%H:%M")
    is_call = contacts["channel"] == "call"
    return pd.Series((is_call & ((t < start) | (t > end))).astype(bool).to_numpy(), index=contacts.index)


window = outside_window(contacts, WINDOW_START, WINDOW_END)
print(f"{int(window.sum()):,} calls outside {WINDOW_START}-{WINDOW_END} ({window[calls].mean():.1%} of the calls).")
'''),
        ("judges the call by its END time (ended_at) instead of its start time", '''def outside_window(contacts, start="09:00", end="21:00"):
    # Stuck? Run hint("outside_window") in a new cell.
    # Write the body: True for a call starting before `start` or at/after `end`; False for every SMS.
    # YOUR CODE HERE
    t = contacts["ended_at"].dt.strftime("%H:%M")
    is_call = (contacts["channel"] == "call").to_numpy(bool)
    out = ((t < start) | (t >= end)).fillna(False).to_numpy(bool)
    return pd.Series(is_call & out, index=contacts.index)


window = outside_window(contacts, WINDOW_START, WINDOW_END)
print(f"{int(window.sum()):,} calls outside {WINDOW_START}-{WINDOW_END} ({window[calls].mean():.1%} of the calls).")
'''),
    ],
    "dnc_violations": [
        ("uses 6 x 30 = 180 days instead of 6 calendar months (pd.DateOffset(months=6)) for the do-not-call period", '''def dnc_violations(contacts, months=6):
    # Stuck? Run hint("dnc_violations") in a new cell.
    # Write the body: match every call with the customer's latest earlier refusal, flag those before its end day.
    # YOUR CODE HERE
    c = contacts[contacts["channel"] == "call"].copy()
    c["_row"] = c.index
    ref = c.loc[c["outcome"] == "refused", ["customer_id", "started_at"]].rename(columns={"started_at": "refused_at"})
    m = pd.merge_asof(c.sort_values("started_at"), ref.sort_values("refused_at"), left_on="started_at",
                      right_on="refused_at", by="customer_id", direction="backward", allow_exact_matches=False)
    end = m["refused_at"].dt.normalize() + pd.Timedelta(days=30 * months)
    hit = m["refused_at"].notna() & (m["started_at"] < end)
    out = pd.Series(False, index=contacts.index)
    out.loc[m.loc[hit.to_numpy(bool), "_row"]] = True
    return out


dnc = dnc_violations(contacts, DNC_MONTHS)
print(f"{int(dnc.sum()):,} calls within {DNC_MONTHS} months of the customer's refusal.")
'''),
        ("counts the end day itself as inside the period (call day <= refusal date + 6 months): a call exactly on the end day is flagged", '''def dnc_violations(contacts, months=6):
    # Stuck? Run hint("dnc_violations") in a new cell.
    # Write the body: match every call with the customer's latest earlier refusal, flag those before its end day.
    # YOUR CODE HERE
    c = contacts[contacts["channel"] == "call"].copy()
    c["_row"] = c.index
    ref = c.loc[c["outcome"] == "refused", ["customer_id", "started_at"]].rename(columns={"started_at": "refused_at"})
    m = pd.merge_asof(c.sort_values("started_at"), ref.sort_values("refused_at"), left_on="started_at",
                      right_on="refused_at", by="customer_id", direction="backward", allow_exact_matches=False)
    end = m["refused_at"].dt.normalize() + pd.DateOffset(months=months)
    hit = m["refused_at"].notna() & (m["started_at"].dt.normalize() <= end)
    out = pd.Series(False, index=contacts.index)
    out.loc[m.loc[hit.to_numpy(bool), "_row"]] = True
    return out


dnc = dnc_violations(contacts, DNC_MONTHS)
print(f"{int(dnc.sum()):,} calls within {DNC_MONTHS} months of the customer's refusal.")
'''),
    ],
    "consent_valid": [
        ("lets the consent run through the day of the withdrawal (contact day <= withdrawn_on): a contact on the withdrawal day still counts as consented", '''def consent_valid(contacts, consents, purpose="marketing"):
    # Stuck? Run hint("consent_valid") in a new cell.
    # Write the body: merge contacts with the customer's records of `purpose`, keep the records valid on the day.
    # YOUR CODE HERE
    k = contacts[["customer_id", "channel", "started_at"]].copy()
    k["_row"] = np.arange(len(k))
    k["day"] = k["started_at"].dt.normalize()
    c = consents[consents["purpose"] == purpose].rename(columns={"channel": "c_channel"})
    m = k.merge(c, on="customer_id", how="inner")
    ok = ((m["c_channel"] == m["channel"]) | (m["c_channel"] == "all")).fillna(False).to_numpy(bool)
    ok = ok & (m["granted_on"] <= m["day"]).fillna(False).to_numpy(bool)
    ok = ok & (m["withdrawn_on"].isna() | (m["day"] <= m["withdrawn_on"])).fillna(False).to_numpy(bool)
    good = set(m.loc[ok, "_row"])
    return pd.Series([i in good for i in range(len(k))], index=contacts.index)


no_consent = ~consent_valid(contacts, consents)
print(f"{int(no_consent.sum()):,} contacts without a valid marketing consent ({no_consent.mean():.1%}).")
'''),
        ("ignores the channel: any marketing consent of the customer (call or sms) is taken to cover every contact", '''def consent_valid(contacts, consents, purpose="marketing"):
    # Stuck? Run hint("consent_valid") in a new cell.
    # Write the body: merge contacts with the customer's records of `purpose`, keep the records valid on the day.
    # YOUR CODE HERE
    k = contacts[["customer_id", "started_at"]].copy()
    k["_row"] = np.arange(len(k))
    k["day"] = k["started_at"].dt.normalize()
    c = consents[consents["purpose"] == purpose]
    m = k.merge(c, on="customer_id", how="inner")
    ok = (m["granted_on"] <= m["day"]).fillna(False).to_numpy(bool)
    ok = ok & (m["withdrawn_on"].isna() | (m["day"] < m["withdrawn_on"])).fillna(False).to_numpy(bool)
    good = set(m.loc[ok, "_row"])
    return pd.Series([i in good for i in range(len(k))], index=contacts.index)


no_consent = ~consent_valid(contacts, consents)
print(f"{int(no_consent.sum()):,} contacts without a valid marketing consent ({no_consent.mean():.1%}).")
'''),
    ],
    "missing_optout": [
        ("searches the raw text without NFKC normalisation, so an opt-out typed with full-width letters (回复ＴＤ退订) is missed", '''def missing_optout(contacts, patterns):
    # Stuck? Run hint("missing_optout") in a new cell.
    # Write the body: normalise the texts, search the patterns, flag the SMS where none matches.
    # YOUR CODE HERE
    regs = [re.compile(p, re.IGNORECASE) for p in patterns]
    flags = []
    for ch, txt in zip(contacts["channel"], contacts["sms_text"].fillna("")):
        if ch != "sms":
            flags.append(False)
            continue
        flags.append(not any(r.search(str(txt)) for r in regs))
    return pd.Series(flags, index=contacts.index)


no_optout = missing_optout(contacts, PATTERNS)
print(f"{int(no_optout.sum()):,} marketing SMS without an accepted opt-out ({no_optout[~calls].mean():.1%} of the SMS).")
'''),
        ("normalises but searches case-sensitively, so 回复td退订 (lower case) is taken as no opt-out", '''def missing_optout(contacts, patterns):
    # Stuck? Run hint("missing_optout") in a new cell.
    # Write the body: normalise the texts, search the patterns, flag the SMS where none matches.
    # YOUR CODE HERE
    regs = [re.compile(p) for p in patterns]
    flags = []
    for ch, txt in zip(contacts["channel"], contacts["sms_text"].fillna("")):
        if ch != "sms":
            flags.append(False)
            continue
        t = unicodedata.normalize("NFKC", str(txt))
        flags.append(not any(r.search(t) for r in regs))
    return pd.Series(flags, index=contacts.index)


no_optout = missing_optout(contacts, PATTERNS)
print(f"{int(no_optout.sum()):,} marketing SMS without an accepted opt-out ({no_optout[~calls].mean():.1%} of the SMS).")
'''),
    ],
    "pi02_violations": [
        ("requires BOTH a non-personalised option and an easy refusal (the stricter bank policy, not art. 24(2)'s OR)", '''def pi02_violations(contacts, campaigns, personal_consent, no_optout):
    # Stuck? Run hint("pi02_violations") in a new cell.
    # Write the body: look up each contact's campaign; flag personalised ones without consent, or without
    # an option and without an easy refusal (an SMS with an accepted opt-out).
    # YOUR CODE HERE
    camp = campaigns.set_index("campaign_id")
    pers = contacts["campaign_id"].map(camp["personalised"]).fillna(0).astype(int).to_numpy() == 1
    option = contacts["campaign_id"].map(camp["offers_non_personalised_option"]).fillna(0).astype(int).to_numpy() == 1
    consent = np.asarray(personal_consent, dtype=bool)
    refusal = (contacts["channel"].to_numpy() == "sms") & ~np.asarray(no_optout, dtype=bool)
    return pd.Series(pers & (~consent | ~option | ~refusal), index=contacts.index)


if ready("consent_valid", "missing_optout", "no_optout", what="The separate consents"):
    personal_consent = consent_valid(contacts, consents, purpose="personalised")
    pi02 = pi02_violations(contacts, campaigns, personal_consent, no_optout)
    print(f"{int(pi02.sum()):,} contacts break PI-02.")
    display(campaigns.assign(pi02_contacts=campaigns["campaign_id"].map(pi02.groupby(contacts["campaign_id"]).sum()))
            .query("personalised == 1")[["campaign_id", "name_en", "channel", "offers_non_personalised_option",
                                         "pi02_contacts"]])
'''),
        ("takes 'not flagged in no_optout' as an easy refusal for calls too (calls are never flagged there), so a personalised call without the option passes", '''def pi02_violations(contacts, campaigns, personal_consent, no_optout):
    # Stuck? Run hint("pi02_violations") in a new cell.
    # Write the body: look up each contact's campaign; flag personalised ones without consent, or without
    # an option and without an easy refusal (an SMS with an accepted opt-out).
    # YOUR CODE HERE
    camp = campaigns.set_index("campaign_id")
    pers = contacts["campaign_id"].map(camp["personalised"]).fillna(0).astype(int).to_numpy() == 1
    option = contacts["campaign_id"].map(camp["offers_non_personalised_option"]).fillna(0).astype(int).to_numpy() == 1
    consent = np.asarray(personal_consent, dtype=bool)
    refusal = ~np.asarray(no_optout, dtype=bool)
    return pd.Series(pers & (~consent | (~option & ~refusal)), index=contacts.index)


if ready("consent_valid", "missing_optout", "no_optout", what="The separate consents"):
    personal_consent = consent_valid(contacts, consents, purpose="personalised")
    pi02 = pi02_violations(contacts, campaigns, personal_consent, no_optout)
    print(f"{int(pi02.sum()):,} contacts break PI-02.")
    display(campaigns.assign(pi02_contacts=campaigns["campaign_id"].map(pi02.groupby(contacts["campaign_id"]).sum()))
            .query("personalised == 1")[["campaign_id", "name_en", "channel", "offers_non_personalised_option",
                                         "pi02_contacts"]])
'''),
    ],
    "contact_violation_rates": [
        ("counts violations instead of violating contacts: 'violating' is the sum of the rule flags, so a contact breaking two rules counts twice", '''def contact_violation_rates(flags, groups):
    # Stuck? Run hint("contact_violation_rates") in a new cell.
    # Write the body: per group, the contacts, the violating contacts (any rule), the rate, its interval, the rule counts.
    # YOUR CODE HERE
    f = flags.astype(int).reset_index(drop=True)
    g = pd.Series(np.asarray(groups), name="group")
    out = pd.DataFrame({"contacts": f.groupby(g).size(), "violating": f.sum(axis=1).groupby(g).sum()})
    out["rate"] = out["violating"] / out["contacts"]
    lo, hi = proportion_confint(out["violating"], out["contacts"], alpha=0.05, method="wilson")
    out["ci_low"], out["ci_high"] = lo, hi
    return out.join(f.groupby(g).sum())


if ready("pi02_violations", "flags", function=None, what="The rate tables"):
    by_maker = contact_violation_rates(flags, contacts["made_by"])
    by_channel = contact_violation_rates(flags, contacts["channel"])
    display(by_maker.round(3), by_channel.round(3))
'''),
        ("uses the normal-approximation (Wald) interval instead of the Wilson interval", '''def contact_violation_rates(flags, groups):
    # Stuck? Run hint("contact_violation_rates") in a new cell.
    # Write the body: per group, the contacts, the violating contacts (any rule), the rate, its interval, the rule counts.
    # YOUR CODE HERE
    f = flags.astype(int).reset_index(drop=True)
    g = pd.Series(np.asarray(groups), name="group")
    out = pd.DataFrame({"contacts": f.groupby(g).size(), "violating": f.max(axis=1).groupby(g).sum()})
    out["rate"] = out["violating"] / out["contacts"]
    lo, hi = proportion_confint(out["violating"], out["contacts"], alpha=0.05, method="normal")
    out["ci_low"], out["ci_high"] = lo, hi
    return out.join(f.groupby(g).sum())


if ready("pi02_violations", "flags", function=None, what="The rate tables"):
    by_maker = contact_violation_rates(flags, contacts["made_by"])
    by_channel = contact_violation_rates(flags, contacts["channel"])
    display(by_maker.round(3), by_channel.round(3))
'''),
    ],
    "fix_effect": [
        ("'freed' counts every contact breaking the rule (the raw count again), not the contacts whose ONLY violation it is", '''def fix_effect(flags):
    # Stuck? Run hint("fix_effect") in a new cell.
    # Write the body: per rule, the raw violations and the contacts whose only violation it is.
    # YOUR CODE HERE
    f = flags.astype(bool)
    out = pd.DataFrame({"violations": f.sum().astype(int), "freed": (f & f.any(axis=1).to_numpy()[:, None]).sum().astype(int)})
    return out.sort_values("freed", ascending=False)


if ready("pi02_violations", "flags", function=None, what="The effect table"):
    effect = fix_effect(flags)
    display(effect)
'''),
        ("computes 'freed' correctly but sorts the table ascending (smallest effect first)", '''def fix_effect(flags):
    # Stuck? Run hint("fix_effect") in a new cell.
    # Write the body: per rule, the raw violations and the contacts whose only violation it is.
    # YOUR CODE HERE
    f = flags.astype(bool)
    only = f[f.sum(axis=1) == 1]
    out = pd.DataFrame({"violations": f.sum().astype(int), "freed": only.sum().astype(int)})
    return out.sort_values("freed")


if ready("pi02_violations", "flags", function=None, what="The effect table"):
    effect = fix_effect(flags)
    display(effect)
'''),
    ],
}
