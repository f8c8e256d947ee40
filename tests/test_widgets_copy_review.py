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
from finmkt.recipes.copy_review import MASK, flat_fees, normalise, periodic_rates
from finmkt.widgets.copy_review import RESULT_CLASS, copy_review_widget, review_html

#: The widget runs the engine it is given (in the lesson: the trainee's own functions).
ENGINE = {"review": review, "mask_allowed": mask_allowed, "term_hits": term_hits}


def test_normalisation_and_masking_longest_first():
    assert mask_allowed("年化３．５％", "wm") == "年化3.5%"
    assert mask_allowed("⾼收益", "wm") == "高收益"
    # traditional and variant characters, spaced words and figures, English, double negatives
    assert normalise("穩賺不賠，零風險") == "稳赚不赔,零风险"  # NFKC: the full-width comma is ASCII
    assert normalise("髙收益") == "高收益"
    assert normalise("保 本 保 息，零·风·险，低至 3 . 6 %") == "保本保息,零风险,低至3.6%"
    assert normalise("Zero Risk，No.1") == "零风险,排名第一"
    assert normalise("本产品并非不保本") == "本产品保本"
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
    assert term_hits("不仅保本", terms) == [(2, "保本")]  # 不仅 (not only) negates nothing
    assert term_hits("理财≠保本", terms) == []


@pytest.mark.parametrize("text", ["理财能稳赚吗?答案是否定的", "无风险?不存在的", "“零风险、高收益”的理财是骗局",
                                  "谨防“保本高息”的非法集资"])
def test_reported_speech_is_not_a_claim(text):
    assert term_hits(text, ("稳赚", "无风险", "零风险", "保本")) == []


def test_a_question_without_a_denial_is_a_claim():
    assert term_hits("想要零风险?来明湖银行", ("零风险",)) == [(2, "零风险")]


@pytest.mark.parametrize(("text", "ptype", "rules"), [
    ("本产品不保本", "wm", set()),
    ("非保本浮动收益型产品", "wm", set()),
    ("保本又稳赚", "wm", {"MKT-01"}),
    ("一份保险，护佑全家", "insurance", set()),
    ("一份保险，护佑全家", "wm", {"MKT-03"}),
    ("投连账户像存款一样安全", "insurance", {"MKT-03"}),
    ("投资前请了解产品的安全性", "wm", set()),
    ("比定期存款多赚一点", "wm", {"MKT-03"}),
    ("本行已参加存款保险", "deposit", set()),  # a true statement: 存款保险 is allow-listed
    ("大额存单保本保息", "deposit", set()),  # MKT-01 concerns investment products
    ("保本保息", "loan", set()),
    ("持卡赠送航空意外险，出行更安全", "card", set()),  # a card's perk, not the risk of an investment
    ("本基金属于高风险、高收益品种", "fund", set()),  # the mandated risk description
    ("不构成本基金业绩表现的保证", "fund", set()),  # the standard fund disclaimer
    ("据湖城理财评价中心2024年榜单，收益位居前列", "wm", set()),  # a ranking with its source
    ("收益位居前列", "wm", {"MKT-02"}),
    ("理财≠存款", "wm", set()),
    ("不保本，但从未亏损", "wm", {"MKT-01"}),  # the negation is followed by an implied guarantee
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


@pytest.mark.parametrize(("text", "ptype", "rules"), [
    # rate teasers and periodic costs as loan ads write them (review H1)
    ("年化利率（单利）3.6%起", "loan", {"MKT-07"}),
    ("最低年化利率3.45%", "loan", {"MKT-07"}),
    ("借1万元每天最低仅需2元", "loan", {"MKT-06", "MKT-07"}),
    ("月息5厘", "loan", {"MKT-06"}),
    ("月息5厘，年化利率6%", "loan", set()),
    ("每日仅需万分之三的利息", "loan", {"MKT-06"}),
    ("低至 3.6 %", "loan", {"MKT-07"}),
    ("月供低至1999元", "loan", set()),  # an instalment amount, not a rate
    # a flat instalment fee: the APR is the IRR (review H2; COURSE.md: 0.6% over 12 months is 13.03%)
    ("账单分期每期手续费0.6%，年化费率7.2%", "card", {"MKT-06"}),
    ("账单分期12期，每期手续费率0.6%，年化利率约13.03%", "card", set()),
    ("账单分期12期，每期手续费率0.6%，年化利率约12.9%", "card", {"MKT-06"}),
    # 7-day and past-year yields, a bare benchmark range (review H1, M3)
    ("近7日年化收益率2.05%。理财非存款、产品有风险、投资须谨慎", "wm", {"MKT-04"}),
    ("过去一年收益率4.1%。理财非存款、产品有风险、投资须谨慎", "wm", {"MKT-04"}),
    ("业绩比较基准2.80%-3.20%（年化）。理财非存款、产品有风险、投资须谨慎", "wm", {"MKT-04"}),
    ("业绩比较基准2.80%-3.20%（年化），测算依据：参考中债指数收益扣除费用测算。理财非存款、产品有风险、投资须谨慎",
     "wm", set()),
    ("理財非存款、產品有風險、投資須謹慎", "wm", set()),  # the warning in traditional characters
    # funds: the warning on the future and the dates (the course's extension of MKT-04; review M4)
    ("近一年收益率5.2%（2024年1月1日至2024年12月31日）。基金的过往业绩并不预示其未来表现", "fund", set()),
])
def test_disclosures_as_banks_write_them(text, ptype, rules):
    assert review(text, ptype) == rules


def test_flat_fee_apr_is_the_loan_pricing_irr():
    """The flat-fee APR the engine requires is module 02's IRR APR over the fewest periods named."""
    from finmkt.methods.copy_review import required_aprs
    from finmkt.methods.loan_pricing import apr_irr

    assert flat_fees("分3期或12期，每期手续费0.6%") == [(0.6, 3)]
    assert flat_fees("每期手续费0.6%") == [(0.6, 2)]  # none named: the shortest plan
    assert required_aprs("分12期，每期手续费0.6%") == pytest.approx([100 * apr_irr(1.0, 12, 0.006)])
    assert required_aprs("分12期，每期手续费0.6%")[0] == pytest.approx(13.03, abs=0.005)


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
    assert "MKT-01" in box.result.value and box.summary() == {"MKT-01", "MKT-03", "MKT-04"}
    before = box.result.value
    box.pieces.value = 1
    assert box.result.value != before and box.product.value == "loan" and box.summary() == set()
    box.text.value = "日利率0.02%"
    assert "MKT-06" in box.result.value


def test_widget_shows_the_reviewers_labels_beside_the_engine():
    """A corpus piece shows the reviewers' labels, and says so where the engine disagrees
    (a decoy such as a card's privacy promise); pasted copy has no labels to show."""
    corpus = pd.DataFrame({
        "copy_id": ["T1", "T2"], "channel": ["app_banner", "poster"], "product_type": ["card", "wm"],
        "text_zh": ["我行承诺严格保护您的个人信息，明星推荐的信用卡。", "稳赚不赔的理财"],
        **{f"mkt0{k}": [int(k == 5), int(k == 1)] for k in range(1, 8)},
    })
    box = copy_review_widget(corpus, **ENGINE)
    assert "Reviewers' labels (人工标注):</b> MKT-05" in box.result.value
    assert "disagree" in box.result.value  # the engine also flags 承诺 under MKT-03
    box.pieces.value = 1
    assert "Reviewers' labels (人工标注):</b> MKT-01" in box.result.value
    box.text.value = "稳赚不赔"
    assert "Reviewers' labels" not in box.result.value


_W = "理财非存款、产品有风险、投资须谨慎。"


@pytest.mark.parametrize(("text", "ptype", "rules"), [
    # negators inside ordinary words negate nothing (compliance review H-b)
    ("这款理财非常安全，收益稳定。" + _W, "wm", {"MKT-03"}),
    ("未来三年稳赚不赔！" + _W, "wm", {"MKT-01"}),
    ("无忧保本，安心理财。" + _W, "wm", {"MKT-01"}),
    ("谁说理财不能保本？明湖稳盈就能！" + _W, "wm", {"MKT-01"}),
    ("资金安全，收益稳定。" + _W, "wm", {"MKT-03"}),
    # a warning excuses only the claim it is about
    ("远离诈骗，本基金零风险高收益！", "fund", {"MKT-01", "MKT-03"}),
    ("别再小心翼翼了，这款理财稳赚不赔！" + _W, "wm", {"MKT-01"}),
    ("警惕通胀，选保本理财！" + _W, "wm", {"MKT-01"}),
    ("谨防“保本高收益”骗局，认准正规渠道。", "fund", set()),
    # standard disclaimers and insurance cover break nothing (H-c)
    ("业绩比较基准不是预期收益率，不构成对产品收益的承诺。" + _W, "wm", set()),
    ("基金管理人承诺以诚实信用、勤勉尽责的原则管理和运用基金资产，但不保证基金一定盈利，也不保证最低收益。", "fund", set()),
    ("本基金业绩比较基准不构成对基金收益或最大回撤的保证。", "fund", set()),
    ("云岫理财是经国家金融监督管理总局批准设立的理财公司。监管批准设立不代表对产品收益和风险的保证。" + _W, "wm", set()),
    ("一人投保，全家有保障。", "insurance", set()),
    ("百万医疗险，看病有保障。", "insurance", set()),
    # sources, endorsements, approvals (MEDIUM 1, 3)
    ("据说这款收益全市第一。" + _W, "wm", {"MKT-02"}),
    ("著名经济学家张教授倾情推荐！", "fund", {"MKT-05"}),
    ("明星张三同款年金险", "insurance", {"MKT-05"}),
    ("获得国家金融监督管理总局批准，值得信赖。" + _W, "wm", {"MKT-05"}),
    # a covering APR, a fee in yuan, warning variants, deposits (MEDIUM 2, LOW)
    ("年化利率7.2%-10%，日利率0.02%-0.05%", "loan", {"MKT-06"}),
    ("年化利率7.2%-18%，日利率0.02%-0.05%", "loan", set()),
    ("借1万元分12期，每期手续费60元，年化利率7.2%", "card", {"MKT-06"}),
    ("借1万元，每天利息1.5元", "loan", {"MKT-06"}),
    ("理财≠存款，产品有风险，投资需谨慎。", "wm", set()),
    ("近一年收益率25.3%（2024年7月1日至2025年6月30日），过往业绩不代表未来收益。", "fund", set()),
    ("结构性存款，保本保收益，最高年化4.5%！", "deposit", {"MKT-01"}),
    ("大额存单，零风险，稳赚不赔！", "deposit", {"MKT-01"}),
    ("三年期定期存款，保本保息，本行已参加存款保险。", "deposit", set()),
])
def test_compliance_review_probes(text, ptype, rules):
    assert review(text, ptype) == rules


@pytest.mark.parametrize(("text", "ptype", "rules"), [
    # paraphrases a reviewer reads as a banned term (PARAPHRASES), and their negated or true forms
    ("虽然不保本，但这款产品从没让投资者亏过一分钱。" + _W, "wm", {"MKT-01"}),
    ("本产品不保证不会亏损。" + _W, "wm", set()),
    ("放心买，亏了我来补！" + _W, "wm", {"MKT-01"}),
    ("这只基金今年收益至少8%。", "fund", {"MKT-01"}),
    ("本基金权益类资产比例不低于80%。", "fund", set()),
    ("到期本金利息一起回来，比定期划算。" + _W, "wm", {"MKT-01", "MKT-03"}),
    ("三年期整存整取，到期本金利息一起到账。", "deposit", set()),
    ("我们行的理财从来没出过问题。" + _W, "wm", {"MKT-01"}),
    ("天天赚钱的理财，了解一下。" + _W, "wm", {"MKT-01"}),
    ("100% safe的稳健理财。" + _W, "wm", {"MKT-01", "MKT-03"}),
    ("安全性高、流动性好的现金管理类理财。" + _W, "wm", {"MKT-03"}),
    # a question asked, a warning about a sales pitch, an English denial
    ("理财产品是否保本？请阅读产品说明书。" + _W, "wm", set()),
    ("別被「高收益」話術騙了，保險的核心是保障。", "insurance", set()),
    ("risk-free? No. 基金有风险，投资须谨慎。", "fund", set()),
    # rankings: a national 最高, the top of the bank's own tiers, the bank's own figures as a source
    ("全国里程累积比例最高的联名卡", "card", {"MKT-02"}),
    ("三年期定期存款年利率最高2.0%（50万元及以上）。", "deposit", set()),
    ("本行理财收益全市最高（数据来源：本行统计）。" + _W, "wm", {"MKT-02"}),
    ("近一年收益跑赢同类。", "fund", {"MKT-02"}),  # no figure: not a past-performance display
    # endorsements by staff and customers
    ("我们理财经理自己也买了这款，放心！" + _W, "wm", {"MKT-05"}),
    ("老客户都说好，复购率高。" + _W, "wm", {"MKT-05"}),
    # deposits as the comparison, and as an underlying asset
    ("基金就跟存银行一样，随用随取。", "fund", {"MKT-03"}),
    ("本产品投资于债券、存款等资产。" + _W, "wm", set()),
    # a cost per 10,000 a month, a monthly fee rate in instalment copy, a bare 年化 that covers the rate
    ("借一万用一个月只要30块", "loan", {"MKT-06"}),
    ("借一万用一个月只要30块，年化利率3.6%", "loan", set()),
    ("信用卡分期 月费率0.6% 折合年化7.2%", "card", {"MKT-06"}),
    ("日利率万分之二，相当于年化7.2%", "loan", set()),
    # a promise about the bank's conduct
    ("年化利率3.6%-24%（单利），我们承诺绝不暴力催收。", "loan", set()),
    # a question asked with 会不会, a drawdown, a promised floor read as no past performance, symbols inside a word
    ("这只基金会不会亏？会的，过去一年最大回撤也有6%左右。基金有风险，投资须谨慎。", "fund", set()),
    ("本产品为非保本浮动收益型，但保证年化收益不低于3%。" + _W, "wm", {"MKT-01", "MKT-03"}),
    ("万能险结算利率4.0%，保✔证✔收✔益！", "insurance", {"MKT-01", "MKT-03"}),
    # plain-speech guarantees and endorsements
    ("这款R3理财最差也就是少赚点，本金是不会动的。" + _W, "wm", {"MKT-01"}),
    ("我自己家里也买了这款理财，放心。" + _W, "wm", {"MKT-05"}),
    ("主播拿人格给大家担保！" + _W, "wm", {"MKT-05"}),
    ("央视财经特邀专家都推荐过的年金险。", "insurance", {"MKT-05"}),
    # a deposit's true statements, a comparison with a term deposit of N years, deposits in an allocation
    ("定期存款稳当，十几年了没一个吃亏的。", "deposit", set()),
    ("年化3.1%，比三年定期多赚一倍。" + _W, "wm", {"MKT-03", "MKT-04"}),  # a bare 年化 figure: past performance
    ("按70%信用债+30%存款及货币市场工具配置。" + _W, "wm", set()),
    # rates in shorthand
    ("信用卡分期，每万元每月手续费仅60元，最长可分24期，年化利率（单利）7.2%", "card", {"MKT-06"}),
    ("信用卡大额分期，日息万三起", "card", {"MKT-06", "MKT-07"}),
    ("这只QDII上个月涨了8个点，要不要加点？", "fund", {"MKT-04"}),
])
def test_paraphrases_as_banks_write_them(text, ptype, rules):
    assert review(text, ptype) == rules


@pytest.mark.parametrize(("text", "ptype"), [
    # compliant copy a bank publishes with the paraphrases' trigger words (re-review of lesson 04-1)
    ("我行信用贷无需担保，年化利率（单利）3.6%-12%，具体以审批结果为准。", "loan"),
    ("若被保险人在保险期间内没有发生理赔，满期返还已交保费。", "insurance"),
    ("结构性存款收益率不低于1.30%，本金受存款保险保护（50万元以内）。", "deposit"),
    ("每万元每月还款约860元（等额本息，12期，年化利率5.6%）。", "loan"),
    ("本产品犹豫期15天，犹豫期内退保不会亏钱，保险公司退还全部已交保费。", "insurance"),
    ("理财产品不同于银行存款，可能出现本金亏损。" + _W, "wm"),
    ("本基金经中国证监会注册，中国证监会对本基金的注册，并不表明其对本基金的投资价值、市场前景和收益作出实质性判断或保证，"
     "也不表明投资于本基金没有风险。基金有风险，投资须谨慎。", "fund"),
    ("请认准唯一官方客服热线，谨防诈骗。基金有风险，投资须谨慎。", "fund"),
    ("本行从未授权任何人承诺保本保收益。" + _W, "wm"),
    ("基金投资可能出现亏损，请勿轻信任何“稳赚不赔”的承诺。基金有风险，投资须谨慎。", "fund"),
    ("本产品为增额终身寿险，保证利益写入合同，但退保可能有损失，请详阅条款。", "insurance"),
    ("本理财产品不会投资于股票，主要投资于存款、债券等固定收益类资产。" + _W, "wm"),
    ("单笔最大可借20万元，年化利率（单利）7.2%-18%，具体以审批结果为准。", "loan"),
    ("高收益往往伴随高风险，请根据自身风险承受能力审慎投资。基金有风险，投资须谨慎。", "fund"),
    ("我们承诺：不暴力催收、不搭售。年化利率（单利）4.2%-15.6%。", "loan"),
    ("贷款利率较上月下调0.5个点，年化利率（单利）3.5%-12%。", "loan"),
])
def test_compliant_copy_with_trigger_words(text, ptype):
    assert review(text, ptype) == set()
