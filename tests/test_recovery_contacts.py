"""Lesson 04_compliance/03_contact_consent: the reference method recovers the planted truth, and
the contacts family's data agree with the world.

Tolerances:

* the reference rules (written here as the lesson's solution writes them: half-open calling window
  on the start time, ``merge_asof`` backward with calendar months, consent valid from the day granted
  to the day withdrawn, NFKC + case-insensitive opt-out patterns, PI-02 with option and separate
  consent) give exactly the counts per rule, per maker and per channel, the contacts freed per
  rule, the largest-effect fix and the remediation vendor of ``truth/contacts.json`` (labels are
  defined by the rules: no tolerance);
* each maker's share of calls outside the window, of contacts without consent and of SMS without an
  opt-out is within three binomial standard errors + 0.01 of the planted propensity (stale-list
  share times its rate plus the ordinary rate; the re-calls after refusals dilute the calls a
  little), the personal-pension campaign's contacts left out;
* the personal-pension campaign (MS06 SMS, MC06 RM calls, module 03's journeys) is the bank's own
  (MH) and its lists checked consent and the do-not-call list: none of its contacts breaks a rule;
* the planted worst vendor (V3) has a violation rate whose Wilson 95% interval lies above every
  other maker's, and the re-calls of the vendors' 180-day timers exist (calls on days 180-181 after
  a refusal, inside six calendar months).
"""

from __future__ import annotations

import json
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from finmkt.data import load
from finmkt.methods.contact_consent import label_contacts, scope_target_flags
from finmkt.paths import data_dir

RULES = ["window", "dnc", "consent", "optout", "pi02"]


@pytest.fixture(scope="module")
def world():
    return {"log": load("contact_log"), "consents": load("contact_consents"), "campaigns": load("contact_campaigns"),
            "vendors": load("contact_vendors"), "params": load("contact_params").set_index("key")["value"],
            "customers": load("customers"), "products": load("products"),
            "segments": pd.read_csv(data_dir() / "truth" / "segments.csv"),
            "truth": json.loads((data_dir() / "truth" / "contacts.json").read_text())}


def _consent(log, consents, purpose):
    c = consents[consents["purpose"] == purpose]
    left = log[["customer_id", "channel"]].assign(day=log["started_at"].dt.normalize()).reset_index()
    m = left.merge(c.rename(columns={"channel": "cc"}), on="customer_id")
    ok = ((m["cc"] == m["channel"]) | (m["cc"] == "all")) & (m["granted_on"] <= m["day"]) & (
        m["withdrawn_on"].isna() | (m["day"] < m["withdrawn_on"]))
    out = pd.Series(False, index=log.index)
    out.loc[m.loc[ok, "index"].unique()] = True
    return out


def _flags(w) -> pd.DataFrame:
    log, p = w["log"], w["params"]
    calls = log["channel"] == "call"
    hhmm = log["started_at"].dt.strftime("%H:%M")
    window = calls & ~((hhmm >= p["call_window_start"]) & (hhmm < p["call_window_end"]))
    c = log[calls].sort_values("started_at")
    refs = c.loc[c["outcome"] == "refused", ["customer_id", "started_at"]].rename(columns={"started_at": "r"})
    m = pd.merge_asof(c.reset_index(), refs, left_on="started_at", right_on="r", by="customer_id",
                      allow_exact_matches=False)
    inside = m["r"].notna() & (m["started_at"].dt.normalize()
                               < m["r"].dt.normalize() + pd.DateOffset(months=int(p["do_not_call_months"])))
    dnc = pd.Series(inside.to_numpy(), index=m["index"]).reindex(log.index, fill_value=False)
    rx = re.compile("|".join(f"(?:{p[k]})" for k in p.index if k.startswith("optout_pattern_")), re.IGNORECASE)
    found = {t: bool(rx.search(unicodedata.normalize("NFKC", t))) for t in log["sms_text"].unique()}
    optout = ~calls & ~log["sms_text"].map(found).astype(bool)
    camp = w["campaigns"].set_index("campaign_id")
    pers = log["campaign_id"].map(camp["personalised"]) == 1
    opt = log["campaign_id"].map(camp["offers_non_personalised_option"]) == 1
    refusal = ~calls & ~optout  # an SMS with an accepted opt-out: an easy refusal (PIPL art. 24(2))
    pi02 = pers & (~_consent(log, w["consents"], "personalised") | ~(opt | refusal))
    return pd.DataFrame({"window": window, "dnc": dnc, "consent": ~_consent(log, w["consents"], "marketing"),
                         "optout": optout, "pi02": pi02})


@pytest.fixture(scope="module")
def flags(world):
    return _flags(world)


def test_reference_rules_give_the_planted_labels(world, flags):
    t, log = world["truth"], world["log"]
    assert {r: int(flags[r].sum()) for r in RULES} == t["counts"]
    for col, key in (("made_by", "by_maker"), ("channel", "by_channel")):
        for g, f in flags.groupby(log[col]):
            exp = t[key][g]
            assert int(f.any(axis=1).sum()) == exp["violating"] and len(f) == exp["contacts"], g
            assert {r: int(f[r].sum()) for r in RULES} == {r: exp[r] for r in RULES}, g
    one = flags[flags.sum(axis=1) == 1]
    freed = {r: int(one[r].sum()) for r in RULES}
    assert freed == t["freed_if_enforced_alone"]
    assert max(freed, key=freed.get) == t["largest_effect_fix"]
    raw = t["counts"]
    assert any(raw[a] > raw[b] and freed[a] < freed[b] for a in RULES for b in RULES), (
        "the lesson's point: ranking by raw violations is not ranking by contacts freed (window and dnc here)")
    assert max(t["counts"], key=t["counts"].get) == t["largest_raw_count"]


def test_the_family_module_agrees_with_the_reference(world, flags):
    lab = label_contacts(world["log"], world["consents"], world["campaigns"], world["params"].reset_index())
    pd.testing.assert_frame_equal(lab[RULES].astype(bool), flags[RULES].astype(bool), check_names=False)


def _within(k, n, p, extra=0.01):
    return abs(k / n - p) <= 3 * np.sqrt(p * (1 - p) / n) + extra


PENSION = ["MS06", "MC06"]


def test_planted_propensities_are_recovered(world, flags):
    log, pl = world["log"], world["truth"]["planted"]
    for i, m in enumerate(pl["makers"]):
        mine = (log["made_by"] == m) & ~log["campaign_id"].isin(PENSION)
        calls, sms = mine & (log["channel"] == "call"), mine & (log["channel"] == "sms")
        rogue = pl["rogue_share"][i]
        p_out = rogue * pl["rogue_outside"] + (1 - rogue) * pl["outside_window"][i]
        assert _within(int(flags.loc[calls, "window"].sum()), int(calls.sum()), p_out), m
        p_opt = rogue * pl["rogue_no_optout"] + (1 - rogue) * pl["no_optout"][i]
        assert _within(int(flags.loc[sms, "optout"].sum()), int(sms.sum()), p_opt), m
        p_con = rogue + (1 - rogue) * pl["no_consent"][i]
        assert _within(int(flags.loc[sms, "consent"].sum()), int(sms.sum()), p_con), m


def test_the_pension_campaign_respects_the_rules(world, flags):
    log, camp = world["log"], world["campaigns"].set_index("campaign_id")
    pension = log["campaign_id"].isin(PENSION)
    assert (log.loc[pension, "made_by"] == "MH").all()
    assert camp.loc[PENSION, "channel"].tolist() == ["sms", "call"]
    assert (camp.loc[PENSION, "personalised"] == 0).all() and "养老金" in camp.loc["MS06", "name_zh"]
    assert not flags[pension].any(axis=None), "the campaign's lists checked consent and the do-not-call list"
    sms = log[pension & (log["channel"] == "sms")]
    assert sms["sms_text"].str.contains("个人养老金").all()
    assert sms["outcome"].eq("sent").all()
    calls = log[pension & (log["channel"] == "call")]
    assert set(calls["outcome"]) == {"no_answer", "answered", "refused"}
    assert 0.07 < (calls["outcome"] == "refused").mean() < 0.13, "refused as often as the other first calls (10%)"
    # the refusals of the campaign's calls start do-not-call periods for the other makers' calls too
    assert flags.loc[~pension, "dnc"].sum() == world["truth"]["counts"]["dnc"]


def test_the_worst_vendor_stands_out(world, flags):
    log = world["log"]
    a = flags.any(axis=1).groupby(log["made_by"]).agg(["sum", "size"])
    lo, hi = proportion_confint(a["sum"], a["size"], method="wilson")
    worst = world["truth"]["remediation_vendor"]
    assert worst == "V3"
    assert lo[worst] > hi.drop(worst).max()


def test_timer_recalls_land_inside_six_calendar_months(world):
    log = world["log"]
    c = log[log["channel"] == "call"]
    r = c.loc[c["outcome"] == "refused", ["customer_id", "started_at", "made_by", "campaign_id"]].rename(
        columns={"started_at": "r", "made_by": "refused_by", "campaign_id": "refused_in"})
    m = c[["customer_id", "started_at", "made_by", "campaign_id"]].merge(r, on="customer_id")
    days = (m["started_at"].dt.normalize() - m["r"].dt.normalize()).dt.days
    end = m["r"].dt.normalize() + pd.DateOffset(months=6)
    # a maker re-calling for the campaign the customer refused (another campaign's call may pass
    # a list by chance)
    timer = m[(days >= 180) & (m["started_at"].dt.normalize() < end) & (m["made_by"] == m["refused_by"])
              & (m["campaign_id"] == m["refused_in"])]
    on_end = m[m["started_at"].dt.normalize() == end]
    assert len(timer) >= 20 and set(timer["made_by"]) <= {"V1", "V2", "V3", "V4"}
    assert len(on_end) >= 5  # calls on the end day: allowed, the edge the lesson states


def test_scope_and_target_flags_recover_the_stale_list(world):
    """The vendor-scope and campaign-target checks (methods.contact_consent.scope_target_flags) find
    the planted outsourcing finding: every contact they flag was worked from the stale purchased
    list (truth/contacts_stale_list.csv), the counts are those of truth/contacts.json, and the list
    is V3's (the remediation vendor) and breaks the consent rule too."""
    log, t = world["log"], world["truth"]["scope_target"]
    f = scope_target_flags(log, world["campaigns"], world["vendors"], world["customers"], load("holdings"),
                           world["products"])
    stale = pd.read_csv(data_dir() / "truth" / "contacts_stale_list.csv", dtype=str)
    key = ["customer_id", "channel", "made_by", "campaign_id", "started_at"]
    mine = pd.MultiIndex.from_frame(log[key].astype(str).assign(started_at=log["started_at"].dt.strftime("%Y-%m-%d %H:%M")))
    planted = mine.isin(pd.MultiIndex.from_frame(stale[key]))
    assert int(planted.sum()) == len(stale) == t["stale_list_contacts"]
    off = (f["out_of_scope"] | f["off_target"]).to_numpy()
    assert int(f["out_of_scope"].sum()) == t["out_of_scope"] and int(f["off_target"].sum()) == t["off_target"]
    assert int(off.sum()) == t["off_list"] == t["off_list_from_stale_list"]
    assert not (off & ~planted).any(), "every contact off scope or off target is one of the stale list's"
    by_maker = pd.Series(off).groupby(log["made_by"].astype(str).to_numpy()).sum()
    assert {k: int(v) for k, v in by_maker.items()} == t["off_list_by_maker"]
    assert by_maker.idxmax() == world["truth"]["remediation_vendor"] == "V3"
    assert off.sum() > 0.5 * len(stale), "most of the stale list's contacts are visibly off scope or target"
    first = (log["channel"] == "sms") & pd.Series(off, index=log.index)  # SMS: no re-calls, no consent
    assert not _consent(log[first], world["consents"], "marketing").any()


def test_scope_and_target_rules_on_a_toy_log():
    camp = pd.DataFrame({"campaign_id": ["A", "B"], "product_id": ["W03", "L02"], "target_min_age": [18, 22],
                         "target_max_age": [99, 60], "target_holds": ["W03", ""], "target_not_holds": ["", "L02"],
                         "target_min_risk": ["C2", "C1"]})
    vend = pd.DataFrame({"vendor_id": ["MH", "V1", "V4"], "scope": ["all", "credit_card|consumer_loan", "insurance|L02"]})
    cust = pd.DataFrame({"customer_id": ["a", "b", "c"], "age": [40, 70, 30], "risk_tolerance": ["C3", "C3", "C1"]})
    hold = pd.DataFrame({"customer_id": ["a", "a"], "product_id": ["W03", "L02"],
                         "opened_on": ["2025-03-01", "2025-06-01"]})
    prod = pd.DataFrame({"product_id": ["W03", "L02"], "line": ["wealth_management", "consumer_loan"]})
    log = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "c", "a", "a"],
                        "made_by": ["MH", "MH", "V1", "MH", "MH", "V4", "V4"],
                        "campaign_id": ["A", "A", "A", "B", "A", "B", "B"],
                        "started_at": pd.to_datetime(["2025-02-28 10:00", "2025-03-01 10:00", "2025-04-01 10:00",
                                                      "2025-04-01 10:00", "2025-04-01 10:00", "2025-05-31 10:00",
                                                      "2025-06-01 10:00"])})
    f = scope_target_flags(log, camp, vend, cust, hold, prod)
    assert f["out_of_scope"].tolist() == [False, False, True, False, False, False, False], (
        "V1 (cards and loans) may not market W03; V4's scope names L02 by id")
    assert f["off_target"].tolist() == [True, False, False, True, True, False, True], (
        "W03 held from its opening day; 70 is over B's 60; C1 under A's C2; L02 already held on its opening day")


# --- data tests ----------------------------------------------------------------------------------

def test_contacts_are_the_extracts_customers_in_2025(world):
    log, cust = world["log"], world["customers"]
    assert log["customer_id"].isin(cust["customer_id"]).all()
    assert world["consents"]["customer_id"].isin(cust["customer_id"]).all()
    assert log["started_at"].min() >= pd.Timestamp("2025-01-01") and log["started_at"].max() < pd.Timestamp("2026-01-01")
    assert (log["started_at"].dt.second == 0).all()  # minute resolution
    assert log["contact_id"].is_unique and log["started_at"].is_monotonic_increasing


def test_calls_and_sms_are_well_formed(world):
    log = world["log"]
    calls = log["channel"] == "call"
    assert set(log["channel"]) == {"call", "sms"}
    assert (log.loc[calls, "ended_at"] >= log.loc[calls, "started_at"]).all()
    assert log.loc[~calls, "ended_at"].isna().all()
    assert set(log.loc[calls, "outcome"]) == {"no_answer", "answered", "refused"}
    assert (log.loc[~calls, "outcome"] == "sent").all()
    assert (log.loc[calls, "sms_text"] == "").all() and (log.loc[~calls, "sms_text"].str.len() > 10).all()
    assert log.loc[~calls, "sms_text"].str.startswith("【明湖银行】").all()
    camp = world["campaigns"].set_index("campaign_id")
    assert (log["campaign_id"].map(camp["channel"]) == log["channel"]).all()
    assert camp["product_id"].isin(world["products"]["product_id"]).all()
    assert set(log["made_by"]) == set(world["vendors"]["vendor_id"])
    # the daily pattern: most calls in the working day, a minority outside the window
    h = log.loc[calls, "started_at"].dt.hour
    assert ((h >= 9) & (h < 21)).mean() > 0.9 and ((h < 9) | (h >= 21)).any()


def test_consents_are_coherent(world):
    c, cust = world["consents"], world["customers"].set_index("customer_id")
    assert set(c["channel"]) == {"call", "sms", "all"}
    assert ((c["channel"] == "all") == (c["purpose"] == "personalised")).all()
    assert not c.duplicated(["customer_id", "channel"]).any()
    w = c["withdrawn_on"].notna()
    assert (c.loc[w, "withdrawn_on"] > c.loc[w, "granted_on"]).all()
    assert c["granted_on"].max() <= pd.Timestamp("2025-12-31")
    opened = pd.Timestamp("2025-12-31") - pd.to_timedelta(cust["tenure_years"] * 365.25 + 20, unit="D")
    assert (c["granted_on"].to_numpy() >= opened.reindex(c["customer_id"]).to_numpy()).all(), (
        "a consent is given after the customer joined the bank")


def test_contact_mix_follows_the_customers(world):
    log, cust = world["log"], world["customers"].set_index("customer_id")
    seg = world["segments"].set_index("customer_id")["segment"]
    per = log.groupby([log["customer_id"].map(cust["preferred_channel"]), "channel"]).size().unstack()
    per = per.div(cust["preferred_channel"].value_counts(), axis=0)
    assert per.loc["app", "sms"] > per.loc["app", "call"] and per.loc["phone", "call"] > per.loc["app", "call"]
    # retirees get more calls, among the customers a campaign may call: the target lists leave most
    # retirees off the others (MC02 and MC05 stop at 60, MC01 and MC03 need a holding), MC04's
    # list asks only for a risk tolerance of C3 or more
    camp = world["campaigns"].set_index("campaign_id")
    level = cust["risk_tolerance"].str[1:].astype(int)
    listed = cust.index[level >= int(camp.loc["MC04", "target_min_risk"][1:])]
    mc04 = log[(log["campaign_id"] == "MC04") & log["customer_id"].isin(listed)]
    calls = mc04.groupby(mc04["customer_id"].map(seg)).size() / seg[listed].value_counts()
    assert calls["retiree"] > calls["starter"] and calls["retiree"] > calls["young_professional"]


def test_truth_has_no_per_contact_labels(world):
    text = json.dumps(world["truth"])
    assert not re.search(r"\bK\d{6}\b", text) and not re.search(r"\bC\d{7}\b", text), (
        "hidden tests must not be answerable from the truth file: no contact or customer ids")
