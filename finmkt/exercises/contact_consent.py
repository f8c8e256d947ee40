"""Exercises of lesson 04_compliance/03_contact_consent (营销触达与个人信息保护)."""

from finmkt.exercises import exercise

LESSON = "04_compliance/03_contact_consent"

exercise(
    "outside_window", LESSON, "Calls outside the calling window (拨打时间窗口)",
    hints=[
        "Only calls are subject to the calling window; every SMS is False. Look at the START time of the call "
        "(started_at), in local time, never at ended_at.",
        "Turn the start into a comparable time of day, e.g. `started_at.dt.strftime('%H:%M')` (zero-padded strings "
        "compare correctly) or hour * 60 + minute.",
        "The window is half-open: allowed when start <= time < end. A call that starts at 21:00 exactly is outside; "
        "one at 09:00 exactly is inside. Violation = call AND NOT inside.",
    ],
    mistake="Counting a call that starts at 21:00 exactly as inside the window (<= end instead of < end).",
    points=2,
)

exercise(
    "dnc_violations", LESSON, "Calls within the do-not-call period after a refusal (拒绝后免打扰期)",
    hints=[
        "The refusals are the calls with outcome 'refused'. For every call you need the same customer's latest "
        "refusal BEFORE it: `pd.merge_asof(calls, refusals, left_on='started_at', right_on='refused_at', "
        "by='customer_id', direction='backward')` on tables sorted by time.",
        "`allow_exact_matches=False` keeps the refusal call itself from matching itself: the refusal is not a "
        "violation, only what comes after it.",
        "The period ends on the refusal DATE plus six CALENDAR months (`pd.DateOffset(months=months)`), not 180 "
        "days; a call on the end day is allowed: violation when the call's date (`dt.normalize()`) < end. Map the "
        "result back to every row of contacts (SMS and unmatched calls False).",
    ],
    mistake="Taking six months as 180 days, so re-calls in the last days of the period pass.",
    points=3,
)

exercise(
    "consent_valid", LESSON, "Valid consent at the contact time (有效营销授权)",
    hints=[
        "Merge the contacts with the customer's consent records of the given purpose (on customer_id); a record "
        "counts for a contact of the same channel, or for any channel when its channel is 'all'.",
        "A consent is valid on the contact's day when it was granted on or before that day AND it was not "
        "withdrawn yet: withdrawn_on is empty or later than the day (a withdrawal works on the day it is made).",
        "A contact is covered when ANY of its merged records is valid: collect the valid rows' positions and set "
        "those to True in an all-False array the length of contacts. Compare days, not minutes "
        "(`started_at.dt.normalize()`).",
    ],
    mistake="Counting a consent granted after the contact as valid (only checking that a record exists).",
    points=3,
)

exercise(
    "missing_optout", LESSON, "Marketing SMS without an opt-out (短信退订方式)",
    hints=[
        "Only SMS can miss an opt-out; calls are False. The accepted instructions are the bank's regular "
        "expressions (contact_params): search them, joined with |, in each text.",
        "Texts typed on a Chinese keyboard contain full-width letters (ＴＤ) that a pattern with TD does not "
        "match: normalise each text with `unicodedata.normalize('NFKC', text)` first.",
        "Search case-insensitively (`re.IGNORECASE`: 回复td退订 is an opt-out too). An ending such as "
        "'如需退订请联系您的客户经理' is not an easy opt-out: no pattern matches it, so it counts as missing.",
    ],
    mistake="Searching the raw texts without NFKC normalisation, so full-width opt-outs (回复ＴＤ退订) count as missing.",
    points=2,
)

exercise(
    "pi02_violations", LESSON, "Personalised marketing without separate consent or a way to refuse (个性化营销, PI-02)",
    hints=[
        "Look up each contact's campaign in contact_campaigns (`map` on campaign_id): personalised and "
        "offers_non_personalised_option.",
        "PI-02 asks two things of a personalised campaign: the customer's separate consent (单独同意) to use "
        "account data, valid at the contact time (the personal_consent you are given), in every case; and a "
        "non-personalised option OR an easy refusal (《个人信息保护法》 art. 24(2)), not both. An SMS whose "
        "opt-out is accepted (not flagged in no_optout, exercise 4) is an easy refusal; a call is not.",
        "Violation = personalised AND (no separate consent OR NOT (option OR (SMS AND NOT no_optout))). A "
        "campaign that is not personalised is never a PI-02 violation, whatever the consents.",
    ],
    mistake="Requiring both a non-personalised option and an easy refusal: a personalised SMS with the customer's "
            "consent and an accepted opt-out (回复TD退订) is flagged because the campaign offers no option, "
            "although art. 24(2) is satisfied by either (requiring both can be a bank's own policy, not the law).",
    points=2,
)

exercise(
    "contact_violation_rates", LESSON, "Violation rates by vendor and channel (违规率)",
    hints=[
        "A contact is violating when it breaks at least one rule: `flags.any(axis=1)`. Its rate is the share of "
        "a group's contacts that are violating.",
        "Group by the labels you are given (aligned with the rows of flags): contacts = group size, violating = "
        "sum of the any-flag, rate = violating / contacts; beside them the per-rule counts (flags summed by group).",
        "A contact with two violations is ONE violating contact: summing the rule columns counts it twice and can "
        "push a rate above what is possible. The Wilson interval: `proportion_confint(violating, contacts, "
        "alpha=0.05, method='wilson')` from statsmodels.stats.proportion.",
    ],
    mistake="Counting the violations instead of the violating contacts, so a contact with two violations counts "
            "twice in the rate.",
    points=3,
)

exercise(
    "fix_effect", LESSON, "The fix with the largest effect (整改优先级)",
    hints=[
        "Enforcing one rule makes a violating contact compliant only if that rule was its ONLY violation.",
        "Count the violations per contact (`flags.sum(axis=1)`); among the contacts with exactly one, count how "
        "many each rule has: that is the number freed by enforcing it alone.",
        "Return a DataFrame indexed by rule with the raw count of violations beside the contacts freed, sorted "
        "by freed. The rule with the most violations is not necessarily the fix that frees the most contacts.",
    ],
    mistake="Ranking the fixes by their raw number of violations, as if every contact breaking a rule became "
            "compliant when that one rule is enforced.",
    points=2,
)
