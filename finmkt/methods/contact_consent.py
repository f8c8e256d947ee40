"""Contact and consent audit (lesson 04_compliance/03_contact_consent): the five rules.

Per contact of a log (calls and SMS), COURSE.md's and the bank's rules:

* **window**: a call whose START is not in [start, end) local time (the course's calling
  window :data:`CALL_WINDOW`, 09:00-21:00); SMS are never flagged;
* **dnc**: a call after a refused call of the same customer and before the refusal's day +
  ``months`` calendar months (a call on that end day is allowed; the refusal itself is not
  flagged);
* **consent**: no marketing consent (channel = the contact's or ``all``) granted on or before
  the contact's day and not withdrawn on or before it;
* **optout**: an SMS whose NFKC-normalised text matches none of the opt-out patterns;
* **pi02**: a contact of a personalised campaign without the customer's separate personalised
  consent, or that offers neither a non-personalised option nor an easy refusal (《个人信息保护法》
  art. 24(2): an option OR an easy refusal; here an SMS with an accepted opt-out).

Times may be datetimes or ISO strings ('' for none). World facts (the bank's window, its
do-not-call months, its opt-out patterns) come from the contact parameters table.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

#: The course's calling window (start inclusive, end exclusive), local time.
CALL_WINDOW = ("09:00", "21:00")
#: Do-not-call period after a refusal, in calendar months.
DNC_MONTHS = 6
#: The rule columns of :func:`label_contacts`.
RULES = ["window", "dnc", "consent", "optout", "pi02"]


def plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with its categorical columns as plain strings."""
    df = df.copy()
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(str)
    return df


def _as_time(s: pd.Series) -> pd.Series:
    return s if pd.api.types.is_datetime64_any_dtype(s) else pd.to_datetime(s.replace("", None))


def outside_window(log: pd.DataFrame, start: str = CALL_WINDOW[0], end: str = CALL_WINDOW[1]) -> pd.Series:
    """Calls whose START is not in [start, end) (local time, "HH:MM"); SMS are never flagged."""
    t = _as_time(log["started_at"])
    hhmm = t.dt.strftime("%H:%M")
    return (log["channel"].astype(str) == "call") & ~((hhmm >= start) & (hhmm < end))


def within_dnc(log: pd.DataFrame, months: int = DNC_MONTHS) -> pd.Series:
    """Calls after a refused call of the same customer and before refusal date + ``months``
    calendar months (a call on that day is allowed; the refusal itself is not flagged)."""
    df = pd.DataFrame({"customer_id": log["customer_id"].astype(str).to_numpy(),
                       "t": _as_time(log["started_at"]).to_numpy(),
                       "call": (log["channel"].astype(str) == "call").to_numpy(),
                       "refused": (log["outcome"].astype(str) == "refused").to_numpy()}, index=log.index)
    calls = df[df["call"]].sort_values("t")
    refs = calls.loc[calls["refused"], ["customer_id", "t"]].rename(columns={"t": "refused_at"})
    out = pd.Series(False, index=log.index)
    if refs.empty or calls.empty:
        return out
    m = pd.merge_asof(calls.reset_index(), refs.sort_values("refused_at"), left_on="t", right_on="refused_at",
                      by="customer_id", direction="backward", allow_exact_matches=False)
    end = m["refused_at"].dt.normalize() + pd.DateOffset(months=months)
    flag = m["refused_at"].notna() & (m["t"].dt.normalize() < end)
    out.loc[m["index"].to_numpy()] = flag.to_numpy()
    return out


def consent_valid(log: pd.DataFrame, consents: pd.DataFrame, purpose: str = "marketing") -> pd.Series:
    """True where a consent record of the customer for ``purpose`` (channel = the contact's or
    'all') was granted on or before the contact's day and not withdrawn on or before it."""
    c = consents[consents["purpose"].astype(str) == purpose]
    left = pd.DataFrame({"row": np.arange(len(log)), "customer_id": log["customer_id"].astype(str).to_numpy(),
                         "channel": log["channel"].astype(str).to_numpy(),
                         "day": _as_time(log["started_at"]).dt.normalize().to_numpy()})
    right = pd.DataFrame({"customer_id": c["customer_id"].astype(str).to_numpy(),
                          "c_channel": c["channel"].astype(str).to_numpy(),
                          "granted": _as_time(c["granted_on"]).to_numpy(),
                          "withdrawn": _as_time(c["withdrawn_on"]).to_numpy()})
    m = left.merge(right, on="customer_id")
    ok = ((m["c_channel"] == m["channel"]) | (m["c_channel"] == "all")) & (m["granted"] <= m["day"]) \
        & (m["withdrawn"].isna() | (m["day"] < m["withdrawn"]))
    valid = np.zeros(len(log), dtype=bool)
    valid[m.loc[ok, "row"].to_numpy()] = True
    return pd.Series(valid, index=log.index)


def missing_optout(log: pd.DataFrame, patterns: list[str]) -> pd.Series:
    """SMS whose NFKC-normalised text matches none of ``patterns`` (case-insensitive)."""
    text = log["sms_text"].fillna("").astype(str).map(lambda s: unicodedata.normalize("NFKC", s))
    rx = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    has = text.map(lambda s: bool(rx.search(s)))
    return (log["channel"].astype(str) == "sms") & ~has


def pi02(log: pd.DataFrame, campaigns: pd.DataFrame, personal_consent: pd.Series,
         no_optout: pd.Series) -> pd.Series:
    """Contacts of a personalised campaign without the customer's separate personalised consent,
    or with neither a non-personalised option nor an easy refusal (an SMS whose opt-out is
    accepted, i.e. not flagged in ``no_optout``; a call offers none that the log shows)."""
    c = campaigns.set_index(campaigns["campaign_id"].astype(str))
    cid = log["campaign_id"].astype(str)
    pers = cid.map(c["personalised"]).astype(int) == 1
    option = cid.map(c["offers_non_personalised_option"]).astype(int) == 1
    refusal = (log["channel"].astype(str) == "sms").to_numpy() & ~np.asarray(no_optout, dtype=bool)
    consent = np.asarray(personal_consent, dtype=bool)
    return pers & (~consent | ~(option.to_numpy() | refusal))


def label_contacts(log, consents, campaigns, params) -> pd.DataFrame:
    """The per-contact violation flags of the five rules (columns :data:`RULES`).

    ``params``: the contact parameters table (``key``, ``value``) with the bank's
    ``call_window_start``, ``call_window_end``, ``do_not_call_months`` and
    ``optout_pattern_*`` rows.
    """
    p = dict(zip(params["key"].astype(str), params["value"].astype(str), strict=True))
    patterns = [p[k] for k in sorted(p) if k.startswith("optout_pattern_")]
    log = plain_strings(log)
    optout = missing_optout(log, patterns)
    return pd.DataFrame({
        "window": outside_window(log, p["call_window_start"], p["call_window_end"]),
        "dnc": within_dnc(log, int(p["do_not_call_months"])),
        "consent": ~consent_valid(log, consents, "marketing"),
        "optout": optout,
        "pi02": pi02(log, campaigns, consent_valid(log, consents, "personalised"), optout),
    }, index=log.index)


def scope_target_flags(log: pd.DataFrame, campaigns: pd.DataFrame, vendors: pd.DataFrame, customers: pd.DataFrame,
                       holdings: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Per contact: ``out_of_scope`` (the maker's stated scope, ``vendors.scope``: all, or product
    lines / product ids separated by |, does not cover the campaign's product) and ``off_target``
    (the customer is not on the campaign's target list: age at the cut-off outside
    [target_min_age, target_max_age], no ``target_holds`` holding opened on or before the contact's
    day, a ``target_not_holds`` holding already opened, or a risk tolerance below
    ``target_min_risk``). Index of ``log``."""
    camp = campaigns.set_index("campaign_id")
    line = products.set_index("product_id")["line"]
    scope = vendors.set_index("vendor_id")["scope"].astype(str)
    product = log["campaign_id"].map(camp["product_id"])
    allowed = [s.split("|") for s in scope.reindex(log["made_by"]).fillna("").to_numpy()]
    out_scope = np.array([not ("all" in a or p in a or line.get(p) in a)
                          for a, p in zip(allowed, product.to_numpy(), strict=True)], dtype=bool)
    c = customers.set_index("customer_id")
    age = log["customer_id"].map(c["age"]).astype(float)
    level = log["customer_id"].map(c["risk_tolerance"]).str[1:].astype(float)
    t = camp.reindex(log["campaign_id"])
    day = pd.to_datetime(log["started_at"]).dt.normalize().to_numpy()
    first = holdings.assign(opened_on=pd.to_datetime(holdings["opened_on"])).groupby(
        ["customer_id", "product_id"])["opened_on"].min()

    def held(pids: np.ndarray) -> np.ndarray:
        opened = first.reindex(pd.MultiIndex.from_arrays([log["customer_id"].to_numpy(), pids])).to_numpy()
        return ~pd.isna(opened) & (opened <= day)

    hold, not_hold = t["target_holds"].fillna("").astype(str).to_numpy(), t["target_not_holds"].fillna("").astype(
        str).to_numpy()
    off = ((age.to_numpy() < t["target_min_age"].to_numpy(float)) | (age.to_numpy() > t["target_max_age"].to_numpy(float))
           | (level.to_numpy() < t["target_min_risk"].astype(str).str[1:].astype(float).to_numpy())
           | ((hold != "") & ~held(hold)) | ((not_hold != "") & held(not_hold)))
    return pd.DataFrame({"out_of_scope": out_scope, "off_target": off}, index=log.index)
