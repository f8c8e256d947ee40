"""A digital campaign's funnel and two A/B tests of an offer (module 03, lesson 2: funnel and A/B testing).

Minghu Bank's autumn back-to-campus campaign (开学季) for its **youth credit card (明湖青春卡,
C02)**, from 2025-09-01 to 2025-11-30. C02 is sold through the app only (``products``) to
customers aged 18-30 (the world's age limits of the card); the campaign reached:

* ``app_push``: the bank's app users aged 18-30 without the card who allow push messages
  (counted in the customer extract, grossed up by the sampling fraction);
* ``sms``: the bank's customers aged 18-30 without the card who consented to marketing SMS
  (PI-01: consent, and 回复TD退订 in every message);
* ``social_kol`` and ``third_party``: young adults of the city (``population``) reached by
  social-media posts and a partner platform's card page.

Each channel's users landed on an application page in the iOS app, the Android app or the
bank's mini-program (小程序; push messages open the app, so app push has no mini-program
row). The funnel, per channel and device: exposed -> clicked (landed on the page) ->
registered (submitted an application) -> activated (approved by the bank and activated) ->
first purchase within 30 days of activation (首刷) -> a repurchase within the next 60 days
(复刷). Every step is a binomial draw from the previous stage.

Planted stage rates (``truth``): the click-through rate depends on the channel (a media
metric); after the click, each device has its own weak stage, the **biggest drop-off**:
iOS at registration (the page opened outside the app and asked users to log in again),
Android at the first purchase (binding the new card to a phone wallet failed on many
Android models), the mini-program at activation (activation needs the Minghu app, which
mini-program users had to install).

**Test 1** (``ab_tests``, T1): every landing-page visitor of the campaign was randomised
50/50 between two first-purchase offers: A, ¥30 cash back on a first purchase (the
standard offer), and B, ¥88 back. The offer acts on the first-purchase step (planted
multiplier ``B_FIRST_PURCHASE_LIFT``); a conversion = activated with a first purchase
within 30 days, so T1's users and conversions add up to the funnel's clicks and first
purchases by device.

**Test 2** (T2, 2025-12-01 to 2025-12-14): two home-page banners of the card in the app, 50/50
planned, conversion = a tap through to the application page. The new banner B loaded
slowly on low-end Android phones and users who left before it loaded were never logged:
B lost ``T2_ANDROID_LOSS`` of its Android users, all of them non-converters. The logged
split is about 52/48 (a sample-ratio mismatch) and the naive lift is positive though the
planted effect of the banner is zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols, param_cols

PRODUCT_ID = "C02"
CAMPAIGN_START, CAMPAIGN_END = "2025-09-01", "2025-11-30"
AGE_MAX = 30  # the card's age limit (finmkt.data.customers)

CHANNELS = ["app_push", "sms", "social_kol", "third_party"]
DEVICES = ["ios", "android", "mini_program"]
STAGES = ["exposed", "clicked", "registered", "activated", "first_purchase", "repurchased"]

#: Share of the channel's audience who get the message: push opt-in, SMS consent, the
#: city's young adults reached by the posts and by the partner platform.
PUSH_OPT_IN, SMS_CONSENT = 0.60, 0.45
SOCIAL_REACH, PLATFORM_REACH = 0.30, 0.20
#: Device mix of each channel's exposed users (iOS, Android, mini-program).
DEVICE_MIX = {
    "app_push": (0.36, 0.64, 0.0),
    "sms": (0.30, 0.50, 0.20),
    "social_kol": (0.22, 0.38, 0.40),
    "third_party": (0.25, 0.45, 0.30),
}
#: Click-through rate by channel and a device factor on it.
CTR = {"app_push": 0.035, "sms": 0.010, "social_kol": 0.007, "third_party": 0.012}
CTR_DEVICE = {"ios": 1.10, "android": 1.00, "mini_program": 0.95}
#: Planted step rates after the click, by device, in arm A of test 1 (the standard offer):
#: registered / clicked, activated / registered, first purchase / activated, repurchased /
#: first purchase.
STEP_RATES_A = {
    "ios": (0.31, 0.53, 0.56, 0.62),
    "android": (0.46, 0.49, 0.30, 0.58),
    "mini_program": (0.56, 0.21, 0.52, 0.55),
}
#: Channel multipliers on the registration and activation steps: existing customers (push,
#: SMS) are logged in and identified already; new-to-bank users fill in more and fail more.
CHANNEL_STEP = {"app_push": (1.15, 1.20), "sms": (1.05, 1.10), "social_kol": (0.92, 0.88),
                "third_party": (0.95, 0.90)}
#: Offer B's multiplier on the first-purchase step (test 1).
B_FIRST_PURCHASE_LIFT = 1.40
PLANNED_SHARE = 0.5
PLANNED_BIGGEST_DROPOFF = {"ios": "registered", "android": "first_purchase", "mini_program": "activated"}

#: Test 2: app users aged 18-30 without the card who opened the home page in the test's two
#: weeks (share of the push-eligible audience), device mix, tap-through rates (equal in both
#: arms: the banner has no effect) and the share of B's Android users never logged.
T2_START, T2_END = "2025-12-01", "2025-12-14"
T2_AUDIENCE = 0.50
T2_DEVICE_MIX = (0.35, 0.65)
T2_RATE = {"ios": 0.092, "android": 0.072}
T2_ANDROID_LOSS = 0.118

OFFERS = {
    "T1": {"A": "¥30 back on the first purchase (standard)", "B": "¥88 back on the first purchase"},
    "T2": {"A": "standard home-page banner", "B": "new 'spend ¥88, get ¥88' banner"},
}
#: The youth card is sold through the app (CARD channel ``app``): a converted holder is valued
#: as one of the app's new customers who holds the card, on the module's LTV convention.
VALUE_CHANNEL = "app"
#: Month-end checks the 90-day churn rule can decide on the cut-off (as in lesson 1).
DECIDED = "2025-09-30"
ECONOMICS = [
    ("value_per_conversion", None, "RMB per converted customer",
     "Derived (Minghu Bank card centre, 2025): LTV of a card holder on the course's convention, "
     "m x sum_{t=1..T} r^t / (1 + i)^t with the rows card_holder_margin, app_retention_monthly, "
     "discount_rate_monthly and ltv_horizon_months below",
     "Value to the bank of one more activated card with a first purchase"),
    ("offer_cost_a", 30.0, "RMB per converted customer", "Test 1 design", "Cash back paid to each conversion under offer A"),
    ("offer_cost_b", 88.0, "RMB per converted customer", "Test 1 design", "Cash back paid to each conversion under offer B"),
    ("rollout_users", 26_000.0, "landing-page visitors", "Card centre's 2026 campaign plan (four waves)",
     "Landing-page visitors the chosen offer would be shown to in 2026"),
    ("card_holder_margin", None, "RMB per holder per month",
     "channel_customers (the bank's margin model: card income RMB 20 a month, spread on assets, cost to serve) "
     "joined with holdings: mean own margin of the new customers of 2024-2025 who hold the youth card C02",
     "m: what a youth-card holder earns the bank a month while a customer"),
    ("app_retention_monthly", None, "per month",
     "Lesson 1's rule on the app's new customers of 2024-2025, closers included: month-end checks passed / "
     "checks decided (up to 2025-09-30)",
     "r: share of the app's new customers still active at each month-end"),
    *spec.LTV_PARAMS,
]


def card_value(frames: dict) -> dict:
    """The value of a conversion from the world's data: the youth-card holders' own margin among
    the new customers of 2024-2025, the app channel's monthly retention (lesson 1's rule, the
    customers who closed their account counted), and the module's LTV convention (T, i)."""
    from finmkt.methods.funnel_ab import value_per_conversion

    cc = frames["channel_customers"]
    h = frames["holdings"]
    c2 = h[h["product_id"].astype(str) == PRODUCT_ID]
    # the card as the extract shows it once the customers' timelines apply (the history family):
    # a card dated after the holder's last active day that the holder could not have opened
    # while active (under 18 until then) was never opened
    last = pd.Series(pd.to_datetime(cc["last_active_on"].astype(str)).to_numpy(),
                     index=cc["customer_id"].astype(str).to_numpy())
    ages = frames["customers"].set_index(frames["customers"]["customer_id"].astype(str))["age"]
    cid = c2["customer_id"].astype(str).to_numpy()
    hl = last.reindex(cid).to_numpy()
    adult = (spec.AS_OF - pd.to_timedelta((ages.reindex(cid).to_numpy() - 18) * 365.25, unit="D")).to_numpy()
    never = (pd.to_datetime(c2["opened_on"].astype(str)).to_numpy() > hl) & (adult > hl)
    holders = set(cid[~never])
    ids = cc["customer_id"].astype(str)
    m = float(cc.loc[ids.isin(holders).to_numpy(), "monthly_margin"].mean())
    app = cc[cc["channel"].astype(str) == VALUE_CHANNEL]
    passed, failed = float(app["months_active"].sum()), float(app["churned"].sum())
    x = frames["retention_customers"]
    x = x[x["customer_id"].astype(str).str.startswith("X") & (x["channel"].astype(str) == VALUE_CHANNEL)
          & (pd.to_datetime(x["acquired_on"]).dt.year >= 2024)]
    ends = pd.date_range("2024-01-31", DECIDED, freq="ME").to_numpy()
    acq = (pd.to_datetime(x["acquired_on"]) + pd.offsets.MonthEnd(0)).to_numpy()
    checked = ends[None, :] > acq[:, None]
    active = checked & (ends[None, :] <= pd.to_datetime(x["last_active_on"]).to_numpy()[:, None])
    passed += float(active.sum())
    failed += float((active.sum(axis=1) < checked.sum(axis=1)).sum())
    # the table's rounded inputs give the table's value exactly
    m, r = round(m, 2), round(passed / (passed + failed), 4)
    v = value_per_conversion(m, r, spec.DISCOUNT_RATE_MONTHLY, spec.LTV_HORIZON_MONTHS)
    return {"margin": m, "retention": r, "value": v}


def economics(frames: dict) -> pd.DataFrame:
    """The economics table with the derived value of a conversion and its inputs."""
    cv = card_value(frames)
    fill = {"value_per_conversion": cv["value"], "card_holder_margin": cv["margin"],
            "app_retention_monthly": cv["retention"]}
    rows = [(k, fill.get(k, v), *rest) for k, v, *rest in ECONOMICS]
    return pd.DataFrame(rows, columns=AB_TEST_ECONOMICS.column_names)

CAMPAIGN_FUNNEL = Dataset(
    "campaign_funnel",
    "Youth-card campaign funnel by channel and device",
    "Minghu Bank's autumn back-to-campus campaign for the youth credit card (明湖青春卡, C02, sold "
    "through the app to customers aged 18-30), 2025-09-01 to 2025-11-30, bank-wide: users at each "
    "stage of the funnel by the channel that reached them and the device of the landing page "
    "(app push opens the app, so it has no mini-program row). Each stage counts users who reached "
    "it, so every count is at most the previous one. Test 1 (ab_tests) ran on every click.",
    cols(
        ("channel", "str", "", "app_push, sms, social_kol (social media/KOL posts) or third_party (partner platform)"),
        ("device", "str", "", "ios, android or mini_program: where the user landed"),
        ("exposed", "int", "users", "Users who received or saw the campaign message (曝光)"),
        ("clicked", "int", "users", "Users who clicked through to the card's landing page (点击)"),
        ("registered", "int", "users", "Users who submitted a card application (注册/申请)"),
        ("activated", "int", "users", "Applicants approved by the bank who activated the card (激活)"),
        ("first_purchase", "int", "users", "Activated users with a first purchase within 30 days (首刷)"),
        ("repurchased", "int", "users", "First purchasers with another purchase in the next 60 days (复刷)"),
    ),
)

AB_TESTS = Dataset(
    "ab_tests",
    "Two A/B tests of the youth-card campaign",
    "Assignments and conversions of two randomised tests, by arm and device. T1: every landing-page "
    "visitor of the autumn campaign (campaign_funnel) was assigned at random to one of two "
    "first-purchase offers; a conversion is an activated card with a first purchase within 30 days. "
    "T2 (2025-12-01 to 2025-12-14): two home-page banners of the card shown to app users aged 18-30 "
    "without the card; a conversion is a tap through to the application page. Users are counted "
    "as the test's assignment log recorded them.",
    cols(
        ("test_id", "str", "", "T1 or T2 (see ab_test_plan)"),
        ("arm", "str", "", "A (control) or B (treatment)"),
        ("offer", "str", "", "What the arm showed"),
        ("device", "str", "", "ios, android or mini_program"),
        ("planned_share", "float", "share of the test's users", "Share of users the design assigns to the arm"),
        ("users", "int", "users", "Users the assignment log recorded in the arm"),
        ("conversions", "int", "users", "Users of the arm who converted (the test's metric)"),
    ),
)

AB_TEST_PLAN = Dataset(
    "ab_test_plan",
    "Design of the two A/B tests",
    "What each test measured and the design its sample size was planned for: the baseline "
    "conversion of the control arm, the minimum detectable effect (an absolute difference of "
    "conversion rates), the significance level (two-sided) and the power.",
    cols(
        ("test_id", "str", "", "T1 or T2"),
        ("description", "str", "", "What was tested"),
        ("metric", "str", "", "The conversion the test counts"),
        ("start_date", "date", "", "First day of the test"),
        ("end_date", "date", "", "Last day of the test"),
        ("baseline_rate", "float", "share of users", "Expected conversion rate of arm A when planning"),
        ("mde", "float", "share of users (absolute)", "Minimum detectable effect: p_B - p_A the test must detect"),
        ("alpha", "float", "", "Significance level, two-sided"),
        ("power", "float", "", "Power 1 - beta at the minimum detectable effect"),
    ),
)

AB_TEST_ECONOMICS = Dataset(
    "ab_test_economics",
    "Economics of the first-purchase offers",
    "The value of a conversion, the cost of each offer and the audience of a roll-out, with where "
    "each figure comes from. The value of a conversion is derived from the world's margin model and "
    "the module's LTV convention: the youth-card holders' own monthly margin m, the app's monthly "
    "retention r and the convention's i and T, value = m x sum_{t=1..T} (r / (1 + i))^t.",
    param_cols(),
)

SCHEMAS = [CAMPAIGN_FUNNEL, AB_TESTS, AB_TEST_PLAN, AB_TEST_ECONOMICS]

PLANS = [
    ("T1", "First-purchase offer on the campaign's landing page: ¥88 back (B) against the standard ¥30 (A)",
     "activated with a first purchase within 30 days", CAMPAIGN_START, CAMPAIGN_END, 0.07, 0.02, 0.05, 0.80),
    ("T2", "Home-page banner of the youth card: new 'spend ¥88, get ¥88' banner (B) against the standard one (A)",
     "tap through to the application page", T2_START, T2_END, 0.08, 0.01, 0.05, 0.80),
]


def audiences(frames: dict, scale: int | None = None) -> dict[str, float]:
    """Audiences of the campaign (bank-wide users): the bank's young customers without the
    card (app users and all) from the extract grossed up by the sampling fraction, and the
    city's adults aged 18-30 (all of 18-24 and six of the ten years of 25-34)."""
    c = frames["customers"]
    h = frames["holdings"]
    holders = set(h.loc[h["product_id"].astype(str) == PRODUCT_ID, "customer_id"].astype(str))
    young = c[(c["age"].to_numpy() <= AGE_MAX) & ~c["customer_id"].astype(str).isin(holders).to_numpy()]
    frac = spec.sampling_fraction(scale)
    pop = frames["population"]
    band = pop.groupby(pop["age_band"].astype(str), observed=True)["adults"].sum()
    return {
        "young_app_users": float((young["app_logins_month"].to_numpy() > 0).sum()) / frac,
        "young_customers": float(len(young)) / frac,
        "city_young_adults": float(band["18-24"] + 0.6 * band["25-34"]),
    }


def _exposed(aud: dict[str, float]) -> dict[str, float]:
    return {"app_push": aud["young_app_users"] * PUSH_OPT_IN, "sms": aud["young_customers"] * SMS_CONSENT,
            "social_kol": aud["city_young_adults"] * SOCIAL_REACH,
            "third_party": aud["city_young_adults"] * PLATFORM_REACH}


def _step_rates(channel: str, device: str, arm: str) -> np.ndarray:
    reg, act, first, rep = STEP_RATES_A[device]
    m_reg, m_act = CHANNEL_STEP[channel]
    first = first * (B_FIRST_PURCHASE_LIFT if arm == "B" else 1.0)
    return np.minimum(np.array([reg * m_reg, act * m_act, first, rep]), 0.95)


def _cells() -> list[tuple[str, str]]:
    return [(ch, dv) for ch in CHANNELS for dv, s in zip(DEVICES, DEVICE_MIX[ch], strict=True) if s > 0]


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    aud = audiences(frames, scale)
    exposed_ch = _exposed(aud)
    funnel_rows, arm_counts = [], {}
    for ch in CHANNELS:
        mix = np.array(DEVICE_MIX[ch])
        n = rng.multinomial(int(round(exposed_ch[ch])), mix / mix.sum())
        for dv, n_dev in zip(DEVICES, n, strict=True):
            if DEVICE_MIX[ch][DEVICES.index(dv)] == 0:
                continue
            clicks = rng.binomial(n_dev, CTR[ch] * CTR_DEVICE[dv])
            in_b = rng.binomial(clicks, 1 - PLANNED_SHARE)
            counts = np.zeros(6, dtype=np.int64)
            counts[0], counts[1] = n_dev, clicks
            for arm, users in (("A", clicks - in_b), ("B", in_b)):
                stage = [users]
                for r in _step_rates(ch, dv, arm):
                    stage.append(rng.binomial(stage[-1], r))
                counts[2:] += np.array(stage[1:], dtype=np.int64)
                u, c = arm_counts.get((arm, dv), (0, 0))
                arm_counts[(arm, dv)] = (u + users, c + stage[3])
            funnel_rows.append((ch, dv, *counts.tolist()))
    funnel = pd.DataFrame(funnel_rows, columns=CAMPAIGN_FUNNEL.column_names)

    ab_rows = []
    for dv in DEVICES:
        for arm in ("A", "B"):
            u, c = arm_counts[(arm, dv)]
            ab_rows.append(("T1", arm, OFFERS["T1"][arm], dv, PLANNED_SHARE, int(u), int(c)))
    # test 2: intended 50/50; B's slow page on Android loses non-converting users from the log
    n2 = rng.multinomial(int(round(aud["young_app_users"] * T2_AUDIENCE)), np.array(T2_DEVICE_MIX))
    for dv, n_dev in zip(["ios", "android"], n2, strict=True):
        in_b = rng.binomial(n_dev, 1 - PLANNED_SHARE)
        for arm, users in (("A", n_dev - in_b), ("B", in_b)):
            conv = rng.binomial(users, T2_RATE[dv])
            lost = rng.binomial(users - conv, T2_ANDROID_LOSS) if (arm == "B" and dv == "android") else 0
            ab_rows.append(("T2", arm, OFFERS["T2"][arm], dv, PLANNED_SHARE, int(users - lost), int(conv)))
    ab = pd.DataFrame(ab_rows, columns=AB_TESTS.column_names)
    order = {"T1": 0, "T2": 1}
    ab = ab.sort_values(["test_id", "device", "arm"], key=lambda s: s.map(order) if s.name == "test_id" else s,
                        kind="stable").reset_index(drop=True)
    plan = pd.DataFrame(PLANS, columns=AB_TEST_PLAN.column_names)
    econ = economics(frames)
    # the audiences as the campaign counted them (the family runs before the customers'
    # timeline is applied, whose dormant customers' channel use is counted while active)
    audience = pd.DataFrame({"audience": list(aud), "users": [float(v) for v in aud.values()]})
    return {"campaign_funnel": funnel, "ab_tests": ab, "ab_test_plan": plan, "ab_test_economics": econ,
            "_truth_funnel_audiences": audience}


def expected_counts(frames: dict, scale: int | None = None) -> pd.DataFrame:
    """Expected users at each stage by channel, device and test-1 arm (no sampling noise), for
    the audiences the campaign counted (``_truth_funnel_audiences`` when generated)."""
    if "_truth_funnel_audiences" in frames:
        a = frames["_truth_funnel_audiences"]
        aud = dict(zip(a["audience"].astype(str), a["users"].astype(float), strict=True))
    else:
        aud = audiences(frames, scale)
    exposed_ch = _exposed(aud)
    rows = []
    for ch, dv in _cells():
        n = exposed_ch[ch] * DEVICE_MIX[ch][DEVICES.index(dv)] / sum(DEVICE_MIX[ch])
        clicks = n * CTR[ch] * CTR_DEVICE[dv]
        for arm, share in (("A", PLANNED_SHARE), ("B", 1 - PLANNED_SHARE)):
            stage = [n * share, clicks * share]
            for r in _step_rates(ch, dv, arm):
                stage.append(stage[-1] * r)
            rows.append((ch, dv, arm, *stage))
    return pd.DataFrame(rows, columns=["channel", "device", "arm", *STAGES])


def truth(frames: dict) -> dict:
    """Planted answers: expected step rates by device, the biggest drop-off after the click,
    test 1's expected conversion by arm and lift, test 2's planted (zero) effect and broken split."""
    from finmkt.methods.funnel_ab import fleiss_n

    e = expected_counts(frames)
    by_dev = e.groupby("device")[STAGES].sum().reindex(DEVICES)
    steps = {dv: {s: float(by_dev.loc[dv, s] / by_dev.loc[dv, p]) for p, s in zip(STAGES[:-1], STAGES[1:],
                                                                                   strict=True)}
             for dv in DEVICES}
    dropoff = {dv: min(STAGES[2:], key=lambda s, dv=dv: steps[dv][s]) for dv in DEVICES}
    assert dropoff == PLANNED_BIGGEST_DROPOFF
    arm = e.groupby("arm")[["clicked", "first_purchase"]].sum()
    p = (arm["first_purchase"] / arm["clicked"]).astype(float)
    t2_share_a = 0.5 / (1 - 0.5 * T2_DEVICE_MIX[1] * T2_ANDROID_LOSS * (1 - T2_RATE["android"]))
    econ = dict(zip(frames["ab_test_economics"]["key"], frames["ab_test_economics"]["value"], strict=True))
    return {
        "product_id": PRODUCT_ID,
        "campaign": [CAMPAIGN_START, CAMPAIGN_END],
        "expected_step_rates": steps,
        "step_rates_arm_a": {dv: dict(zip(STAGES[2:], r, strict=True)) for dv, r in STEP_RATES_A.items()},
        "channel_step_multipliers": {ch: {"registered": m[0], "activated": m[1]} for ch, m in CHANNEL_STEP.items()},
        "ctr": {ch: {dv: CTR[ch] * CTR_DEVICE[dv] for dv in DEVICES} for ch in CHANNELS},
        "biggest_dropoff": dropoff,
        "t1": {"p_a": float(p["A"]), "p_b": float(p["B"]), "lift": float(p["B"] - p["A"]),
               "first_purchase_multiplier_b": B_FIRST_PURCHASE_LIFT, "planned_share": PLANNED_SHARE,
               "fleiss_n_plan": fleiss_n(PLANS[0][5], PLANS[0][5] + PLANS[0][6], PLANS[0][7], PLANS[0][8])},
        "t2": {"true_effect": 0.0, "planned_share": PLANNED_SHARE, "expected_logged_share_a": t2_share_a,
               "android_b_loss": T2_ANDROID_LOSS, "srm": True, "rates": T2_RATE},
        "rollout_value_expected": float(econ["rollout_users"] * (
            (p["B"] - p["A"]) * econ["value_per_conversion"] - (p["B"] * econ["offer_cost_b"]
                                                                  - p["A"] * econ["offer_cost_a"]))),
    }
