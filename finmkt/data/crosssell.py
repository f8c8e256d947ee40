"""A randomised cross-sell test with a control group (module 05, lesson 4: 交叉销售).

In January 2026, right after the data cut-off, Minghu Bank distributed a new bond fund, F03
(湖城稳盈债券基金, issued by the fictional Hucheng Fund Management; R2), in its first-quarter push
(开门红): the fund's subscription period (认购期, :data:`WINDOW_DAYS` days from
:data:`CAMPAIGN_DAY`) was advertised to every customer on the app's home page and in the branches,
and the bank tested an SMS offer with a first-purchase fee rebate on top: half of the customers it
may market the fund to, drawn at random, received the SMS on the first day, the other half
nothing (the control group). The fund is not on the year-end shelf (``products.csv``, at
2025-12-31); its terms are in ``crosssell_params``. Why a new fund: the shelf's own funds are
bought by about 0.03% of the non-holders a month (``holdings.csv``, 2025), so a test of them
would have almost no buyers without the SMS; a new fund's launch draws buyers of its own (the
"sure things"), which the lesson needs and which contradict no history.

Design: the test lies after every history of the world (transactions, holdings and the contact
log end on 2025-12-31), so its purchases are the campaign's own outcome table and contradict
nothing; the population is computed from the world's tables with the lesson's rule
(:func:`finmkt.methods.uplift.eligible`): active (not dormant), no fund held, a valid SMS marketing
consent and the separate personalised-marketing consent on the campaign day (``contact_consents``,
PI-01 and PI-02: the roll-out targets by a model on account data), risk level C2 or above for the
R2 fund, and an assessment still valid on the last day of the window (module 04's suitability
rule).

Planted process: every eligible customer has a response type (响应类型), drawn from planted
probabilities that depend on the segment and on the customer's own data:

* **sure thing** (必买客户): buys with or without the SMS; more likely the larger the assets;
* **persuadable** (可说服客户): buys only if offered; more likely the more the app is used (the
  SMS links to the app's purchase page);
* **sleeping dog** (反感客户): would buy at the branch but not after a marketing SMS (and may reply
  TD to opt out); more likely the more branch visits, mostly retirees;
* **lost cause** (无望客户): never buys.

A treated customer buys if a sure thing or persuadable, a control customer if a sure thing or
sleeping dog; the purchase day and amount are drawn by segment. A customer of the new-customer
model idle for 61-89 days at the cut-off had already left (the 90-day rule cannot call him or her
dormant yet, so the year-end list includes the customer): a lost cause, who neither buys nor
replies. Planted truth
(``truth/crosssell.json``): the type probabilities and realised shares by segment, the uplift by
segment (expected and realised), the reference method's estimates, Qini areas, and the value,
cost and profit of the test and of targeting by planted or estimated uplift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.customers import SEGMENTS
from finmkt.data.schema import Dataset, cols, param_cols

PRODUCT = "F03"
PRODUCT_ZH, PRODUCT_EN = "湖城稳盈债券基金", "Hucheng Steady Income bond fund (agency, new issue)"
PRODUCT_MIN, PRODUCT_FEE_PCT = 1000.0, 0.40
PRODUCT_LEVEL = 2
LINE_FLAG = "has_fund"
CHANNEL = "sms"
CAMPAIGN_DAY = "2026-01-06"
WINDOW_DAYS = 30
WINDOW_END = str((pd.Timestamp(CAMPAIGN_DAY) + pd.Timedelta(days=WINDOW_DAYS - 1)).date())
CONTROL_SHARE = 0.5
SMS_COST = 0.10
INCENTIVE = 20.0
VALIDITY_DAYS = 365

TYPES = ["sure_thing", "persuadable", "sleeping_dog", "lost_cause"]
TYPE_ZH = {"sure_thing": "必买客户", "persuadable": "可说服客户", "sleeping_dog": "反感客户", "lost_cause": "无望客户"}
#: planted base probability of each type by segment (SEGMENTS order), before the customer's factors
SURE = np.array([0.025, 0.020, 0.100, 0.050, 0.010])
PERSUADABLE = np.array([0.090, 0.050, 0.030, 0.010, 0.060])
SLEEPING_DOG = np.array([0.000, 0.010, 0.010, 0.030, 0.000])
#: the customer's factors: (assets / 200,000)^0.25, ((1 + app logins) / 13)^0.5, ((1 + branch visits) / 5)^0.5
FACTOR_BOUNDS = {"sure": (0.5, 2.0), "persuadable": (0.3, 2.0), "sleeping_dog": (0.3, 2.5)}
#: first purchase by segment: median amount (RMB), log-normal sd
AMOUNT_MEDIAN = np.array([15_000.0, 20_000.0, 80_000.0, 50_000.0, 3_000.0])
AMOUNT_SD = 0.6
#: share of treated sleeping dogs who reply TD (opt out of marketing SMS); of other treated customers
OPT_OUT_DOG, OPT_OUT_OTHER = 0.5, 0.01
#: a customer of the new-customer model idle for more than this many days at the cut-off had left
LEFT_AFTER_DAYS = 60

PARAMS = [
    ("product_id", PRODUCT, "", "Minghu Bank wealth-management department, cross-sell test plan (2026-01)",
     "Product offered: a new agency bond fund (代销债券基金), launched with this campaign, not on the year-end shelf"),
    ("product_name_zh", PRODUCT_ZH, "", "fund prospectus (Hucheng Fund Management Co., fictional)", "Product name"),
    ("product_name_en", PRODUCT_EN, "", "fund prospectus", "Product name in English"),
    ("product_risk_level", f"R{PRODUCT_LEVEL}", "", "Minghu Bank product risk rating (2026-01)",
     "Risk level of the fund (R1-R5, as products.csv rates the shelf)"),
    ("product_min_amount", f"{PRODUCT_MIN:g}", "RMB", "fund prospectus", "Minimum subscription"),
    ("product_fee_pct", f"{PRODUCT_FEE_PCT:g}", "% per year", "distribution agreement (trailing commission 尾随佣金)",
     "The bank's fee income as a share of the balance, like products.csv fee_pct"),
    ("channel", CHANNEL, "", "test plan", "Channel of the offer (an SMS with a link to the app's purchase page)"),
    ("campaign_day", CAMPAIGN_DAY, "date", "test plan", "Day the SMS was sent to the treatment group"),
    ("window_days", str(WINDOW_DAYS), "days", "test plan",
     "Purchases of the product counted from the campaign day for this many days (to " + WINDOW_END + ")"),
    ("control_share", f"{CONTROL_SHARE:g}", "share", "test plan",
     "Share of the eligible customers drawn at random into the control group (no SMS)"),
    ("sms_cost", f"{SMS_COST:g}", "RMB per SMS", "Minghu Bank SMS platform contract, 2026",
     "Cost of one marketing SMS (sending and the platform's fee)"),
    ("incentive", f"{INCENTIVE:g}", "RMB per buyer offered", "test plan (首购手续费返还)",
     "Fee rebate paid to every customer who was sent the offer and bought, whether or not the SMS made the sale"),
    ("conversion_value", "amount x product_fee_pct / 100", "RMB", "Minghu Bank finance, 2026",
     "Value of a purchase: one year of the bank's fee income on the amount bought"),
    ("assessment_validity_days", str(VALIDITY_DAYS), "days", "module 04 suitability rule (SUIT-01)",
     "An assessment is valid for a purchase at most this many days after it: eligible customers' assessments "
     "are valid to the last day of the window"),
    ("min_risk_level", f"C{PRODUCT_LEVEL}", "", "SUIT-01: product level R <= customer level C",
     "Lowest risk tolerance that may be offered the R2 fund"),
]

CAMPAIGN = Dataset(
    "crosssell_campaign",
    "Randomised cross-sell test of the new bond fund F03 (January 2026)",
    "One row per customer who could be offered the new bond fund F03 (launched 2026-01-06, see "
    "crosssell_params; it is not on the year-end shelf products.csv) on 2026-01-06, every one of them in the "
    "test (same customer_id as customers.csv): active (not dormant), holding no fund, with a valid SMS "
    "marketing consent and a valid personalised-marketing consent on the day (contact_consents), a risk "
    "tolerance of C2 or above and an assessment valid to the end of the window (customers.csv). Half were "
    "drawn at random into the treatment group (sent the SMS offer with a first-purchase fee rebate) and "
    "half into the control group (nothing sent). The list was drawn from the year-end snapshot: a new customer "
    "idle for 61-89 days at the cut-off (retention_customers.last_active_on) is on it although he or she had "
    "already left, and does not respond. The launch was also advertised to everyone in the app and the "
    "branches, so the control group buys too. A conversion is a subscription of F03 within its 30-day period "
    "(2026-01-06 to 2026-02-04), whether or not the SMS caused it. The test ran after the data cut-off "
    "2025-12-31, so its SMS and purchases are not in contact_log, transactions or holdings, which end "
    "then. The customer's data (customers.csv) are as of 2025-12-31, before the test.",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("segment", "str", "", "CRM segment (as value_customers and retention_customers): " + ", ".join(SEGMENTS)),
        ("group", "str", "", "treatment (sent the SMS offer) or control (nothing sent)"),
        ("treated", "int", "0/1", "1 for the treatment group"),
        ("sms_sent_on", "date", "", "Day the SMS was sent (empty for the control group)"),
        ("converted", "int", "0/1", "1 if the customer bought F03 within the 30-day window"),
        ("converted_on", "date", "", "Day of the purchase (empty without one)"),
        ("amount", "float", "RMB", "Amount of the first purchase (empty without one; at least the minimum RMB 1,000)"),
        ("opted_out", "int", "0/1", "1 if the customer replied TD to the SMS (opted out of marketing SMS; 0 for control)"),
    ),
    scales=True,
)

CAMPAIGN_PARAMS = Dataset(
    "crosssell_params",
    "Cross-sell test plan and economics",
    "The test's product, channel, dates, control share, costs and the value of a purchase, with their sources.",
    param_cols(value_dtype="str"),
)

SCHEMAS = [CAMPAIGN, CAMPAIGN_PARAMS]


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: np.asarray(df[c].astype(str)) if isinstance(df[c].dtype, pd.CategoricalDtype)
                         else df[c].to_numpy() for c in df.columns})


def type_probabilities(seg: np.ndarray, assets, app_logins, branch_visits) -> np.ndarray:
    """Planted probabilities of the four types (columns in :data:`TYPES` order) of each customer."""
    a = np.clip((np.asarray(assets, dtype=float) / 200_000) ** 0.25, *FACTOR_BOUNDS["sure"])
    p = np.clip(((1 + np.asarray(app_logins, dtype=float)) / 13) ** 0.5, *FACTOR_BOUNDS["persuadable"])
    d = np.clip(((1 + np.asarray(branch_visits, dtype=float)) / 5) ** 0.5, *FACTOR_BOUNDS["sleeping_dog"])
    probs = np.stack([SURE[seg] * a, PERSUADABLE[seg] * p, SLEEPING_DOG[seg] * d], axis=1)
    return np.column_stack([probs, 1 - probs.sum(axis=1)])


def _eligible_frame(frames: dict) -> pd.DataFrame:
    from finmkt.methods.uplift import eligible

    cust = _plain(frames["customers"])
    ok = eligible(cust, _plain(frames["contact_consents"]), CAMPAIGN_DAY, WINDOW_END, PRODUCT_LEVEL, LINE_FLAG,
                  CHANNEL, VALIDITY_DAYS)
    return cust[ok.to_numpy()].reset_index(drop=True)


def _left(frames: dict, ids: np.ndarray) -> np.ndarray:
    """Customers of the new-customer model who had left before the cut-off although the 90-day
    rule does not yet call them dormant: a last active day more than :data:`LEFT_AFTER_DAYS` days
    before it (a customer still active was active in the last 60 days, ``finmkt.data.newcustomers``).
    They are on the list (drawn from the year-end snapshot) but do not respond."""
    from finmkt.data import history

    tl = history.timeline(frames)
    pos = tl.index.get_indexer(ids)
    cut = int((pd.Timestamp(history.CUTOFF) - pd.Timestamp("1970-01-01")).days)
    last = np.where(pos >= 0, tl["last_active"].to_numpy()[np.maximum(pos, 0)], cut)
    return cut - last > LEFT_AFTER_DAYS


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    cust = _eligible_frame(frames)
    ids = cust["customer_id"].to_numpy()
    segs = frames["_truth_segments"].set_index(np.asarray(frames["_truth_segments"]["customer_id"].astype(str)))
    seg_name = segs["segment"].astype(str).reindex(ids).to_numpy()
    seg = pd.Index(SEGMENTS).get_indexer(seg_name)
    n = len(ids)
    treated = (rng.random(n) >= CONTROL_SHARE).astype(np.int64)
    probs = type_probabilities(seg, cust["assets"], cust["app_logins_month"], cust["branch_visits_year"])
    gone = _left(frames, ids)
    probs[gone] = [0.0, 0.0, 0.0, 1.0]
    cum = np.cumsum(probs, axis=1)
    u = rng.random(n)
    kind = np.minimum((u[:, None] > cum).sum(axis=1), len(TYPES) - 1)
    buys = np.where(treated == 1, (kind == 0) | (kind == 1), (kind == 0) | (kind == 2)).astype(np.int64)
    # day of purchase: an offered buyer soon after the SMS, another at any time in the window
    soon = np.minimum(np.floor(rng.exponential(5.0, n)), WINDOW_DAYS - 1)
    anytime = np.floor(rng.random(n) * WINDOW_DAYS)
    offset = np.where(treated == 1, soon, anytime).astype(np.int64)
    amount = AMOUNT_MEDIAN[seg] * np.exp(AMOUNT_SD * rng.standard_normal(n))
    amount = np.maximum(np.round(amount, -2), 1000.0)
    opt = (rng.random(n) < np.where(kind == 2, OPT_OUT_DOG, OPT_OUT_OTHER)) & ~gone
    day0 = np.datetime64(CAMPAIGN_DAY)
    conv_on = np.where(buys == 1, (day0 + offset.astype("timedelta64[D]")).astype(str), "")
    table = pd.DataFrame({
        "customer_id": ids,
        "segment": seg_name,
        "group": np.where(treated == 1, "treatment", "control"),
        "treated": treated,
        "sms_sent_on": np.where(treated == 1, CAMPAIGN_DAY, ""),
        "converted": buys,
        "converted_on": conv_on,
        "amount": np.where(buys == 1, amount, np.nan),
        "opted_out": (opt & (treated == 1)).astype(np.int64),
    })
    truth_types = pd.DataFrame({"customer_id": ids, "response_type": np.asarray(TYPES)[kind],
                                **{f"p_{t}": probs[:, j] for j, t in enumerate(TYPES)}})
    params = pd.DataFrame(PARAMS, columns=CAMPAIGN_PARAMS.column_names)
    return {"crosssell_campaign": table, "crosssell_params": params, "_truth_crosssell_types": truth_types}


def features(customers: pd.DataFrame, ids) -> pd.DataFrame:
    """The model features of the reference method (one row per id, from customers.csv): age, log
    income, log assets, app logins, branch visits, RM contacts, tenure and the product flags."""
    c = customers.set_index(customers["customer_id"].astype(str)).reindex(np.asarray(ids, dtype=str))
    return pd.DataFrame({
        "age": c["age"].astype(float), "log_income": np.log1p(c["income"].astype(float)),
        "log_assets": np.log1p(c["assets"].astype(float)), "app_logins_month": c["app_logins_month"].astype(float),
        "branch_visits_year": c["branch_visits_year"].astype(float), "rm_contacts_year": c["rm_contacts_year"].astype(float),
        "tenure_years": c["tenure_years"].astype(float),
        **{f: c[f].astype(float) for f in ["has_wealth_management", "has_insurance", "has_credit_card",
                                           "has_consumer_loan", "has_mortgage"]},
    })


def truth(frames: dict) -> dict:
    """The planted answers and what the reference method recovers of them."""
    from finmkt.methods import uplift as up

    camp = _plain(frames["crosssell_campaign"])
    types = _plain(frames["_truth_crosssell_types"])
    cust = _plain(frames["customers"])
    fee = PRODUCT_FEE_PCT / 100
    camp["value"] = camp["amount"].fillna(0.0) * fee
    df = camp.merge(types, on="customer_id")
    df["true_uplift"] = df["p_persuadable"] - df["p_sleeping_dog"]
    df["p_buy_treated"] = df["p_sure_thing"] + df["p_persuadable"]
    seg_cat = pd.Categorical(df["segment"], categories=SEGMENTS)
    by_seg = {}
    est = up.uplift_by_group(df.assign(segment=seg_cat), "segment")
    for s in SEGMENTS:
        d = df[df["segment"] == s]
        by_seg[s] = {
            "customers": int(len(d)),
            "expected_uplift": float(d["true_uplift"].mean()),
            "realised_uplift": float((d["response_type"] == "persuadable").mean()
                                     - (d["response_type"] == "sleeping_dog").mean()),
            "estimated_uplift": float(est.loc[s, "uplift"]), "estimated_se": float(est.loc[s, "se"]),
            "expected_type_shares": {t: float(d[f"p_{t}"].mean()) for t in TYPES},
            "realised_type_shares": {t: float((d["response_type"] == t).mean()) for t in TYPES},
            "rate_treated": float(est.loc[s, "rate_treated"]), "rate_control": float(est.loc[s, "rate_control"]),
        }
    X = features(cust, df["customer_id"])
    X = pd.concat([X, pd.get_dummies(seg_cat, prefix="seg", drop_first=True, dtype=float).set_index(X.index)], axis=1)
    y, t = df["converted"].to_numpy(), df["treated"].to_numpy()
    u2 = up.two_model_uplift(X, y, t)
    uct = up.class_transformation_uplift(X, y, t)
    resp = up.response_model(X, y, t)
    qini = {"planted_uplift": up.qini_area(y, t, df["true_uplift"]), "two_model": up.qini_area(y, t, u2),
            "class_transformation": up.qini_area(y, t, uct), "response_model": up.qini_area(y, t, resp)}
    mean_value = float(camp.loc[camp["converted"] == 1, "value"].mean())
    # value of a purchase by segment (the planted amounts' mean x fee), for the expected profit
    seg_value = {s: float(AMOUNT_MEDIAN[i] * np.exp(AMOUNT_SD**2 / 2) * fee) for i, s in enumerate(SEGMENTS)}
    v_i = df["segment"].map(seg_value).to_numpy()
    profit_true = up.expected_profit(df["true_uplift"], df["p_buy_treated"], v_i, INCENTIVE, SMS_COST)
    # the two-model's P(buy | offered) is its treated-arm model, the response model
    profit_est = up.expected_profit(u2, resp, v_i, INCENTIVE, SMS_COST)
    # targeting rules compared on the planted expectations (RMB, the whole eligible base)
    n_target = int((profit_est > 0).sum())
    top_resp = np.argsort(-resp)[:n_target]
    rules = {
        "everyone": float(profit_true.sum()),
        "planted_positive_profit": float(profit_true[profit_true > 0].sum()),
        "two_model_positive_profit": float(profit_true[profit_est > 0].sum()),
        "response_model_same_count": float(profit_true[top_resp].sum()),
    }
    all_shares = {t: float((df["response_type"] == t).mean()) for t in TYPES}
    return {
        "product_id": PRODUCT, "campaign_day": CAMPAIGN_DAY, "window_end": WINDOW_END,
        "eligible": int(len(df)), "treated": int(t.sum()), "control": int(len(t) - t.sum()),
        "planted": {"sure": dict(zip(SEGMENTS, SURE.tolist(), strict=True)),
                    "persuadable": dict(zip(SEGMENTS, PERSUADABLE.tolist(), strict=True)),
                    "sleeping_dog": dict(zip(SEGMENTS, SLEEPING_DOG.tolist(), strict=True)),
                    "factors": "sure x (assets/200k)^0.25 in [0.5, 2]; persuadable x ((1+app)/13)^0.5 in [0.3, 2]; "
                               "sleeping dog x ((1+branch)/5)^0.5 in [0.3, 2.5]"},
        "type_shares": all_shares,
        "expected_type_shares": {t: float(df[f"p_{t}"].mean()) for t in TYPES},
        "by_segment": by_seg,
        "overall": {"expected_uplift": float(df["true_uplift"].mean()),
                    "estimated_uplift": float(df.loc[t == 1, "converted"].mean() - df.loc[t == 0, "converted"].mean())},
        "qini_area": qini,
        "mean_conversion_value": mean_value, "value_per_purchase_by_segment": seg_value,
        "test_result": up.campaign_result(camp.assign(treated=camp["treated"].astype(bool)), "value", INCENTIVE, SMS_COST),
        "targeting_expected_profit": rules, "two_model_targeted": n_target,
        "opt_out_rate_treated": float(camp.loc[camp["treated"] == 1, "opted_out"].mean()),
    }
