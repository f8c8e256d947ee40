"""Typical mistakes of lesson 04_compliance/03_contact_consent (see the exercise registry)."""

LESSON = "04_compliance/03_contact_consent"

MISTAKES = {
    # 21:00 itself counted inside the calling window
    "outside_window": [("inside = (hhmm >= start) & (hhmm < end)", "inside = (hhmm >= start) & (hhmm <= end)")],
    # six months taken as 180 days
    "dnc_violations": [("+ pd.DateOffset(months=months)", "+ pd.Timedelta(days=30 * months)")],
    # a consent granted after the contact counted as valid
    "consent_valid": [('granted = m["granted_on"] <= m["day"]', 'granted = m["granted_on"].notna()')],
    # no NFKC normalisation: full-width opt-outs missed
    "missing_optout": [('unicodedata.normalize("NFKC", s)', "s")],
    # the option AND an easy refusal required (the law asks for either)
    "pi02_violations": [("~(has_option | easy_refusal)", "~(has_option & easy_refusal)")],
    # violations summed instead of violating contacts counted
    "contact_violation_rates": [("violating = flags.any(axis=1)", "violating = flags.sum(axis=1)")],
    # fixes ranked by raw violation count
    "fix_effect": [("only = flags.loc[n_rules == 1]", "only = flags.loc[n_rules >= 1]")],
}
