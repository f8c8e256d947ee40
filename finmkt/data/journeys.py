"""Customer journeys: timestamped touchpoints by channel and conversions (module 03, lesson 3: attribution).

Minghu Bank's 2025 campaign for the personal pension account (个人养老金账户): the bank's
customers of working age (18-59) in the extract are touched by seven channels (app push, SMS,
search ads, social media/KOL, third-party platforms, branch visits, relationship-manager
calls) in two waves, a spring wave and the year-end wave before the tax deadline (a customer
who did not open an account in spring may be touched again in autumn). Three tables:

* ``journey_touchpoints``: one row per touch (journey, customer, time stamp, channel);
* ``journeys``: one row per journey (customer, wave, first and last touch, converted or not,
  the conversion's time stamp);
* ``channel_holdout_tests``: the bank-wide randomised holdout tests (增量测试) run in the
  year-end wave, one per channel, with the design a bank can run for it: a customer list
  (app push, SMS, RM calls: 20% of the listed customers held out), a platform lift study
  (third-party platforms, social media/KOL: the platform holds out 20% of the bank's matched
  audience) or a geo test (search ads, branch visits: no ads / no in-branch pitch in a random
  20% of the districts' matched pairs). The populations are the wave's reach: the extract's
  year-end journeys the channel touched, grossed up to the bank, plus the held-out quarter.

Planted truth (``truth/journeys.json``): a journey converts with probability
``BASE + sum of EFFECT[c]`` over its DISTINCT channels (``BASE`` = 0: no touch, no account),
so the Shapley value of the exact-set conversion rate recovers ``EFFECT``. The conversion is
drawn channel by channel (a uniform number falls in one channel's interval of length
``EFFECT[c]``, or beyond them all: no conversion), so each conversion has one planted cause:
the planted contributions are the conversions each channel caused. Which channel a customer
meets follows the segment and the preferred channel of ``customers``; when in the journey it
comes follows the channel's role (social media and search ads early, SMS reminders and RM
calls late), which is what makes first-touch and last-touch misleading.

The campaign's SMS and RM calls go through the bank's lists (``contacts.campaign_lists``): one
is made only when the customer's marketing consent for the channel is valid that day, a call
only outside every do-not-call period (a refusal in the contact log or of an earlier call of
the campaign). The others are not made: a journey keeps the channels it still meets, a
conversion whose planted cause was a channel no longer met does not happen (so a journey
still converts with the sum of its channels' effects) and a journey left without touches is
none. The SMS and RM calls made are the bank's own contacts in the contact log (campaigns
MS06 and MC06 of ``contact_campaigns``; this family runs after ``contacts``, whose consents
and refusals it reads).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import contacts, history, spec
from finmkt.data.schema import Dataset, cols

CHANNELS = ["app_push", "sms", "search_ad", "social_kol", "third_party", "branch_visit", "rm_call"]
CHANNEL_LABELS = {"app_push": "App push", "sms": "SMS", "search_ad": "Search ad", "social_kol": "Social media/KOL",
                  "third_party": "Third-party platform", "branch_visit": "Branch visit", "rm_call": "RM call"}
CHANNEL_ZH = {"app_push": "APP推送", "sms": "短信", "search_ad": "搜索广告", "social_kol": "社交媒体/KOL",
              "third_party": "第三方平台", "branch_visit": "网点到访", "rm_call": "客户经理电话"}
#: Planted incremental conversion probability of a journey that meets the channel (at least once).
EFFECT = dict(zip(CHANNELS, [0.015, 0.006, 0.030, 0.022, 0.035, 0.065, 0.080], strict=True))
#: Conversion probability of a journey before any channel's effect (none: v(empty set) = 0).
BASE = 0.0
MIN_AGE, MAX_AGE = 18, 59
#: Weight of a channel in a customer's journey by segment (young_professional, mass_family,
#: entrepreneur, retiree, starter), times PREF_BOOST for the channel of the preferred channel.
_SEG_WEIGHTS = {
    "young_professional": [1.0, 0.5, 0.8, 0.9, 0.8, 0.3, 0.25],
    "mass_family": [0.8, 0.7, 0.5, 0.5, 0.6, 0.7, 0.35],
    "entrepreneur": [0.5, 0.4, 0.4, 0.4, 0.3, 0.6, 1.1],
    "retiree": [0.4, 0.8, 0.2, 0.3, 0.2, 1.0, 0.45],
    "starter": [1.0, 0.4, 0.6, 1.0, 0.9, 0.2, 0.15],
}
_PREF_TO_CHANNEL = {"app": "app_push", "branch": "branch_visit", "rm": "rm_call", "phone": "sms"}
PREF_BOOST = 2.0
#: Probability of 1..7 distinct channels in a journey.
_K_P = np.array([0.20, 0.19, 0.17, 0.15, 0.12, 0.10, 0.07])
#: Extra touches of a chosen channel (Poisson mean): app pushes and SMS repeat.
_REPEAT = np.array([1.3, 0.7, 0.3, 0.5, 0.3, 0.15, 0.3])
#: When in the journey a channel's touches come: Beta(a, b) of the journey's span.
_STAGE = np.array([[1.5, 1.5], [3.0, 1.1], [1.1, 3.2], [1.0, 3.5], [1.8, 2.2], [2.4, 1.5], [3.2, 1.3]])
#: Hours of the day a channel touches (from, to).
_HOURS = np.array([[9, 21], [9, 20], [7, 23], [7, 24], [8, 23], [9, 17], [9, 18]])
#: The waves: (name, first start day, last start day) as days since 2025-01-01.
WAVES = [("spring", 0, 135), ("year_end", 213, 318)]
REWAVE = 0.72  # share of the spring non-converters touched again in the year-end wave
MAX_SPAN_DAYS = 40.0
#: Holdout tests (bank-wide, year-end wave): the customers the channel would have touched (the
#: wave's reach), of whom HOLDOUT_SHARE were held out at random, by the design a bank can run:
#: a named customer can be held out of a list (push, SMS, RM call); a public post, a platform's
#: feed, a search result or a walk-in cannot, so those are platform lift studies or geo tests.
HOLDOUT_SHARE = 0.2
DESIGN = dict(zip(CHANNELS, ["customer list", "customer list", "geo (districts)", "platform lift study",
                             "platform lift study", "geo (districts)", "customer list"], strict=True))
YEAR = pd.Timestamp("2025-01-01")

JOURNEY_TOUCHPOINTS = Dataset(
    "journey_touchpoints",
    "Touchpoints of the 2025 personal-pension campaign",
    "One row per touch of Minghu Bank's 2025 campaign for the personal pension account "
    "(个人养老金账户) with a customer of the extract aged 18-59 who was a customer at the time "
    "(a customer of retention_customers: on or after acquired_on, and the journey with its "
    "account opening on or before last_active_on): the journey, the customer, when "
    "(date and time to the minute) and which channel. Sorted by journey and time. A journey "
    "ends with the account opened (see journeys) or without it; a channel may touch a journey "
    "more than once (app pushes and SMS reminders repeat). SMS and RM calls went only to "
    "customers whose marketing consent for the channel was valid that day, and no RM call fell in "
    "a do-not-call period; each is in contact_log (same customer and minute, campaigns MS06 and "
    "MC06).",
    cols(
        ("journey_id", "str", "", "Journey identifier (see journeys)"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("touch_time", "date", "date and time", "When the touch happened (2025, to the minute)"),
        ("channel", "str", "", "app_push (APP推送), sms (短信), search_ad (搜索广告), social_kol (社交媒体/KOL), "
                               "third_party (第三方平台), branch_visit (网点到访), rm_call (客户经理电话)"),
    ),
    scales=True,
    compressed=True,
)

JOURNEYS = Dataset(
    "journeys",
    "Customer journeys of the 2025 personal-pension campaign",
    "One row per journey: a customer's touches in one wave of the campaign (spring, or the "
    "year-end wave before the December tax deadline) and whether the customer then opened a "
    "personal pension account with Minghu Bank (a conversion, 转化). A customer who did not "
    "convert in spring may have a second journey in the year-end wave. The conversion's time "
    "stamp is empty for journeys without one (they end in nothing: the null state).",
    cols(
        ("journey_id", "str", "", "Journey identifier"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("wave", "str", "", "Campaign wave: spring or year_end"),
        ("first_touch", "date", "date and time", "Time of the journey's first touch"),
        ("last_touch", "date", "date and time", "Time of the journey's last touch"),
        ("n_touches", "int", "touches", "Number of touches in the journey"),
        ("converted", "int", "0/1", "1 if the customer opened the account after the journey's touches"),
        ("conversion_time", "date", "date and time", "When the account was opened (empty if not converted)"),
    ),
    scales=True,
    compressed=True,
)

CHANNEL_HOLDOUT_TESTS = Dataset(
    "channel_holdout_tests",
    "Holdout tests of the year-end wave by channel",
    "Bank-wide randomised holdout tests (增量测试, incrementality tests) of the 2025 year-end "
    "wave: for each channel, the customers it was planned to reach (the wave's reach, bank-wide) "
    "were split at random, 80% touched as planned and 20% held out from that channel only (every "
    "other channel went on as usual), by the design the channel allows (column design): named "
    "customers held out of a list, a platform's lift study, or a geo test randomised within each "
    "district over small units (search-ad targeting areas, branch-days). Conversions = personal pension accounts opened during the wave. The difference in "
    "conversion rates is the channel's incremental conversions per journey it touches. (The "
    "counts are drawn customer by customer; a real geo test varies more, by area and day.)",
    cols(
        ("channel", "str", "", "Channel tested (see journey_touchpoints)"),
        ("channel_zh", "str", "", "Channel name in Chinese"),
        ("treated_customers", "int", "customers", "Customers touched by the channel as planned"),
        ("treated_conversions", "int", "accounts", "Accounts opened among them"),
        ("holdout_customers", "int", "customers", "Customers held out from the channel"),
        ("holdout_conversions", "int", "accounts", "Accounts opened among them"),
        ("design", "str", "",
         "What was randomised: customer list (named customers held out of the channel's list), platform lift "
         "study (the platform holds out part of the bank's matched audience), geo (districts: within each "
         "district, a random fifth of the channel's small units, search-ad targeting areas or branch-days, "
         "without the channel)"),
    ),
)

SCHEMAS = [JOURNEY_TOUCHPOINTS, JOURNEYS, CHANNEL_HOLDOUT_TESTS]


def _timestamps(minutes: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD HH:MM' strings of minutes since 2025-01-01 00:00."""
    t = np.datetime64("2025-01-01T00:00") + minutes.astype("timedelta64[m]")
    return np.char.replace(np.datetime_as_string(t, unit="m"), "T", " ")


def _journeys(rng: np.random.Generator, seg: np.ndarray, pref: np.ndarray, wave: int) -> dict:
    """One journey per row of ``seg``/``pref`` in one wave: channels, touches, outcome."""
    n, m = len(seg), len(CHANNELS)
    weights = np.array([_SEG_WEIGHTS[s] for s in _SEG_WEIGHTS])[seg]
    weights[np.arange(n), pref] *= PREF_BOOST
    k = rng.choice(np.arange(1, m + 1), size=n, p=_K_P)
    # k distinct channels drawn with probability ~ weight (Efraimidis-Spirakis keys)
    keys = np.log(rng.random((n, m))) / weights
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    member = rank < k[:, None]
    # the planted outcome: one uniform number against the channels' effect intervals
    eff = np.array([EFFECT[c] for c in CHANNELS])
    cum = np.cumsum(member * eff, axis=1)
    u = rng.random(n) - BASE
    cause = np.where(u < cum[:, -1], (u[:, None] >= cum).sum(axis=1), -1)
    converted = cause >= 0
    # touches: 1 + Poisson repeats per member channel, each at a stage of the journey's span
    reps = np.where(member, 1 + rng.poisson(_REPEAT, (n, m)), 0)
    row, ch = np.nonzero(reps)
    cnt = reps[row, ch]
    row, ch = np.repeat(row, cnt), np.repeat(ch, cnt)
    name, lo, hi = WAVES[wave]
    start = rng.integers(lo, hi + 1, n).astype(float)
    span = np.minimum(rng.lognormal(np.log(14), 0.55, n), MAX_SPAN_DAYS)
    day = np.floor(start[row] + span[row] * rng.beta(_STAGE[ch, 0], _STAGE[ch, 1]))
    hour = _HOURS[ch, 0] + (_HOURS[ch, 1] - _HOURS[ch, 0]) * rng.random(len(ch))
    minute = np.floor((day * 24 + hour) * 60).astype(np.int64)
    order = np.lexsort((ch, minute, row))
    row, ch, minute = row[order], ch[order], minute[order]
    while True:  # no two touches of a journey in the same minute (a later one moves on a minute)
        tie = np.flatnonzero((row[1:] == row[:-1]) & (minute[1:] <= minute[:-1])) + 1
        if not len(tie):
            break
        minute[tie] = minute[tie - 1] + 1
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, row, minute)
    last = np.zeros(n, dtype=np.int64)
    np.maximum.at(last, row, minute)
    # the account is opened 10 minutes to 6 days after the last touch
    delay = np.clip(rng.gamma(1.3, 1.1, n), 10 / 1440, 6.0)
    conv_minute = np.where(converted, last + np.round(delay * 1440).astype(np.int64), -1)
    return {"member": member, "cause": cause, "converted": converted, "row": row, "ch": ch, "minute": minute,
            "first": first, "last": last, "conv": conv_minute, "n_touches": np.bincount(row, minlength=n),
            "wave": name}


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    cust = frames["customers"]
    seg_names = list(_SEG_WEIGHTS)
    seg_all = pd.Categorical(frames["_truth_segments"]["segment"].astype(str), categories=seg_names).codes
    pref_all = pd.Categorical(cust["preferred_channel"].astype(str).map(_PREF_TO_CHANNEL),
                              categories=CHANNELS).codes
    age = cust["age"].to_numpy()
    eligible = np.flatnonzero((age >= MIN_AGE) & (age <= MAX_AGE))
    w1 = _journeys(rng, seg_all[eligible], pref_all[eligible], 0)
    again = np.flatnonzero(~w1["converted"] & (rng.random(len(eligible)) < REWAVE))
    w2 = _journeys(rng, seg_all[eligible[again]], pref_all[eligible[again]], 1)
    ids = cust["customer_id"].astype(str).to_numpy()
    parts, touch_parts = [], []
    offset = 0
    for w, who in ((w1, eligible), (w2, eligible[again])):
        n = len(who)
        jid = np.arange(offset, offset + n)
        parts.append(pd.DataFrame({
            "jn": jid, "cust": who, "wave": w["wave"], "first": w["first"], "last": w["last"],
            "n_touches": w["n_touches"], "converted": w["converted"].astype(np.int64), "conv": w["conv"],
            "cause": w["cause"], **{f"m_{c}": w["member"][:, i] for i, c in enumerate(CHANNELS)}}))
        touch_parts.append(pd.DataFrame({"jn": jid[w["row"]], "ch": w["ch"], "minute": w["minute"]}))
        offset += n
    j = pd.concat(parts, ignore_index=True)
    t = pd.concat(touch_parts, ignore_index=True)
    j, t = _within_timeline(frames, ids, j, t)
    # the campaign's SMS and RM calls go through the bank's lists (consent, do-not-call); their
    # outcomes come from a child generator, so that the main stream is what it was
    side = rng.spawn(1)[0]
    j, t = _through_the_lists(side, frames, ids, j, t)
    # journey ids in time order of the first touch
    order = np.lexsort((j["jn"].to_numpy(), j["first"].to_numpy()))
    new_id = np.empty(len(j), dtype=np.int64)
    new_id[j["jn"].to_numpy()[order]] = np.arange(len(j))
    j = j.iloc[order].reset_index(drop=True)
    j["jn"] = new_id[j["jn"].to_numpy()]
    t["jn"] = new_id[t["jn"].to_numpy()]
    t = t.iloc[np.lexsort((t["ch"].to_numpy(), t["minute"].to_numpy(), t["jn"].to_numpy()))].reset_index(drop=True)
    jids = np.char.add("J", np.char.zfill(np.arange(len(j)).astype(str), 6))
    jcat = pd.Index(jids)
    ccat = pd.Index(ids)
    conv_str = np.where(j["conv"].to_numpy() >= 0, _timestamps(np.maximum(j["conv"].to_numpy(), 0)), "")
    journeys = pd.DataFrame({
        "journey_id": jids,
        "customer_id": pd.Categorical.from_codes(j["cust"].to_numpy(), categories=ccat),
        "wave": pd.Categorical(j["wave"], categories=[w[0] for w in WAVES]),
        "first_touch": _timestamps(j["first"].to_numpy()),
        "last_touch": _timestamps(j["last"].to_numpy()),
        "n_touches": j["n_touches"].to_numpy(np.int64),
        "converted": j["converted"].to_numpy(np.int64),
        "conversion_time": pd.array(np.where(conv_str == "", None, conv_str), dtype=object),
    })
    touches = pd.DataFrame({
        "journey_id": pd.Categorical.from_codes(t["jn"].to_numpy(), categories=jcat),
        "customer_id": pd.Categorical.from_codes(j["cust"].to_numpy()[t["jn"].to_numpy()], categories=ccat),
        "touch_time": _timestamps(t["minute"].to_numpy()),
        "channel": pd.Categorical.from_codes(t["ch"].to_numpy(), categories=CHANNELS),
    })
    tests = _holdout_tests(rng, j, spec.sampling_fraction(scale))
    truth_j = j[["jn", "cause", "converted"] + [f"m_{c}" for c in CHANNELS]].rename(columns={"jn": "journey"})
    # the SMS and RM calls made: the bank's own contacts in the contact log
    made = t[t["ch"].isin([_SMS, _RM])]
    wave = j.set_index("jn")["wave"].reindex(made["jn"].to_numpy()).to_numpy(object)
    is_sms = made["ch"].to_numpy() == _SMS
    new = pd.DataFrame({
        "customer_id": ids[j.set_index("jn")["cust"].reindex(made["jn"].to_numpy()).to_numpy()],
        "channel": np.where(is_sms, "sms", "call"),
        "campaign_id": np.where(is_sms, contacts.PENSION_CAMPAIGNS[0][0], contacts.PENSION_CAMPAIGNS[1][0]),
        "start": _DAY0 * 1440 + made["minute"].to_numpy(np.int64),
        "outcome": made["outcome"].to_numpy(np.int64),
        "text": np.where(is_sms, pd.Series(wave).map(contacts.PENSION_SMS).to_numpy(object), ""),
    })
    return {"journey_touchpoints": touches, "journeys": journeys, "channel_holdout_tests": tests,
            "_truth_journey_causes": _cause_table(truth_j),
            **contacts.add_campaign_contacts(side, frames, new, contacts.PENSION_CAMPAIGNS)}


_SMS, _RM = CHANNELS.index("sms"), CHANNELS.index("rm_call")
_DAY0 = int((YEAR - pd.Timestamp("1970-01-01")).days)


def _through_the_lists(rng: np.random.Generator, frames: dict, ids: np.ndarray, j: pd.DataFrame,
                       t: pd.DataFrame):
    """The campaign's SMS and RM calls that the bank's lists let through (``contacts.campaign_lists``:
    valid marketing consent for the channel on the day, no call inside a do-not-call period);
    the others are not made. A journey keeps the channels it still meets; a conversion whose
    planted cause was a channel the journey no longer meets does not happen (the other
    channels' chances are unchanged, so a journey still converts with the sum of its channels'
    effects); a journey left without touches is no journey. Touches of the calls made get
    their outcome (column ``outcome``; -1 for other touches). Journeys renumbered 0..n-1."""
    assert (j["jn"].to_numpy() == np.arange(len(j))).all()
    sel = np.flatnonzero(t["ch"].isin([_SMS, _RM]).to_numpy())
    cust = ids[j["cust"].to_numpy()[t["jn"].to_numpy()[sel]]]
    channel = np.where(t["ch"].to_numpy()[sel] == _SMS, "sms", "call")
    made, outcome = contacts.campaign_lists(rng, frames, cust, channel,
                                            _DAY0 * 1440 + t["minute"].to_numpy(np.int64)[sel])
    t = t.assign(outcome=-1)
    t.loc[t.index[sel], "outcome"] = outcome
    keep = np.ones(len(t), dtype=bool)
    keep[sel] = made
    t = t[keep].reset_index(drop=True)
    n = len(j)
    jn, ch, minute = t["jn"].to_numpy(), t["ch"].to_numpy(), t["minute"].to_numpy()
    j = j.copy()
    for i, c in enumerate(CHANNELS):
        j[f"m_{c}"] = np.bincount(jn[ch == i], minlength=n) > 0
    j["n_touches"] = np.bincount(jn, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, jn, minute)
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, jn, minute)
    j["first"], j["last"] = first, last
    cause = j["cause"].to_numpy()
    lost = cause >= 0
    lost[lost] = ~j[[f"m_{c}" for c in CHANNELS]].to_numpy()[np.flatnonzero(lost), cause[lost]]
    j.loc[lost, "cause"] = -1
    j.loc[lost, "converted"] = 0
    j.loc[lost, "conv"] = -1
    alive = j["n_touches"].to_numpy() > 0
    new = np.full(n, -1, dtype=np.int64)
    new[np.flatnonzero(alive)] = np.arange(int(alive.sum()))
    j = j[alive].copy()
    j["jn"] = new[j["jn"].to_numpy()]
    t["jn"] = new[t["jn"].to_numpy()]
    return j.reset_index(drop=True), t


def _within_timeline(frames: dict, ids: np.ndarray, j: pd.DataFrame, t: pd.DataFrame):
    """Only the journeys that lie in the customer's history (``history.timeline``): the first
    touch on or after the day the customer joined, the last touch and the account opening on
    or before the last active day. Journeys are renumbered 0..n-1 in their old order."""
    tl = history.timeline(frames)
    pos = tl.index.get_indexer(ids[j["cust"].to_numpy()])
    start = int((pd.Timestamp("2025-01-01") - pd.Timestamp("1970-01-01")).days)
    first_day = start + j["first"].to_numpy() // 1440
    end_day = start + np.maximum(j["last"].to_numpy(), j["conv"].to_numpy()) // 1440
    p = np.maximum(pos, 0)
    inside = (first_day >= tl["joined"].to_numpy()[p]) & (end_day <= tl["last_active"].to_numpy()[p])
    keep = (pos < 0) | inside
    new = np.full(len(j), -1, dtype=np.int64)
    old_jn = j["jn"].to_numpy()
    kept_jn = np.sort(old_jn[keep])
    new[kept_jn] = np.arange(len(kept_jn))
    j = j[keep].copy()
    j["jn"] = new[j["jn"].to_numpy()]
    t = t[new[t["jn"].to_numpy()] >= 0].copy()
    t["jn"] = new[t["jn"].to_numpy()]
    return j.reset_index(drop=True), t.reset_index(drop=True)


def _cause_table(j: pd.DataFrame) -> pd.DataFrame:
    """Per channel: journeys touched, planted effect, conversions it caused (the planted contribution)."""
    caused = np.bincount(j["cause"].to_numpy()[j["cause"].to_numpy() >= 0], minlength=len(CHANNELS))
    return pd.DataFrame({
        "channel": CHANNELS,
        "effect": [EFFECT[c] for c in CHANNELS],
        "journeys_touched": [int(j[f"m_{c}"].sum()) for c in CHANNELS],
        "conversions_caused": caused.astype(np.int64),
    })


def _holdout_tests(rng: np.random.Generator, j: pd.DataFrame, frac: float) -> pd.DataFrame:
    """Bank-wide holdout tests in the year-end wave: the treated are the wave's reach (the
    extract's year-end journeys the channel touched / the sampling fraction) and convert at the
    wave's rate among them; the held out (a quarter as many: 20% of all) at that rate minus the
    channel's planted effect."""
    yw = j[j["wave"] == "year_end"]
    eff = np.array([EFFECT[c] for c in CHANNELS])
    members = yw[[f"m_{c}" for c in CHANNELS]].to_numpy()
    p_journey = BASE + members @ eff
    rows = []
    for i, c in enumerate(CHANNELS):
        p_treated = float(p_journey[members[:, i]].mean())
        n_treat = int(round(members[:, i].sum() / frac))
        n_hold = int(round(n_treat * HOLDOUT_SHARE / (1 - HOLDOUT_SHARE)))
        rows.append((c, CHANNEL_ZH[c], n_treat, int(rng.binomial(n_treat, p_treated)), n_hold,
                     int(rng.binomial(n_hold, p_treated - eff[i])), DESIGN[c]))
    return pd.DataFrame(rows, columns=CHANNEL_HOLDOUT_TESTS.column_names)


def truth(frames: dict) -> dict:
    """The planted effects and contributions, and every attribution model's credit against them."""
    from finmkt.methods.attribution import attribution_models
    from finmkt.recipes.attribution import misallocated_share

    causes = frames["_truth_journey_causes"].set_index("channel")
    total = int(causes["conversions_caused"].sum())
    planted = causes["conversions_caused"].astype(float)
    models = attribution_models(frames["journey_touchpoints"], frames["journeys"], CHANNELS)
    errors = {name: misallocated_share(credit, planted) for name, credit in models.items()}
    ranking = sorted(errors, key=errors.get)
    return {
        "channels": CHANNELS,
        "base": BASE,
        "effects": {c: EFFECT[c] for c in CHANNELS},
        "journeys_touched": {c: int(causes.loc[c, "journeys_touched"]) for c in CHANNELS},
        "planted_contributions": {c: int(causes.loc[c, "conversions_caused"]) for c in CHANNELS},
        "expected_contributions": {c: EFFECT[c] * int(causes.loc[c, "journeys_touched"]) for c in CHANNELS},
        "conversions": total,
        "journeys": len(frames["journeys"]),
        "credits": {name: {c: float(v) for c, v in credit.items()} for name, credit in models.items()},
        "misallocated_share": errors,
        "ranking": ranking,
        "closest_models": ranking[:2],
    }


__all__ = ["CHANNELS", "EFFECT", "SCHEMAS", "generate", "truth", "spec"]
