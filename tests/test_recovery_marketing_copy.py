"""Lesson 04_compliance/01_copy_review: the reference engine recovers the planted labels, and the
marketing_copy family's data agree with the world.

Tolerances (the engine is deterministic; the corpus and the held-out copy are draws of the
template grammar):

* every disagreement between the reference engine and the reviewers' labels is a planted case:
  a missed violation is an ``implied`` piece (no banned term), a false flag a ``decoy`` piece (a
  compliant use of a banned word); on the corpus and on held-out copy;
* on the generated copy the disclosure rules MKT-04, MKT-06 and MKT-07 are exact (precision = recall = 1): a
  property of the templates, whose disclosure sentences the recipe's patterns read, not of copy in general;
* on the hand-written copy (``finmkt/data/copy_handwritten.jsonl``, written by a reviewer who did not see the
  engine): the published part 1 is ``marketing_copy_hand`` exactly, the scores of both parts equal
  ``truth/marketing_copy.json``, and on the held-out part 2 MKT-04 and MKT-07 reach the course's target
  (precision and recall >= 0.85) that the lesson's hidden test asserts; the other rules do not, and the lesson
  says a clean verdict is not a clearance;
* the engine's precision and recall per rule equal ``truth/marketing_copy.json`` (to 1e-4);
* variety: all texts unique; fewer than 1% of the pairs of pieces share a 20-character substring
  outside the standard disclosures, and no such substring occurs in more than 2% of the pieces.
"""

from __future__ import annotations

import collections
import json
import unicodedata

import numpy as np
import pandas as pd
import pytest

from finmkt.data import load, marketing_copy
from finmkt.methods.copy_review import reference_scores, review_frame
from finmkt.paths import data_dir

RULES = list(marketing_copy.RULES)


@pytest.fixture(scope="module")
def corpus():
    return load("marketing_copy")


@pytest.fixture(scope="module")
def truth():
    return json.loads((data_dir() / "truth" / "marketing_copy.json").read_text())


@pytest.fixture(scope="module")
def tags():
    t = pd.read_csv(data_dir() / "truth" / "marketing_copy_tags.csv", keep_default_na=False)
    return t.set_index("copy_id")["tags"]


def _disagreements_are_planted(df: pd.DataFrame, tag: pd.Series) -> None:
    flags = review_frame(df["text_zh"], df["product_type"])
    for r in RULES:
        y, f = df[r].to_numpy(int), flags[r].to_numpy(int)
        for i in np.flatnonzero(y != f):
            kinds = str(tag.iloc[i]).split()
            assert ("implied" if y[i] else "decoy") in kinds, (r, df["text_zh"].iloc[i])


def test_engine_disagrees_only_on_planted_cases(corpus, tags):
    _disagreements_are_planted(corpus, tags.reindex(corpus["copy_id"]).fillna(""))


def test_held_out_copy(truth):
    held = marketing_copy.sample_copy(np.random.default_rng(20260101), 400)
    _disagreements_are_planted(held, held["tags"])
    scores = reference_scores(held)
    assert scores == truth["reference_engine_heldout_seed20260101_n400"]
    for r in ("mkt04", "mkt06", "mkt07"):
        assert scores[r]["precision"] == scores[r]["recall"] == 1.0
    # the cached copy the lesson's hidden tests use is the same draw every time
    pd.testing.assert_frame_equal(marketing_copy.heldout(2026, 400), marketing_copy.heldout(2026, 400))


def test_scores_match_the_truth(corpus, truth):
    scores = reference_scores(corpus)
    for r in RULES:
        for k in ("precision", "recall"):
            assert scores[r][k] == pytest.approx(truth["reference_engine_corpus"][r][k], abs=1e-4)
        assert scores[r]["positives"] == truth["label_counts"][r]
    for r in ("mkt04", "mkt06", "mkt07"):
        assert scores[r]["precision"] == scores[r]["recall"] == 1.0
    # the term rules are not: implied violations and decoys exist for the lesson to discuss
    assert min(scores[r]["recall"] for r in ("mkt01", "mkt02", "mkt05")) < 1
    assert min(scores[r]["precision"] for r in ("mkt02", "mkt03")) < 1


def test_schema_and_labels(corpus):
    assert list(corpus.columns) == marketing_copy.MARKETING_COPY.column_names
    assert len(corpus) >= 400 and corpus["copy_id"].is_unique and corpus["text_zh"].is_unique
    assert set(corpus["product_type"]) == set(marketing_copy.PRODUCT_TYPES)
    assert set(corpus["channel"]) == set(marketing_copy.CHANNELS)
    for r in RULES:
        assert set(corpus[r].unique()) <= {0, 1} and corpus[r].sum() >= 20, r
    share = corpus[RULES].max(axis=1).mean()
    assert 0.15 <= share <= 0.45, "most copy is compliant"
    assert not corpus.loc[~corpus["product_type"].isin(["wm", "fund"]), "mkt04"].any()
    assert not corpus.loc[~corpus["product_type"].isin(["loan", "card"]), ["mkt06", "mkt07"]].any().any()
    assert corpus["text_en"].str.len().gt(10).all() and corpus["text_en"].map(str.isascii).mean() > 0.99


def test_channels_and_dates(corpus):
    sms = corpus[corpus["channel"] == "sms"]
    assert (sms["text_zh"].str.len() <= 70).all(), "an SMS has at most 70 characters"
    assert sms["text_zh"].str.contains("退订|回复R").all(), "every marketing SMS carries an opt-out (PI-01)"
    assert (corpus.loc[corpus["channel"] == "app_banner", "text_zh"].str.len() <= 60).all()
    assert (corpus.loc[corpus["channel"] == "loan_ad", "product_type"].isin(["loan", "card"])).all()
    assert corpus["published_on"].between("2024-01-01", "2025-12-31").all()


def test_coherent_with_the_world(corpus):
    comp = load("competitors")
    products = load("products").set_index("product_id")
    assert set(corpus["institution_id"]) <= set(comp["institution"])
    mine = corpus[corpus["product_id"].notna() & (corpus["product_id"] != "")]
    assert (mine["institution_id"] == "Minghu Bank").all() and set(mine["product_id"]) <= set(products.index)
    line = {"wealth_management": "wm", "fund": "fund", "insurance": "insurance", "deposit": "deposit",
            "credit_card": "card", "consumer_loan": "loan"}
    assert (mine["product_id"].map(products["line"]).map(line) == mine["product_type"]).all()
    # no piece advertises a product before it was launched
    launch = pd.to_datetime(mine["product_id"].map(products["launch_date"]))
    assert (launch <= mine["published_on"]).all()
    others = corpus[corpus["institution_id"] != "Minghu Bank"]
    assert (others["product_id"].fillna("") == "").all()


def test_variety(corpus):
    boiler = [unicodedata.normalize("NFKC", b) for b in ("理财非存款、产品有风险、投资须谨慎", "理财非存款，产品有风险，投资须谨慎",
                                                          "过往业绩不代表其未来表现，不等于理财产品实际收益",
                                                          "过往业绩不代表其未来表现，不等于基金实际收益")]
    owners = collections.defaultdict(set)
    for i, t in enumerate(corpus["text_zh"]):
        t = unicodedata.normalize("NFKC", t)
        for b in boiler:
            t = t.replace(b, "|")
        for j in range(len(t) - 19):
            if "|" not in t[j:j + 20]:
                owners[t[j:j + 20]].add(i)
    pairs = {(a, b) for o in owners.values() if len(o) > 1 for a in o for b in o if a < b}
    n = len(corpus)
    assert len(pairs) / (n * (n - 1) / 2) < 0.01
    assert max(len(o) for o in owners.values()) <= 0.02 * n


def test_the_printed_card_aprs_are_the_loan_pricing_method():
    """The card-instalment ads print the APR by the IRR method (lesson 02_positioning/04):
    the copy's precomputed table is the loan-pricing reference for every fee and term it draws."""
    from finmkt.methods.loan_pricing import apr_irr

    for n, row in marketing_copy._APR_CARD.items():
        assert len(row) == 36
        for i, printed in enumerate(row):
            fee = (45 + i) / 100
            assert printed == f"{100 * apr_irr(1.0, n, fee / 100):.2f}", (n, fee)
            assert marketing_copy._apr_card(round(fee, 2), n) == printed


def test_hand_written_copy(truth):
    """The hand-written copy: 100 published pieces (part 1) and the parts kept back; labels within each rule's
    product scope; the truth's scores per part are the engine's."""
    every = marketing_copy.handwritten()
    assert every["copy_id"].is_unique and every["text_zh"].is_unique
    counts = every["part"].value_counts().to_dict()
    assert counts == {1: 100, 2: 100, 3: 140, 4: 120, 5: 20, 6: 30}, counts
    published = load("marketing_copy_hand")
    part1 = marketing_copy.handwritten(1).drop(columns="part")
    assert list(published.columns) == marketing_copy.MARKETING_COPY_HAND.column_names
    pd.testing.assert_frame_equal(published.reset_index(drop=True), part1[published.columns], check_dtype=False)
    assert set(every["product_type"]) == set(marketing_copy.PRODUCT_TYPES)
    assert not every.loc[~every["product_type"].isin(["wm", "fund"]), "mkt04"].any()
    assert not every.loc[~every["product_type"].isin(["loan", "card"]), ["mkt06", "mkt07"]].any().any()
    assert not every.loc[every["product_type"] == "deposit", "mkt03"].any(), "MKT-03 does not concern deposits"
    for part in counts:
        assert reference_scores(marketing_copy.handwritten(part)) == truth[f"reference_engine_handwritten_part{part}"]


def test_blind_measurements_are_recorded_per_part():
    """Every part after the first was measured once blind; the record names the engine and has one row per rule."""
    blind = marketing_copy.blind_measurements()
    parts = set(marketing_copy.handwritten()["part"]) - {1}
    assert set(blind["part"]) == parts
    for part, rows in blind.groupby("part"):
        assert sorted(rows["rule"]) == [f"mkt0{i}" for i in range(1, 8)]
        assert rows["pieces"].iloc[0] == len(marketing_copy.handwritten(part))
        assert ((rows["precision"] >= 0) & (rows["precision"] <= 1) & (rows["recall"] >= 0) & (rows["recall"] <= 1)).all()
        assert (rows["flagged"] >= 0).all() and (rows["positives"] > 0).all()


def test_developed_hand_written_targets(truth):
    """The course's target (precision and recall >= 0.85) on the 510 hand-written pieces the recipe was developed on
    (parts 1-6), every rule (the blind scores before development: blind_measurements())."""
    for r, v in reference_scores(marketing_copy.handwritten()).items():
        assert v["precision"] >= 0.85 and v["recall"] >= 0.85, (r, v)


def test_realism(corpus):
    """What a bank reviewer would notice at once (independent review M3, M6): a large CD from RMB 200,000 with
    the term its name gives; hospital reimbursement only for medical cover; a WM benchmark figure with its basis
    unless the piece is labelled MKT-04; past returns of Minghu Bank's products near the product's rate."""
    import re

    products = load("products").set_index("product_id")
    text = corpus["text_zh"].map(lambda t: unicodedata.normalize("NFKC", t))
    for t, name in zip(text[corpus["product_type"] == "deposit"], corpus.loc[corpus["product_type"] == "deposit",
                                                                              "product_name_zh"], strict=True):
        if "大额存单" in t:
            for m in re.findall(r"([\d.]+)(万?)元起存", t):
                assert m[1] == "万" and float(m[0]) >= 20, t
            if "三年" in name:
                assert all((a or b) == "3" for a, b in re.findall(r"(\d)年期|存期(\d)年", t)), t
    assert corpus.loc[text.str.contains("住院费用可报销"), "product_name_zh"].str.contains("医疗").all()
    wm = corpus["product_type"] == "wm"
    bare = wm & text.str.contains("业绩比较基准") & ~text.str.contains("测算依据")
    assert (corpus.loc[bare, "mkt04"] == 1).all(), "a bare benchmark range is labelled MKT-04"
    mine = corpus[wm & (corpus["product_id"].fillna("") != "")]
    for pid, t in zip(mine["product_id"], text[mine.index], strict=True):
        rate = float(products.loc[pid, "rate_pct"])
        for r in re.findall(r"近一年年化收益率([\d.]+)%", t):
            assert 0.8 * rate <= float(r) <= 1.25 * rate, (pid, t)


def test_realism_after_compliance_review(corpus):
    """The compliance review's realism findings: a 7-day annualised yield only for cash-management and
    money-market products; an equity index in the benchmark basis of R4/R5 products (not a bond index alone);
    drawdowns of mixed and equity products of several percent; no phrase stated twice; the standard fund
    disclaimer appears, as compliant copy."""
    import re

    from finmkt.data.marketing_copy import CASH_NAMES
    from finmkt.methods.copy_review import review

    text = corpus["text_zh"].map(lambda t: unicodedata.normalize("NFKC", t))
    for t, name in zip(text, corpus["product_name_zh"].fillna(""), strict=True):
        if re.search("[近七]7?日年化", t):
            assert any(w in name for w in CASH_NAMES) or "R1" in t, (name, t)
        for phrase in re.split("[,。;!]", t):
            if len(phrase) >= 6:
                assert t.count(phrase) == 1 or phrase.startswith(("理财非存款", "【")), (phrase, t)
    for t, name in zip(text, corpus["product_name_zh"].fillna(""), strict=True):
        for dd in re.findall(r"最大回撤([\d.]+)%", t):
            if re.search("混合|股票|权益|成长|进取", name):
                assert float(dd) >= 2.0, (name, t)
        if re.search("R[45]", t) and "测算依据" in t:
            assert re.search("沪深300|中证800", t), t
    fund = text[corpus["product_type"] == "fund"]
    disclaimer = fund.str.contains("但不保证基金一定盈利")
    assert disclaimer.any()
    for i in disclaimer[disclaimer].index:  # the disclaimer's 承诺 adds no MKT-03 flag
        assert ("MKT-03" in review(corpus.loc[i, "text_zh"], "fund")) == bool(corpus.loc[i, "mkt03"]), corpus.loc[i, "text_zh"]
