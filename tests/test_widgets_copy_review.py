"""Unit tests of the copy-review engine (finmkt.methods.copy_review, COURSE.md's recipe) and of the
widget that shows an engine at work (finmkt.widgets.copy_review)."""

from __future__ import annotations

import pandas as pd
import pytest

from finmkt.methods.copy_review import (
    allow_list,
    mask_allowed,
    missing_disclosures,
    review,
    review_frame,
    review_terms,
    term_hits,
)
from finmkt.recipes.copy_review import MASK, periodic_rates
from finmkt.widgets.copy_review import RESULT_CLASS, copy_review_widget, review_html

#: The widget runs the engine it is given (in the lesson: the trainee's own functions).
ENGINE = {"review": review, "mask_allowed": mask_allowed, "term_hits": term_hits}


def test_nfkc_and_masking_longest_first():
    assert mask_allowed("年化３．５％", "wm") == "年化3.5%"
    assert mask_allowed("⾼收益", "wm") == "高收益"
    assert mask_allowed("非保本浮动收益", "wm") == MASK * 7
    assert list(allow_list("insurance")) == sorted(allow_list("insurance"), key=len, reverse=True)
    assert "保险公司" in allow_list("insurance") and "保险公司" not in allow_list("card")
    assert len(mask_allowed("不保证本金，保证金，安全性", "fund")) == len("不保证本金,保证金,安全性")


def test_negation_within_the_clause():
    terms = ("保本", "零风险", "无风险", "稳赚", "稳赚不赔", "保证收益")
    assert term_hits("保本保息", terms) == [(0, "保本")]
    assert term_hits("名额不多，保本", terms) == [(5, "保本")]  # the 不 is in the previous clause
    assert term_hits("并不保证收益", terms) == []
    assert term_hits("不要错过这个保本", terms) == [(6, "保本")]  # 6 characters away: outside the window
    assert term_hits("稳赚不赔", terms) == [(0, "稳赚不赔")]
    assert term_hits("并非无风险", terms) == []


@pytest.mark.parametrize(("text", "ptype", "rules"), [
    ("本产品不保本", "wm", set()),
    ("非保本浮动收益型产品", "wm", set()),
    ("保本又稳赚", "wm", {"MKT-01"}),
    ("一份保险，护佑全家", "insurance", set()),
    ("一份保险，护佑全家", "wm", {"MKT-03"}),
    ("投连账户像存款一样安全", "insurance", {"MKT-03"}),
    ("投资前请了解产品的安全性", "wm", set()),
    ("比定期存款多赚一点", "wm", {"MKT-03"}),
    ("本行已参加存款保险", "deposit", {"MKT-03"}),  # a decoy: the reviewers pass it
    ("同类产品收益名列前茅", "fund", {"MKT-02"}),
    ("经济学家推荐", "fund", {"MKT-05"}),
])
def test_term_rules(text, ptype, rules):
    assert review_terms(text, ptype) == rules


def test_disclosures():
    w = "理财非存款、产品有风险、投资须谨慎"
    assert missing_disclosures("新品" + w, "wm") == set()
    assert missing_disclosures("新品", "wm") == {"MKT-04"}
    perf = "近一年年化收益率3.1%{}。过往业绩不代表其未来表现，不等于理财产品实际收益。" + w
    assert missing_disclosures(perf.format(""), "wm") == {"MKT-04"}
    assert missing_disclosures(perf.format("（2024年10月1日至2025年9月30日）"), "wm") == set()
    assert periodic_rates("日息万分之二点五") == pytest.approx([9.0])  # 0.025% a day x 360
    assert periodic_rates("月利率0.5%") == pytest.approx([6.0])
    assert missing_disclosures("月利率0.5%，年化利率3.6%", "loan") == {"MKT-06"}
    assert missing_disclosures("月利率0.38%，对应年化利率4.56%", "loan") == set()
    assert missing_disclosures("年化利率低至3.6%", "loan") == {"MKT-07"}
    assert missing_disclosures("日利率低至0.02%", "card") == {"MKT-06", "MKT-07"}
    assert review("保证收益3.2%", "wm") == {"MKT-01", "MKT-03", "MKT-04"}


def test_review_frame_and_html():
    f = review_frame(["保本", "不保本"], ["wm", "wm"])
    assert list(f.columns) == ["mkt01", "mkt02", "mkt03", "mkt04", "mkt05", "mkt06", "mkt07"]
    assert f["mkt01"].tolist() == [1, 0] and f["mkt04"].tolist() == [1, 1]
    h = review_html("名额不多，保本！本产品不保本", "wm", **ENGINE)
    assert '<mark title="MKT-01">保本</mark>' in h and 'class="allowed"' in h and "不保本</span>" in h
    assert "MKT-04" in h


def test_widget_dropdown_changes_the_result():
    corpus = pd.DataFrame({"copy_id": ["A1", "A2"], "channel": ["sms", "poster"], "product_type": ["wm", "loan"],
                           "text_zh": ["零风险理财", "年化利率（单利）3.6%-18%"]})
    box = copy_review_widget(corpus, **ENGINE)
    assert RESULT_CLASS in box.result._dom_classes
    assert "MKT-01" in box.result.value and box.summary() == {"MKT-01", "MKT-04"}
    before = box.result.value
    box.pieces.value = 1
    assert box.result.value != before and box.product.value == "loan" and box.summary() == set()
    box.text.value = "日利率0.02%"
    assert "MKT-06" in box.result.value


def test_widget_shows_the_reviewers_labels_beside_the_engine():
    """A corpus piece shows the reviewers' labels, and says so where the engine disagrees
    (a decoy such as 存款保险); pasted copy has no labels to show."""
    corpus = pd.DataFrame({
        "copy_id": ["T1", "T2"], "channel": ["app_banner", "poster"], "product_type": ["deposit", "wm"],
        "text_zh": ["本行已参加存款保险，明星推荐的存钱方法。", "稳赚不赔的理财"],
        **{f"mkt0{k}": [int(k == 5), int(k == 1)] for k in range(1, 8)},
    })
    box = copy_review_widget(corpus, **ENGINE)
    assert "Reviewers' labels (人工标注):</b> MKT-05" in box.result.value
    assert "disagree" in box.result.value  # the engine also flags 保险 under MKT-03
    box.pieces.value = 1
    assert "Reviewers' labels (人工标注):</b> MKT-01" in box.result.value
    box.text.value = "稳赚不赔"
    assert "Reviewers' labels" not in box.result.value
