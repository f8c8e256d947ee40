"""Complaint handling (lesson 05_customer_operations/03_complaint_handling).

The conventions of the lesson, once, as plain functions over explicit tables:

* **Pareto** (帕累托分析): complaints counted by a column (root cause, category, business line),
  sorted from the most frequent, with each one's share and the cumulative share; the *vital
  few* are the fewest causes that reach the cut (80%): the first whose cumulative share is at
  least the cut and every cause before it.
* **Time to resolution** (办结时长) in calendar days: the day of ``resolved_at`` minus the day of
  ``received_at`` (the 2020 measures count days from receipt). A complaint still open at the
  cut-off is censored at the cut-off's day minus the receipt day. The **Kaplan-Meier**
  estimate S(t) of the share still open after t days: at each event time, S *= 1 - d / n
  (d resolved that day, n still open and observed at its start; censored cases leave the
  risk set after their censoring day, ties: resolutions before censorings). The median is
  the smallest t with S(t) <= 0.5 (None if never reached); the share resolved within D days
  is 1 - S(D). Counting only the resolved complaints overstates the speed (the slow ones are
  the open ones).
* **Deadline** (处理时限): a complaint must be decided within 15 days of receipt, or within the
  30 / 60 days of a notified extension (``extended_to_days``). It is *in time* when resolved
  with days <= its deadline, *breached* when resolved later or still open at the cut-off with
  more days elapsed than its deadline, *pending* when open and its deadline not yet passed
  (unknown: left out of the in-time share).
* **Repeat complainants** (重复投诉): customers with two complaints or more in the log; the
  *repeat rate* after a complaint is the share of complaints followed by another complaint of
  the same customer and category within ``window_days`` of the first one's resolution,
  counted only for complaints resolved at least ``window_days`` before the cut-off (so each
  had the whole window to come back).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEADLINE_DAYS = 15


def pareto(complaints: pd.DataFrame, by: str) -> pd.DataFrame:
    """Complaints per value of ``by``, most frequent first (ties: by name), with share and
    cumulative share. Index: the values; columns complaints, share, cumulative."""
    counts = complaints[by].astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    out = pd.DataFrame({"complaints": counts.astype(int)})
    out["share"] = out["complaints"] / out["complaints"].sum()
    out["cumulative"] = out["share"].cumsum()
    out.index.name = by
    return out


def vital_few(table: pd.DataFrame, cut: float = 0.8) -> list[str]:
    """The fewest leading rows of a :func:`pareto` table whose cumulative share reaches ``cut``."""
    k = int(np.searchsorted(table["cumulative"].to_numpy() >= cut - 1e-12, True)) + 1
    return [str(i) for i in table.index[:k]]


def _ts(s: pd.Series) -> pd.Series:
    return s if pd.api.types.is_datetime64_any_dtype(s) else pd.to_datetime(s.astype(str).replace("", None))


def resolution_days(complaints: pd.DataFrame, cutoff) -> pd.DataFrame:
    """Per complaint: ``days`` (calendar days from the receipt day to the resolution day, or to the
    cut-off's day when open) and ``resolved`` (False: censored at the cut-off)."""
    rec = _ts(complaints["received_at"]).dt.normalize()
    res = _ts(complaints["resolved_at"]).dt.normalize()
    end = res.fillna(pd.Timestamp(cutoff).normalize())
    return pd.DataFrame({"days": (end - rec).dt.days.astype(int), "resolved": res.notna()}, index=complaints.index)


def kaplan_meier(days, resolved) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share still open. Returns one row per distinct time with a
    resolution: t, at_risk, resolved (that day), open_share S(t) after that day's resolutions."""
    t = np.asarray(days, dtype=float)
    e = np.asarray(resolved, dtype=bool)
    times = np.unique(t[e])
    at_risk = np.array([(t >= x).sum() for x in times])
    d = np.array([((t == x) & e).sum() for x in times])
    s = np.cumprod(1 - d / at_risk)
    return pd.DataFrame({"t": times, "at_risk": at_risk, "resolved": d, "open_share": s})


def km_at(curve: pd.DataFrame, t: float) -> float:
    """S(t): the share still open after ``t`` days (1 before the first resolution)."""
    before = curve[curve["t"] <= t]
    return 1.0 if before.empty else float(before["open_share"].iloc[-1])


def km_median(curve: pd.DataFrame) -> float | None:
    """The smallest t with S(t) <= 0.5 (None if the curve never gets there)."""
    hit = curve[curve["open_share"] <= 0.5]
    return None if hit.empty else float(hit["t"].iloc[0])


def share_within(curve: pd.DataFrame, days: float = DEADLINE_DAYS) -> float:
    """Share resolved within ``days``: 1 - S(days)."""
    return 1.0 - km_at(curve, days)


def deadline_status(complaints: pd.DataFrame, cutoff) -> pd.DataFrame:
    """Per complaint: deadline (15, or extended_to_days), days (:func:`resolution_days`), in_time,
    breached and pending (open, deadline not passed at the cut-off)."""
    d = resolution_days(complaints, cutoff)
    deadline = complaints["extended_to_days"].astype(int) if "extended_to_days" in complaints else DEADLINE_DAYS
    out = d.assign(deadline=deadline)
    out["in_time"] = out["resolved"] & (out["days"] <= out["deadline"])
    out["breached"] = out["days"] > out["deadline"]
    out["pending"] = ~out["resolved"] & ~out["breached"]
    return out


def repeat_complainants(complaints: pd.DataFrame) -> dict:
    """Customers with at least two complaints: keys complainants, repeat_complainants,
    complaints_from_repeaters (their complaints) and share_of_complaints."""
    n = complaints.groupby("customer_id").size()
    rep = n[n >= 2]
    return {"complainants": int(len(n)), "repeat_complainants": int(len(rep)),
            "complaints_from_repeaters": int(rep.sum()), "share_of_complaints": float(rep.sum() / n.sum())}


def repeat_rates(complaints: pd.DataFrame, cutoff, window_days: int = 60) -> dict:
    """Share of complaints followed by another of the same customer and category within
    ``window_days`` after the resolution, for complaints resolved at least ``window_days`` before
    the cut-off: ``bad`` (not upheld, or resolved after the deadline) and ``good`` (the others),
    with their counts ``n_bad`` and ``n_good``."""
    q = complaints.reset_index(drop=True)
    rec, res = _ts(q["received_at"]), _ts(q["resolved_at"])
    status = deadline_status(q, cutoff)
    ok = res.notna() & (res <= pd.Timestamp(cutoff) + pd.Timedelta(days=1) - pd.Timedelta(days=window_days))
    later = q[["customer_id", "category"]].assign(rec=rec).reset_index()
    pairs = later.merge(later, on=["customer_id", "category"], suffixes=("", "_next"))
    pairs = pairs[pairs["index_next"] != pairs["index"]]
    res_of = res.reindex(pairs["index"]).to_numpy()
    back = (pairs["rec_next"].to_numpy() > res_of) & (
        pairs["rec_next"].to_numpy() <= res_of + np.timedelta64(window_days, "D"))
    came_back = pd.Series(False, index=q.index)
    came_back.loc[pairs.loc[back, "index"].unique()] = True
    bad = (q["outcome"].astype(str) == "not_upheld") | status["breached"]
    out = {}
    for name, sel in (("bad", ok & bad), ("good", ok & ~bad)):
        out[name] = float(came_back[sel].mean()) if sel.any() else float("nan")
        out[f"n_{name}"] = int(sel.sum())
    return out
