"""Sales of wealth-management, fund and investment-type insurance products with their
suitability records (module 04, lesson 2: suitability audit, 适当性管理).

A look-back review (回头看) of how every investment product on the book at 2025-12-31 was
sold. Five tables:

* ``suitability_sales``: one row per sale, built from the holdings of the customer extract
  (``holdings.csv``): every wealth-management (W*) and fund (F*) holding and the
  investment-type policies (I02 investment-linked insurance 投资连结保险, I03 pension
  annuity); the protection-only policies (I01 term life, I04 medical) carry no
  investment risk and are outside the review. Same customer and product ids; the sale day
  is the holding's ``opened_on`` (the time of day is the branch system's stamp, 09:00-17:00);
  the balance is the holding's. Every sale is credited to the relationship manager (客户经理)
  who made it and to that manager's branch.
* ``suitability_assessments``: every risk-tolerance assessment (风险承受能力评估) of the
  customers in the sales, with its time stamp and result C1-C5. The latest row of each
  customer IS ``customers.csv``'s ``risk_assessed_on`` and ``risk_tolerance``; the earlier
  rows are re-assessments (some customers' level changed).
* ``suitability_branches`` and ``suitability_managers``: Minghu Bank's 51 branches (as many
  per licensed district as ``districts.csv`` says) of very different sizes, a few opened in
  2024-2025, and their relationship managers (fictional ids, each in one branch).
* ``suitability_params``: the audit's conventions (assessment validity, the 65+ rule, the
  high-risk levels, the control-limit level, the test's family-wise error rate).

Planted process. The world already plants about 3% of investment holdings above the
customer's current tolerance (``customers.py``): those are this audit's level mis-sales,
except where the customer's level at the sale was higher (re-assessed down later); and a
few holdings within today's tolerance were sold while the customer's assessed level was
lower (re-assessed up later). A share of sales has no assessment before the purchase (the
questionnaire was filled in afterwards, 补录, often the same day) or only an expired one.
Sales are then credited to managers of a branch in the customer's district open at the
time, in proportion to the managers' activity, except that unsuitable sales go to three
planted managers with a planted odds ratio: two in one planted branch, one in the largest
branch of another district (diluted there, so that branch is not an outlier).

Every sale and every questionnaire lies in the customer's window (``history.timeline``):
not before the customer joined (for a customer older than the new-customer model, the first
account opened, from the tenure) and not after the last active day. The credit of the sales
is drawn again from the family's stream until the audit's methods (funnel plot, Holm) find
exactly the planted managers and branch, so the planted cases survive changes upstream.

Planted truths (``truth/suitability.json``): the planted managers and branch, their rates,
the base rate of the other managers, the counts of every violation type.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols, param_cols

CUTOFF = spec.AS_OF
#: products in the review: wealth management, funds, investment-type insurance
SALE_LINES = ("wealth_management", "fund")
SALE_INSURANCE = ("I02", "I03")
VALIDITY_DAYS = 365
ELDERLY_AGE = 65
HIGH_RISK_MIN = 4  # R4-R5
CONTROL_LEVEL = 0.998
HOLM_ALPHA = 0.05

#: planted shares of sales without an assessment before them / with only an expired one
P_NONE = 0.022
P_EXPIRED = 0.022
#: share of world mis-sale customers re-assessed down after the sale (suitable at the sale)
P_DOWNGRADED = 0.2
#: share of other customers (products above R1) re-assessed up after a sale above their
#: level at the time
P_UPGRADED = 0.018
#: odds ratio of an unsuitable sale being credited to each planted manager (the two of the
#: planted branch, then the one in the largest Huxin branch)
ODDS_RATIOS = (12.0, 12.0, 5.0)

#: the credit of the sales is drawn at most this many times (see ``_recovered``)
MAX_DRAWS = 200

STREETS = [("人民路", "Renmin Road"), ("中山路", "Zhongshan Road"), ("解放路", "Jiefang Road"),
           ("建设路", "Jianshe Road"), ("滨湖路", "Binhu Road"), ("文化路", "Wenhua Road"),
           ("新华路", "Xinhua Road"), ("学府路", "Xuefu Road"), ("和平路", "Heping Road"),
           ("长江路", "Changjiang Road"), ("光明路", "Guangming Road"), ("朝阳路", "Chaoyang Road"),
           ("青年路", "Qingnian Road"), ("春晖路", "Chunhui Road")]

PARAMS = [
    ("assessment_validity_days", float(VALIDITY_DAYS), "days",
     "《商业银行理财业务监督管理办法》 (CBIRC Order 2018 No. 6) and its annex 《商业银行理财产品销售管理要求》, "
     "which replaced the 2011 《商业银行理财产品销售管理办法》: a customer not assessed for more than a year is "
     "re-assessed before buying again (course convention: 365 days)",
     "An assessment is valid for a sale made at most this many days after it; older = expired"),
    ("elderly_age", float(ELDERLY_AGE), "years",
     "the 2018 Measures' sales annex: the assessment of a customer aged 65 or over takes account of age and "
     "investment experience; flagging these sales apart is Minghu Bank's own policy for WM and funds; for "
     "insurance sold through the bank (I02) 保监发〔2014〕3号 applies (policyholders over 65, or over 60 for "
     "regular premiums: guaranteed-benefit products in principle, the insurer's manual underwriting)",
     "Customers of this age or older at the sale (age at the cut-off minus the years since the sale) are "
     "flagged apart"),
    ("high_risk_min_level", float(HIGH_RISK_MIN), "risk level (R1-R5)",
     "Minghu Bank suitability policy (2025), stricter than the regulation: R4-R5 products (W05, W06, F02 and "
     "the investment-linked insurance I02) sold to a customer aged 65+ get a second review (复核) and a call-back; "
     "for I02 the insurer's manual underwriting under 保监发〔2014〕3号 comes first",
     "Product levels from this one up count as high-risk for the 65+ flag"),
    ("control_limit_level", CONTROL_LEVEL, "share (two-sided)",
     "Minghu Bank internal audit (funnel plot, exact binomial limits around the overall rate)",
     "Coverage of the funnel plot's control limits: 99.8% = 0.1% in each tail"),
    ("holm_alpha", HOLM_ALPHA, "family-wise error rate",
     "Minghu Bank internal audit", "Significance level of the Holm-adjusted one-sided binomial tests"),
]

SALES = Dataset(
    "suitability_sales",
    "Sales of investment products under review: customer, product, time, manager and branch",
    "One row per sale of a wealth-management product, a fund or an investment-type insurance policy "
    "(I02 investment-linked, I03 pension annuity) still on the book at 2025-12-31: the W*, F*, I02 and "
    "I03 holdings of holdings.csv (same customer_id and product_id; the sale day is opened_on). The "
    "protection-only policies I01 and I04 are outside the review. Each sale is credited to the "
    "relationship manager (客户经理) who made it, in a branch of the customer's district. Product risk "
    "levels are on the shelf (products.csv).",
    cols(
        ("sale_id", "str", "", "Sale identifier (in time order)"),
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("product_id", "str", "", "Product identifier (see products: risk_level R1-R5)"),
        ("sold_at", "date", "", "Time of the sale (day = the holding's opened_on; to the minute)"),
        ("balance", "float", "RMB", "Balance of the holding at 2025-12-31 (as in holdings)"),
        ("manager_id", "str", "", "Relationship manager credited with the sale (see suitability_managers)"),
        ("branch_id", "str", "", "Branch of the manager (see suitability_branches)"),
    ),
    scales=True,
)

ASSESSMENTS = Dataset(
    "suitability_assessments",
    "Risk-tolerance assessments of the customers in the sales",
    "Every risk-tolerance assessment (风险承受能力评估, the questionnaire) of the customers of "
    "suitability_sales, with the time it was completed and the result. The latest row of a customer "
    "is customers.csv's risk_assessed_on and risk_tolerance; earlier rows are re-assessments (a "
    "customer's level can change). Some questionnaires were completed only after the sale (补录).",
    cols(
        ("customer_id", "str", "", "Customer identifier"),
        ("assessed_at", "date", "", "Time the assessment was completed (to the minute)"),
        ("level", "str", "", "Result: C1 保守型, C2 稳健型, C3 平衡型, C4 成长型, C5 进取型"),
    ),
    scales=True,
)

BRANCHES = Dataset(
    "suitability_branches",
    "Minghu Bank branches",
    "Minghu Bank's branches (支行), as many per licensed district as districts.csv's bank_branches; "
    "fictional names after the street. Sizes differ widely; a few branches opened in 2024-2025.",
    cols(
        ("branch_id", "str", "", "Branch identifier"),
        ("branch", "str", "", "Branch name (English)"),
        ("branch_zh", "str", "", "Branch name in Chinese"),
        ("district", "str", "", "District (see districts)"),
        ("opened_on", "date", "", "Day the branch opened"),
    ),
)

MANAGERS = Dataset(
    "suitability_managers",
    "Relationship managers who sell investment products",
    "The relationship managers (客户经理, 理财经理) credited with sales in suitability_sales, each in "
    "one branch (fictional ids).",
    cols(
        ("manager_id", "str", "", "Relationship manager identifier"),
        ("branch_id", "str", "", "Branch (see suitability_branches)"),
    ),
)

PARAMS_DS = Dataset(
    "suitability_params",
    "Suitability-audit conventions",
    "The conventions of Minghu Bank's suitability audit (2025), with where each comes from.",
    param_cols(),
)

SCHEMAS = [SALES, ASSESSMENTS, BRANCHES, MANAGERS, PARAMS_DS]

_MIN = 1440  # minutes per day
_EPOCH = np.datetime64("1970-01-01T00:00", "m")


def _minutes(days: np.ndarray) -> np.ndarray:
    """Minutes since 1970 of midnight of the given datetime64[D] days."""
    return days.astype("datetime64[D]").astype(np.int64) * _MIN


def _hours(a: int, lo: int, hi: int) -> int:
    """The questionnaire time ``a`` (minutes) moved into branch hours (09:00-17:00): kept if it
    is inside them, else the same minute past the hour at 09:xx or 16:xx of its day, of the day
    before or of the day after, the first of these in [lo, hi) (a clamp to the customer's first
    day or to a sale no longer stamps 00:00 or the small hours)."""
    a = int(a)
    d, m = divmod(a, _MIN)
    if 540 <= m < 1020 and lo <= a < hi:
        return a
    mm = m % 60
    for x in (d * _MIN + (540 if m < 540 else 960) + mm, d * _MIN + 540, (d - 1) * _MIN + 960 + mm,
              (d + 1) * _MIN + 540 + mm):
        if lo <= x < hi:
            return x
    return min(max(a, lo), hi - 1)


def _stamp(minutes: np.ndarray) -> pd.Categorical:
    """Minutes since 1970 as a categorical of 'YYYY-MM-DD HH:MM' strings."""
    uniques, codes = np.unique(np.asarray(minutes, dtype=np.int64), return_inverse=True)
    text = (uniques.astype("datetime64[m]")).astype(str)
    return pd.Categorical.from_codes(codes.reshape(-1), categories=np.char.replace(text, "T", " "))


def _branches(rng, frames: dict):
    """The branch table, each branch's weight within its district and its managers."""
    d = frames["districts"]
    d = d[d["licensed"].astype(bool)]
    rows, weights, n_mgr = [], [], []
    k = 0
    for j, r in enumerate(d.itertuples(index=False)):
        n = int(r.bank_branches)
        w = 1.0 / np.arange(1, n + 1) ** 1.1
        opened = [f"{2005 + (3 * i + j) % 12}-{1 + (5 * i + j) % 12:02d}-{1 + (7 * i) % 27:02d}" for i in range(n)]
        if n >= 6:  # the district's newest, smallest branch
            w[-1] *= 0.5
            opened[-1] = f"{2024 + j % 2}-{3 + 2 * j:02d}-18"
        for i in range(n):
            zh, en = STREETS[(i + 3 * j) % len(STREETS)]
            k += 1
            rows.append((f"B{k:02d}", f"{r.district} {en} Sub-branch", f"明湖银行{str(r.district_zh)[:-1]}{zh}支行",
                         str(r.district), opened[i]))
        weights.append(w / w.sum())
        n_mgr.append(np.clip(np.ceil(6 * w / w.max()), 1, 5).astype(int))
    b = pd.DataFrame(rows, columns=BRANCHES.column_names)
    return b, np.concatenate(weights), np.concatenate(n_mgr)


def _recovered(pick, m_branch, unsuitable, bad, bad_branch: int, big: int) -> bool:
    """Whether the audit's methods find exactly the planted cases in this credit of the sales:
    the funnel plot (exact limits around the overall rate) flags the planted managers and the
    planted branch and no others (the diluted branch stays inside its limits), the Holm-adjusted
    tests flag the same managers while unadjusted tests flag more, each planted manager's rate
    is at least three times the others' rate, and a small book tops the league table."""
    from scipy import stats
    from statsmodels.stats.multitest import multipletests

    from finmkt.methods.suitability import funnel_limits

    p = float(unsuitable.mean())
    m_n = np.bincount(pick, minlength=len(m_branch))
    m_k = np.bincount(pick, weights=unsuitable, minlength=len(m_branch))
    act = m_n > 0
    ids = np.flatnonzero(act)
    n_, k_ = m_n[act], m_k[act]
    over = set(ids[k_ / n_ > funnel_limits(n_, p, CONTROL_LEVEL)["upper"].to_numpy()])
    if over != set(bad.tolist()):
        return False
    b = m_branch[pick]
    b_n = np.bincount(b)
    b_k = np.bincount(b, weights=unsuitable)
    b_act = np.flatnonzero(b_n > 0)
    b_over = set(b_act[b_k[b_act] / b_n[b_act] > funnel_limits(b_n[b_act], p, CONTROL_LEVEL)["upper"].to_numpy()])
    if b_over != {bad_branch} or big in b_over:
        return False
    pv = stats.binom.sf(k_ - 1, n_, p)
    holm = set(ids[multipletests(pv, alpha=HOLM_ALPHA, method="holm")[0]])
    if holm != set(bad.tolist()) or (pv < 0.05).sum() <= len(holm):
        return False
    planted = np.isin(pick, bad)
    base = float(unsuitable[~planted].mean())
    rates = k_ / n_
    worst = min(rates[ids == m][0] for m in bad)
    return worst >= 3 * base and bool(((n_ < 10) & (rates > worst)).any())


def _window(frames: dict, c: pd.DataFrame, crow: np.ndarray, day: np.ndarray, latest_day: np.ndarray):
    """Per customer of ``c``: the first and the last day (datetime64[D]) on which the customer can
    act. A customer of the new-customer model (``history.timeline``) joined on ``joined`` and was
    last active on ``last_active``; an older customer opened the first account ``tenure_years``
    before the cut-off (rounded to 0.1 year, so never after the customer's first sale or latest
    assessment) and is active to the cut-off."""
    from finmkt.data.history import timeline

    ids = c["customer_id"].astype(str).to_numpy()
    cut = np.datetime64(CUTOFF.date(), "D")
    first = cut - np.round(c["tenure_years"].to_numpy(float) * 365.25).astype("timedelta64[D]")
    first = np.minimum(first, latest_day)
    first_sale = np.full(len(ids), cut)
    np.minimum.at(first_sale, crow, day)
    first = np.minimum(first, first_sale)
    last = np.full(len(ids), cut)
    tl = timeline(frames)
    pos = tl.index.get_indexer(ids)
    inm = pos >= 0
    first[inm] = tl["joined"].to_numpy()[pos[inm]].astype("datetime64[D]")
    last[inm] = tl["last_active"].to_numpy()[pos[inm]].astype("datetime64[D]")
    return first, last


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    products = frames["products"].astype({"product_id": str})
    prod = products.set_index("product_id")
    line = prod["line"].astype(str)
    scope = [p for p in prod.index if line[p] in SALE_LINES or p in SALE_INSURANCE]
    level_r = prod.loc[scope, "risk_level"].astype(str).str[1:].astype(int)

    h = frames["holdings"]
    pid = h["product_id"].astype(str).to_numpy()
    keep = np.isin(pid, scope)
    cust_ids = h["customer_id"].astype(str).to_numpy()[keep]
    pid = pid[keep]
    day = pd.to_datetime(h["opened_on"].astype(str).to_numpy()[keep]).to_numpy().astype("datetime64[D]")
    balance = h["balance"].to_numpy(float)[keep]
    n = len(pid)
    t_sale = _minutes(day) + 541 + rng.integers(0, 479, n)  # 09:01-17:00 (room for a questionnaire at 09:00)

    c = frames["customers"]
    cid = c["customer_id"].astype(str).to_numpy()
    crow = pd.Index(cid).get_indexer(cust_ids)
    c_level = c["risk_tolerance"].astype(str).str[1:].astype(int).to_numpy()[crow]
    latest_day = pd.to_datetime(c["risk_assessed_on"].astype(str).to_numpy()).to_numpy().astype("datetime64[D]")
    r_level = level_r.reindex(pid).to_numpy()

    # --- each customer's window (history.timeline): nothing before the first account opened
    # (the day a customer of the new-customer model joined; for an older customer the tenure,
    # never after a sale or the latest assessment) and nothing after the last active day
    first_day, last_day = _window(frames, c, crow, day, latest_day)
    lo_min = _minutes(first_day)
    hi_min = _minutes(last_day) + _MIN - 1

    # --- the assessment history, customer by customer -----------------------------------
    order = np.lexsort((t_sale, crow))
    u_intent = rng.random(n)
    a_cust, a_time, a_before_latest = [], [], []
    starts = np.flatnonzero(np.r_[True, crow[order][1:] != crow[order][:-1]])
    ends = np.r_[starts[1:], n]
    lat_min = rng.integers(540, 1020, len(cid))  # time of day of the latest assessment
    u = rng.random((n, 4))
    for s0, s1 in zip(starts, ends, strict=True):
        idx = order[s0:s1]
        r = crow[idx[0]]
        L = int(_minutes(latest_day[r:r + 1])[0] + lat_min[r])
        lo_c, hi_c = int(lo_min[r]), int(hi_min[r])
        times = t_sale[idx].copy()
        times = np.maximum.accumulate(times + np.arange(len(times)))  # distinct, in order
        times[times == L] += 1
        t_sale[idx] = times
        added = []
        prev = -(1 << 60)
        for k, (i, t) in enumerate(zip(idx, times, strict=True)):
            t = int(t)
            if t > L:  # after the latest assessment: its status follows from it
                prev = t
                continue
            before = [a for a in added if a < t] + ([L] if L < t else [])
            last = max(before) if before else None
            x = u_intent[i]
            if x < P_NONE and k == 0 and last is None:
                if u[i, 0] < 0.6:  # questionnaire completed after the sale (补录), same day
                    a = t + 10 + int(u[i, 1] * 170)
                else:
                    a = t + _MIN * (1 + int(u[i, 1] * 40))
                nxt = int(times[k + 1]) if k + 1 < len(times) else L
                if a < min(nxt, L, hi_c):
                    added.append(_hours(a, t + 1, min(nxt, L, hi_c)))
            elif P_NONE <= x < P_NONE + P_EXPIRED and (last is None or t - last > VALIDITY_DAYS * _MIN):
                if last is None:
                    lo, hi = max(prev + 1, t - 900 * _MIN, lo_c), t - (VALIDITY_DAYS + 2) * _MIN
                    if lo < hi:
                        added.append(_hours(lo + int(u[i, 1] * (hi - lo)), lo, hi))
                    else:  # a customer too new for an expired assessment: one just before the sale
                        a = max(prev + 1, t - 30 - int(u[i, 1] * 300), lo_c)
                        added.append(_hours(a, max(prev + 1, lo_c), t) if a < t else a)
            elif last is None or t - last > (VALIDITY_DAYS - 5) * _MIN:
                if u[i, 2] < 0.35:  # at the counter, just before the purchase
                    a = t - 5 - int(u[i, 3] * 55)
                else:
                    a = t - _MIN * (1 + int(u[i, 3] * 330)) - int(u[i, 1] * 480)
                a = max(a, prev + 1, lo_c)
                added.append(_hours(a, max(prev + 1, lo_c), t) if a < t else t - 1)
            prev = t
        # an earlier re-assessment or two between the last sale and the latest
        last_sale = max(prev, max(added) if added else prev)
        if L - last_sale > 400 * _MIN and u[idx[0], 0] < 0.5:
            a = L - _MIN * (300 + int(u[idx[0], 1] * (L - last_sale) / _MIN / 3))
            if a >= lo_c:
                added.append(_hours(a, max(last_sale + 1, lo_c), L))
        ts = sorted(set(added)) + [L]
        a_cust.extend([r] * len(ts))
        a_time.extend(ts)
        a_before_latest.extend([1] * (len(ts) - 1) + [0])
    a_cust, a_time, a_prev = np.array(a_cust), np.array(a_time, dtype=np.int64), np.array(a_before_latest, bool)

    # --- levels: the latest = customers.csv; earlier rows a customer-level previous level --
    world_mis = r_level > c_level
    cur = c["risk_tolerance"].astype(str).str[1:].astype(int).to_numpy()
    n_c = len(cid)
    mis_max = np.zeros(n_c, dtype=int)
    np.maximum.at(mis_max, crow[world_mis], r_level[world_mis])
    r_max = np.zeros(n_c, dtype=int)
    np.maximum.at(r_max, crow, r_level)
    r_min_mis = np.full(n_c, 9)
    np.minimum.at(r_min_mis, crow[world_mis], r_level[world_mis])
    uc = rng.random((n_c, 3))
    prev_level = cur.copy()
    has_mis = mis_max > 0
    down = has_mis & (uc[:, 0] < P_DOWNGRADED)
    prev_level[down] = mis_max[down]
    drift_mis = has_mis & ~down & (uc[:, 1] < 0.2) & (cur > 1)
    prev_level[drift_mis] = cur[drift_mis] - 1
    up = ~has_mis & (r_max >= 2) & (uc[:, 0] < P_UPGRADED)
    prev_level[up] = r_max[up] - 1
    drift = ~has_mis & ~up & (uc[:, 1] < 0.25)
    go_up = drift & (uc[:, 2] < 0.5) & (cur < 5)
    go_down = drift & (uc[:, 2] >= 0.5) & (cur - 1 >= np.maximum(r_max, 1))
    prev_level[go_up] = cur[go_up] + 1
    prev_level[go_down] = cur[go_down] - 1
    a_level = np.where(a_prev, prev_level[a_cust], cur[a_cust])

    # --- the truth of every sale: the latest assessment strictly before it ----------------
    key_a = a_cust.astype(np.int64) * (1 << 40) + a_time
    key_s = crow.astype(np.int64) * (1 << 40) + t_sale
    sort_a = np.argsort(key_a, kind="stable")
    pos = np.searchsorted(key_a[sort_a], key_s, side="left") - 1
    ok_pos = pos >= 0
    hit = np.where(ok_pos, sort_a[np.maximum(pos, 0)], 0)
    has_before = ok_pos & (a_cust[hit] == crow)
    gap = np.where(has_before, t_sale - a_time[hit], -1)
    lvl_at_sale = np.where(has_before, a_level[hit], 0)
    none = ~has_before
    expired = has_before & (gap > VALIDITY_DAYS * _MIN)
    above = has_before & (r_level > lvl_at_sale)
    unsuitable = none | expired | above
    # --- branches, managers and the credit of each sale ----------------------------------
    branches, b_w, b_nm = _branches(rng, frames)
    b_dist = branches["district"].to_numpy()
    m_branch = np.repeat(np.arange(len(branches)), b_nm)
    m_share = rng.gamma(4.0, 1.0, len(m_branch))
    m_share /= np.bincount(m_branch, m_share)[m_branch]
    # planted: the branch ranked 2 in Dongcheng (2 of its managers) and the largest Huxin branch
    rank = branches.groupby("district").cumcount().to_numpy()
    bad_branch = int(np.flatnonzero((b_dist == "Dongcheng") & (rank == 1))[0])
    big = int(np.flatnonzero((b_dist == "Huxin") & (rank == 0))[0])
    for b in (bad_branch, big):  # managers of the planted branches in order of activity
        idx = np.flatnonzero(m_branch == b)
        m_share[idx] = np.sort(m_share[idx])[::-1]
    two = np.flatnonzero(m_branch == bad_branch)[:2]
    m_share[two] = m_share[two].mean()  # the planted pair: equally active
    m_w = b_w[m_branch] * m_share
    bad = np.r_[np.flatnonzero(m_branch == bad_branch)[:2], np.flatnonzero(m_branch == big)[1:2]]
    m_open = pd.to_datetime(branches["opened_on"]).to_numpy().astype("datetime64[D]")[m_branch]
    s_dist = c["district"].astype(str).to_numpy()[crow]
    elig = (s_dist[:, None] == b_dist[m_branch][None, :]) & (m_open[None, :] <= day[:, None])
    w = elig * m_w[None, :]
    boost = np.ones(len(m_branch))
    boost[bad] = ODDS_RATIOS
    w = np.where(unsuitable[:, None], w * boost[None, :], w)
    cum = np.cumsum(w, axis=1)
    # the credit is drawn again (same stream) until the audit's methods find exactly what was
    # planted, so the planted cases survive upstream changes to the customers and their dates
    # (another seed or scale keeps the last draw; truth() reports what its tables hold)
    for _ in range(MAX_DRAWS):
        pick = np.minimum((rng.random(n)[:, None] * cum[:, -1:] > cum).sum(axis=1), len(m_branch) - 1)
        if _recovered(pick, m_branch, unsuitable, bad, bad_branch, big):
            break
    used = np.unique(pick)
    m_ids = np.array([f"RM{i + 1:03d}" for i in range(len(m_branch))])

    # --- tables --------------------------------------------------------------------------
    so = np.lexsort((crow, t_sale))
    sales = pd.DataFrame({
        "sale_id": [f"S{i + 1:06d}" for i in range(n)],
        "customer_id": pd.Categorical.from_codes(crow[so], categories=pd.Index(cid)),
        "product_id": pd.Categorical(pid[so], categories=sorted(scope)),
        "sold_at": _stamp(t_sale[so]),
        "balance": balance[so],
        "manager_id": pd.Categorical.from_codes(pick[so], categories=pd.Index(m_ids)),
        "branch_id": pd.Categorical.from_codes(m_branch[pick[so]], categories=pd.Index(branches["branch_id"])),
    })
    ao = np.lexsort((a_time, a_cust))
    assessments = pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(a_cust[ao], categories=pd.Index(cid)),
        "assessed_at": _stamp(a_time[ao]),
        "level": pd.Categorical.from_codes(a_level[ao] - 1, categories=[f"C{k}" for k in range(1, 6)]),
    })
    managers = pd.DataFrame({"manager_id": m_ids, "branch_id": branches["branch_id"].to_numpy()[m_branch]})
    managers = managers[np.isin(np.arange(len(m_ids)), used)].reset_index(drop=True)
    return {"suitability_sales": sales, "suitability_assessments": assessments, "suitability_branches": branches,
            "suitability_managers": managers,
            "suitability_params": pd.DataFrame(PARAMS, columns=PARAMS_DS.column_names)}


def planted(frames: dict) -> dict:
    """The planted managers and branches (identified in the tables by their rank)."""
    b, m = frames["suitability_branches"], frames["suitability_managers"]
    rank = b.groupby(b["district"].astype(str)).cumcount()
    bad_b = str(b.loc[(b["district"].astype(str) == "Dongcheng") & (rank == 1), "branch_id"].iloc[0])
    big_b = str(b.loc[(b["district"].astype(str) == "Huxin") & (rank == 0), "branch_id"].iloc[0])
    mb = m["branch_id"].astype(str)
    mids = m["manager_id"].astype(str)
    return {"managers": [*mids[mb == bad_b].iloc[:2], mids[mb == big_b].iloc[1]], "branch": bad_b,
            "diluted_branch": big_b}


def truth(frames: dict) -> dict:
    """The planted answers: managers and branch, their rates, the base rate, violation counts."""
    from finmkt.methods.suitability import sale_flags

    f = sale_flags(frames["suitability_sales"], frames["suitability_assessments"], frames["products"],
                   frames["customers"], CUTOFF, validity_days=VALIDITY_DAYS, elderly_age=ELDERLY_AGE,
                   high_risk_min=HIGH_RISK_MIN)
    planted_ = planted(frames)
    f["bad"] = f["manager"].isin(planted_["managers"])
    by_m = f.groupby("manager")["unsuitable"].agg(["size", "sum"])
    by_b = f.groupby("branch")["unsuitable"].agg(["size", "sum"])
    bad = f["bad"].to_numpy()
    return {
        "params": {r[0]: r[1] for r in PARAMS},
        "planted_managers": planted_["managers"],
        "planted_branch": planted_["branch"],
        "diluted_branch": planted_["diluted_branch"],
        "odds_ratios": dict(zip(planted_["managers"], ODDS_RATIOS, strict=True)),
        "manager_rates": {m: {"sales": int(by_m.loc[m, "size"]), "unsuitable": int(by_m.loc[m, "sum"]),
                              "rate": float(by_m.loc[m, "sum"] / by_m.loc[m, "size"])} for m in planted_["managers"]},
        "branch_rate": {"sales": int(by_b.loc[planted_["branch"], "size"]),
                        "unsuitable": int(by_b.loc[planted_["branch"], "sum"]),
                        "rate": float(by_b.loc[planted_["branch"], "sum"] / by_b.loc[planted_["branch"], "size"])},
        "base_rate": float(f.loc[~bad, "unsuitable"].mean()),
        "overall_rate": float(f["unsuitable"].mean()),
        "counts": {
            "sales": len(f),
            "no_assessment_before": int(f["none"].sum()),
            "expired_assessment": int(f["expired"].sum()),
            "above_level_at_sale": int(f["above"].sum()),
            "unsuitable": int(f["unsuitable"].sum()),
            "elderly_high_risk": int(f["elderly_high_risk"].sum()),
            "above_current_level": int(f["world_mis"].sum()),
            "above_current_not_at_sale": int((f["world_mis"] & ~f["above"]).sum()),
            "above_at_sale_not_current": int((f["above"] & ~f["world_mis"]).sum()),
            "customers_to_recontact_planted": int(f.loc[f["bad"] & f["unsuitable"], "customer_id"].nunique()),
        },
    }
