"""Marketing calls and SMS with consent, refusal and opt-out records (module 04, lesson 3:
contact and consent audit, 营销触达与个人信息保护).

Six tables:

* ``contact_log``: every marketing call and marketing SMS Minghu Bank made to the extract's
  customers in 2025 (same ``customer_id`` as ``customers.csv``), by the bank itself (``MH``:
  its remote-banking centre, its SMS platform and its relationship managers' recorded
  outbound line) or by one of four fictional outsourced telemarketing vendors
  (外包电销服务商, ``V1``-``V4``): start time (Beijing time, minute resolution), end time of
  calls, outcome (a refusal, ``refused``, starts a do-not-call period), the campaign and
  the SMS text (Chinese, with or without an opt-out instruction such as 回复TD退订).
* ``contact_consents``: the customers' consent records: marketing consent per channel (call,
  sms) and the separate consent (单独同意) to personalised marketing that uses account data
  (channel ``all``), each with the day granted and, if withdrawn, the day withdrawn.
* ``contact_campaigns``: the 2025 marketing campaigns: product, channel, whether personalised
  (uses account data to pick and word the offer) and whether it offers a non-personalised
  option (PI-02).
* ``contact_vendors``: the bank's own centre and the outsourced vendors.
* ``contact_params``: the bank's calling window, the do-not-call months and the accepted
  opt-out patterns (regular expressions, applied after NFKC normalisation, case-insensitive).

Planted process. Customers are contacted in proportion to their channel habits (phone, branch
and RM customers and retirees get more calls, app-first customers more SMS). Each contact is
"compliant" or planted as a violation with the maker's own propensities; one vendor (V3)
works part of its volume from a stale purchased list (rogue contacts: no consent, often
outside the window, SMS without opt-out) and re-calls customers who refused. Each maker works
only the campaigns of its stated scope (``SCOPE``, ``contact_vendors.scope``) and only the
customers on a campaign's target list (``TARGETS``, ``contact_campaigns.target_*``: age, a
product held or not yet held at the contact, the lowest risk tolerance), except the contacts
worked from the stale purchased list, which follow neither: those are the log's planted
scope and target findings (:func:`scope_target_flags`; counted in ``truth/contacts.json``). The
rules only remove contacts (a contact whose maker has no campaign listing the customer is not
made, nor its re-call) and let through the calls that only a refusal of such a contact had
blocked; every contact that is made keeps the draws it had without them (the stream's row counts
are unchanged; what only the new rules create draws from a child generator), so its refusals, and
with them the pension campaign's lists, change only where a refusal is no longer made. Vendors V1, V2,
V4 and V3 keep a 180-day timer instead of six calendar months, so some re-calls land in the
last days of the period. Consent histories: never granted, granted before 2025, granted in
2025 (contacts before that day are violations) or withdrawn in 2025 (contacts from that day on
are violations).

The 2025 personal-pension campaign (个人养老金账户, module 03's ``journeys``) reaches customers
by SMS reminders and relationship-manager calls too: those are the bank's own contacts
(``MH``, campaigns ``MS06`` and ``MC06``), added to the log by the journeys family, which
runs after this one. The campaign's lists checked consent and the do-not-call list
(:func:`campaign_lists`): an SMS or call is made only when the customer's marketing consent for
the channel is valid that day, a call only outside every do-not-call period. Its calls' outcomes
and ends and its SMS opt-outs are drawn as for the other calls and texts
(:func:`add_campaign_contacts`); a refusal of one of its calls enters the makers' do-not-call
lists like any other (the log's other calls it puts in a do-not-call period are suppressed,
except the maker's ``LEAK`` share).

The per-contact truth labels are those of the lesson's rules (:func:`finmkt.methods.contact_consent.label_contacts`); the
planted propensities, the counts per rule, maker and channel, and the fix with the largest
effect are in ``truth/contacts.json``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import history, spec
from finmkt.data.schema import Dataset, cols, param_cols

YEAR_START = pd.Timestamp("2025-01-01")
CUTOFF = spec.AS_OF
RULES = ["window", "dnc", "consent", "optout", "pi02"]
RULE_NAMES = {
    "window": "call outside 09:00-21:00 (TEL-01)",
    "dnc": "call within 6 months of a refusal (TEL-01)",
    "consent": "no valid marketing consent for the channel (PI-01)",
    "optout": "marketing SMS without an opt-out (PI-01)",
    "pi02": "personalised campaign without separate consent, or with neither a non-personalised option nor an easy refusal (PI-02)",
}

MAKERS = ["MH", "V1", "V2", "V3", "V4"]
#: What each maker may market (contact_vendors.scope): product lines or product ids, '|'-separated.
SCOPE = {"MH": "all", "V1": "credit_card|consumer_loan", "V2": "wealth_management|insurance", "V3": "all",
         "V4": "insurance|L02"}
VENDORS = [
    ("MH", "明湖银行远程银行中心", "Minghu Bank remote-banking centre", "own", "2016-01-01",
     "The bank's own call centre and SMS platform; relationship managers call through its recorded line"),
    ("V1", "湖滨信联客户服务有限公司", "Hubin Xinlian Customer Services Co.", "outsourced", "2021-07-01",
     "Outsourced telemarketing vendor (外包电销服务商): credit cards and loans"),
    ("V2", "明城启航电销服务有限公司", "Mingcheng Qihang Telesales Co.", "outsourced", "2022-03-01",
     "Outsourced telemarketing vendor: wealth management and insurance"),
    ("V3", "速达通营销外包有限公司", "Sudatong Marketing Outsourcing Co.", "outsourced", "2024-09-01",
     "Outsourced telemarketing vendor: all lines, paid per successful lead"),
    ("V4", "青禾呼叫中心服务有限公司", "Qinghe Call Centre Services Co.", "outsourced", "2023-05-01",
     "Outsourced telemarketing vendor: insurance and car loans"),
]
#: Share of each channel's contacts made by each maker (MAKERS order).
MAKER_SHARE = {"call": np.array([0.40, 0.18, 0.17, 0.15, 0.10]),
               "sms": np.array([0.70, 0.09, 0.08, 0.08, 0.05])}
#: Planted propensities by maker (MAKERS order).
ROGUE = np.array([0.003, 0.010, 0.012, 0.22, 0.010])  # contacts from a stale purchased list
NO_CONSENT = np.array([0.012, 0.030, 0.035, 0.040, 0.030])  # ordinary contacts without consent
OUTSIDE = np.array([0.006, 0.015, 0.020, 0.040, 0.015])  # ordinary calls outside the window
NO_OPTOUT = np.array([0.030, 0.040, 0.035, 0.060, 0.040])  # ordinary SMS without an opt-out
RECALL = np.array([0.01, 0.05, 0.06, 0.40, 0.05])  # re-call within the period after a refusal
TIMER_180 = np.array([0.00, 0.12, 0.10, 0.25, 0.12])  # re-call on day 180-181 (a 180-day timer)
ON_END_DAY = 0.04  # re-call on the day the period ends (allowed)
#: Share of ordinary calls in a do-not-call period that the maker's list lets through.
LEAK = np.array([0.10, 0.35, 0.35, 0.90, 0.35])
#: A rogue contact: no consent; a call outside the window with this probability; an SMS
#: without an opt-out with that one.
ROGUE_OUTSIDE, ROGUE_NO_OPTOUT = 0.55, 0.60
#: Consent histories: never, before 2025, granted in 2025, withdrawn in 2025.
CONSENT_TYPES = ["never", "before", "granted", "withdrawn"]
MARKETING_CONSENT_P = np.array([0.10, 0.72, 0.10, 0.08])
PERSONAL_CONSENT_P = np.array([0.03, 0.89, 0.04, 0.04])
#: Expected contacts per customer in 2025 (before the preference and segment factors).
BASE_CALLS, BASE_SMS = 0.55, 0.85
PREF_CALL = {"app": 0.5, "branch": 1.4, "rm": 1.6, "phone": 2.2}
PREF_SMS = {"app": 1.6, "branch": 0.8, "rm": 0.8, "phone": 0.9}
SEG_CALL = {"young_professional": 0.8, "mass_family": 1.0, "entrepreneur": 1.1, "retiree": 1.6, "starter": 0.5}
SEG_SMS = {"young_professional": 1.2, "mass_family": 1.0, "entrepreneur": 0.8, "retiree": 0.6, "starter": 1.3}
#: Call outcomes of first calls: no answer, answered (not refused), refused.
OUTCOME_P = np.array([0.33, 0.57, 0.10])
#: Hours 9..20 of an in-window call start, relative weights (morning and after-work peaks).
CALL_HOURS = np.array([6, 9, 8, 4, 3, 7, 8, 7, 5, 4, 6, 5], dtype=float)
SMS_HOURS = np.array([2, 8, 10, 9, 6, 5, 6, 6, 5, 4, 4, 5, 3], dtype=float)  # 8..20

CAMPAIGNS = [
    # id, product, channel, personalised, non-personalised option, name_zh, name_en, weight
    ("MC01", "W03", "call", 0, 1, "安享一年理财到期续作回访", "Secure 1-year WM maturity follow-up", 3.0),
    ("MC02", "I03", "call", 0, 1, "养老年金保险电话推介", "Pension annuity telephone offer", 2.5),
    ("MC03", "C01", "call", 1, 1, "信用卡账单分期专属邀约", "Card instalment offer from spending data", 2.0),
    ("MC04", "W04", "call", 1, 1, "悦享混合资产配置建议", "Balanced mixed-asset allocation advice", 1.5),
    ("MC05", "L02", "call", 0, 1, "汽车消费贷电话邀约", "Car-loan telephone offer", 1.5),
    ("MS01", "W02", "sms", 0, 1, "稳健180天开放期提醒", "Steady 180-day open-period reminder", 3.0),
    ("MS02", "C02", "sms", 0, 1, "青春卡新户礼", "Youth card new-customer gift", 2.5),
    ("MS03", "L01", "sms", 1, 0, "e贷专属额度通知", "e-Loan personal credit-line message", 0.3),
    ("MS04", "W01", "sms", 1, 1, "天天盈闲钱理财推荐", "Daily cash-management suggestion from balances", 1.5),
    ("MS05", "I04", "sms", 0, 1, "百万医疗险限时投保", "Medical insurance limited-time offer", 1.8),
]
#: Each campaign's target list (contact_campaigns): age at the cut-off, a product the customer
#: holds at the contact (opened on or before its day), one the customer does not hold yet, and
#: the lowest risk tolerance (an investment product is marketed only to customers whose level
#: is at least the product's risk level).
TARGETS = {
    # id: min_age, max_age, must_hold, must_not_hold, min_risk
    "MC01": (18, 99, "W03", "", "C2"),
    "MC02": (25, 60, "", "I03", "C2"),
    "MC03": (18, 99, "C01", "", "C1"),
    "MC04": (18, 99, "", "", "C3"),
    "MC05": (22, 60, "", "L02", "C1"),
    "MS01": (18, 99, "", "", "C2"),
    "MS02": (18, 30, "", "C02", "C1"),
    "MS03": (22, 60, "", "L01", "C1"),
    "MS04": (18, 99, "", "", "C1"),
    "MS05": (18, 60, "", "I04", "C1"),
    "MS06": (18, 99, "", "", "C1"),
    "MC06": (18, 99, "", "", "C1"),
}
TARGET_COLUMNS = ["target_min_age", "target_max_age", "target_holds", "target_not_holds", "target_min_risk"]
SMS_BODY = {
    "MS01": "【明湖银行】明湖稳健180天理财本周开放申购，业绩比较基准2.4%-3.0%，理财非存款，产品有风险，投资须谨慎。",
    "MS02": "【明湖银行】明湖青春卡新户首刷礼已上线，详情见手机银行。",
    "MS03": "【明湖银行】根据您的账户情况，您获得明湖e贷专属额度，年化利率（单利）3.6%起。",
    "MS04": "【明湖银行】您的活期余额较多，可了解明湖天天盈理财，理财非存款，产品有风险，投资须谨慎。",
    "MS05": "【明湖银行】百万医疗险限时投保，保障详情以合同条款为准。",
}
#: The 2025 personal-pension campaign of module 03 (``finmkt.data.journeys``): its SMS reminders
#: and its relationship managers' calls are the bank's own contacts (MH). The personal pension
#: fund account (个人养老金资金账户) is not a product of products.csv; the money in it that is not
#: invested earns the demand-deposit rate, so its campaigns carry the demand deposit, D01.
PENSION_CAMPAIGNS = [
    # id, product, channel, personalised, non-personalised option, name_zh, name_en
    ("MS06", "D01", "sms", 0, 1, "个人养老金账户开户提醒", "Personal pension account reminder"),
    ("MC06", "D01", "call", 0, 1, "个人养老金账户客户经理邀约", "Personal pension account: relationship-manager call"),
]
#: The pension SMS of each wave of the campaign (the opt-out ending is added as to every MH text).
PENSION_SMS = {
    "spring": "【明湖银行】个人养老金资金账户可在明湖银行手机银行开立，每年缴存上限12000元，缴存额可按规定"
              "在个人所得税前扣除，领取需满足退休等条件，领取时单独按3%计税。账户内理财、基金等产品有风险，"
              "投资须谨慎。",
    "year_end": "【明湖银行】2025年度个人养老金缴存截至12月31日，当年缴存额可按规定在个人所得税前扣除"
                "（每年上限12000元），领取需满足退休等条件，领取时单独按3%计税。开户及缴存请登录明湖银行手机银行。",
}
#: Opt-out endings: accepted (some full-width or lower-case) and missing (an ending without an
#: instruction to reply counts as none).
OPTOUT_OK = ["回复TD退订", "拒收请回T", "退订回TD", "回复ＴＤ退订", "拒收请回复Ｒ", "回复td退订"]
OPTOUT_OK_P = np.array([0.40, 0.20, 0.10, 0.16, 0.07, 0.07])
OPTOUT_MISSING = ["", "详询客户经理。", "如需退订请联系您的客户经理。"]
OPTOUT_PATTERNS = [r"回复?\s*(TD|T|N)\s*退订", r"退订请?回复?\s*(TD|T)", r"拒收请回复?\s*[TR]"]

PARAMS = [
    ("call_window_start", "09:00", "local time (Beijing)",
     "TEL-01: 《人身保险电话销售业务管理办法》 (2013); for banks' own products an internal policy, for insurance "
     "telesales as the insurer's agent (MC02) arguably the 2013 measures themselves",
     "Earliest start of an outbound marketing call: allowed when start >= 09:00"),
    ("call_window_end", "21:00", "local time (Beijing)",
     "TEL-01 (same); Minghu Bank telemarketing policy (2025)",
     "A call must START before this time: 21:00 itself is outside"),
    ("do_not_call_months", "6", "calendar months",
     "TEL-01 (at least 6 months after an explicit refusal)",
     "After a refused call, no marketing call to the customer before refusal date + 6 calendar months; "
     "a call on that day is allowed"),
    ("optout_pattern_1", OPTOUT_PATTERNS[0], "regular expression",
     "PI-01: MIIT Order No. 31 (2015, SMS); Minghu Bank SMS template rules",
     "Accepted opt-out instruction (e.g. 回复TD退订); search after NFKC normalisation, case-insensitive"),
    ("optout_pattern_2", OPTOUT_PATTERNS[1], "regular expression", "PI-01 (same)",
     "Accepted opt-out instruction (e.g. 退订回TD)"),
    ("optout_pattern_3", OPTOUT_PATTERNS[2], "regular expression", "PI-01 (same)",
     "Accepted opt-out instruction (e.g. 拒收请回T)"),
]

CONTACT_LOG = Dataset(
    "contact_log",
    "Marketing calls and SMS of 2025 with outcome, maker and text",
    "One row per outbound marketing contact (营销触达) Minghu Bank made to a customer of the extract "
    "(same customer_id as customers.csv) in 2025: telephone calls and SMS, by the bank itself (MH: "
    "its remote-banking centre, its SMS platform and its relationship managers' recorded line) or an "
    "outsourced telemarketing vendor (外包电销服务商, V1-V4; see contact_vendors). The SMS and "
    "relationship-manager calls of the personal-pension campaign (campaigns MS06 and MC06) are the "
    "SMS and rm_call touches of journey_touchpoints: same customer, same minute. Times are Beijing "
    "local time at minute resolution. A call whose outcome is refused (客户明确拒绝) starts a "
    "do-not-call period for that customer (see contact_params). A customer of retention_customers is "
    "contacted only between acquired_on and last_active_on. Each maker works only campaigns within "
    "its scope (contact_vendors.scope) and only customers on the campaign's target list "
    "(contact_campaigns.target_*), except contacts worked from a stale purchased list, which follow "
    "neither (the audit's planted outsourcing finding). Stored gzip-compressed.",
    cols(
        ("contact_id", "str", "", "Contact identifier K000001, ... in order of start time"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("channel", "str", "", "call or sms"),
        ("made_by", "str", "", "Who made the contact: MH (own centre) or vendor V1-V4 (see contact_vendors)"),
        ("campaign_id", "str", "", "Campaign (see contact_campaigns)"),
        ("started_at", "date", "local time, minute", "Call start or SMS send time (Beijing time)"),
        ("ended_at", "date", "local time, minute", "Call end (calls; = start when not answered); empty for SMS"),
        ("outcome", "str", "", "Calls: no_answer, answered or refused (explicit refusal); SMS: sent"),
        ("sms_text", "str", "", "SMS text as sent (Chinese); empty for calls"),
    ),
    scales=True,
    compressed=True,
)

CONTACT_CONSENTS = Dataset(
    "contact_consents",
    "Customers' marketing and personalisation consents",
    "One row per consent record of a customer of the extract: consent to marketing by telephone "
    "(channel call) or SMS (channel sms), and the separate consent (单独同意) to personalised "
    "marketing that uses the customer's account data (purpose personalised, channel all; PI-02). A "
    "consent counts from the day it was granted; a withdrawal (撤回同意) takes effect on the day it "
    "was made. A customer with no record for a channel never consented. Stored gzip-compressed.",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("channel", "str", "", "call, sms, or all (personalised consent)"),
        ("purpose", "str", "", "marketing or personalised"),
        ("granted_on", "date", "", "Day the consent was given"),
        ("withdrawn_on", "date", "", "Day the consent was withdrawn; empty while in force"),
    ),
    scales=True,
    compressed=True,
)

CONTACT_CAMPAIGNS = Dataset(
    "contact_campaigns",
    "Marketing campaigns of 2025 reached by call or SMS",
    "The campaigns of the contact log: product (see products), channel, whether the campaign is "
    "personalised (个性化推荐: the offer is chosen and worded from the customer's account data) and "
    "whether it offers the customer a non-personalised option (不针对个人特征的选项; an SMS with an "
    "accepted opt-out is itself an easy refusal, 便捷的拒绝方式, PI-02). MS06 and MC06 are the SMS and the relationship-manager calls of the "
    "personal-pension campaign (see journeys); the personal pension fund account is not in products, "
    "and the money in it that is not invested earns the demand-deposit rate, so they carry D01. The "
    "target_* columns state each campaign's target list (age, a product held or not yet held at the "
    "contact, the lowest risk tolerance).",
    cols(
        ("campaign_id", "str", "", "Campaign identifier"),
        ("name_zh", "str", "", "Campaign name"),
        ("name_en", "str", "", "Campaign name in English"),
        ("product_id", "str", "", "Product promoted (see products)"),
        ("channel", "str", "", "call or sms"),
        ("personalised", "int", "0/1", "1 if the offer uses the customer's account data"),
        ("offers_non_personalised_option", "int", "0/1", "1 if the customer can choose a non-personalised offer"),
        ("target_min_age", "int", "years", "Target list: youngest age (customers.age)"),
        ("target_max_age", "int", "years", "Target list: oldest age (99: no limit)"),
        ("target_holds", "str", "", "Target list: product the customer holds at the contact (opened on or "
                                    "before its day; empty: none required)"),
        ("target_not_holds", "str", "", "Target list: product the customer does not hold yet at the contact "
                                        "(empty: none excluded)"),
        ("target_min_risk", "str", "", "Target list: lowest risk tolerance (customers.risk_tolerance); an "
                                       "investment product only to customers at or above its risk level"),
    ),
)

CONTACT_VENDORS = Dataset(
    "contact_vendors",
    "Who makes the marketing contacts",
    "Minghu Bank's own remote-banking centre and the outsourced telemarketing vendors (all fictional).",
    cols(
        ("vendor_id", "str", "", "MH (own) or V1-V4"),
        ("name_zh", "str", "", "Name"),
        ("name_en", "str", "", "Name in English"),
        ("kind", "str", "", "own or outsourced"),
        ("since", "date", "", "Start of the contract (own centre: opening)"),
        ("scope", "str", "", "What the maker may market: all, or product lines / product ids separated by |"),
        ("note", "str", "", "What the vendor does for the bank"),
    ),
)

CONTACT_PARAMS = Dataset(
    "contact_params",
    "Contact-compliance parameters",
    "The bank's calling window, do-not-call period and accepted SMS opt-out patterns, with their sources.",
    param_cols(value="Value (a time, a number of months or a regular expression)",
               unit="Unit or kind of the value",
               source="Where the value comes from (REGULATIONS.md rule and source)",
               meaning="What the parameter means and how it is applied", value_dtype="str"),
)

SCHEMAS = [CONTACT_LOG, CONTACT_CONSENTS, CONTACT_CAMPAIGNS, CONTACT_VENDORS, CONTACT_PARAMS]


# --- generation -----------------------------------------------------------------------------

def _day(ts) -> int:
    return int((pd.Timestamp(ts) - pd.Timestamp("1970-01-01")).days)


def _iso_days(days: np.ndarray) -> np.ndarray:
    """Days since 1970 as ISO date strings; negative = missing (empty string)."""
    days = np.asarray(days, dtype=np.int64)
    out = np.where(days >= 0, days, 0).astype("datetime64[D]").astype(str).astype(object)
    out[days < 0] = ""
    return out


def _iso_minutes(minutes: np.ndarray) -> np.ndarray:
    """Minutes since 1970 as 'YYYY-MM-DD HH:MM'; negative = missing."""
    minutes = np.asarray(minutes, dtype=np.int64)
    s = np.char.replace(np.where(minutes >= 0, minutes, 0).astype("datetime64[m]").astype(str), "T", " ")
    out = s.astype(object)
    out[minutes < 0] = ""
    return out


def _consents(rng, ids, opened, probs, lo_day, hi_day):
    """Consent type per customer and the granted / withdrawn days (-1 = none)."""
    n = len(ids)
    kind = rng.choice(4, size=n, p=probs)
    d0 = _day(YEAR_START)
    kind = np.where((kind == 1) & (opened >= d0 - 1), 2, kind)  # opened in 2025: granted in 2025
    kind = np.where((kind == 3) & (opened >= d0 - 1), 2, kind)
    before = opened + np.floor(rng.random(n) * np.maximum(d0 - 1 - opened, 1)).astype(np.int64)
    in_year = rng.integers(lo_day, hi_day + 1, n)
    in_year = np.minimum(np.maximum(in_year, opened + 1), _day(CUTOFF))
    granted = np.select([kind == 1, kind == 2, kind == 3], [before, in_year, before], -1)
    withdrawn = np.where(kind == 3, in_year, -1)
    return kind, granted, withdrawn


def _with_targets(camp: pd.DataFrame) -> pd.DataFrame:
    """The campaigns with their target columns (``TARGETS``)."""
    t = pd.DataFrame([TARGETS[c] for c in camp["campaign_id"].astype(str)], columns=TARGET_COLUMNS, index=camp.index)
    return pd.concat([camp.drop(columns=[c for c in TARGET_COLUMNS if c in camp.columns]), t], axis=1)


def in_scope(maker: np.ndarray, product_id: str, frames: dict) -> np.ndarray:
    """Whether each maker (codes of ``MAKERS``) may market the product (``SCOPE``: its line or id)."""
    line = str(frames["products"].set_index(np.asarray(frames["products"]["product_id"].astype(str)))
               ["line"].astype(str)[product_id])
    ok = np.array([SCOPE[k] == "all" or bool({line, product_id} & set(SCOPE[k].split("|"))) for k in MAKERS])
    return ok[np.asarray(maker)]


def _first_open(frames: dict, product_id: str) -> np.ndarray:
    """Per customer of the extract (row order): day (since 1970) the customer first held the
    product, a large number if never."""
    h = frames["holdings"]
    ids = np.asarray(frames["customers"]["customer_id"].astype(str))
    sel = np.asarray(h["product_id"].astype(str)) == product_id
    row = pd.Index(ids).get_indexer(np.asarray(h["customer_id"].astype(str))[sel])
    d = (pd.to_datetime(np.asarray(h["opened_on"].astype(str))[sel]) - pd.Timestamp("1970-01-01")).days.to_numpy()
    out = np.full(len(ids), 1 << 40, dtype=np.int64)
    np.minimum.at(out, row, d)
    return out


def on_target(campaign_id: str, cust: np.ndarray, day: np.ndarray, frames: dict) -> np.ndarray:
    """Whether each customer (rows of customers) is on the campaign's target list (``TARGETS``) on
    the day (days since 1970): age at the cut-off in range, holding ``must_hold`` (opened on or
    before the day), not holding ``must_not_hold`` yet, risk tolerance at least ``min_risk``."""
    lo, hi, must, must_not, risk = TARGETS[campaign_id]
    c = frames["customers"]
    cust, day = np.asarray(cust), np.asarray(day)
    age = c["age"].to_numpy(int)[cust]
    level = np.asarray(c["risk_tolerance"].astype(str).str[1:].astype(int))[cust]
    ok = (age >= lo) & (age <= hi) & (level >= int(risk[1:]))
    if must:
        ok &= _first_open(frames, must)[cust] <= day
    if must_not:
        ok &= _first_open(frames, must_not)[cust] > day
    return ok


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    # the lesson's rule (finmkt.methods.contact_consent) decides which re-calls are blocked
    from finmkt.methods.contact_consent import within_dnc

    cust = frames["customers"]
    ids = cust["customer_id"].astype(str).to_numpy()
    seg = frames["_truth_segments"].set_index("customer_id")["segment"].astype(str).reindex(ids).to_numpy()
    pref = cust["preferred_channel"].astype(str).to_numpy()
    age = cust["age"].to_numpy(int)
    cut = _day(CUTOFF)
    d0 = _day(YEAR_START)
    opened = (cut - np.round(cust["tenure_years"].to_numpy(float) * 365.25)).astype(np.int64)
    # customers of the new-customer model: contacted between the day they joined and their
    # last active day (history.timeline)
    tl = history.timeline(frames)
    pos = tl.index.get_indexer(ids)
    on = pos >= 0
    opened[on] = tl["joined"].to_numpy()[pos[on]]
    last_active = np.full(len(ids), cut, dtype=np.int64)
    last_active[on] = tl["last_active"].to_numpy()[pos[on]]
    lo_day, hi_day = _day("2025-02-01"), _day("2025-11-30")

    # --- consents: marketing per channel, the separate personalised consent ------------------
    kinds, rows = {}, []
    for ch, probs in (("call", MARKETING_CONSENT_P), ("sms", MARKETING_CONSENT_P), ("all", PERSONAL_CONSENT_P)):
        kind, granted, withdrawn = _consents(rng, ids, opened, probs, lo_day, hi_day)
        kinds[ch] = (kind, granted, withdrawn)
        has = kind > 0
        rows.append(pd.DataFrame({"customer_id": ids[has], "channel": ch,
                                  "purpose": "personalised" if ch == "all" else "marketing",
                                  "granted_day": granted[has], "withdrawn_day": withdrawn[has]}))
    consents = pd.concat(rows, ignore_index=True).sort_values(["customer_id", "channel"], kind="stable")

    # --- contacts ------------------------------------------------------------------------------
    camp = pd.DataFrame(CAMPAIGNS, columns=["campaign_id", "product_id", "channel", "personalised",
                                            "offers_non_personalised_option", "name_zh", "name_en", "weight"])
    parts = []
    for ch, base, pref_f, seg_f in (("call", BASE_CALLS, PREF_CALL, SEG_CALL), ("sms", BASE_SMS, PREF_SMS, SEG_SMS)):
        lam = base * pd.Series(pref).map(pref_f).to_numpy() * pd.Series(seg).map(seg_f).to_numpy()
        if ch == "call":
            lam = lam * np.where(age >= 65, 1.2, 1.0)
        m = int(rng.poisson(lam.sum()))
        maker = rng.choice(5, size=m, p=MAKER_SHARE[ch])
        rogue = rng.random(m) < ROGUE[maker]
        violate = rogue | (rng.random(m) < NO_CONSENT[maker])
        kind, granted, withdrawn = kinds[ch]
        # the customer: from the pool that makes the planted consent status possible
        cust_i = np.empty(m, dtype=np.int64)
        for v in (False, True):
            pool = np.flatnonzero(np.isin(kind, [0, 2, 3] if v else [1, 2, 3]))
            w = lam[pool] / lam[pool].sum()
            sel = violate == v
            cust_i[sel] = pool[rng.choice(len(pool), size=int(sel.sum()), p=w)]
        k, g, wd = kind[cust_i], granted[cust_i], withdrawn[cust_i]
        lo = np.full(m, d0)
        hi = np.full(m, cut)
        lo = np.where(~violate & (k == 2), g, lo)
        hi = np.where(~violate & (k == 3), wd - 1, hi)
        hi = np.where(violate & (k == 2), g - 1, hi)
        lo = np.where(violate & (k == 3), wd, lo)
        lo = np.maximum(lo, np.maximum(d0, opened[cust_i]))
        lo = np.minimum(lo, cut)
        hi = np.maximum(np.minimum(hi, np.minimum(cut, last_active[cust_i])), lo)
        day = lo + np.floor(rng.random(m) * (hi - lo + 1)).astype(np.int64)
        cw = camp[camp["channel"] == ch]
        # the campaign: one of the maker's scope whose target list holds the customer on the day
        # (a contact from the stale purchased list, rogue, follows neither), drawn from the same
        # uniform as a campaign of any scope; a contact for which the maker has no such campaign
        # is not made (``made``). Every drawn row stays until the end, so the draws of the
        # contacts that are made are those they had before scope and targets were applied
        fits = np.ones((m, len(cw)), dtype=bool)
        for j, cid in enumerate(cw["campaign_id"]):
            fits[:, j] = in_scope(maker, cw["product_id"].iloc[j], frames) & on_target(cid, cust_i, day, frames)
        fits |= rogue[:, None]
        w_c = fits * (cw["weight"] / cw["weight"].sum()).to_numpy()[None, :]
        cdf = np.cumsum(w_c, axis=1)
        total = cdf[:, -1]
        u_c = rng.random(m)
        c_pick = np.minimum((u_c[:, None] * total[:, None] >= cdf).sum(axis=1), len(cw) - 1)
        parts.append(pd.DataFrame({"cust": cust_i, "channel": ch, "maker": maker, "rogue": rogue, "stale": rogue,
                                   "made": total > 0, "day": day,
                                   "campaign": cw["campaign_id"].to_numpy()[c_pick], "follow_up": 0}))
    # Calls. The main stream ``rng`` is drawn exactly as for a log in which every drawn row is
    # made (the row counts below are those of that log), so that the contacts that are made keep
    # their outcomes, times and re-calls, and with them the refusals that the pension campaign's
    # lists read (journeys). What only the new rules create (a call that only a refusal of a
    # contact no longer made had blocked, and its re-call) draws from ``side``, a child of the
    # stream that does not advance it.
    side = rng.spawn(1)[0]
    calls = parts[0]
    n0 = len(calls)
    made = calls["made"].to_numpy(bool)
    mk0 = calls["maker"].to_numpy()
    # first calls' outcomes; ordinary calls that fall in a do-not-call period are mostly
    # suppressed by the maker's list (LEAK: the share that gets through), then the re-calls
    calls["outcome"] = rng.choice(3, size=n0, p=OUTCOME_P)
    calls["start"] = calls["day"] * 1440 + rng.integers(0, 1440, n0)
    probe = pd.DataFrame({"customer_id": calls["cust"].astype(str), "channel": "call",
                          "started_at": pd.to_datetime(calls["start"].to_numpy() * 60, unit="s"),
                          "outcome": np.where(calls["outcome"] == 2, "refused", "x")})
    leak = rng.random(n0) >= LEAK[mk0]
    drawn = ~(within_dnc(probe).to_numpy() & leak)  # the stream's rows: every drawn call a contact
    dnc_made = np.zeros(n0, dtype=bool)  # only a refusal of a call made starts a do-not-call period
    dnc_made[made] = within_dnc(probe[made]).to_numpy()
    through = made & ~(dnc_made & leak)
    calls = calls.drop(columns="start")
    cust0, day0 = calls["cust"].to_numpy(), calls["day"].to_numpy()
    refused = calls["outcome"].to_numpy() == 2

    def recall_draws(g, n):
        u = g.random(n)
        return u, g.integers(1, 170, n), g.integers(0, 2, n)

    # re-call draws per refused call: the stream's refusals from rng, the new ones from side
    r_int = np.flatnonzero(drawn & refused)
    r_new = np.flatnonzero(through & refused & ~drawn)
    u_r, a_r, b_r = np.zeros(n0), np.zeros(n0, dtype=np.int64), np.zeros(n0, dtype=np.int64)
    for rows, g in ((r_int, rng), (r_new, side)):
        u_r[rows], a_r[rows], b_r[rows] = recall_draws(g, len(rows))
    r_all = np.flatnonzero((drawn | through) & refused)
    ref_day = day0[r_all]
    end_day = np.array([_day(x) for x in (pd.to_datetime(ref_day, unit="D") + pd.DateOffset(months=6))]) \
        if len(r_all) else np.array([], dtype=np.int64)
    mk = mk0[r_all]
    u = u_r[r_all]
    within = u < RECALL[mk]
    timer = (~within) & (u < RECALL[mk] + TIMER_180[mk])
    on_end = (~within) & (~timer) & (u < RECALL[mk] + TIMER_180[mk] + ON_END_DAY)
    re_day = np.select([within, timer, on_end], [ref_day + a_r[r_all], ref_day + 180 + b_r[r_all], end_day], -1)
    keep = (re_day >= 0) & (re_day <= np.minimum(cut, last_active[cust0[r_all]]))
    keep_int = keep & drawn[r_all]
    f_out = np.zeros(len(r_all), dtype=np.int64)
    f_out[keep_int] = rng.choice(2, size=int(keep_int.sum()), p=[0.45, 0.55])
    # a re-call only after a refusal of a call made, and only to a customer still on the
    # campaign's list (the stale list's re-calls follow no list)
    keep &= through[r_all]
    r_camp = calls["campaign"].to_numpy()[r_all]
    stale0 = calls["stale"].to_numpy(bool)
    for cid in np.unique(r_camp):
        sel = (r_camp == cid) & ~stale0[r_all] & keep
        keep[sel] &= on_target(cid, cust0[r_all][sel], re_day[sel], frames)
    new_f = keep & ~drawn[r_all]
    f_out[new_f] = side.choice(2, size=int(new_f.sum()), p=[0.45, 0.55])

    def follow_rows(sel):
        return pd.DataFrame({"cust": cust0[r_all][sel], "channel": "call", "maker": mk[sel], "rogue": False,
                             "stale": stale0[r_all][sel], "made": True, "day": re_day[sel],
                             "campaign": r_camp[sel], "follow_up": 1, "outcome": f_out[sel],
                             "key": n0 + r_all[sel]})

    calls = calls.assign(key=np.arange(n0))
    stream = pd.concat([calls[drawn], follow_rows(keep_int)], ignore_index=True)  # the stream's calls
    calls = pd.concat([calls[through], follow_rows(keep)], ignore_index=True)  # the calls made
    sms = parts[1]
    m_c, m_s = len(stream), len(sms)

    # times of day: drawn for the stream's calls from rng, for the other calls made from side
    def call_times(g, rows):
        n = len(rows)
        mkc = rows["maker"].to_numpy()
        outside = np.where(rows["rogue"].to_numpy(), g.random(n) < ROGUE_OUTSIDE, g.random(n) < OUTSIDE[mkc])
        hour = 9 + g.choice(12, size=n, p=CALL_HOURS / CALL_HOURS.sum())
        minute_of_day = hour * 60 + g.integers(0, 60, n)
        morning = g.random(n) < 0.45
        out_min = np.where(morning, g.integers(7 * 60 + 30, 9 * 60, n), g.integers(21 * 60, 22 * 60 + 30, n))
        out_min = np.where(~morning & (g.random(n) < 0.15), 21 * 60, out_min)  # exactly 21:00
        minute_of_day = np.where(outside, out_min, minute_of_day)
        oc = rows["outcome"].to_numpy()
        dur = np.select([oc == 1, oc == 2], [1 + g.geometric(0.25, n), g.integers(0, 2, n)], 0)
        return pd.DataFrame({"minute_of_day": minute_of_day, "dur": dur}, index=rows["key"].to_numpy())

    times = call_times(rng, stream)
    s_hour = 8 + rng.choice(13, size=m_s, p=SMS_HOURS / SMS_HOURS.sum())
    start_s = sms["day"].to_numpy() * 1440 + s_hour * 60 + rng.integers(0, 60, m_s)
    extra = ~calls["key"].isin(times.index).to_numpy()
    times = pd.concat([times, call_times(side, calls[extra])]).reindex(calls["key"].to_numpy())
    m_c = len(calls)
    mkc = calls["maker"].to_numpy()
    oc = calls["outcome"].to_numpy()
    start_c = calls["day"].to_numpy() * 1440 + times["minute_of_day"].to_numpy()
    dur = times["dur"].to_numpy()

    # SMS texts
    mks = sms["maker"].to_numpy()
    missing = np.where(sms["rogue"].to_numpy(), rng.random(m_s) < ROGUE_NO_OPTOUT, rng.random(m_s) < NO_OPTOUT[mks])
    ok_end = np.array(OPTOUT_OK, dtype=object)[rng.choice(len(OPTOUT_OK), size=m_s, p=OPTOUT_OK_P)]
    bad_end = np.array(OPTOUT_MISSING, dtype=object)[rng.choice(len(OPTOUT_MISSING), size=m_s, p=[0.6, 0.25, 0.15])]
    body = sms["campaign"].map(SMS_BODY).to_numpy(object)
    text = body + np.where(missing, bad_end, ok_end)
    sms_made = sms["made"].to_numpy(bool)
    sms, start_s, text = sms[sms_made], start_s[sms_made], text[sms_made]
    mks, m_s = mks[sms_made], int(sms_made.sum())

    outcome_names = np.array(["no_answer", "answered", "refused"], dtype=object)
    log = pd.DataFrame({
        "cust": np.concatenate([calls["cust"].to_numpy(), sms["cust"].to_numpy()]),
        "channel": np.array(["call"] * m_c + ["sms"] * m_s, dtype=object),
        "maker": np.concatenate([mkc, mks]),
        "campaign": np.concatenate([calls["campaign"].to_numpy(), sms["campaign"].to_numpy()]),
        "start": np.concatenate([start_c, start_s]),
        "end": np.concatenate([start_c + dur, np.full(m_s, -1)]),
        "outcome": np.concatenate([outcome_names[oc], np.full(m_s, "sent", dtype=object)]),
        "text": np.concatenate([np.full(m_c, "", dtype=object), text]),
        "stale": np.concatenate([calls["stale"].to_numpy(bool), sms["stale"].to_numpy(bool)]),
    })
    # a contact whose planted status needs a day after the customer's last active day (the
    # customer left first) is not made
    log = log[log["start"] // 1440 <= last_active[log["cust"].to_numpy()]]
    log = log.sort_values(["start", "cust", "channel"], kind="stable").reset_index(drop=True)
    contact_log = pd.DataFrame({
        "contact_id": np.char.add("K", np.char.zfill(np.arange(1, len(log) + 1).astype(str), 6)),
        "customer_id": pd.Categorical(ids[log["cust"].to_numpy()]),
        "channel": pd.Categorical(log["channel"], categories=["call", "sms"]),
        "made_by": pd.Categorical.from_codes(log["maker"].to_numpy(), categories=MAKERS),
        "campaign_id": pd.Categorical(log["campaign"], categories=camp["campaign_id"].tolist()),
        "started_at": _iso_minutes(log["start"].to_numpy()),
        "ended_at": _iso_minutes(log["end"].to_numpy()),
        "outcome": pd.Categorical(log["outcome"], categories=["no_answer", "answered", "refused", "sent"]),
        "sms_text": log["text"].to_numpy(object),
    })
    consent_table = pd.DataFrame({
        "customer_id": consents["customer_id"].to_numpy(),
        "channel": pd.Categorical(consents["channel"], categories=["call", "sms", "all"]),
        "purpose": pd.Categorical(consents["purpose"], categories=["marketing", "personalised"]),
        "granted_on": _iso_days(consents["granted_day"].to_numpy()),
        "withdrawn_on": _iso_days(consents["withdrawn_day"].to_numpy()),
    })
    campaigns = _with_targets(camp)[CONTACT_CAMPAIGNS.column_names].reset_index(drop=True)
    vendors = pd.DataFrame([(*v[:5], SCOPE[v[0]], v[5]) for v in VENDORS], columns=CONTACT_VENDORS.column_names)
    params = pd.DataFrame(PARAMS, columns=CONTACT_PARAMS.column_names)
    stale = log["stale"].to_numpy(bool)  # the stale list's contacts and their re-calls
    stale_list = pd.DataFrame({"customer_id": ids[log["cust"].to_numpy()[stale]],
                               "channel": log["channel"].to_numpy()[stale],
                               "made_by": np.array(MAKERS)[log["maker"].to_numpy()[stale]],
                               "campaign_id": log["campaign"].to_numpy()[stale],
                               "started_at": _iso_minutes(log["start"].to_numpy()[stale])})
    return {"contact_log": contact_log, "contact_consents": consent_table, "contact_campaigns": campaigns,
            "contact_vendors": vendors, "contact_params": params, "_truth_contacts_stale_list": stale_list}


def campaign_lists(rng: np.random.Generator, frames: dict, customer_ids: np.ndarray, channels: np.ndarray,
                   minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of a campaign's planned SMS and calls the bank's own lists let through, and the calls'
    outcomes.

    ``channels``: 'sms' or 'call'; ``minutes``: planned times, minutes since 1970 (local time).
    A contact is made only when the customer's marketing consent for the channel is valid that
    day (the lesson's rule, :func:`finmkt.methods.contact_consent.consent_valid`); a call only
    outside every do-not-call period, that of a refusal in the contact log or of a refusal of an
    earlier call of the campaign (refusal day + the bank's do-not-call months; a call on the end
    day is allowed). Returns (made, outcome): outcome 0 no answer, 1 answered, 2 refused (drawn
    as the other first calls, ``OUTCOME_P``) for the calls made, -1 otherwise.
    """
    from finmkt.methods.contact_consent import consent_valid, plain_strings

    customer_ids = np.asarray(customer_ids, dtype=object)
    channels = np.asarray(channels, dtype=object)
    minutes = np.asarray(minutes, dtype=np.int64)
    n = len(minutes)
    planned = pd.DataFrame({"customer_id": customer_ids, "channel": channels,
                            "started_at": pd.to_datetime(minutes * 60, unit="s")})
    made = consent_valid(planned, plain_strings(frames["contact_consents"])).to_numpy().copy()
    outcome = np.where(channels == "call", rng.choice(3, size=n, p=OUTCOME_P), -1)
    params = frames["contact_params"]
    months = int(np.asarray(params["value"].astype(str))[np.asarray(params["key"].astype(str))
                                                          == "do_not_call_months"][0])
    log = frames["contact_log"]
    refused = np.asarray(log["outcome"].astype(str)) == "refused"
    ref_min = pd.to_datetime(pd.Series(np.asarray(log["started_at"].astype(str))[refused])).to_numpy()
    ref_min = (ref_min.astype("datetime64[m]").astype(np.int64))
    refusals: dict[str, list[int]] = {}
    for c, m in zip(np.asarray(log["customer_id"].astype(str))[refused], ref_min, strict=True):
        refusals.setdefault(c, []).append(int(m))
    ends: dict[int, int] = {}

    def end_day(minute: int) -> int:  # the day the do-not-call period of a refusal ends
        d = minute // 1440
        if d not in ends:
            ends[d] = _day(pd.Timestamp("1970-01-01") + pd.Timedelta(days=d) + pd.DateOffset(months=months))
        return ends[d]

    calls = np.flatnonzero((channels == "call") & made)
    calls = calls[np.lexsort((minutes[calls], customer_ids[calls].astype(str)))]
    for i in calls:  # in time order per customer: a refusal blocks the campaign's later calls
        mine = refusals.setdefault(customer_ids[i], [])
        earlier = [r for r in mine if r < minutes[i]]
        if earlier and minutes[i] // 1440 < end_day(max(earlier)):
            made[i] = False
        elif outcome[i] == 2:
            mine.append(int(minutes[i]))
    return made, np.where(made, outcome, -1)


def add_campaign_contacts(rng: np.random.Generator, frames: dict, new: pd.DataFrame,
                          campaigns: list[tuple]) -> dict:
    """The contact log and the campaigns with a campaign's own contacts (``made_by`` MH) added.

    ``new``: one row per contact made: ``customer_id``, ``channel`` (call or sms),
    ``campaign_id``, ``start`` (minutes since 1970), ``outcome`` (calls: 0 no answer,
    1 answered, 2 refused) and ``text`` (SMS: the body). A call's end is drawn as for the
    other calls; an SMS ends with an accepted opt-out drawn as for the other texts. The log is
    sorted again by start time and renumbered.
    """
    m = len(new)
    oc = new["outcome"].to_numpy(np.int64)
    sms = new["channel"].to_numpy(object) == "sms"
    dur = np.select([oc == 1, oc == 2], [1 + rng.geometric(0.25, m), rng.integers(0, 2, m)], 0)
    ok_end = np.array(OPTOUT_OK, dtype=object)[rng.choice(len(OPTOUT_OK), size=m, p=OPTOUT_OK_P)]
    start = new["start"].to_numpy(np.int64)
    outcome_names = np.array(["no_answer", "answered", "refused"], dtype=object)
    added = pd.DataFrame({
        "customer_id": new["customer_id"].to_numpy(object),
        "channel": new["channel"].to_numpy(object),
        "made_by": "MH",
        "campaign_id": new["campaign_id"].to_numpy(object),
        "started_at": _iso_minutes(start),
        "ended_at": _iso_minutes(np.where(sms, -1, start + dur)),
        "outcome": np.where(sms, "sent", outcome_names[np.clip(oc, 0, 2)]),
        "sms_text": np.where(sms, new["text"].to_numpy(object) + ok_end, ""),
    })
    from finmkt.methods.contact_consent import within_dnc

    old = frames["contact_log"]
    old = pd.DataFrame({c: np.asarray(old[c].astype(object)) for c in old.columns if c != "contact_id"})
    log = pd.concat([old, added], ignore_index=True)
    # a refusal of the campaign's calls enters the bank's do-not-call lists like any other: the
    # log's other calls that it puts in a do-not-call period are suppressed by their maker's
    # list, except the share that gets through (LEAK)
    months = int(np.asarray(frames["contact_params"]["value"].astype(str))[
        np.asarray(frames["contact_params"]["key"].astype(str)) == "do_not_call_months"][0])
    now = within_dnc(log, months).to_numpy()
    was = np.concatenate([within_dnc(old, months).to_numpy(), np.ones(m, dtype=bool)])
    maker = pd.Categorical(log["made_by"], categories=MAKERS).codes
    u = rng.random(len(log))
    log = log[~(now & ~was & (u >= LEAK[maker]))]
    log = log.iloc[np.lexsort((log["channel"].to_numpy(str), log["customer_id"].to_numpy(str),
                               log["started_at"].to_numpy(str)))].reset_index(drop=True)
    camp = pd.concat([frames["contact_campaigns"].astype({"campaign_id": str}),
                      pd.DataFrame([c[:7] for c in campaigns],
                                   columns=["campaign_id", "product_id", "channel", "personalised",
                                            "offers_non_personalised_option", "name_zh", "name_en"])
                      .pipe(_with_targets)[CONTACT_CAMPAIGNS.column_names]], ignore_index=True)
    contact_log = pd.DataFrame({
        "contact_id": np.char.add("K", np.char.zfill(np.arange(1, len(log) + 1).astype(str), 6)),
        "customer_id": pd.Categorical(log["customer_id"].to_numpy(str)),
        "channel": pd.Categorical(log["channel"], categories=["call", "sms"]),
        "made_by": pd.Categorical(log["made_by"], categories=MAKERS),
        "campaign_id": pd.Categorical(log["campaign_id"], categories=camp["campaign_id"].tolist()),
        "started_at": log["started_at"].to_numpy(object),
        "ended_at": log["ended_at"].to_numpy(object),
        "outcome": pd.Categorical(log["outcome"], categories=["no_answer", "answered", "refused", "sent"]),
        "sms_text": log["sms_text"].to_numpy(object),
    })
    # the stale list's contacts that a refusal of the campaign's calls suppressed are not made
    stale = frames["_truth_contacts_stale_list"]
    key = ["customer_id", "channel", "made_by", "campaign_id", "started_at"]
    made = pd.MultiIndex.from_frame(stale[key].astype(str)).isin(
        pd.MultiIndex.from_frame(contact_log[key].astype(str)))
    return {"contact_log": contact_log, "contact_campaigns": camp,
            "_truth_contacts_stale_list": stale[made].reset_index(drop=True)}


def truth(frames: dict) -> dict:
    """Planted propensities and the labels' counts by rule, maker and channel."""
    from finmkt.methods.contact_consent import label_contacts, plain_strings

    log = plain_strings(frames["contact_log"])
    flags = label_contacts(log, plain_strings(frames["contact_consents"]), plain_strings(frames["contact_campaigns"]),
                           plain_strings(frames["contact_params"]))
    anyv = flags.any(axis=1)
    only = flags & (flags.sum(axis=1) == 1).to_numpy()[:, None]

    def table(by):
        g = flags.groupby(by.to_numpy())
        out = {}
        for key, f in g:
            a = anyv.loc[f.index]
            out[str(key)] = {"contacts": len(f), "violating": int(a.sum()), "rate": float(a.mean()),
                             **{r: int(f[r].sum()) for r in RULES}}
        return out

    from finmkt.methods.contact_consent import scope_target_flags

    st = scope_target_flags(log, plain_strings(frames["contact_campaigns"]), plain_strings(frames["contact_vendors"]),
                            plain_strings(frames["customers"]), plain_strings(frames["holdings"]),
                            plain_strings(frames["products"]))
    stale = plain_strings(frames["_truth_contacts_stale_list"])
    key = ["customer_id", "channel", "made_by", "campaign_id", "started_at"]
    in_stale = pd.MultiIndex.from_frame(log[key].astype(str)).isin(pd.MultiIndex.from_frame(stale[key].astype(str)))
    off = (st["out_of_scope"] | st["off_target"]).to_numpy()
    scope_target = {
        "stale_list_contacts": int(in_stale.sum()),
        "out_of_scope": int(st["out_of_scope"].sum()), "off_target": int(st["off_target"].sum()),
        "off_list": int(off.sum()), "off_list_from_stale_list": int((off & in_stale).sum()),
        "off_list_by_maker": {str(k): int(v) for k, v in pd.Series(off).groupby(log["made_by"].to_numpy()).sum().items()},
        "off_target_by_campaign": {str(k): int(v) for k, v in
                                   st["off_target"].groupby(log["campaign_id"].to_numpy()).sum().items() if v},
    }
    freed = {r: int(only[r].sum()) for r in RULES}
    raw = {r: int(flags[r].sum()) for r in RULES}
    by_maker = table(log["made_by"])
    worst = max((k for k in by_maker if k != "MH"), key=lambda k: by_maker[k]["rate"])
    return {
        "rules": RULE_NAMES,
        "contacts": len(log), "calls": int((log["channel"] == "call").sum()),
        "sms": int((log["channel"] == "sms").sum()),
        "refusals": int((log["outcome"] == "refused").sum()),
        "violating": int(anyv.sum()), "violation_rate": float(anyv.mean()),
        "counts": raw, "freed_if_enforced_alone": freed,
        "largest_effect_fix": max(freed, key=freed.get), "largest_raw_count": max(raw, key=raw.get),
        "by_maker": by_maker, "by_channel": table(log["channel"]),
        "remediation_vendor": worst,
        "scope_target": scope_target,
        "planted": {
            "makers": MAKERS, "rogue_share": ROGUE.tolist(), "no_consent": NO_CONSENT.tolist(),
            "outside_window": OUTSIDE.tolist(), "no_optout": NO_OPTOUT.tolist(), "recall_within": RECALL.tolist(),
            "recall_timer_180": TIMER_180.tolist(), "recall_on_end_day": ON_END_DAY, "dnc_list_leak": LEAK.tolist(),
            "rogue_outside": ROGUE_OUTSIDE, "rogue_no_optout": ROGUE_NO_OPTOUT,
            "maker_share": {k: v.tolist() for k, v in MAKER_SHARE.items()},
        },
    }
