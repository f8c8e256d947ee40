"""Attribution (lesson 03_channels/03_attribution): every model of the lesson.

Conversions credited per channel over the converting journeys (COURSE.md):

* **first touch**, **last touch**, **linear** (1/n per touch);
* **position-based**: 1 touch 100%; 2 touches 50/50; 3+ touches 40% first, 40% last, 20%
  shared equally by the middle ones;
* **time decay**: weight 2^(−Δt/7), Δt = conversion time − touch time in fractional days,
  normalised within each conversion;
* **Markov removal effect** (closed form, over all journeys): states start, the channels,
  conversion, null; first-order transition counts, row-normalised; P = absorption
  probability in conversion; removing c sends every transition into c to null;
  RE_c = 1 − P(−c)/P; conversions credited = total × RE_c / Σ RE;
* **Shapley** of v(S) = conversion rate of the journeys whose channel set is exactly S
  (v(∅) = 0, unseen sets 0), scaled by the journeys touched per channel and then to the
  total conversions.

The channel list is a world fact: every function that needs it takes ``channels``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def prepare_touches(touches: pd.DataFrame, journeys: pd.DataFrame) -> pd.DataFrame:
    """One row per touch, sorted by journey and time, with the journey's ``converted`` and
    ``conversion_time``, the touch's position ``pos`` (0-based) and the journey's touches ``n``."""
    t = touches[["journey_id", "touch_time", "channel"]].copy()
    t["journey_id"] = t["journey_id"].astype(str)
    t["channel"] = t["channel"].astype(str)
    t["touch_time"] = pd.to_datetime(t["touch_time"].astype(str))
    j = journeys[["journey_id", "converted", "conversion_time"]].copy()
    j["journey_id"] = j["journey_id"].astype(str)
    j["conversion_time"] = pd.to_datetime(j["conversion_time"].astype(object).where(j["conversion_time"].notna()))
    t = t.merge(j, on="journey_id", how="left").sort_values(["journey_id", "touch_time"], kind="stable")
    t["pos"] = t.groupby("journey_id").cumcount()
    t["n"] = t.groupby("journey_id")["pos"].transform("size")
    return t


def _by_channel(t: pd.DataFrame, w: pd.Series, channels: list[str]) -> pd.Series:
    return w.groupby(t["channel"]).sum().reindex(channels, fill_value=0.0).astype(float)


def markov_removal(t: pd.DataFrame, channels: list[str]) -> tuple[pd.Series, float]:
    """Removal effects of the first-order Markov chain (closed form) and P(conversion), from
    :func:`prepare_touches` rows."""
    states = ["start", *channels]
    idx = {s: i for i, s in enumerate(states)}
    nxt = t.groupby("journey_id")["channel"].shift(-1)
    end = np.where(t["converted"].to_numpy() == 1, "conversion", "null")
    to = nxt.fillna(pd.Series(end, index=t.index))
    first = t[t["pos"] == 0]
    frm = pd.concat([pd.Series("start", index=first.index), t["channel"]], ignore_index=True)
    dst = pd.concat([first["channel"], to], ignore_index=True)
    counts = pd.crosstab(frm, dst).reindex(index=states, columns=[*channels, "conversion", "null"], fill_value=0)
    probs = counts.to_numpy(float) / counts.to_numpy(float).sum(axis=1, keepdims=True)
    n = len(states)

    def absorb(p: np.ndarray) -> float:
        q = np.zeros((n, n))
        q[:, 1:] = p[:, :-2]
        r = p[:, -2:]
        return float(np.linalg.solve(np.eye(n) - q, r)[idx["start"], 0])

    base = absorb(probs)
    re = {}
    for c in channels:
        p = probs.copy()
        col = channels.index(c)  # column of c among the destinations
        p[:, -1] += p[:, col]
        p[:, col] = 0.0
        re[c] = 1 - absorb(p) / base
    return pd.Series(re), base


def exact_set_values(t: pd.DataFrame) -> pd.DataFrame:
    """Per distinct channel set (key: sorted distinct channels joined by '|'): journeys, conversions, rate."""
    keys = t.groupby("journey_id")["channel"].agg(lambda s: "|".join(sorted(set(s))))
    conv = t.groupby("journey_id")["converted"].first()
    v = pd.DataFrame({"set": keys, "converted": conv}).groupby("set")["converted"].agg(["size", "sum"])
    v.columns = ["journeys", "conversions"]
    v["rate"] = v["conversions"] / v["journeys"]
    return v


def shapley_from_values(value: dict, channels: list[str]) -> pd.Series:
    """Shapley values of a game given as {frozenset: v(S)} (missing sets: 0) over ``channels``."""
    from itertools import combinations
    from math import factorial

    n = len(channels)
    phi = {}
    for c in channels:
        others = [x for x in channels if x != c]
        s = 0.0
        for k in range(n):
            w = factorial(k) * factorial(n - k - 1) / factorial(n)
            for sub in combinations(others, k):
                s += w * (value.get(frozenset(sub) | {c}, 0.0) - value.get(frozenset(sub), 0.0))
        phi[c] = s
    return pd.Series(phi)


def attribution_models(touches: pd.DataFrame, journeys: pd.DataFrame, channels: list[str]) -> dict[str, pd.Series]:
    """Conversions credited to each of ``channels`` by every model of the lesson (course conventions)."""
    t = prepare_touches(touches, journeys)
    conv = t[t["converted"] == 1].copy()
    total = float(journeys["converted"].sum())
    out = {}
    out["first_touch"] = _by_channel(conv, (conv["pos"] == 0).astype(float), channels)
    out["last_touch"] = _by_channel(conv, (conv["pos"] == conv["n"] - 1).astype(float), channels)
    out["linear"] = _by_channel(conv, 1.0 / conv["n"], channels)
    n, pos = conv["n"], conv["pos"]
    w = np.where(n == 1, 1.0, np.where(n == 2, 0.5, np.where((pos == 0) | (pos == n - 1), 0.4,
                                                                0.2 / np.maximum(n - 2, 1))))
    out["position_based"] = _by_channel(conv, pd.Series(w, index=conv.index), channels)
    dt = (conv["conversion_time"] - conv["touch_time"]) / pd.Timedelta(days=1)
    wt = np.power(2.0, -dt / 7)
    out["time_decay"] = _by_channel(conv, wt / wt.groupby(conv["journey_id"]).transform("sum"), channels)
    re, _ = markov_removal(t, channels)
    out["markov"] = (total * re / re.sum()).reindex(channels)
    vals = exact_set_values(t)
    game = {frozenset(k.split("|")): r for k, r in vals["rate"].items()}
    phi = shapley_from_values(game, channels)
    touched = t.drop_duplicates(["journey_id", "channel"])["channel"].value_counts().reindex(channels, fill_value=0)
    raw = phi * touched
    out["shapley"] = (total * raw / raw.sum()).reindex(channels)
    return out
