"""One history per customer: the timeline that every activity record of the extract follows.

The new-customer model (``finmkt.data.newcustomers``, drawn by the acquisition and
retention families) decides, for each customer Minghu Bank acquired from 2023 on, the day
the customer joined (``acquired_on``) and the last day with any activity
(``last_active_on``; a recent day for a customer still active, months back for one who
went dormant). This family applies that timeline to what the customer extract records of
the customer's own behaviour, so that nothing happens before a customer joins or after
the last active day:

* ``holdings``: an account opened after the last active day is dated inside the
  customer's active window (uniformly between joining and the last active day); one that
  cannot be (the product was launched, or the customer turned 18, after the last active
  day) was never opened;
* ``channel_customers`` and ``retention_margins``: the margin of a customer who lost a
  product that way follows the world's margin model on the products left;
* ``customers``: the channel-use counts cover the customer's active time only: each login,
  visit or contact of the generated rate is kept with the share of its window during which
  the customer was active (``app_logins_month``: an average month of the last 90 days, so a
  dormant customer, 90 days or more without activity, has none; ``branch_visits_year`` and
  ``rm_contacts_year``: the last 12 months); ``dormant`` marks the customers without
  activity for 90 days or more (the course's churn rule; the account still open). The
  latest risk assessment
  lies in the customer's active window too (the suitability family builds the earlier
  assessments of a customer with a wealth, fund or insurance sale inside the same window).

Later families read these frames: transactions fall in the customer's active months,
never after the last active day (``finmkt.data.transactions``; ``transactions`` holds the
product transactions, a subset of the activity that ``retention_activity`` counts), the pension campaign's journeys lie inside the window
(``finmkt.data.journeys``) and the contact log, the campaign's SMS and RM calls included,
lies between the day the customer joined and the last active day (``finmkt.data.contacts``). Customers acquired before 2023 are outside the model: their
history is unchanged (active at the cut-off). The family has no tables of its own; it has its own random stream,
so the other families' draws are what they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import retention, spec

SCHEMAS: list = []

CUTOFF = spec.AS_OF
#: The window of ``customers.app_logins_month`` (an average month of the last three months)
#: and of the yearly channel counts.
LOGIN_WINDOW_DAYS = 90
YEAR_DAYS = 365
#: The course's churn rule: a customer without activity for this many days has left.
DORMANT_DAYS = 90


def _days(values) -> np.ndarray:
    """ISO dates (strings or categoricals; missing as NaN) as days since 1970 (-1 if missing)."""
    s = pd.to_datetime(pd.Series(np.asarray(pd.Series(values).astype(object))), errors="coerce")
    out = (s - pd.Timestamp("1970-01-01")).dt.days
    return out.fillna(-1).to_numpy(np.int64).copy()


def _iso(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype(str)


def timeline(frames: dict) -> pd.DataFrame:
    """The timeline of every extract customer in the new-customer model: ``joined`` and
    ``last_active`` as days since 1970, indexed by customer id (plain strings).

    Ex-customers (``X`` ids) are not in the extract and are left out.
    """
    rc = frames["retention_customers"]
    ids = np.asarray(rc["customer_id"].astype(str))
    keep = np.char.startswith(ids.astype(str), "C")
    return pd.DataFrame({"joined": _days(rc["acquired_on"])[keep], "last_active": _days(rc["last_active_on"])[keep]},
                        index=pd.Index(ids[keep], name="customer_id"))


def active_share(joined: np.ndarray, last: np.ndarray, window: int) -> np.ndarray:
    """Share of the last ``window`` days before the cut-off (or of the customer's time since
    joining, if shorter) during which the customer was active (joined <= day <= last)."""
    cut = int((CUTOFF - pd.Timestamp("1970-01-01")).days)
    start = np.maximum(joined, cut - window + 1)
    span = cut - start + 1
    active = np.clip(np.minimum(last, cut) - start + 1, 0, None)
    return np.clip(active / np.maximum(span, 1), 0.0, 1.0)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    tl = timeline(frames)
    cust = frames["customers"].copy()
    ids = np.asarray(cust["customer_id"].astype(str))
    pos = tl.index.get_indexer(ids)
    rows = np.flatnonzero(pos >= 0)
    joined = tl["joined"].to_numpy()[pos[rows]]
    last = tl["last_active"].to_numpy()[pos[rows]]

    # channel use: each login, visit or contact of the generated rate is kept with the share of
    # its window (the last 90 days for the app logins, the last 12 months for the visits and
    # contacts) during which the customer was a customer and active (joined <= day <= last
    # active day). A dormant customer (90 days or more without activity) has no login in the
    # window; one who left earlier in the year visited and called only before leaving. The
    # draws come from a child generator; the main stream first makes, and drops, the draws it
    # made before for the dormant customers of 2024-2025 (a share of the last 12 months for
    # every column), so that the dates drawn below (holdings, assessments) keep their draws.
    cut = int((CUTOFF - pd.Timestamp("1970-01-01")).days)
    thin = rng.spawn(1)[0]
    former = (cut - last >= DORMANT_DAYS) & (joined >= _days(["2024-01-01"])[0])
    for col in ("app_logins_month", "branch_visits_year", "rm_contacts_year"):
        rng.binomial(cust[col].to_numpy()[rows[former]], active_share(joined[former], last[former], YEAR_DAYS))
    for col, window in (("app_logins_month", LOGIN_WINDOW_DAYS), ("branch_visits_year", YEAR_DAYS),
                        ("rm_contacts_year", YEAR_DAYS)):
        v = cust[col].to_numpy().copy()
        v[rows] = thin.binomial(v[rows], active_share(joined, last, window))
        cust[col] = v.astype(np.int64)
    dormant = np.zeros(len(cust), dtype=np.int64)
    dormant[rows[cut - last >= DORMANT_DAYS]] = 1
    cust["dormant"] = dormant
    # holdings opened after the last active day: inside the active window (and, as every
    # holding, after the product's launch and after the customer turned 18); one that cannot
    # be (the product was launched, or the customer came of age, after the last active day)
    # was never opened
    h = frames["holdings"]
    hpos = tl.index.get_indexer(np.asarray(h["customer_id"].astype(str)))
    opened = _days(h["opened_on"])
    inside = hpos >= 0
    p = np.maximum(hpos, 0)
    hj = tl["joined"].to_numpy()[p]
    hl = tl["last_active"].to_numpy()[p]
    launch = _days(frames["products"].set_index("product_id")["launch_date"].astype(str)
                   .reindex(np.asarray(h["product_id"].astype(str))))
    age = cust.set_index(np.asarray(cust["customer_id"].astype(str)))["age"].reindex(
        np.asarray(h["customer_id"].astype(str))).to_numpy()
    cut = int((CUTOFF - pd.Timestamp("1970-01-01")).days)
    adult = cut - ((age - 18) * 365.25).astype(np.int64)
    lo = np.maximum(hj, np.maximum(launch, adult))
    late = inside & (opened > hl)
    u = rng.random(len(h))
    moved = lo + np.floor(u * np.maximum(hl - lo + 1, 0)).astype(np.int64)
    opened = np.where(late, moved, opened)
    # a holding that cannot lie in the window (the product was launched, or the customer came of
    # age, after the last active day) was never opened: wealth, fund and insurance sales included
    impossible = late & (lo > hl)
    kept = ~impossible
    lines = frames["products"].set_index("product_id")["line"].astype(str)
    h = h[kept].copy()
    h["opened_on"] = pd.Categorical(_iso(opened[kept]))
    if (~kept).any():  # the product flags follow the holdings that remain
        held = pd.DataFrame({"customer_id": np.asarray(h["customer_id"].astype(str)),
                             "line": lines.reindex(np.asarray(h["product_id"].astype(str))).to_numpy()})
        flag_cols = [c for c in cust.columns if c.startswith("has_")]
        for col in flag_cols:
            owners = set(held.loc[held["line"] == col.removeprefix("has_"), "customer_id"])
            cust[col] = pd.Index(ids).isin(owners).astype(np.int64)  # hashed: np.isin sorts strings
        cust["n_products"] = 1 + cust[flag_cols].sum(axis=1)
    # a risk assessment is something the customer did: the latest lies inside the active window
    # (the suitability family builds the earlier assessments of a customer with a wealth, fund
    # or insurance sale around it, inside the same window)
    assessed = _days(cust["risk_assessed_on"])
    u = rng.random(len(rows))
    a = assessed[rows]
    outside = (a < joined) | (a > last)
    a = np.where(outside, joined + np.floor(u * (last - joined + 1)).astype(np.int64), a)
    assessed[rows] = a
    cust["risk_assessed_on"] = pd.Categorical(_iso(assessed))
    out = {"customers": cust, "holdings": h.reset_index(drop=True)}
    out.update(_margins_follow(frames, cust))
    return out


def _margins_follow(frames: dict, cust: pd.DataFrame) -> dict:
    """The module-03 margins of customers whose products changed: the world's margin model on
    the products they hold now, with the same customer-level spread (the income's ratio to its
    expectation), and the segment table averaged again over the same customers."""
    before = frames["customers"].set_index(np.asarray(frames["customers"]["customer_id"].astype(str)))
    after = cust.set_index(np.asarray(cust["customer_id"].astype(str)))
    flags = ["has_credit_card", "has_consumer_loan", "has_mortgage"]
    changed = after.index[(before[flags] != after[flags]).any(axis=1)]
    lk = frames["channel_customers"].copy()
    ids = np.asarray(lk["customer_id"].astype(str))
    rows = np.flatnonzero(pd.Index(ids).isin(changed))
    if not len(rows):
        return {}
    b, a = before.loc[ids[rows]], after.loc[ids[rows]]
    old_income = spec.margin_income(b["assets"], *(b[f] for f in flags))
    new_income = spec.margin_income(a["assets"], *(a[f] for f in flags))
    margin = lk["monthly_margin"].to_numpy(float).copy()
    spread = (margin[rows] + spec.MARGIN_COST_TO_SERVE) / old_income
    margin[rows] = np.round(new_income * spread - spec.MARGIN_COST_TO_SERVE, 1)
    lk["monthly_margin"] = margin
    return {"channel_customers": lk,
            "retention_margins": retention._margins({**frames, "channel_customers": lk, "customers": cust})}
