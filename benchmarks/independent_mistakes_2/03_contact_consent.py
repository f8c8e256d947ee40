"""Wrong answers written independently from the trainee release of 03_contact_consent."""
LESSON = "04_compliance/03_contact_consent"

_DNC_TAIL = '''

dnc = dnc_violations(contacts, DNC_MONTHS)
print(f"{int(dnc.sum()):,} calls within {DNC_MONTHS} months of the customer's refusal.")
'''
_CONSENT_TAIL = '''

no_consent = ~consent_valid(contacts, consents)
print(f"{int(no_consent.sum()):,} contacts without a valid marketing consent ({no_consent.mean():.1%}).")
'''
_OPTOUT_TAIL = '''

no_optout = missing_optout(contacts, PATTERNS)
print(f"{int(no_optout.sum()):,} marketing SMS without an accepted opt-out ({no_optout[~calls].mean():.1%} of the SMS).")
'''
_PI02_TAIL = '''

if ready("consent_valid", "missing_optout", "no_optout", what="The separate consents"):
    personal_consent = consent_valid(contacts, consents, purpose="personalised")
    pi02 = pi02_violations(contacts, campaigns, personal_consent, no_optout)
    print(f"{int(pi02.sum()):,} contacts break PI-02.")
    display(campaigns.assign(pi02_contacts=campaigns["campaign_id"].map(pi02.groupby(contacts["campaign_id"]).sum()))
            .query("personalised == 1")[["campaign_id", "name_en", "channel", "offers_non_personalised_option",
                                         "pi02_contacts"]])
'''
_RATES_TAIL = '''

if ready("pi02_violations", "flags", function=None, what="The rate tables"):
    by_maker = contact_violation_rates(flags, contacts["made_by"])
    by_channel = contact_violation_rates(flags, contacts["channel"])
    display(by_maker.round(3), by_channel.round(3))
'''
_FIX_TAIL = '''

if ready("pi02_violations", "flags", function=None, what="The effect table"):
    effect = fix_effect(flags)
    display(effect)
'''
_WINDOW_TAIL = '''

window = outside_window(contacts, WINDOW_START, WINDOW_END)
print(f"{int(window.sum()):,} calls outside {WINDOW_START}-{WINDOW_END} ({window[calls].mean():.1%} of the calls).")
'''

MISTAKES = {
    "outside_window": [
        ("also flags a call that starts inside the window but is still running at or after 21:00 (judges the end time too)", '''def outside_window(contacts, start="09:00", end="21:00"):
    is_call = contacts["channel"] == "call"
    t0 = contacts["started_at"].dt.strftime("%H:%M")
    t1 = contacts["ended_at"].dt.strftime("%H:%M").fillna("00:00")
    late_end = (t1 >= end) | (contacts["ended_at"].dt.normalize() > contacts["started_at"].dt.normalize())
    out = (t0 < start) | (t0 >= end) | late_end.fillna(False)
    return (is_call & out).astype(bool)
''' + _WINDOW_TAIL),
        ("uses Series.between(start, end), inclusive at both ends: a call starting at exactly 21:00 counts as inside", '''def outside_window(contacts, start="09:00", end="21:00"):
    is_call = contacts["channel"] == "call"
    hhmm = contacts["started_at"].dt.strftime("%H:%M")
    inside = hhmm.between(start, end)
    return (is_call & ~inside).astype(bool)
''' + _WINDOW_TAIL),
    ],
    "dnc_violations": [
        ("matches each call with the latest refusal of the same customer IN THE SAME CAMPAIGN only (treats a refusal as a no to one script)", '''def dnc_violations(contacts, months=6):
    c = contacts[contacts["channel"] == "call"].copy()
    c["_row"] = c.index
    c = c.sort_values("started_at")
    ref = c.loc[c["outcome"] == "refused", ["customer_id", "campaign_id", "started_at"]].rename(
        columns={"started_at": "refused_at"}).sort_values("refused_at")
    m = pd.merge_asof(c, ref, left_on="started_at", right_on="refused_at", by=["customer_id", "campaign_id"],
                      direction="backward", allow_exact_matches=False)
    end_day = m["refused_at"].dt.normalize() + pd.DateOffset(months=months)
    hit = m["refused_at"].notna() & (m["started_at"] < end_day)
    out = pd.Series(False, index=contacts.index)
    out.loc[m.loc[hit, "_row"]] = True
    return out
''' + _DNC_TAIL),
        ("ends the period at the refusal's timestamp + 6 months instead of the refusal DAY + 6 months: a call on the end day before the refusal's hour is flagged", '''def dnc_violations(contacts, months=6):
    c = contacts[contacts["channel"] == "call"].copy()
    c["_row"] = c.index
    c = c.sort_values("started_at")
    ref = c.loc[c["outcome"] == "refused", ["customer_id", "started_at"]].rename(
        columns={"started_at": "refused_at"}).sort_values("refused_at")
    m = pd.merge_asof(c, ref, left_on="started_at", right_on="refused_at", by="customer_id",
                      direction="backward", allow_exact_matches=False)
    end = m["refused_at"] + pd.DateOffset(months=months)
    hit = m["refused_at"].notna() & (m["started_at"] < end)
    out = pd.Series(False, index=contacts.index)
    out.loc[m.loc[hit, "_row"]] = True
    return out
''' + _DNC_TAIL),
    ],
    "consent_valid": [
        ("keeps the consent valid on the day of the withdrawal (contact day <= withdrawn_on)", '''def consent_valid(contacts, consents, purpose="marketing"):
    k = contacts[["customer_id", "channel", "started_at"]].copy()
    k["_row"] = np.arange(len(k))
    k["_day"] = k["started_at"].dt.normalize()
    c = consents[consents["purpose"] == purpose]
    m = k.merge(c[["customer_id", "channel", "granted_on", "withdrawn_on"]], on="customer_id", how="left",
                suffixes=("", "_consent"))
    ok = ((m["channel_consent"] == m["channel"]) | (m["channel_consent"] == "all")) & (m["granted_on"] <= m["_day"]) & (
        m["withdrawn_on"].isna() | (m["_day"] <= m["withdrawn_on"]))
    valid = ok.groupby(m["_row"]).any()
    return pd.Series(valid.reindex(range(len(k)), fill_value=False).to_numpy(bool), index=contacts.index)
''' + _CONSENT_TAIL),
        ("matches the consent's channel to the contact's channel only, forgetting that channel 'all' covers every channel", '''def consent_valid(contacts, consents, purpose="marketing"):
    k = contacts[["customer_id", "channel", "started_at"]].copy()
    k["_row"] = np.arange(len(k))
    k["_day"] = k["started_at"].dt.normalize()
    c = consents[consents["purpose"] == purpose]
    m = k.merge(c[["customer_id", "channel", "granted_on", "withdrawn_on"]], on=["customer_id", "channel"], how="left")
    ok = (m["granted_on"] <= m["_day"]) & (m["withdrawn_on"].isna() | (m["_day"] < m["withdrawn_on"]))
    valid = ok.groupby(m["_row"]).any()
    return pd.Series(valid.reindex(range(len(k)), fill_value=False).to_numpy(bool), index=contacts.index)
''' + _CONSENT_TAIL),
    ],
    "missing_optout": [
        ("searches the raw text without NFKC normalisation, so full-width ＴＤ or Ｒ are not recognised", '''def missing_optout(contacts, patterns):
    is_sms = contacts["channel"] == "sms"
    texts = contacts["sms_text"].fillna("").astype(str)
    found = texts.map(lambda t: any(re.search(p, t, flags=re.IGNORECASE) for p in patterns))
    return (is_sms & ~found).astype(bool)
''' + _OPTOUT_TAIL),
        ("uses re.match, which only looks at the start of the text, instead of re.search", '''def missing_optout(contacts, patterns):
    is_sms = contacts["channel"] == "sms"
    texts = contacts["sms_text"].fillna("").astype(str).map(lambda t: unicodedata.normalize("NFKC", t))
    found = texts.map(lambda t: any(re.match(p, t, flags=re.IGNORECASE) for p in patterns))
    return (is_sms & ~found).astype(bool)
''' + _OPTOUT_TAIL),
    ],
    "pi02_violations": [
        ("requires BOTH a non-personalised option AND an easy refusal (the stricter policy, not art. 24(2))", '''def pi02_violations(contacts, campaigns, personal_consent, no_optout):
    camp = campaigns.set_index("campaign_id")
    pers = contacts["campaign_id"].map(camp["personalised"]).fillna(0).astype(int) == 1
    option = contacts["campaign_id"].map(camp["offers_non_personalised_option"]).fillna(0).astype(int) == 1
    refusal = (contacts["channel"] == "sms").to_numpy() & ~np.asarray(no_optout, dtype=bool)
    no_consent = ~np.asarray(personal_consent, dtype=bool)
    bad = no_consent | ~(option.to_numpy() & refusal)
    return pd.Series(pers.to_numpy() & bad, index=contacts.index)
''' + _PI02_TAIL),
        ("takes 'not flagged in no_optout' as an easy refusal for every contact, calls included (calls are never flagged there)", '''def pi02_violations(contacts, campaigns, personal_consent, no_optout):
    camp = campaigns.set_index("campaign_id")
    pers = contacts["campaign_id"].map(camp["personalised"]).fillna(0).astype(int) == 1
    option = contacts["campaign_id"].map(camp["offers_non_personalised_option"]).fillna(0).astype(int) == 1
    refusal = ~np.asarray(no_optout, dtype=bool)
    no_consent = ~np.asarray(personal_consent, dtype=bool)
    bad = no_consent | (~option.to_numpy() & ~refusal)
    return pd.Series(pers.to_numpy() & bad, index=contacts.index)
''' + _PI02_TAIL),
    ],
    "contact_violation_rates": [
        ("counts violations instead of violating contacts: a contact breaking two rules counts twice", '''def contact_violation_rates(flags, groups):
    f = flags.astype(int)
    g = f.groupby(np.asarray(groups))
    out = g.sum()
    out.insert(0, "contacts", g.size())
    out.insert(1, "violating", out[list(flags.columns)].sum(axis=1))
    out.insert(2, "rate", out["violating"] / out["contacts"])
    lo, hi = proportion_confint(out["violating"], out["contacts"], alpha=0.05, method="wilson")
    out.insert(3, "ci_low", lo)
    out.insert(4, "ci_high", hi)
    return out
''' + _RATES_TAIL),
        ("calls proportion_confint without method='wilson', so it gets the default normal (Wald) interval", '''def contact_violation_rates(flags, groups):
    f = flags.astype(int)
    g = f.groupby(np.asarray(groups))
    out = g.sum()
    out.insert(0, "contacts", g.size())
    out.insert(1, "violating", f.any(axis=1).astype(int).groupby(np.asarray(groups)).sum())
    out.insert(2, "rate", out["violating"] / out["contacts"])
    lo, hi = proportion_confint(out["violating"], out["contacts"], alpha=0.05)
    out.insert(3, "ci_low", lo)
    out.insert(4, "ci_high", hi)
    return out
''' + _RATES_TAIL),
    ],
    "fix_effect": [
        ("ranks the fixes by the raw violation count instead of by the contacts freed", '''def fix_effect(flags):
    f = flags.astype(bool)
    rows = {}
    for rule in f.columns:
        others = f.drop(columns=rule).any(axis=1)
        rows[rule] = {"violations": int(f[rule].sum()), "freed": int((f[rule] & ~others).sum())}
    return pd.DataFrame(rows).T.sort_values("violations", ascending=False)
''' + _FIX_TAIL),
        ("'only violation' tested with any() on the negated other rules: frees a contact when at least one other rule is clean", '''def fix_effect(flags):
    f = flags.astype(bool)
    rows = {}
    for rule in f.columns:
        others_clean = (~f.drop(columns=rule)).any(axis=1)
        rows[rule] = {"violations": int(f[rule].sum()), "freed": int((f[rule] & others_clean).sum())}
    return pd.DataFrame(rows).T.sort_values("freed", ascending=False)
''' + _FIX_TAIL),
    ],
}
