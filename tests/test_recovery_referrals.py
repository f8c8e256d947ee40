"""Lesson 04_compliance/04_campaign_fraud: the reference method recovers the planted truth, and the
family's data agree with the world.

Tolerances: none. The planted fraud is discrete and the genuine accounts share only public
identifiers (used by more than K accounts), so the course's method recovers it exactly:

* the rings (connected components with >= 2 accounts of the account-identifier graph, the
  registered public identifiers and the IP addresses shared by more than K accounts dropped,
  devices and phones kept whatever their count, ring id = smallest account id) equal the planted rings
  and self-referral groups, account for account;
* the flagged new accounts (rings, self-referrals by device or phone, referees of referrers above
  the velocity threshold in a rolling 24 h) equal the planted fraudulent new accounts: precision
  and recall 1 (``sklearn.metrics.precision_recall_fscore_support``);
* the loss, the naive and the fraud-adjusted CAC equal the planted ones to the cent;
* the coupon's cost and loss avoided under each cap equal the planted ones, the rule's cap is the
  planted cap and every planted exploiter hits it.

The typical mistakes do not recover it: with the public identifiers kept one component holds
hundreds of accounts; counted per calendar day the burst stays below the threshold; a shared IP
taken for a self-referral flags genuine customers.
"""

from __future__ import annotations

import ipaddress
import json
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support

from finmkt.data import load, referrals
from finmkt.paths import data_dir

PUBLIC_V4 = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
PUBLIC_V6 = ipaddress.ip_network("2001:db8::/32")


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "referrals.json").read_text())
    params = load("referral_params").set_index("key")["value"]
    return {"accounts": load("referral_accounts"), "coupon": load("coupon_redemptions"), "params": params,
            "truth": truth}


def _public() -> set:
    r = load("referral_public_identifiers")
    return set(r["identifier_type"] + ":" + r["identifier"])


def _graph(a: pd.DataFrame, k: int, public=None, by_count=("ip",)) -> nx.Graph:
    """Identifiers on the register (``public``, default the bank's) dropped by id; those of the
    kinds in ``by_count`` dropped when more than k accounts use them."""
    public = _public() if public is None else public
    g = nx.Graph()
    g.add_nodes_from(a["account_id"])
    for col, kind in (("device_id", "device"), ("ip", "ip"), ("phone", "phone")):
        node = kind + ":" + a[col]
        many = a.groupby(col)["account_id"].transform("nunique") > k
        kept = ~node.isin(public) & ~(many & (kind in by_count))
        g.add_edges_from(zip(a.loc[kept, "account_id"], node[kept], strict=True))
    return g


def _rings(g: nx.Graph, ids) -> dict:
    ids, out = set(ids), {}
    for comp in nx.connected_components(g):
        m = sorted(comp & ids)
        if len(m) >= 2:
            out.update(dict.fromkeys(m, m[0]))
    return out


def _velocity(a: pd.DataFrame, calendar: bool = False) -> pd.Series:
    new = a[a["referrer_id"] != ""].sort_values("signed_up_at")
    if calendar:
        return new.groupby(["referrer_id", new["signed_up_at"].dt.date]).size().groupby(level=0).max()
    return new.set_index("signed_up_at").groupby("referrer_id")["account_id"].rolling("24h").count().groupby(level=0).max()


def _self(a: pd.DataFrame, with_ip: bool = False) -> set:
    p = a[a["referrer_id"] != ""].merge(a[["account_id", "device_id", "phone", "ip"]], left_on="referrer_id",
                                         right_on="account_id", suffixes=("", "_ref"))
    same = (p["device_id"] == p["device_id_ref"]) | (p["phone"] == p["phone_ref"])
    if with_ip:
        same |= p["ip"] == p["ip_ref"]
    return set(p.loc[same, "account_id"])


def _flagged(w, k=None, calendar=False, with_ip=False) -> set:
    a, p = w["accounts"], w["params"]
    k = int(p["max_accounts_per_identifier"]) if k is None else k
    rings = _rings(_graph(a, k), a["account_id"])
    v = _velocity(a, calendar)
    fast = set(v.index[v > p["velocity_threshold"]])
    new = a[a["new_account"] == 1]
    m = new["account_id"].isin(set(rings) | _self(a, with_ip)) | new["referrer_id"].isin(fast)
    return set(new.loc[m, "account_id"])


def test_rings_are_recovered(world):
    a, t = world["accounts"], world["truth"]
    rings = _rings(_graph(a, int(world["params"]["max_accounts_per_identifier"])), a["account_id"])
    assert rings == t["rings"]
    groups = pd.Series(rings).groupby(pd.Series(rings)).apply(lambda s: tuple(sorted(s.index)))
    for members in t["planted_ring_members"].values():
        assert tuple(members) in set(groups), "each planted ring is exactly one component"
    assert sorted(len(m) for m in t["planted_ring_members"].values()) == t["ring_sizes"]
    others = set(rings) - {x for m in t["planted_ring_members"].values() for x in m}
    referrers = set(a.set_index("account_id").loc[t["self_referral_referees"], "referrer_id"])
    assert others == set(t["self_referral_referees"]) | referrers, "the other rings are the self-referrals"
    assert set(t["self_referral_referees"]) <= others


def test_fraud_accounts_loss_and_cac_are_recovered(world):
    a, t, p = world["accounts"], world["truth"], world["params"]
    flagged = _flagged(world)
    new = a[a["new_account"] == 1]
    truth = new["account_id"].isin(t["fraud_new_accounts"]).to_numpy()
    pred = new["account_id"].isin(flagged).to_numpy()
    prec, rec, _, _ = precision_recall_fscore_support(truth, pred, average="binary")
    assert prec == 1.0 and rec == 1.0
    loss = float(new.loc[pred, "reward_paid"].sum())
    assert loss == pytest.approx(t["planted_loss"], abs=0.005)
    spend = float(p["campaign_media_spend"] + new["reward_paid"].sum())
    assert spend / len(new) == pytest.approx(t["naive_cac"], abs=0.005)
    assert spend / (len(new) - pred.sum()) == pytest.approx(t["fraud_adjusted_cac"], abs=0.005)
    assert set(t["self_referral_referees"]) <= _self(a) and set(t["burst_referees"]) <= flagged


def test_typical_mistakes_do_not_recover_the_truth(world):
    a = world["accounts"]
    giant = _rings(_graph(a, len(a), public=set()), a["account_id"])
    assert pd.Series(giant).value_counts().max() > 500, "public identifiers kept: a giant component"
    cal = _velocity(a, calendar=True)
    assert (cal <= world["params"]["velocity_threshold"]).all(), "per calendar day the burst stays below the threshold"
    assert not set(world["truth"]["burst_referees"]) <= _flagged(world, calendar=True)
    wrong = _self(a, with_ip=True) - set(world["truth"]["fraud_new_accounts"])
    assert len(wrong) > 50, "a shared IP flags genuine classmates and strangers behind a NAT"


def test_coupon_caps_are_recovered(world):
    c, t, p = world["coupon"], world["truth"]["coupon"], world["params"]
    per_user = c.groupby("user_id").size()
    value = float(p["coupon_value"])
    for n in range(1, int(p["max_cap_considered"]) + 1):
        assert value * np.minimum(per_user, n).sum() == pytest.approx(t["by_cap"][str(n)]["paid"])
        assert value * np.maximum(per_user - n, 0).sum() == pytest.approx(t["by_cap"][str(n)]["avoided"])
    share = pd.Series({n: (per_user <= n).mean() for n in range(1, int(p["max_cap_considered"]) + 1)})
    cap = int(share.index[share >= p["cap_keep_share"]][0])
    assert cap == t["chosen_cap"]
    assert (per_user.reindex(t["exploiters"]) > cap).all(), "every planted exploiter hits the cap"
    first = c["redeemed_at"].min()
    ex = c[c["user_id"].isin(t["exploiters"])]
    assert (ex["redeemed_at"] - first).max() < pd.Timedelta(hours=5), "the exploit happened within hours of the launch"


def test_schema_and_values(world):
    a, c = world["accounts"], world["coupon"]
    assert list(a.columns) == referrals.REFERRAL_ACCOUNTS.column_names
    assert a["account_id"].is_unique and (a["account_id"] == sorted(a["account_id"])).all()
    assert a["signed_up_at"].is_monotonic_increasing, "account ids follow the sign-up time"
    assert a["signed_up_at"].between("2025-05-01", "2025-08-01").all()
    new = a[a["new_account"] == 1]
    assert (a.loc[a["new_account"] == 0, "referrer_id"] == "").all() and (new["referrer_id"] != "").all()
    ref_time = a.set_index("account_id")["signed_up_at"]
    assert (ref_time.loc[new["referrer_id"]].to_numpy() < new["signed_up_at"].to_numpy()).all(), (
        "a referrer shared the link before the friend signed up")
    assert set(a["reward_paid"]) <= {0.0, 70.0} and (a.loc[a["new_account"] == 0, "reward_paid"] == 0).all()
    for ip in a["ip"]:
        addr = ipaddress.ip_address(ip)
        assert (addr in PUBLIC_V6) if addr.version == 6 else any(addr in n for n in PUBLIC_V4), ip
    assert a["phone"].str.fullmatch(r"1\d{2}\*{4}\d{4}").all()
    assert (pd.to_datetime(a["last_active_on"]) >= a["signed_up_at"].dt.normalize()).all()
    assert (a["last_active_on"] <= "2025-12-31").all()
    fraud = a["account_id"].isin(world["truth"]["fraud_new_accounts"])
    dormant = a["txn_90d"] <= 1
    new_ = a["new_account"] == 1
    assert 0.6 < dormant[fraud].mean() < 0.9, "most fraudulent accounts go dormant after the reward, not all"
    assert 0.1 < dormant[new_ & ~fraud].mean() < 0.3, "some genuine new accounts are quiet too"
    assert list(c.columns) == referrals.COUPON_REDEMPTIONS.column_names
    assert (c["discount"] == world["params"]["coupon_value"]).all()
    assert (c["purchase_amount"] >= world["params"]["coupon_min_purchase"]).all()
    assert c["redeemed_at"].between("2025-11-10 20:00", "2025-11-13 20:00").all()


def test_linked_customers_are_the_extracts(world):
    a = world["accounts"]
    linked = a[a["customer_id"] != ""]
    assert linked["customer_id"].is_unique and len(linked) > 20
    customers = load("customers").set_index("customer_id")
    assert linked["customer_id"].isin(customers.index).all()
    assert (a.loc[a["account_id"].isin(world["truth"]["fraud_new_accounts"]), "customer_id"] == "").all(), (
        "no fraudulent account is a customer at the cut-off")
    new = linked[linked["new_account"] == 1]
    cc = load("channel_customers").set_index("customer_id").loc[new["customer_id"]]
    rc = load("retention_customers").set_index("customer_id").loc[new["customer_id"]]
    assert (cc["channel"] == "app").all() and (rc["channel"] == "app").all()
    assert (cc["acquired_on"].to_numpy() == new["signed_up_at"].dt.normalize().to_numpy()).all()
    assert (rc["last_active_on"].to_numpy() == new["last_active_on"].to_numpy()).all()
    old = customers.loc[linked.loc[linked["new_account"] == 0, "customer_id"]]
    assert (old["tenure_years"] >= 1).all() and (old["preferred_channel"] == "app").all()
    # about the sampling fraction of the genuine new accounts still active at the cut-off
    from finmkt.data.spec import sampling_fraction

    genuine = a[(a["new_account"] == 1) & ~a["account_id"].isin(world["truth"]["fraud_new_accounts"])]
    active = (genuine["last_active_on"] >= "2025-10-02").sum()
    exp = active * sampling_fraction()
    assert abs(len(new) - exp) < 4 * np.sqrt(exp)


def test_campaign_fits_the_app_channel_budget(world):
    a, p = world["accounts"], world["params"]
    s = load("channel_spend")
    app = s[(s["channel"] == "app") & s["month"].between("2025-05-01", "2025-07-01")]
    assert a["reward_paid"].sum() < app["incentive_spend"].sum()
    assert p["campaign_media_spend"] < app["media_spend"].sum()
    assert (a["new_account"] == 1).sum() < app["new_customers"].sum(), "the campaign's new accounts are part of the app's"


def test_public_identifiers_exceed_k_and_rings_stay_below(world):
    a, k = world["accounts"], int(world["params"]["max_accounts_per_identifier"])
    for col in ("device_id", "ip", "phone"):
        n = a.groupby(col)["account_id"].nunique()
        assert not ((n > referrals.RING_SHARE_CAP) & (n <= k)).any(), f"{col}: no identifier near K"
    assert re.fullmatch(r"dv-pad-.*", referrals.BRANCH_PAD)


def test_the_register_not_a_count_drops_devices(world):
    """The bank's register holds the public identifiers that reach K; a device farm (one device,
    many accounts, not on the register) stays a ring, where dropping every identifier above K by
    count would hide it."""
    a, k = world["accounts"], int(world["params"]["max_accounts_per_identifier"])
    public = _public()
    for col, kind in (("device_id", "device"), ("phone", "phone")):
        n = a.groupby(col)["account_id"].nunique()
        assert {f"{kind}:{v}" for v in n.index[n > k]} <= public, f"every {kind} above K is a registered one"
    assert f"device:{referrals.BRANCH_PAD}" in public
    farm = pd.DataFrame({"account_id": [f"Z{i:03d}" for i in range(k + 5)], "device_id": "farm-01",
                         "ip": [f"farm-ip-{i}" for i in range(k + 5)], "phone": [f"farm-phone-{i}" for i in range(k + 5)]})
    both = pd.concat([a[["account_id", "device_id", "ip", "phone"]], farm], ignore_index=True)
    rings = _rings(_graph(both, k), both["account_id"])
    assert {rings.get(z) for z in farm["account_id"]} == {"Z000"}, "the farm is one ring"
    by_count = _rings(_graph(both, k, by_count=("device", "ip", "phone")), both["account_id"])
    assert not set(farm["account_id"]) & set(by_count), "dropped by count, the farm disappears"
