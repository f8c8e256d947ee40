"""Datasets added for module 01 lessons 02-03: transactions (RFM) and adoption (Bass)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import SCHEMAS, generate, load
from finmkt.data import transactions as tx
from finmkt.recipes.lifecycle import bass_cumulative


def test_transactions_cover_every_customer_in_2025():
    t, c = load("transactions"), load("customers")
    assert SCHEMAS["transactions"].compressed, "the large table is stored gzip-compressed"
    assert len(t) <= 250_000
    rc = load("retention_customers").set_index("customer_id")
    gone = set(rc.index[rc["last_active_on"] < tx.START])  # dormant since before 2025 (history.py)
    assert gone, "the world has customers dormant since 2024"
    assert set(t["customer_id"]) == set(c["customer_id"]) - gone, \
        "every customer active in 2025 transacts at least once, a customer dormant all year never"
    assert t["txn_date"].min() >= tx.START and t["txn_date"].max() <= tx.AS_OF
    assert (t["amount"] > 0).all()
    assert set(t["channel"]) <= set(tx.CHANNELS) and set(t["product_line"]) <= set(tx.TXN_LINES)


def test_transactions_follow_the_planted_segments():
    frames = generate()
    t, truth = frames["transactions"], frames["_truth_segments"].set_index("customer_id")["segment"]
    per = t.groupby("customer_id").agg(n=("amount", "size"), total=("amount", "sum"))
    per["segment"] = truth.reindex(per.index)
    by = per.groupby("segment").median()
    assert by.loc["entrepreneur", "total"] == by["total"].max(), "entrepreneurs move the most money"
    assert by.loc["retiree", "n"] == by["n"].min(), "retirees transact least often"


def test_lapsed_customers_are_planted():
    """Lapsed customers (LAPSE_RATE of them) stop months before year end: long recencies are
    mostly theirs, and the active customers' last transactions spread over the last weeks."""
    t = load("transactions")
    recency = (tx.AS_OF - t.groupby("customer_id")["txn_date"].max()).dt.days
    assert tx.LAPSE_RATE * 0.7 < float((recency >= 90).mean()) < 2 * tx.LAPSE_RATE
    assert float((recency == 0).mean()) < 0.03, "no pile-up of last transactions on the last day"
    assert recency[recency < 90].median() >= 7


def test_transactions_use_the_preferred_channel_mostly():
    t, c = load("transactions"), load("customers")
    pref = c.set_index("customer_id")["preferred_channel"]
    """Drawn: the preferred channel with PREFERRED_CHANNEL_SHARE, else any channel; then a branch
    or RM transaction beyond the customer's visits or contacts of the year (an app one beyond
    the logins) goes through phone banking or the app instead, which only ever adds to phone."""
    p = pref.reindex(t["customer_id"]).to_numpy()
    same = (t["channel"].to_numpy() == p).mean()
    drawn = tx.PREFERRED_CHANNEL_SHARE + (1 - tx.PREFERRED_CHANNEL_SHARE) / len(tx.CHANNELS)
    assert drawn - 0.08 < same < drawn + 0.02, same
    phone = t["channel"].to_numpy()[p == "phone"]
    assert (phone == "phone").mean() >= drawn - 0.02, "phone banking is never capped"


def test_rfm_convention_gives_equal_quintiles():
    """rank(method='first') then qcut: five equal groups even with heavy ties in frequency."""
    t = load("transactions")
    freq = t.groupby("customer_id").size()
    assert freq.duplicated().mean() > 0.9, "frequency is full of ties"
    q = pd.qcut(freq.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    counts = q.value_counts()
    assert counts.max() - counts.min() <= 1 and np.array_equal(np.sort(q.unique()), np.arange(1, 6))


def test_adoption_runs_from_launch_to_december_2025():
    a, prod = load("adoption"), load("products").set_index("product_id")
    assert set(a["product_id"]) <= set(prod.index)
    assert (a["new_adopters"] >= 0).all()
    for pid, g in a.groupby("product_id"):
        g = g.sort_values("months_since_launch")
        assert g["months_since_launch"].tolist() == list(range(1, len(g) + 1)), f"{pid}: months are contiguous"
        assert g["month"].iloc[0] == prod.loc[pid, "launch_date"].to_period("M").to_timestamp(), f"{pid}: starts at launch"
        assert g["month"].iloc[-1] == pd.Timestamp("2025-12-01")


def test_adoption_follows_the_planted_bass_curves():
    """Observed adopters stay within the planted noise of the planted Bass curve (times the
    planted seasonality, campaigns and shock)."""
    from finmkt.data import adoption as ad
    from finmkt.data import spec

    a = load("adoption")
    ratios = []
    for pid, pl in spec.ADOPTION.items():
        g = a[a["product_id"] == pid].sort_values("months_since_launch")
        t = g["months_since_launch"].to_numpy(float)
        expected = pl.m * (bass_cumulative(t, pl.p, pl.q) - bass_cumulative(t - 1, pl.p, pl.q))
        expected = expected * ad._multipliers(pid, pd.DatetimeIndex(g["month"]))
        assert abs(g["new_adopters"].sum() / expected.sum() - 1) < 0.05, pid
        big = expected > 50  # rounding dominates months with a handful of adopters
        ratios.append(np.log(g["new_adopters"].to_numpy(float)[big] / expected[big]))
    pooled = np.concatenate(ratios)
    assert abs(pooled.std() - ad.NOISE_SD) < 0.01 and abs(pooled.mean()) < 0.01
