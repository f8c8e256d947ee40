"""The 2025-Q4 customer satisfaction survey (module 05, lesson 2: satisfaction and NPS drivers,
客户满意度).

Four tables:

* ``satisfaction_invitations``: a simple random sample of the customers active through the
  fieldwork (joined by 2025-09-30, last active day on or after 2025-12-01), invited between
  2025-10-15 and 2025-11-14 by app push (customers with 3 app logins a month or more), else by
  telephone (customers aged 60+ or who prefer the phone) or SMS; whether each answered. The response rate
  depends on the invitation channel and the age band only (planted, ``RESPONSE_LOGIT``), so
  weighting respondents by age band x channel corrects the non-response.
* ``satisfaction_responses``: the answers: likelihood to recommend Minghu Bank (0-10, the NPS
  question), overall satisfaction (1-5) and six attribute ratings (1-10), each asked only of
  customers to whom it applies: the app (app users, ``customers.app_logins_month`` > 0),
  branch waiting time (a branch visit in the last 12 months), the relationship manager (an RM
  contact in the last 12 months), fees, returns and rates (everyone), complaint handling
  (customers with a complaint in ``complaints`` received in the 12 months before the
  invitation); and a verbatim comment in Chinese from part of the respondents.
* ``satisfaction_themes``: the theme lexicon of the comments (keywords per theme).
* ``satisfaction_params``: the NPS classes and the survey's fieldwork.

Planted model. Every invited customer (respondent or not) has latent attribute scores x_j =
mu_j + lambda_j g + kappa_j b + history + sigma_j e_j (g a general attitude, halo; b a
branch-experience factor shared by branch waiting and the relationship manager, so those two
are correlated; history: the customer's segment, district, module 04 mis-sale, 2025
complaints and their handling), and a recommend score y = c0 + sum_j beta_j x_j (+ the
complaint-handling term for complainants) + noise; the ratings are x and y rounded and
clipped to their scales. ``DRIVER_WEIGHTS`` are the beta; raw OLS coefficients recover them,
the Shapley (LMG) shares of R^2 rank the drivers differently (branch waiting's small
coefficient, large share: the share is borrowed through the branch factor it shares with the RM
rating, its own planted effect is small). Comments mention an applicable theme with a probability that rises
with how far the customer's rating is from the average (praise above, criticism below), in
phrases from ``PHRASES``; jieba with the lexicon recovers the planted themes exactly.

Planted truths (``truth/satisfaction.json``): driver weights and the population LMG shares
(from the planted covariance), the frame's NPS (every invited customer's latent answer) overall,
by segment and by age band, the respondents' raw and weighted NPS, theme shares, response
rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import complaints as complaints_family
from finmkt.data import spec
from finmkt.data.schema import Dataset, cols, param_cols

CUTOFF = spec.AS_OF
FRAME_JOINED_BY = pd.Timestamp("2025-09-30")
FRAME_ACTIVE_FROM = pd.Timestamp("2025-12-01")
INVITE_FROM, INVITE_TO = pd.Timestamp("2025-10-15"), pd.Timestamp("2025-11-14")
SAMPLE = 8_000

DRIVERS = ["app_experience", "branch_wait", "rm_service", "fees", "returns"]
ALL_ATTRIBUTES = [*DRIVERS, "complaint_handling"]
MU = np.array([7.4, 6.6, 7.6, 6.2, 6.8])
LAMBDA = np.array([0.8, 0.7, 0.8, 0.7, 0.6])  # loading on the general attitude (halo)
KAPPA = np.array([0.0, 1.1, 1.1, 0.0, 0.0])  # loading on the branch-experience factor
SIGMA = np.array([1.1, 0.9, 0.8, 1.2, 1.1])
#: planted effect of each attribute on the recommend score (0-10 per rating point)
DRIVER_WEIGHTS = dict(zip(DRIVERS, (0.30, 0.04, 0.30, 0.22, 0.12), strict=True))
RECOMMEND_NOISE = 1.0
RECOMMEND_MEAN = 7.6
#: complaint handling (complainants only): mean, halo loading, noise, effect on recommend
CH_MU, CH_LAMBDA, CH_SIGMA, CH_WEIGHT = 6.0, 0.8, 1.2, 0.25
#: complaint handling by what happened: upheld in time, partly upheld in time, not upheld, late, open
CH_EFFECT = {"upheld_in_time": 1.5, "partly_in_time": 0.3, "not_upheld": -1.5, "late": -2.5, "open": -1.0}
#: segment shifts of the attributes (DRIVERS order)
SEGMENT_SHIFT = {
    "retiree": (-0.5, 0.5, 0.9, 0.4, 0.3),
    "young_professional": (0.4, -0.3, -0.5, -0.6, -0.1),
    "starter": (0.5, -0.3, -0.4, -0.9, -0.4),
    "entrepreneur": (0.0, -0.3, 0.3, -0.3, -0.4),
    "mass_family": (0.0, 0.0, 0.0, 0.0, 0.0),
}
#: branch waiting by district (the busiest branches are in Huxin)
DISTRICT_WAIT = {"Huxin": -0.9, "Dongcheng": -0.3}
#: module 04's mis-sold customers (a sale above the level at the sale): RM and returns
MISSOLD_SHIFT = {"rm_service": -2.0, "returns": -1.0}
#: a 2025 complaint before the invitation lowers the attribute of its category
COMPLAINT_SHIFT = {"system_failure": ("app_experience", -1.5), "fees": ("fees", -1.5),
                   "service_quality": ("branch_wait", -1.5), "mis_selling": ("rm_service", -1.0),
                   "product_loss": ("returns", -0.8), "transaction_dispute": ("fees", -0.5)}
#: response: logit = channel intercept + age-band effect
RESPONSE_LOGIT = {"app_push": -1.2, "sms": -2.0, "phone": -0.2}
AGE_RESPONSE = {"18-24": -0.9, "25-34": -0.6, "35-44": -0.3, "45-54": 0.0, "55-64": 0.3, "65+": 0.6}
#: comments: chance to write one (detractors more), each applicable theme mentioned with
#: logistic(-2.4 + 1.1 |z|), z the standardised distance of the customer's rating from the mean
P_COMMENT, P_COMMENT_DETRACTOR = 0.30, 0.50
THEME_LOGIT = (-2.4, 1.1)

THEMES = {
    "app_experience": ["手机银行", "闪退", "卡顿", "登录", "转账", "界面", "人脸识别", "更新", "验证码"],
    "branch_wait": ["排队", "等候", "叫号", "窗口", "网点", "大堂经理"],
    "rm_service": ["客户经理", "理财经理", "回访", "专业"],
    "fees": ["手续费", "年费", "收费", "扣费", "短信费", "管理费"],
    "returns": ["收益", "收益率", "利率", "利息", "净值", "亏损"],
    "complaint_handling": ["投诉", "处理结果", "答复", "推诿", "互相推诿", "客服"],
}
THEME_NAMES = {"app_experience": ("手机银行体验", "Mobile app experience"),
               "branch_wait": ("网点等候", "Branch waiting time"),
               "rm_service": ("客户经理服务", "Relationship manager service"),
               "fees": ("收费", "Fees"), "returns": ("收益与利率", "Returns and rates"),
               "complaint_handling": ("投诉处理", "Complaint handling")}
#: the phrase bank: (criticism, praise) per theme; fillers carry no theme
PHRASES = {
    "app_experience": (["手机银行老是闪退", "转账的时候页面卡顿半天", "每次登录都要重新输验证码，太麻烦",
                        "人脸识别经常通不过", "更新以后常用功能找不到了", "界面广告太多，找个功能要翻好几页"],
                       ["手机银行用起来很方便", "转账很快，几秒钟就到账", "界面简洁，老人也看得懂"]),
    "branch_wait": (["网点排队太久了", "叫号等了一个多小时", "窗口只开了两个", "等候时间太长，大堂经理也不见人"],
                    ["网点不用排队，办得很快", "大堂经理主动引导，很贴心"]),
    "rm_service": (["客户经理推荐的产品和我说的风险不一样", "理财经理只顾着推销", "买了以后再也没有回访",
                    "客户经理换了三次，没人管我"],
                   ["客户经理很耐心，讲得清楚", "理财经理很专业，定期回访"]),
    "fees": (["信用卡年费扣了也没提前通知", "莫名其妙收了短信费", "异地取现手续费太高", "管理费收得不明不白"],
             ["免年费，挺好", "手续费比别家低"]),
    "returns": (["理财收益比宣传的低", "净值跌了也没人提醒", "存款利率一降再降", "买的基金亏损不少"],
                ["定期利息还可以", "收益率稳定，比较放心"]),
    "complaint_handling": (["投诉了两个星期才有答复", "几个部门互相推诿", "处理结果我不满意"],
                           ["投诉后第二天就解决了", "客服跟进很及时"]),
}
FILLERS = ["总体还可以", "希望越来越好", "没什么意见", "继续加油", "一般般吧",
           # no theme either, although a keyword sits inside a longer word (窗口期, 客服热线, 更新换代, 收费站, 专业版):
           # jieba with the lexicon keeps the longer word whole; matching substrings would find a theme
           "理财赎回的窗口期有点短", "客服热线有时候打不通", "理财产品更新换代太快", "ETC过收费站很方便", "炒股软件的专业版还不错"]

PARAMS = [
    ("promoter_min", 9.0, "score (0-10)", "NPS convention (Reichheld 2003; Bain & Company)",
     "Promoters answer 9-10 to the likelihood-to-recommend question"),
    ("detractor_max", 6.0, "score (0-10)", "NPS convention", "Detractors answer 0-6; passives 7-8"),
    ("sample", float(SAMPLE), "customers", "Minghu Bank customer-experience survey 2025-Q4",
     "Customers invited: a simple random sample of the customers active through the fieldwork"),
    ("frame_joined_by", 20250930.0, "date (YYYYMMDD)", "same", "The frame: customers who joined by this day ..."),
    ("frame_active_from", 20251201.0, "date (YYYYMMDD)", "same",
     "... and were still active on this day or later (last active day; dormant customers are not surveyed)"),
]

INVITATIONS = Dataset(
    "satisfaction_invitations",
    "Customer-satisfaction survey 2025-Q4: who was invited, how, and who answered",
    "One row per customer invited to Minghu Bank's 2025-Q4 customer-experience survey (客户满意度调查): a simple "
    "random sample of the customers of the extract who joined by 2025-09-30 and were still active on 2025-12-01 "
    "(see satisfaction_params): about a third of them, an app-push survey being cheap. Invitations went out between 2025-10-15 and 2025-11-14 by app push message (customers "
    "with 3 app logins a month or more), else by telephone interview (customers aged 60 or more, or who prefer "
    "the phone) or by SMS with a link. Respondents answered within two weeks; the others did not answer (non-response).",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("invited_on", "date", "", "Day of the invitation"),
        ("invite_channel", "str", "", "app_push, sms or phone"),
        ("responded", "int", "0/1", "1 if the customer answered (see satisfaction_responses)"),
    ),
    scales=True,
)

RESPONSES = Dataset(
    "satisfaction_responses",
    "Customer-satisfaction survey 2025-Q4: answers and comments",
    "One row per respondent of the 2025-Q4 survey (satisfaction_invitations with responded = 1). recommend is the "
    "NPS question (您向亲友推荐明湖银行的可能性有多大? 0 = not at all, 10 = extremely likely); overall is overall "
    "satisfaction (1 very dissatisfied - 5 very satisfied); the attribute ratings are 1 (very poor) - 10 "
    "(excellent) and asked only where they apply, else empty: app_experience to app users "
    "(customers.app_logins_month > 0), branch_wait to customers with a branch visit in the last 12 months "
    "(branch_visits_year > 0), rm_service to customers with a relationship-manager contact in the last 12 months "
    "(rm_contacts_year > 0), complaint_handling to customers with a complaint received in the 12 months before "
    "the invitation (complaints.csv; the log starts on 2025-01-01, so in practice the complaints of 2025 before the "
    "invitation, 9.4 to 10.4 months); fees and returns (returns on savings and investments, rates) to everyone. "
    "comment is the optional open answer (您还有什么意见或建议?), in Chinese, empty when none.",
    cols(
        ("response_id", "str", "", "Response identifier R0001, ... in order of answer"),
        ("customer_id", "str", "", "Customer identifier (see customers, satisfaction_invitations)"),
        ("responded_at", "date", "local time, minute", "Time the questionnaire was completed"),
        ("recommend", "int", "0-10", "Likelihood to recommend Minghu Bank to friends or family"),
        ("overall", "int", "1-5", "Overall satisfaction"),
        ("app_experience", "float", "1-10", "Mobile-banking app experience (app users only)"),
        ("branch_wait", "float", "1-10", "Waiting time at the branch (customers with a branch visit in 12 months)"),
        ("rm_service", "float", "1-10", "Relationship manager's service (customers with an RM contact in 12 months)"),
        ("fees", "float", "1-10", "Fees and charges (fairness, transparency)"),
        ("returns", "float", "1-10", "Returns on savings and investments, deposit and loan rates"),
        ("complaint_handling", "float", "1-10", "Handling of the customer's complaint (complainants of the last 12 "
                                                "months only)"),
        ("comment", "str", "", "Open comment in Chinese (empty: none)"),
    ),
    scales=True,
)

THEMES_DS = Dataset(
    "satisfaction_themes",
    "Theme lexicon of the survey comments",
    "The keywords that mark each theme of the open comments (one row per keyword). A comment mentions a theme when "
    "one of its words is a keyword of the theme; segment the comments with a Chinese tokenizer (jieba) after "
    "adding the keywords to its dictionary, so that multi-character keywords such as 手机银行 or 客户经理 stay "
    "whole.",
    cols(
        ("theme", "str", "", "Theme code (the attribute rating it belongs to)"),
        ("theme_zh", "str", "", "Theme name"),
        ("theme_en", "str", "", "Theme name in English"),
        ("keyword", "str", "", "Keyword (Chinese)"),
    ),
)

PARAMS_DS = Dataset(
    "satisfaction_params",
    "Survey conventions",
    "The NPS classes and the survey frame and sample of the 2025-Q4 customer-experience survey.",
    param_cols(),
)

SCHEMAS = [INVITATIONS, RESPONSES, THEMES_DS, PARAMS_DS]

_EPOCH = pd.Timestamp("1970-01-01")
_MIN = 1440


def _day(ts) -> int:
    return int((pd.Timestamp(ts) - _EPOCH).days)


def population_cov() -> np.ndarray:
    """The planted covariance of (the five drivers, recommend) before rounding: the drivers'
    lambda lambda' + kappa kappa' + diag(sigma^2), the recommend's covariance with them Sigma beta
    and its variance beta' Sigma beta + noise^2."""
    beta = np.array([DRIVER_WEIGHTS[d] for d in DRIVERS])
    c = np.outer(LAMBDA, LAMBDA) + np.outer(KAPPA, KAPPA) + np.diag(SIGMA ** 2)
    out = np.zeros((6, 6))
    out[:5, :5] = c
    out[:5, 5] = out[5, :5] = c @ beta
    out[5, 5] = beta @ c @ beta + RECOMMEND_NOISE ** 2
    return out


def _complaint_status(frames: dict, ids: np.ndarray, invited: np.ndarray):
    """Per invited customer: the category of the latest complaint received in the 12 months before
    the invitation day (None) and what happened to it by the invitation (CH_EFFECT's keys)."""
    q = frames["complaints"]
    cid = np.asarray(q["customer_id"].astype(str))
    rec = pd.to_datetime(np.asarray(q["received_at"].astype(str))).to_numpy()
    res = pd.to_datetime(pd.Series(np.asarray(q["resolved_at"].astype(str))).replace("", None)).to_numpy()
    rec_day = ((rec - np.datetime64("1970-01-01")) // np.timedelta64(1, "D")).astype(np.int64)
    res_day = np.where(pd.isna(res), -1, (res.astype("datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(np.int64))
    pos = pd.Index(ids).get_indexer(cid)
    keep = pos >= 0
    cat_of = np.full(len(ids), None, dtype=object)
    status = np.full(len(ids), None, dtype=object)
    latest = np.full(len(ids), -1, dtype=np.int64)
    deadline = q["extended_to_days"].to_numpy(np.int64)
    outcome = np.asarray(q["outcome"].astype(str))
    cats = np.asarray(q["category"].astype(str))
    for i in np.flatnonzero(keep):
        r = pos[i]
        inv = invited[r]
        if not (inv - 365 <= rec_day[i] < inv) or rec_day[i] < latest[r]:
            continue
        latest[r] = rec_day[i]
        cat_of[r] = cats[i]
        if res_day[i] < 0 or res_day[i] >= inv:
            status[r] = "late" if inv - rec_day[i] > deadline[i] else "open"
        elif res_day[i] - rec_day[i] > deadline[i]:
            status[r] = "late"
        elif outcome[i] == "not_upheld":
            status[r] = "not_upheld"
        else:
            status[r] = "upheld_in_time" if outcome[i] == "upheld" else "partly_in_time"
    return cat_of, status


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    from finmkt.methods.contact_consent import plain_strings
    from finmkt.methods.suitability import sale_flags

    c = frames["customers"]
    ids, first, last = complaints_family.windows(frames)
    frame = np.flatnonzero((first <= _day(FRAME_JOINED_BY)) & (last >= _day(FRAME_ACTIVE_FROM)))
    pick = np.sort(rng.choice(frame, size=min(SAMPLE * (scale or spec.DEFAULT_EXTRACT) // spec.DEFAULT_EXTRACT,
                                              len(frame)), replace=False))
    m = len(pick)
    age = c["age"].to_numpy(int)[pick]
    band = np.asarray(c["age_band"].astype(str))[pick]
    logins = c["app_logins_month"].to_numpy()[pick]
    visits = c["branch_visits_year"].to_numpy()[pick]
    rm = c["rm_contacts_year"].to_numpy()[pick]
    pref = np.asarray(c["preferred_channel"].astype(str))[pick]
    district = np.asarray(c["district"].astype(str))[pick]
    seg = frames["_truth_segments"].set_index(np.asarray(frames["_truth_segments"]["customer_id"].astype(str)))[
        "segment"].astype(str).reindex(ids[pick]).to_numpy()
    channel = np.where(logins >= 3, "app_push", np.where((age >= 60) | (pref == "phone"), "phone", "sms"))
    invited = _day(INVITE_FROM) + rng.integers(0, _day(INVITE_TO) - _day(INVITE_FROM) + 1, m)

    # --- response: channel x age band (observable cells)
    logit = np.array([RESPONSE_LOGIT[k] for k in channel]) + np.array([AGE_RESPONSE[b] for b in band])
    responded = rng.random(m) < 1 / (1 + np.exp(-logit))
    # answered within two weeks: phone interviews 10:00-19:00, app and SMS 08:00-23:00
    lag = np.minimum(np.floor(rng.exponential(2.0, m)).astype(np.int64), 13)
    answer_min = (invited + lag) * _MIN + np.where(channel == "phone", 600 + rng.integers(0, 540, m),
                                                   480 + rng.integers(0, 900, m))
    # answering is something the customer does: inside the active window (frame: active to 12-01)
    responded &= answer_min // _MIN <= last[pick]

    # --- latent attributes
    g = rng.standard_normal(m)
    b = rng.standard_normal(m)
    e = rng.standard_normal((m, len(DRIVERS)))
    x = MU + g[:, None] * LAMBDA + b[:, None] * KAPPA + e * SIGMA
    x += np.array([SEGMENT_SHIFT[s] for s in seg])
    x[:, 1] += np.array([DISTRICT_WAIT.get(d, 0.0) for d in district])
    sales = frames["suitability_sales"]
    sf = sale_flags(plain_strings(sales), plain_strings(frames["suitability_assessments"]),
                    plain_strings(frames["products"]), plain_strings(c), CUTOFF)
    sold_day = (pd.to_datetime(np.asarray(sales["sold_at"].astype(str))) - _EPOCH).days.to_numpy()
    s_pos = pd.Index(ids[pick]).get_indexer(np.asarray(sales["customer_id"].astype(str)))
    ms = (s_pos >= 0) & sf["above"].to_numpy(bool)
    missold = np.zeros(m, dtype=bool)
    missold[s_pos[ms][sold_day[ms] < invited[s_pos[ms]]]] = True
    for attr, shift in MISSOLD_SHIFT.items():
        x[missold, DRIVERS.index(attr)] += shift
    cat_of, status = _complaint_status(frames, ids[pick], invited)
    for cat, (attr, shift) in COMPLAINT_SHIFT.items():
        x[cat_of == cat, DRIVERS.index(attr)] += shift
    complained = np.array([s is not None for s in status], dtype=bool)
    ch = CH_MU + CH_LAMBDA * g + CH_SIGMA * rng.standard_normal(m) + np.array(
        [CH_EFFECT.get(s, 0.0) if s is not None else 0.0 for s in status])
    beta = np.array([DRIVER_WEIGHTS[d] for d in DRIVERS])
    c0 = RECOMMEND_MEAN - float(beta @ MU)
    y = c0 + x @ beta + CH_WEIGHT * np.where(complained, ch - CH_MU, 0.0) + RECOMMEND_NOISE * rng.standard_normal(m)
    overall = 3.6 + 0.55 * (y - RECOMMEND_MEAN) + 0.5 * rng.standard_normal(m)

    recommend = np.clip(np.round(y), 0, 10).astype(int)
    ratings = np.clip(np.round(x), 1, 10)
    applies = np.column_stack([logins > 0, visits > 0, rm > 0, np.ones(m, bool), np.ones(m, bool)])
    ratings = np.where(applies, ratings, np.nan)
    ch_rating = np.where(complained, np.clip(np.round(ch), 1, 10), np.nan)

    # --- comments: applicable themes mentioned as the rating departs from the mean
    z = np.column_stack([(ratings[:, j] - MU[j]) / np.sqrt(LAMBDA[j] ** 2 + KAPPA[j] ** 2 + SIGMA[j] ** 2)
                         for j in range(len(DRIVERS))] + [(ch_rating - CH_MU) / np.hypot(CH_LAMBDA, CH_SIGMA)])
    p_theme = 1 / (1 + np.exp(-(THEME_LOGIT[0] + THEME_LOGIT[1] * np.abs(np.nan_to_num(z)))))
    mention = (rng.random(z.shape) < p_theme) & ~np.isnan(z)
    writes = rng.random(m) < np.where(recommend <= 6, P_COMMENT_DETRACTOR, P_COMMENT)
    u_phrase = rng.random(z.shape)
    u_fill = rng.random(m)
    order = np.argsort(rng.random(z.shape), axis=1)
    comments = np.full(m, "", dtype=object)
    planted = np.zeros(z.shape, dtype=int)
    for i in np.flatnonzero(writes & responded):
        parts = []
        for j in order[i]:
            if mention[i, j]:
                bank = PHRASES[ALL_ATTRIBUTES[j]][0 if z[i, j] < 0 else 1]
                parts.append(bank[int(u_phrase[i, j] * len(bank))])
                planted[i, j] = 1
        if not parts or u_fill[i] < 0.3:
            parts.append(FILLERS[int(u_fill[i] * 10) % len(FILLERS)])
        comments[i] = "，".join(parts) + "。"

    inv = pd.DataFrame({"customer_id": ids[pick], "invited_on": np.asarray(invited).astype("datetime64[D]").astype(str),
                        "invite_channel": pd.Categorical(channel, categories=["app_push", "sms", "phone"]),
                        "responded": responded.astype(np.int64)})
    r = np.flatnonzero(responded)
    r = r[np.argsort(answer_min[r], kind="stable")]
    resp = pd.DataFrame({
        "response_id": np.char.add("R", np.char.zfill(np.arange(1, len(r) + 1).astype(str), 4)),
        "customer_id": ids[pick][r],
        "responded_at": np.char.replace(answer_min[r].astype("datetime64[m]").astype(str), "T", " "),
        "recommend": recommend[r],
        "overall": np.clip(np.round(overall), 1, 5).astype(int)[r],
        **{d: ratings[r, j] for j, d in enumerate(DRIVERS)},
        "complaint_handling": ch_rating[r],
        "comment": comments[r],
    })
    themes = pd.DataFrame([(t, *THEME_NAMES[t], k) for t, words in THEMES.items() for k in words],
                          columns=THEMES_DS.column_names)
    latent = pd.DataFrame({"customer_id": ids[pick], "segment": seg, "age_band": band,
                           "invite_channel": channel, "latent_recommend": np.clip(np.round(y), 0, 10).astype(int),
                           "responded": responded.astype(int), "missold": missold.astype(int),
                           "complaint_status": np.where(complained, status, "").astype(object),
                           **{f"theme_{t}": planted[:, j] for j, t in enumerate(ALL_ATTRIBUTES)}})
    return {"satisfaction_invitations": inv, "satisfaction_responses": resp, "satisfaction_themes": themes,
            "satisfaction_params": pd.DataFrame(PARAMS, columns=PARAMS_DS.column_names),
            "_truth_satisfaction_latent": latent}


def truth(frames: dict) -> dict:
    """Planted weights and shares, the frame's NPS, and what the reference methods find."""
    from finmkt.methods import satisfaction_drivers as sd

    resp, inv = frames["satisfaction_responses"], frames["satisfaction_invitations"]
    lat = frames["_truth_satisfaction_latent"]
    cov = population_cov()
    pop = sd.shapley_r2_from_cov(cov)
    cust = frames["customers"].set_index(np.asarray(frames["customers"]["customer_id"].astype(str)))
    inv = inv.assign(age_band=cust["age_band"].astype(str).reindex(np.asarray(inv["customer_id"].astype(str))).to_numpy(),
                     invite_channel=inv["invite_channel"].astype(str))
    w = sd.response_weights(inv, ["age_band", "invite_channel"])
    wr = w[inv["responded"].to_numpy() == 1].to_numpy()
    inv_r = inv[inv["responded"] == 1].set_index(np.asarray(inv.loc[inv["responded"] == 1, "customer_id"].astype(str)))
    rs = resp.set_index(np.asarray(resp["customer_id"].astype(str))).reindex(inv_r.index)
    complete = rs[DRIVERS].notna().all(axis=1)
    ols = sd.ols_coefficients(rs[complete], "recommend", DRIVERS)
    lmg = sd.shapley_importance(rs[complete], "recommend", DRIVERS)
    rw = sd.relative_weights(rs[complete], "recommend", DRIVERS)
    themes = frames["satisfaction_themes"]
    tc = sd.theme_counts(resp["comment"], themes)
    has = resp["comment"].astype(str).str.strip() != ""
    planted_themes = lat.set_index(np.asarray(lat["customer_id"].astype(str))).reindex(
        np.asarray(resp.loc[has, "customer_id"].astype(str)))
    seg_nps = {str(k): sd.nps(g["latent_recommend"]) for k, g in lat.groupby("segment")}
    band_nps = {str(k): sd.nps(g["latent_recommend"]) for k, g in lat.groupby("age_band")}
    rr = inv.groupby(["invite_channel"])["responded"].mean()
    return {
        "planted": {"driver_weights": DRIVER_WEIGHTS, "mu": dict(zip(DRIVERS, MU.tolist(), strict=True)),
                    "halo_loading": dict(zip(DRIVERS, LAMBDA.tolist(), strict=True)),
                    "branch_factor_loading": dict(zip(DRIVERS, KAPPA.tolist(), strict=True)),
                    "unique_sd": dict(zip(DRIVERS, SIGMA.tolist(), strict=True)),
                    "recommend_noise": RECOMMEND_NOISE, "complaint_handling_weight": CH_WEIGHT,
                    "complaint_handling_effect": CH_EFFECT, "segment_shift": {k: list(v) for k, v in SEGMENT_SHIFT.items()},
                    "district_wait": DISTRICT_WAIT, "missold_shift": MISSOLD_SHIFT,
                    "complaint_shift": {k: list(v) for k, v in COMPLAINT_SHIFT.items()},
                    "response_logit": RESPONSE_LOGIT, "age_response": AGE_RESPONSE,
                    "population_r2": float(pop.sum()),
                    "population_lmg_share": dict(zip(DRIVERS, (pop / pop.sum()).tolist(), strict=True)),
                    "population_corr_branch_wait_rm": float(cov[1, 2] / np.sqrt(cov[1, 1] * cov[2, 2]))},
        "frame_nps": sd.nps(lat["latent_recommend"]), "frame_nps_by_segment": seg_nps, "frame_nps_by_age_band": band_nps,
        "invited": len(inv), "respondents": len(resp), "response_rate": float(inv["responded"].mean()),
        "response_rate_by_channel": {str(k): float(v) for k, v in rr.items()},
        "respondent_nps": sd.nps_interval(rs["recommend"]),
        "weighted_nps": sd.nps_interval(rs["recommend"], weights=wr),
        "kda_complete_cases": int(complete.sum()),
        "ols_coefficients": {k: float(v) for k, v in ols.items()},
        "lmg_share": {k: float(v) for k, v in lmg["share"].items()},
        "relative_weights": {k: float(v) for k, v in rw.items()},
        "ols_rank": list(ols.sort_values(ascending=False).index), "lmg_rank": list(lmg.index),
        "comments": int(has.sum()),
        "theme_counts": {str(k): int(v) for k, v in tc["comments"].items()},
        "planted_theme_counts": {t: int(planted_themes[f"theme_{t}"].sum()) for t in ALL_ATTRIBUTES},
        "planted_theme_shares": {t: float(planted_themes[f"theme_{t}"].mean()) for t in ALL_ATTRIBUTES},
        "nps_by_complaint_status": {str(k): sd.nps(g["latent_recommend"]) for k, g in
                                    lat.groupby(lat["complaint_status"].replace("", "none"))},
    }
