"""Consumer complaints of 2025 (module 05, lesson 3: complaint handling, 投诉处理).

Three tables:

* ``complaints``: every consumer complaint (消费投诉) the extract's customers made to Minghu
  Bank in 2025, or that reached it from the regulator's consumer hotline 12378 (转办), with the
  complaint's channel, business line, category (投诉原因), the root cause the bank's
  root-cause review (溯源整改) found, the product and, where the complaint names one, the record
  it disputes (a sale of ``suitability_sales``, a contact of ``contact_log``); the receipt and
  resolution times (resolution empty while the complaint is open at the data cut-off
  2025-12-31 23:59), the deadline extension notified to the complainant, the outcome and the
  day the complainant took the complaint on to the regulator (12378), if so.
* ``complaint_root_causes``: the root causes, their owner inside the bank and whether the bank
  can remove them (a fixable process fault, or an outside cause such as a merchant dispute).
* ``complaint_params``: the handling deadline of 《银行业保险业消费投诉处理管理办法》 (原中国银保监会
  令2020年第3号) and its two extensions, and the course's counting convention.

Planted process. Complaints arise from what the world already records of each customer:

* **fees** (收费): card holders complain about an annual fee charged on the card's anniversary
  without the reminder the bank's fee rules promise, every customer about an SMS-alert fee on
  the demand account (D01): root cause ``fee_notice_missing``, the largest and a fixable one;
* **system failures** (系统故障): the app release of 2025-06-10 broke transfers and card and loan
  autopay until the fix of 2025-07-15 (root cause ``app_release_defect``; a failed autopay
  also charged late fees), on top of a year-round trickle of login and face-recognition
  failures (``app_usability``); only app users (``customers.app_logins_month`` > 0 or the app
  as preferred channel) complain about the app;
* **transaction disputes** (交易争议): card holders disputing a merchant's charge
  (``merchant_dispute``, an outside cause);
* **marketing contacts** (营销扰民): a share of module 04's contacts that break the consent or
  do-not-call rule (``finmkt.methods.contact_consent.label_contacts``), most of them by the
  worst vendor (V3) and its stale purchased list (``contact_list_not_screened``), and a few
  complaints about lawful, consented contacts the customer finds too frequent (``marketing_frequency``,
  mostly not upheld; fixable: the bank sets its own contact-frequency cap);
* **mis-selling** (销售误导 / 适当性): module 04's sales above the customer's risk level at the sale
  (``sale_above_risk_level``) and those without a valid assessment (``assessment_not_valid``),
  a small share of suitable sales after a loss (``market_loss_expectation``, category
  ``product_loss``);
* **service quality** (服务质量): branch visitors (``branch_visits_year`` > 0) about queues
  (``branch_understaffed_peak``) or staff conduct (``staff_conduct``);
* **loan terms** (合同条款): loan and mortgage holders about early-repayment fees and repricing
  (``loan_terms_unclear``).

A complaint lies in the customer's history: received in 2025, after the customer joined and
after the disputed record, at most ``GRACE_DAYS`` after the last active day (a customer can
complain on the way out); its product is one the customer holds, opened on or before the
receipt day (D01, the demand account, every customer holds). Time to resolution is Weibull by
category (``HANDLING``), so a category's hazard is planted; a complaint still open at the
cut-off is censored there. A complaint that runs past 15 days is extended (to 30 days, notice
to the complainant) with the category's probability, and one past 30 days extended again (to
60 days, senior approval) with ``P_SPECIAL``; a complaint resolved after its applicable
deadline, or still open past it, is a breach. Outcomes by root cause (``UPHELD``); a
complainant takes the complaint on to the regulator with a probability that rises when it is
not upheld, late, or a mis-sale (``ESCALATION``); and a complaint not upheld or late comes back
as a new complaint of the same customer and category with ``P_REPEAT_BAD`` (``P_REPEAT_GOOD``
otherwise), after the resolution (a repeat can come back again, by the same rule).

Planted truths (``truth/complaints.json``): every probability and Weibull parameter, the
theoretical share of each category resolved within 15 days, and what the reference methods
(``finmkt.methods.complaint_handling``) find on the tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import history, spec
from finmkt.data.schema import Dataset, cols, param_cols

CUTOFF = spec.AS_OF
YEAR_START = pd.Timestamp("2025-01-01")
#: a complaint can come up to this many days after the customer's last active day
GRACE_DAYS = 30
#: the faulty app release and its fix
DEFECT_FROM, DEFECT_TO = pd.Timestamp("2025-06-10"), pd.Timestamp("2025-07-14")
#: the handling deadline (days from receipt) and its two extensions
DEADLINE_DAYS, EXTENDED_DAYS, SPECIAL_DAYS = 15, 30, 60

#: Weibull time to resolution by category: (shape k, median days); the probability that a
#: complaint running past 15 days is extended with notice
HANDLING = {
    "fees": (1.3, 3.5, 0.40),
    "system_failure": (1.1, 6.0, 0.40),
    "transaction_dispute": (1.8, 19.0, 0.85),
    "marketing_contact": (1.0, 2.5, 0.30),
    "mis_selling": (1.6, 26.0, 0.90),
    "product_loss": (1.4, 14.0, 0.70),
    "service_quality": (1.0, 2.0, 0.30),
    "loan_terms": (1.3, 9.0, 0.60),
}
P_SPECIAL = 0.75
#: outcome probabilities (upheld, partly upheld, not upheld) by root cause
UPHELD = {
    "fee_notice_missing": (0.85, 0.10, 0.05),
    "app_release_defect": (0.90, 0.07, 0.03),
    "app_usability": (0.55, 0.25, 0.20),
    "merchant_dispute": (0.40, 0.20, 0.40),
    "contact_list_not_screened": (0.80, 0.15, 0.05),
    "marketing_frequency": (0.10, 0.20, 0.70),
    "sale_above_risk_level": (0.50, 0.30, 0.20),
    "assessment_not_valid": (0.40, 0.35, 0.25),
    "market_loss_expectation": (0.05, 0.10, 0.85),
    "branch_understaffed_peak": (0.30, 0.50, 0.20),
    "staff_conduct": (0.50, 0.30, 0.20),
    "loan_terms_unclear": (0.35, 0.30, 0.35),
}
#: escalation to the regulator (12378): base + extra if not upheld, if late (breach), if a mis-sale
ESCALATION = {"base": 0.02, "not_upheld": 0.12, "breach": 0.18, "mis_selling": 0.10}
P_REPEAT_BAD, P_REPEAT_GOOD = 0.30, 0.05
#: channels and each category's mix (hotline, app, branch, letter, regulator_12378)
CHANNELS = ["hotline", "app", "branch", "letter", "regulator_12378"]
CHANNEL_MIX = {
    "fees": (0.55, 0.25, 0.15, 0.02, 0.03),
    "system_failure": (0.50, 0.40, 0.06, 0.01, 0.03),
    "transaction_dispute": (0.60, 0.20, 0.15, 0.02, 0.03),
    "marketing_contact": (0.55, 0.15, 0.05, 0.02, 0.23),
    "mis_selling": (0.25, 0.05, 0.35, 0.15, 0.20),
    "product_loss": (0.35, 0.10, 0.40, 0.05, 0.10),
    "service_quality": (0.40, 0.15, 0.40, 0.03, 0.02),
    "loan_terms": (0.50, 0.15, 0.25, 0.05, 0.05),
}
#: probabilities of the sources (per eligible customer over a full year, per holding, sale or contact)
P_ANNUAL_FEE = 0.09
P_SMS_FEE = 0.005
P_DEFECT_APP, P_DEFECT_CARD, P_DEFECT_LOAN = 0.010, 0.045, 0.045
P_APP_OTHER = 0.004
P_MERCHANT = 0.05
P_CONTACT_V3, P_CONTACT_OTHER, P_CONTACT_OK = 0.12, 0.03, 0.0012
P_SALE_ABOVE, P_SALE_INVALID, P_SALE_OK = 0.40, 0.10, 0.012
P_BRANCH, P_STAFF_SHARE = 0.006, 0.3
P_LOAN_TERMS = 0.02

ROOT_CAUSES = [
    # id, name_zh, name_en, owner, fixable, fixed_on, note
    ("fee_notice_missing", "收费前未提示", "Fee charged without the promised notice", "card centre / retail operations", 1, "",
     "Annual card fees and SMS-alert fees charged without the reminder the fee rules promise"),
    ("app_release_defect", "手机银行版本缺陷", "Faulty app release", "IT (app delivery)", 1, "2025-07-15",
     "The 2025-06-10 release broke transfers and autopay until the fix of 2025-07-15"),
    ("app_usability", "手机银行登录与识别问题", "App login and face-recognition failures", "IT (app delivery)", 1, "",
     "Year-round login, verification-code and face-recognition failures"),
    ("merchant_dispute", "商户交易争议", "Merchant dispute", "card centre (chargebacks)", 0, "",
     "The customer disputes a merchant's charge; the bank mediates through the card scheme"),
    ("contact_list_not_screened", "营销名单未过滤", "Marketing list not screened for consent and do-not-call",
     "remote-banking centre / outsourcing management", 1, "",
     "Contacts without valid consent or inside a do-not-call period, most from an outsourced vendor's stale list"),
    ("marketing_frequency", "营销频次", "Lawful marketing found too frequent", "remote-banking centre (contact-frequency cap)",
     1, "", "The customer objects to lawful, consented contacts; the bank sets its own contact frequency (营销扰民)"),
    ("sale_above_risk_level", "产品风险等级高于客户", "Product sold above the customer's risk level",
     "wealth management / branch network", 1, "", "Module 04: sales above the customer's assessed level at the sale"),
    ("assessment_not_valid", "风险评估缺失或过期", "No valid risk assessment at the sale",
     "wealth management / branch network", 1, "", "Module 04: sales without an assessment before them or with an expired one"),
    ("market_loss_expectation", "市场波动与收益预期", "Market loss against the customer's expectation", "wealth management", 0, "",
     "A suitable sale that lost value; the customer expected otherwise"),
    ("branch_understaffed_peak", "网点高峰人手不足", "Branch understaffed at peak hours", "branch network", 1, "",
     "Queues at peak hours with few counters open"),
    ("staff_conduct", "员工服务态度", "Staff conduct", "branch network", 1, "", "Rude or unhelpful staff"),
    ("loan_terms_unclear", "贷款条款解释不清", "Loan terms not explained", "retail lending", 1, "",
     "Early-repayment fees and repricing the customer did not understand"),
]

PARAMS = [
    ("deadline_days", float(DEADLINE_DAYS), "calendar days from receipt",
     "《银行业保险业消费投诉处理管理办法》 (原中国银保监会令2020年第3号, issued 2020-01-14, released 2020-01-17, in force 2020-03-01), "
     "chapter 3, the article on the handling time limit: a complaint with clear facts and a simple dispute "
     "(事实清楚、争议情况简单) is decided, and the complainant told, within 15 days of receipt",
     "A complaint is decided in time when resolved_at's day - received_at's day <= 15 (no extension)"),
    ("extended_days", float(EXTENDED_DAYS), "calendar days from receipt",
     "same article: a complex case (情况复杂的) may be extended to 30 days",
     "Deadline of a complaint with extended_to_days = 30 (the bank told the complainant on extension_notified_on)"),
    ("special_extended_days", float(SPECIAL_DAYS), "calendar days from receipt",
     "same article: a particularly complex case, or one with other special reasons, may be extended by a "
     "further 30 days with the approval of a senior manager of the bank's higher level or head office, the "
     "complainant told",
     "Deadline of a complaint with extended_to_days = 60"),
    ("cutoff", 20251231.0, "date (YYYYMMDD)", "the course world's data cut-off (spec.AS_OF)",
     "Complaints open at 2025-12-31 23:59 have no resolved_at: censored there"),
]

COMPLAINTS = Dataset(
    "complaints",
    "Consumer complaints of 2025: channel, category, root cause, receipt, resolution and escalation",
    "One row per consumer complaint (消费投诉) of a customer of the extract (same customer_id as customers.csv) "
    "received in 2025: at the bank's hotline, in the app's online service, at a branch, by letter, or "
    "transferred by the regulator's consumer hotline 12378 (channel regulator_12378). Each complaint has a "
    "business line, a category (投诉原因) and the root cause the bank's root-cause review (溯源整改) found (see "
    "complaint_root_causes). product_id is a product the customer holds, opened on or before the receipt day "
    "(D01 is every customer's demand account); related_id is the record the complaint disputes, where it "
    "names one: a sale (S..., suitability_sales) or a marketing contact (K..., contact_log), received after that "
    "record (a complaint transferred by 12378 reaches the bank days after the contact). Times are Beijing "
    "time to the minute. The log is the bank's own complaint register, which records every complaint, those settled "
    "at the first contact included: broader than the complaints a bank reports to the regulator, so its rate per "
    "customer is higher than published regulatory statistics. A complaint still open at the cut-off (2025-12-31 23:59) has no resolved_at and no "
    "outcome. The handling deadline is 15 days from receipt, or extended_to_days when the bank extended it "
    "and told the complainant (see complaint_params). A complaint lies in the customer's history: after the "
    "customer joined and after the disputed record, at most 30 days after the last active day.",
    cols(
        ("complaint_id", "str", "", "Complaint identifier Q00001, ... in order of receipt"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("received_at", "date", "local time, minute", "Time the complaint was received (registered)"),
        ("channel", "str", "", "hotline, app (online service), branch, letter, or regulator_12378 (transferred by the "
                                "regulator's consumer hotline)"),
        ("business", "str", "", "Business line: credit_card, deposit_account, mobile_app, consumer_loan, mortgage, "
                                 "wealth_management, fund, insurance_agency, branch_service or telemarketing"),
        ("category", "str", "", "Category (投诉原因): fees, system_failure, transaction_dispute, marketing_contact, "
                                 "mis_selling, product_loss, service_quality or loan_terms"),
        ("root_cause", "str", "", "Root cause found by the bank's review (see complaint_root_causes)"),
        ("product_id", "str", "", "Product concerned (see products; empty when none)"),
        ("related_id", "str", "", "Disputed record: a sale_id of suitability_sales or a contact_id of contact_log "
                                   "(empty when none)"),
        ("extended_to_days", "int", "days", "Applicable deadline: 15, or 30 / 60 after an extension"),
        ("extension_notified_on", "date", "", "Day the complainant was told of the extension (empty: none); a "
                                              "case extended to 60 days carries one date (simplification: the "
                                              "second extension's approval and notice are not recorded)"),
        ("resolved_at", "date", "local time, minute", "Time the decision was made and told to the complainant "
                                                      "(empty: open at the cut-off)"),
        ("outcome", "str", "", "upheld, partly_upheld or not_upheld (empty while open)"),
        ("escalated_on", "date", "", "Day the complainant took the complaint on to the regulator (12378): after "
                                     "the bank's decision, or after the missed deadline when the complaint was late "
                                     "(then possibly before a late decision); empty: not escalated by the cut-off"),
    ),
    scales=True,
)

ROOT_CAUSES_DS = Dataset(
    "complaint_root_causes",
    "Root causes of complaints",
    "The root causes the bank's root-cause review (溯源整改, required by the 2020 complaint measures) assigns to "
    "complaints: who owns each inside the bank and whether the bank can remove it (fixable 1: a process or "
    "system fault or a practice of the bank's own, such as its contact frequency; 0: an outside cause).",
    cols(
        ("root_cause", "str", "", "Root-cause code (complaints.root_cause)"),
        ("name_zh", "str", "", "Name"),
        ("name_en", "str", "", "Name in English"),
        ("owner", "str", "", "Department that owns the fix"),
        ("fixable", "int", "0/1", "1 if the bank can remove the cause itself"),
        ("fixed_on", "date", "", "Day the bank removed the cause (empty: still present at the cut-off)"),
        ("note", "str", "", "What happened"),
    ),
)

PARAMS_DS = Dataset(
    "complaint_params",
    "Complaint-handling deadlines",
    "The handling deadline of 《银行业保险业消费投诉处理管理办法》 (China Banking and Insurance Regulatory "
    "Commission Order 2020 No. 3, 原中国银保监会令2020年第3号, in force 2020-03-01; the NFRA now supervises it): a "
    "complaint with clear facts and a simple dispute is decided and the complainant told within 15 days of "
    "receipt; a complex one may be extended to 30 days; a particularly complex one, or one with other special "
    "reasons, by a further 30 days (60 in all) with the approval of a senior manager of the higher-level "
    "institution or the head office, the complainant told. Days are calendar days counted from the day of "
    "receipt (the course's convention: resolved day - received day <= the deadline). Also the data cut-off. "
    "The rule is simplified for teaching.",
    param_cols(),
)

SCHEMAS = [COMPLAINTS, ROOT_CAUSES_DS, PARAMS_DS]

_EPOCH = pd.Timestamp("1970-01-01")
_MIN = 1440


def _day(ts) -> int:
    return int((pd.Timestamp(ts) - _EPOCH).days)


def _iso_minutes(minutes: np.ndarray) -> np.ndarray:
    m = np.asarray(minutes, dtype=np.int64)
    out = np.char.replace(np.where(m >= 0, m, 0).astype("datetime64[m]").astype(str), "T", " ").astype(object)
    out[m < 0] = ""
    return out


def _iso_days(days: np.ndarray) -> np.ndarray:
    d = np.asarray(days, dtype=np.int64)
    out = np.where(d >= 0, d, 0).astype("datetime64[D]").astype(str).astype(object)
    out[d < 0] = ""
    return out


def windows(frames: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, first, last): each extract customer's first day (joined; for a customer older than the
    new-customer model the first account, from the tenure) and last active day, days since 1970."""
    c = frames["customers"]
    ids = np.asarray(c["customer_id"].astype(str))
    cut = _day(CUTOFF)
    first = (cut - np.round(c["tenure_years"].to_numpy(float) * 365.25)).astype(np.int64)
    last = np.full(len(ids), cut, dtype=np.int64)
    tl = history.timeline(frames)
    pos = tl.index.get_indexer(ids)
    on = pos >= 0
    first[on] = tl["joined"].to_numpy()[pos[on]]
    last[on] = tl["last_active"].to_numpy()[pos[on]]
    return ids, first, last


def _uniform_day(rng, lo, hi):
    lo, hi = np.asarray(lo, np.int64), np.asarray(hi, np.int64)
    return lo + np.floor(rng.random(len(lo)) * np.maximum(hi - lo + 1, 1)).astype(np.int64)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    from finmkt.methods.contact_consent import label_contacts, plain_strings
    from finmkt.methods.suitability import sale_flags

    ids, first, last = windows(frames)
    n = len(ids)
    c = frames["customers"]
    row_of = pd.Index(ids)
    y0, cut = _day(YEAR_START), _day(CUTOFF)
    lo_year = np.maximum(first, y0)  # inside 2025 and the customer's history
    hi_active = np.minimum(last, cut)
    hi_grace = np.minimum(last + GRACE_DAYS, cut)
    year_share = np.clip(hi_active - lo_year + 1, 0, None) / 365.0
    app_user = (c["app_logins_month"].to_numpy() > 0) | (np.asarray(c["preferred_channel"].astype(str)) == "app")
    branch_user = c["branch_visits_year"].to_numpy() > 0

    prod = frames["products"]
    line_of = pd.Series(np.asarray(prod["line"].astype(str)), index=np.asarray(prod["product_id"].astype(str)))
    h = frames["holdings"]
    h_cust = row_of.get_indexer(np.asarray(h["customer_id"].astype(str)))
    h_pid = np.asarray(h["product_id"].astype(str))
    h_open = history._days(h["opened_on"])
    h_line = line_of.reindex(h_pid).to_numpy()

    parts: list[pd.DataFrame] = []

    def add(cust, day, business, category, root, product="", related="", not_before=-1):
        cust, day = np.asarray(cust, np.int64), np.asarray(day, np.int64)
        ok = (day >= lo_year[cust]) & (day <= hi_grace[cust]) & (day >= y0) & (day <= cut)
        k = int(ok.sum())
        parts.append(pd.DataFrame({
            "cust": cust[ok], "day": day[ok],
            "business": np.broadcast_to(np.asarray(business, dtype=object), (len(cust),))[ok],
            "category": category, "root_cause": np.broadcast_to(np.asarray(root, dtype=object), (len(cust),))[ok],
            "product_id": np.broadcast_to(np.asarray(product, dtype=object), (len(cust),))[ok],
            "related_id": np.broadcast_to(np.asarray(related, dtype=object), (len(cust),))[ok],
            "not_before": np.broadcast_to(np.asarray(not_before, dtype=np.int64), (len(cust),))[ok],
        }) if k else pd.DataFrame())

    # --- fees: annual card fee on the card's anniversary in 2025; SMS-alert fee on the demand account
    card = np.flatnonzero(h_line == "credit_card")
    anniv = np.array([_day(pd.Timestamp(d).replace(year=2025)) if pd.Timestamp(d).strftime("%m-%d") != "02-29"
                      else _day("2025-03-01") for d in _iso_days(h_open[card])], dtype=np.int64)
    anniv = np.where(anniv <= h_open[card] + 300, anniv + 365, anniv)  # a card opened in 2025: its first fee a year on
    hit = rng.random(len(card)) < P_ANNUAL_FEE
    lag = rng.geometric(0.35, len(card)) - 1
    add(h_cust[card][hit], (anniv + lag)[hit], "credit_card", "fees", "fee_notice_missing", h_pid[card][hit])
    hit = rng.random(n) < P_SMS_FEE * year_share
    day = _uniform_day(rng, lo_year, hi_active)
    add(np.flatnonzero(hit), day[hit], "deposit_account", "fees", "fee_notice_missing", "D01")

    # --- the faulty app release (transfers; card and loan autopay) and the year-round app failures
    d0, d1 = _day(DEFECT_FROM), _day(DEFECT_TO)
    in_defect = app_user & (first <= d1) & (last >= d0)
    lo_d, hi_d = np.maximum(first, d0), np.minimum(last, d1)
    hit = in_defect & (rng.random(n) < P_DEFECT_APP)
    day = _uniform_day(rng, lo_d, hi_d) + rng.integers(0, 3, n)
    add(np.flatnonzero(hit), day[hit], "mobile_app", "system_failure", "app_release_defect", "D01")
    for lines, p, business in ((("credit_card",), P_DEFECT_CARD, "credit_card"),
                               (("consumer_loan",), P_DEFECT_LOAN, "consumer_loan")):
        sel = np.flatnonzero(np.isin(h_line, lines))
        cu = h_cust[sel]
        held = h_open[sel] <= hi_d[cu]
        hit = held & in_defect[cu] & (rng.random(len(sel)) < p)
        day = np.maximum(_uniform_day(rng, lo_d[cu], hi_d[cu]), h_open[sel]) + rng.integers(0, 3, len(sel))
        add(cu[hit], day[hit], business, "system_failure", "app_release_defect", h_pid[sel][hit])
    hit = app_user & (rng.random(n) < P_APP_OTHER * year_share)
    day = _uniform_day(rng, lo_year, hi_active)
    add(np.flatnonzero(hit), day[hit], "mobile_app", "system_failure", "app_usability", "D01")

    # --- merchant disputes of card holders
    cu = h_cust[card]
    hit = rng.random(len(card)) < P_MERCHANT * year_share[cu]
    day = _uniform_day(rng, np.maximum(lo_year[cu], h_open[card]), hi_active[cu])
    add(cu[hit], day[hit], "credit_card", "transaction_dispute", "merchant_dispute", h_pid[card][hit])

    # --- marketing contacts of module 04 (the rules' labels decide which broke consent or do-not-call)
    log = plain_strings(frames["contact_log"])
    flags = label_contacts(log, plain_strings(frames["contact_consents"]), plain_strings(frames["contact_campaigns"]),
                           plain_strings(frames["contact_params"]))
    bad = (flags["consent"] | flags["dnc"]).to_numpy()
    v3 = log["made_by"].to_numpy() == "V3"
    p = np.where(bad, np.where(v3, P_CONTACT_V3, P_CONTACT_OTHER), P_CONTACT_OK)
    hit = rng.random(len(log)) < p
    k_day = (pd.to_datetime(log["started_at"]) - _EPOCH).dt.days.to_numpy()
    day = k_day + rng.geometric(0.5, len(log)) - 1
    cu = row_of.get_indexer(log["customer_id"].to_numpy())
    # the complaint comes after the contact it disputes: its end (a call) or its start (an SMS)
    k_end = pd.to_datetime(log["ended_at"].replace("", None)).fillna(pd.to_datetime(log["started_at"]))
    k_min = ((k_end - _EPOCH).dt.total_seconds() // 60).to_numpy(np.int64)
    add(cu[hit], day[hit], "telemarketing", "marketing_contact",
        np.where(bad, "contact_list_not_screened", "marketing_frequency")[hit], "", log["contact_id"].to_numpy()[hit],
        k_min[hit])

    # --- module 04's sales: above the level at the sale, without a valid assessment, suitable with a loss
    sales = frames["suitability_sales"]
    sf = sale_flags(plain_strings(sales), plain_strings(frames["suitability_assessments"]), plain_strings(prod),
                    plain_strings(c), CUTOFF)
    above, invalid = sf["above"].to_numpy(bool), (sf["none"] | sf["expired"]).to_numpy(bool) & ~sf["above"].to_numpy(bool)
    p = np.where(above, P_SALE_ABOVE, np.where(invalid, P_SALE_INVALID, P_SALE_OK))
    hit = rng.random(len(sales)) < p
    cu = row_of.get_indexer(np.asarray(sales["customer_id"].astype(str)))
    s_day = (pd.to_datetime(np.asarray(sales["sold_at"].astype(str))) - _EPOCH).days.to_numpy()
    day = _uniform_day(rng, np.maximum(lo_year[cu], s_day + 20), hi_active[cu])
    s_pid = np.asarray(sales["product_id"].astype(str))
    business = pd.Series(line_of.reindex(s_pid).to_numpy()).replace({"insurance": "insurance_agency"}).to_numpy(object)
    root = np.where(above, "sale_above_risk_level", np.where(invalid, "assessment_not_valid", "market_loss_expectation"))
    category = np.where(above | invalid, "mis_selling", "product_loss")
    for cat in ("mis_selling", "product_loss"):
        m = hit & (category == cat)
        add(cu[m], day[m], business[m], cat, root[m], s_pid[m], np.asarray(sales["sale_id"].astype(str))[m])

    # --- branch service of branch visitors
    hit = branch_user & (rng.random(n) < P_BRANCH * year_share)
    day = _uniform_day(rng, lo_year, hi_active)
    staff = rng.random(n) < P_STAFF_SHARE
    add(np.flatnonzero(hit), day[hit], "branch_service", "service_quality",
        np.where(staff, "staff_conduct", "branch_understaffed_peak")[hit])

    # --- loan terms of loan and mortgage holders
    sel = np.flatnonzero(np.isin(h_line, ["consumer_loan", "mortgage"]))
    cu = h_cust[sel]
    hit = rng.random(len(sel)) < P_LOAN_TERMS * year_share[cu]
    day = _uniform_day(rng, np.maximum(lo_year[cu], h_open[sel] + 30), hi_active[cu])
    add(cu[hit], day[hit], h_line[sel][hit], "loan_terms", "loan_terms_unclear", h_pid[sel][hit])

    ev = pd.concat([p_ for p_ in parts if len(p_)], ignore_index=True)
    ev = _handle(rng, ev, hi_grace)
    return _tables(ev, ids)


def _handle(rng, ev: pd.DataFrame, hi_grace: np.ndarray) -> pd.DataFrame:
    """Channel, receipt minute, time to resolution, extension, outcome, escalation and the repeats
    (new complaints of the same customer and category, more often after one not upheld or late)."""
    m = len(ev)
    cat = ev["category"].to_numpy(object)
    cut_min = (_day(CUTOFF) + 1) * _MIN - 1  # 2025-12-31 23:59
    u_ch = rng.random(m)
    mix = np.array([np.cumsum(CHANNEL_MIX[k]) for k in cat])
    channel = np.array(CHANNELS, dtype=object)[np.minimum((u_ch[:, None] > mix).sum(axis=1), len(CHANNELS) - 1)]
    # receipt: hotline and app around the clock (08:00-22:00 mostly), branch and the regulator's
    # transfers in office hours, letters stamped when opened
    minute = np.select([np.isin(channel, ["hotline", "app"]), channel == "letter"],
                       [480 + rng.integers(0, 840, m), 570 + rng.integers(0, 60, m)], 540 + rng.integers(0, 480, m))
    received = ev["day"].to_numpy(np.int64) * _MIN + minute
    # a complaint about a marketing contact is received after the contact: a receipt drawn before
    # it moves to the next day at the same time; the regulator's transfer (12378) reaches the bank
    # 3 to 7 days after the contact (its ticket is logged, then assigned), on a day of its own
    nb = ev["not_before"].to_numpy(np.int64) if "not_before" in ev else np.full(m, -1, np.int64)
    about = nb >= 0
    reg = about & (channel == "regulator_12378")
    lag = 3 + (nb // _MIN) % 5  # the transfer lag, deterministic (no extra draw from the family's stream)
    received = np.where(reg, np.maximum(received, (nb // _MIN + lag) * _MIN + minute), received)
    received = np.where(about & (received <= nb), received + _MIN * ((nb - received) // _MIN + 1), received)
    # a receipt moved past the cut-off (or past the customer's grace days) is not in the 2025 log: dropped
    # below, after every draw, so the other complaints keep their values
    gone = about & (received // _MIN > np.minimum(hi_grace[ev["cust"].to_numpy(np.int64)], _day(CUTOFF)))
    k = np.array([HANDLING[x][0] for x in cat])
    med = np.array([HANDLING[x][1] for x in cat])
    lam = med / np.log(2) ** (1 / k)
    dur_days = lam * rng.weibull(k)
    # the decision's day follows the planted duration; it is stamped in office hours (09:00-18:00),
    # after the receipt when on the same day
    r_day = (received + np.round(dur_days * _MIN).astype(np.int64)) // _MIN
    office = r_day * _MIN + 540 + rng.integers(0, 540, m)
    resolved = np.where(r_day == received // _MIN, np.maximum(office, received + 20 + rng.integers(0, 100, m)), office)
    resolved = np.minimum(resolved, r_day * _MIN + _MIN - 1)
    open_ = resolved > cut_min
    days_taken = r_day - received // _MIN
    # extensions: a case running past 15 days is extended (notice by day 15) with the category's
    # probability; past 30 days, extended again with P_SPECIAL
    p_ext = np.array([HANDLING[x][2] for x in cat])
    ext1 = (days_taken > DEADLINE_DAYS) & (rng.random(m) < p_ext)
    ext2 = ext1 & (days_taken > EXTENDED_DAYS) & (rng.random(m) < P_SPECIAL)
    notice = received // _MIN + rng.integers(8, DEADLINE_DAYS + 1, m)
    ext1 &= notice <= _day(CUTOFF)  # the notice is on the record only if it was sent by the cut-off
    ext2 &= ext1
    extended_to = np.where(ext2, SPECIAL_DAYS, np.where(ext1, EXTENDED_DAYS, DEADLINE_DAYS))
    breach = days_taken > extended_to  # late (or open past the deadline: known by the cut-off or not)
    # outcomes by root cause
    roots = ev["root_cause"].to_numpy(object)
    probs = np.array([np.cumsum(UPHELD[r]) for r in roots])
    outcome = np.array(["upheld", "partly_upheld", "not_upheld"], dtype=object)[
        np.minimum((rng.random(m)[:, None] > probs).sum(axis=1), 2)]
    # escalation to 12378 after the handling (or after the missed deadline)
    not_up = outcome == "not_upheld"
    p_esc = (ESCALATION["base"] + ESCALATION["not_upheld"] * not_up + ESCALATION["breach"] * breach
             + ESCALATION["mis_selling"] * (cat == "mis_selling"))
    esc = (rng.random(m) < p_esc) & (channel != "regulator_12378")
    base_day = np.where(breach, received // _MIN + extended_to, resolved // _MIN)
    esc_day = base_day + 1 + rng.integers(0, 20, m)
    esc &= esc_day <= _day(CUTOFF)
    ev = ev.assign(channel=channel, received=received, resolved=np.where(open_, -1, resolved),
                   outcome=np.where(open_, "", outcome), extended_to=extended_to,
                   notice=np.where(ext1, notice, -1), escalated=np.where(esc, esc_day, -1))
    # repeats: a complaint not upheld or late comes back (same customer, category, product, record)
    bad = ~open_ & (not_up | breach)
    again = ~open_ & (rng.random(m) < np.where(bad, P_REPEAT_BAD, P_REPEAT_GOOD))
    gap = 1 + np.floor(rng.exponential(10.0, m)).astype(np.int64)
    r_day = resolved // _MIN + gap
    cust = ev["cust"].to_numpy(np.int64)
    again &= r_day <= np.minimum(hi_grace[cust], _day(CUTOFF))
    rep = ev.loc[again, ["cust", "business", "category", "root_cause", "product_id", "related_id"]].assign(
        day=r_day[again])
    ev = ev[~gone]  # (open at the cut-off, so none has a repeat)
    if not len(rep):
        return ev
    rep = _handle(rng, rep.reset_index(drop=True), hi_grace)  # a repeat can come back too
    return pd.concat([ev, rep], ignore_index=True)


def _tables(ev: pd.DataFrame, ids: np.ndarray) -> dict:
    ev = ev.sort_values(["received", "cust", "category"], kind="stable").reset_index(drop=True)
    m = len(ev)
    table = pd.DataFrame({
        "complaint_id": np.char.add("Q", np.char.zfill(np.arange(1, m + 1).astype(str), 5)),
        "customer_id": ids[ev["cust"].to_numpy(np.int64)],
        "received_at": _iso_minutes(ev["received"].to_numpy()),
        "channel": pd.Categorical(ev["channel"], categories=CHANNELS),
        "business": ev["business"].to_numpy(object),
        "category": ev["category"].to_numpy(object),
        "root_cause": ev["root_cause"].to_numpy(object),
        "product_id": ev["product_id"].to_numpy(object),
        "related_id": ev["related_id"].to_numpy(object),
        "extended_to_days": ev["extended_to"].to_numpy(np.int64),
        "extension_notified_on": _iso_days(ev["notice"].to_numpy()),
        "resolved_at": _iso_minutes(ev["resolved"].to_numpy()),
        "outcome": ev["outcome"].to_numpy(object),
        "escalated_on": _iso_days(ev["escalated"].to_numpy()),
    })
    roots = pd.DataFrame(ROOT_CAUSES, columns=ROOT_CAUSES_DS.column_names)
    return {"complaints": table, "complaint_root_causes": roots,
            "complaint_params": pd.DataFrame(PARAMS, columns=PARAMS_DS.column_names)}


def theoretical_within(category: str, days: float) -> float:
    """The planted share of a category's complaints resolved within ``days`` (Weibull CDF)."""
    k, med, _ = HANDLING[category]
    lam = med / np.log(2) ** (1 / k)
    return float(1 - np.exp(-((days / lam) ** k)))


def planted_within(g: pd.DataFrame, category: str, days: int) -> float:
    """The planted chance that a category's complaints ``g`` are resolved within ``days`` calendar
    days of the receipt day: the mean over the complaints of F(days + 1 - f), F the category's
    Weibull CDF and f the fraction of the receipt day already gone."""
    rec = pd.to_datetime(g["received_at"])
    f = ((rec - rec.dt.normalize()).dt.total_seconds() / 86400).to_numpy()
    return float(np.mean([theoretical_within(category, days + 1 - x) for x in f]))


def truth(frames: dict) -> dict:
    """Planted parameters, and what the reference methods find on the tables."""
    from finmkt.methods import complaint_handling as ch

    q = frames["complaints"].copy()
    for col in ("received_at", "resolved_at"):
        q[col] = pd.to_datetime(q[col].astype(str).replace("", None))
    for col in ("extension_notified_on", "escalated_on"):
        q[col] = pd.to_datetime(q[col].astype(str).replace("", None))
    roots = frames["complaint_root_causes"]
    par = ch.pareto(q, "root_cause")
    cat_par = ch.pareto(q, "category")
    bus_par = ch.pareto(q, "business")
    fixable = set(roots.loc[roots["fixable"] == 1, "root_cause"].astype(str))
    fix_par = par[par.index.isin(fixable)]
    present = set(roots.loc[(roots["fixable"] == 1) & (roots["fixed_on"].astype(str).isin(["", "nan", "NaT"])),
                            "root_cause"].astype(str))
    open_par = par[par.index.isin(present)]
    status = ch.deadline_status(q, CUTOFF)
    km = {}
    for cat, g in q.groupby("category"):
        d = ch.resolution_days(g, CUTOFF)
        curve = ch.kaplan_meier(d["days"], d["resolved"])
        km[cat] = {"complaints": len(g), "open": int((~d["resolved"]).sum()), "km_median_days": ch.km_median(curve),
                   "km_within_15": ch.share_within(curve, DEADLINE_DAYS),
                   "naive_within_15_resolved_only": float((d.loc[d["resolved"], "days"] <= DEADLINE_DAYS).mean()),
                   "planted_within_15": planted_within(g, cat, DEADLINE_DAYS),
                   "planted_median_days": HANDLING[cat][1]}
    rep = ch.repeat_complainants(q)
    rr = ch.repeat_rates(q, CUTOFF, window_days=60)
    esc = q["escalated_on"].notna()
    return {
        "counts": {"complaints": len(q), "customers": int(q["customer_id"].nunique()),
                   "open_at_cutoff": int(q["resolved_at"].isna().sum()), "escalated": int(esc.sum()),
                   "via_regulator": int((q["channel"].astype(str) == "regulator_12378").sum()),
                   "bank_wide_estimate": float(len(q) / spec.sampling_fraction(len(frames["customers"])))},
        "pareto_root_cause": {str(k): int(v) for k, v in par["complaints"].items()},
        "top_root_cause": str(par.index[0]), "top_root_cause_share": float(par["share"].iloc[0]),
        "top_fixable_root_cause": str(fix_par.index[0]),
        "top_root_cause_still_present": str(open_par.index[0]),
        "top_root_cause_still_present_share": float(open_par["share"].iloc[0]),
        "vital_few_root_causes": ch.vital_few(par, 0.8),
        "pareto_category": {str(k): int(v) for k, v in cat_par["complaints"].items()},
        "pareto_business": {str(k): int(v) for k, v in bus_par["complaints"].items()},
        "top_business": str(bus_par.index[0]),
        "resolution_by_category": km,
        "deadline": {"breached": int(status["breached"].sum()), "pending": int(status["pending"].sum()),
                     "within_deadline_share": float(status["in_time"].sum() / (status["in_time"] | status["breached"]).sum()),
                     "breached_by_category": {str(k): int(v) for k, v in
                                              status.groupby(q["category"].astype(str))["breached"].sum().items()}},
        "escalation_rate_by_category": {str(k): float(v) for k, v in esc.groupby(q["category"].astype(str)).mean().items()},
        "repeat": {"repeat_complainants": rep["repeat_complainants"], "complainants": rep["complainants"],
                   "complaints_from_repeat_complainants": rep["complaints_from_repeaters"],
                   "rate_after_not_upheld_or_late": rr["bad"], "rate_after_upheld_in_time": rr["good"],
                   "planted_bad": P_REPEAT_BAD, "planted_good": P_REPEAT_GOOD},
        "planted": {
            "handling": {k: {"weibull_shape": v[0], "median_days": v[1], "p_extension": v[2]} for k, v in HANDLING.items()},
            "p_special_extension": P_SPECIAL, "outcome_probabilities": {k: list(v) for k, v in UPHELD.items()},
            "escalation": ESCALATION, "channel_mix": {k: list(v) for k, v in CHANNEL_MIX.items()},
            "defect_window": [str(DEFECT_FROM.date()), str(DEFECT_TO.date())], "grace_days": GRACE_DAYS,
            "sources": {"annual_fee": P_ANNUAL_FEE, "sms_fee": P_SMS_FEE, "defect_app": P_DEFECT_APP,
                        "defect_card": P_DEFECT_CARD, "defect_loan": P_DEFECT_LOAN, "app_other": P_APP_OTHER,
                        "merchant": P_MERCHANT, "contact_v3_violating": P_CONTACT_V3,
                        "contact_other_violating": P_CONTACT_OTHER, "contact_lawful": P_CONTACT_OK,
                        "sale_above_level": P_SALE_ABOVE, "sale_invalid_assessment": P_SALE_INVALID,
                        "sale_suitable": P_SALE_OK, "branch": P_BRANCH, "loan_terms": P_LOAN_TERMS},
        },
    }
