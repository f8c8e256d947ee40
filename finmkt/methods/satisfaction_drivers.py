"""Satisfaction and NPS drivers (lesson 05_customer_operations/02_satisfaction_drivers).

The conventions of the lesson, once, as plain functions over explicit tables:

* **NPS** (net promoter score, 净推荐值): on the 0-10 likelihood-to-recommend question,
  promoters answer 9-10, passives 7-8, detractors 0-6; NPS = 100 x (share of promoters -
  share of detractors), in points from -100 to 100. Its standard error treats each answer as
  +1 (promoter), 0 (passive) or -1 (detractor): Var = (p_P + p_D - (p_P - p_D)^2) / n, and the
  interval is the Wald interval NPS +/- z x 100 x SE. With weights (post-stratification, one
  weight per respondent) the shares are weighted and n is Kish's effective sample size
  (sum w)^2 / sum w^2.
* **Non-response weights**: a respondent's weight is the number of invited customers of the
  respondent's cell divided by the number of respondents of that cell (cells: the columns the
  response rate depends on, here age band x invitation channel).
* **Key-driver analysis** (关键驱动因素分析): ordinary least squares of the recommend score on
  the attribute ratings (the raw coefficients), and the relative importance of each driver as
  its Shapley share of R^2 (LMG: the average over all orders of the R^2 a driver adds when it
  enters), normalised to sum to 1; Johnson's relative weights as a fast approximation. With
  correlated drivers the two rankings disagree: a coefficient is the payoff of one rating point
  (read it with a bootstrap interval), a share says where the explained variance sits, and a
  driver correlated with a strong one borrows share from it (branch waiting from the RM).
* **Themes of verbatim comments** (开放题主题): a comment is segmented with jieba, the theme
  lexicon's keywords added to its dictionary first (a domain dictionary, 自定义词典, so that
  手机银行 or 客户经理 stay one word); the comment mentions a theme when one of its tokens is a
  keyword of that theme (multi-label: a comment can mention several).
* **Complaint handling at the survey** (服务补救): lesson 3's rules (its own deadline, calendar days,
  not upheld or late = bad) applied on the invitation day to the customer's latest complaint of the
  12 months before it (:func:`handling_status`).
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
from scipy import stats

#: NPS answer classes on the 0-10 scale.
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def nps_classes(scores) -> pd.Series:
    """+1 for a promoter (9-10), 0 for a passive (7-8), -1 for a detractor (0-6); missing stays missing."""
    s = pd.Series(scores, dtype=float)
    out = pd.Series(np.where(s >= PROMOTER_MIN, 1.0, np.where(s <= DETRACTOR_MAX, -1.0, 0.0)), index=s.index)
    return out.where(s.notna())


def nps(scores, weights=None) -> float:
    """NPS in points (-100..100): 100 x (share of promoters - share of detractors), answers
    missing left out; ``weights`` (one per answer) weight the shares."""
    c = nps_classes(scores)
    w = pd.Series(1.0 if weights is None else np.asarray(weights, dtype=float), index=c.index)
    ok = c.notna()
    return float(100 * (c[ok] * w[ok]).sum() / w[ok].sum())


def nps_interval(scores, weights=None, level: float = 0.95) -> dict:
    """NPS with its Wald interval: keys nps, se (points), low, high, n (answers) and n_eff (Kish's
    effective sample size; = n without weights). SE = 100 x sqrt((p_P + p_D - (p_P - p_D)^2) / n_eff)."""
    c = nps_classes(scores)
    ok = c.notna()
    c = c[ok]
    w = np.ones(len(c)) if weights is None else np.asarray(weights, dtype=float)[ok.to_numpy()]
    w = w / w.sum()
    p_p, p_d = float(w[c.to_numpy() == 1].sum()), float(w[c.to_numpy() == -1].sum())
    n_eff = 1.0 / float((w ** 2).sum())
    se = 100 * np.sqrt(max(p_p + p_d - (p_p - p_d) ** 2, 0.0) / n_eff)
    z = stats.norm.ppf(0.5 + level / 2)
    value = 100 * (p_p - p_d)
    return {"nps": value, "se": float(se), "low": value - z * se, "high": value + z * se, "n": int(ok.sum()),
            "n_eff": n_eff}


def response_weights(invited: pd.DataFrame, cells: list[str], responded: str = "responded") -> pd.Series:
    """Non-response weight of every invited customer (0 for a non-respondent): invited in the cell
    / respondents in the cell. ``invited`` has one row per invitation, the ``cells`` columns and a
    0/1 ``responded`` column. A cell without respondents gives no weight (its customers are lost)."""
    g = invited.groupby(cells, observed=True)[responded]
    n_inv = g.transform("size").astype(float)
    n_resp = g.transform("sum").astype(float)
    w = np.where(invited[responded].to_numpy() == 1, n_inv / n_resp.where(n_resp > 0), 0.0)
    return pd.Series(w, index=invited.index, name="weight")


def ols_coefficients(df: pd.DataFrame, y: str, drivers: list[str]) -> pd.Series:
    """Raw OLS coefficients of ``y`` on the drivers (intercept fitted, not returned), on the rows
    where all are present."""
    d = df[[y, *drivers]].dropna()
    X = np.column_stack([np.ones(len(d)), d[drivers].to_numpy(float)])
    beta, *_ = np.linalg.lstsq(X, d[y].to_numpy(float), rcond=None)
    return pd.Series(beta[1:], index=drivers, name="coefficient")


def r2_from_cov(cov: np.ndarray, subset: tuple[int, ...]) -> float:
    """R^2 of the last variable of ``cov`` (the outcome) on the variables ``subset`` (indices),
    from a covariance matrix: c_S' Sigma_SS^-1 c_S / var(y)."""
    if not subset:
        return 0.0
    idx = list(subset)
    c = cov[idx, -1]
    return float(c @ np.linalg.solve(cov[np.ix_(idx, idx)], c) / cov[-1, -1])


def shapley_r2_from_cov(cov: np.ndarray) -> np.ndarray:
    """Shapley (LMG) decomposition of the R^2 of the outcome (last variable of ``cov``) on all the
    others: each driver's average increase in R^2 over all orders of entry (2^p subsets).
    Returns the p contributions (they sum to the full R^2)."""
    p = cov.shape[0] - 1
    r2 = {s: r2_from_cov(cov, s) for k in range(p + 1) for s in combinations(range(p), k)}
    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for k in range(p):
            weight = factorial(k) * factorial(p - k - 1) / factorial(p)
            for s in combinations(others, k):
                with_j = tuple(sorted((*s, j)))
                out[j] += weight * (r2[with_j] - r2[s])
    return out


def shapley_importance(df: pd.DataFrame, y: str, drivers: list[str]) -> pd.DataFrame:
    """Relative importance of each driver (LMG / Shapley share of R^2) on the rows where all are
    present: columns r2_contribution (sums to the model's R^2) and share (sums to 1), sorted
    from the most important."""
    d = df[[*drivers, y]].dropna().to_numpy(float)
    contrib = shapley_r2_from_cov(np.cov(d, rowvar=False))
    out = pd.DataFrame({"r2_contribution": contrib, "share": contrib / contrib.sum()}, index=drivers)
    return out.sort_values("share", ascending=False)


def relative_weights(df: pd.DataFrame, y: str, drivers: list[str]) -> pd.Series:
    """Johnson's (2000) relative weights, as shares of R^2 (sum to 1): the drivers' correlation
    matrix R = V diag(e) V', Lambda = V diag(sqrt e) V', beta* = Lambda^-1 r_xy, weight_j =
    sum_k Lambda_jk^2 beta*_k^2."""
    d = df[[*drivers, y]].dropna()
    corr = np.corrcoef(d.to_numpy(float), rowvar=False)
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    e, v = np.linalg.eigh(rxx)
    lam = v @ np.diag(np.sqrt(np.clip(e, 0, None))) @ v.T
    b = np.linalg.solve(lam, rxy)
    raw = (lam ** 2) @ (b ** 2)
    return pd.Series(raw / raw.sum(), index=drivers, name="relative_weight")


def tokenize(texts, keywords=()) -> list[list[str]]:
    """jieba's tokens of each text (accurate mode), the ``keywords`` added to its dictionary first."""
    import jieba

    jieba.setLogLevel(60)
    for k in keywords:
        jieba.add_word(str(k))
    return [jieba.lcut(str(t)) for t in texts]


def theme_flags(comments, lexicon: pd.DataFrame) -> pd.DataFrame:
    """One row per comment, one 0/1 column per theme of ``lexicon`` (columns theme, keyword): 1 when
    a jieba token of the comment (lexicon keywords added to the dictionary) is a keyword of the
    theme. Empty comments have no theme."""
    themes = list(dict.fromkeys(lexicon["theme"].astype(str)))
    by_word: dict[str, set[str]] = {}
    for t, k in zip(lexicon["theme"].astype(str), lexicon["keyword"].astype(str), strict=True):
        by_word.setdefault(k, set()).add(t)
    tokens = tokenize(comments, by_word)
    rows = []
    for toks in tokens:
        hit = set().union(*(by_word.get(w, set()) for w in toks)) if toks else set()
        rows.append([int(t in hit) for t in themes])
    index = comments.index if isinstance(comments, pd.Series) else None
    return pd.DataFrame(rows, columns=themes, index=index)


def theme_counts(comments, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Comments mentioning each theme (count and share of the non-empty comments), most mentioned first."""
    s = pd.Series(comments).fillna("").astype(str)
    s = s[s.str.strip() != ""]
    f = theme_flags(s, lexicon)
    return pd.DataFrame({"comments": f.sum(), "share": f.mean()}).sort_values("comments", ascending=False)


def handling_status(respondents: pd.DataFrame, complaints: pd.DataFrame) -> pd.Series:
    """How each customer's complaint had been handled when the survey invited them, with the rules of
    lesson 3 (complaint handling) applied on the invitation day: the latest complaint received on a day
    from ``invited_on`` - 365 days to the day before ``invited_on``; days = (its resolution day, or the
    invitation day if it was not decided before it) - its receipt day, in calendar days; ``bad`` when
    days > its ``extended_to_days`` (late, decided or not) or decided ``not_upheld``, ``good`` when
    decided in time and upheld or partly upheld, ``pending`` when open within its deadline, ``none``
    without a complaint in the window. ``respondents`` has ``customer_id`` and ``invited_on``; the
    result has its index."""
    r = respondents[["customer_id", "invited_on"]].reset_index(drop=True).reset_index(names="_row")
    q = complaints.merge(r, on="customer_id")
    rec = pd.to_datetime(q["received_at"]).dt.normalize()
    inv = pd.to_datetime(q["invited_on"]).dt.normalize()
    q = q[(rec >= inv - pd.Timedelta(days=365)) & (rec < inv)]
    q = q.sort_values(["received_at", "complaint_id"] if "complaint_id" in q else "received_at").groupby("_row").tail(1)
    rec, inv = pd.to_datetime(q["received_at"]).dt.normalize(), pd.to_datetime(q["invited_on"]).dt.normalize()
    res = pd.to_datetime(q["resolved_at"]).dt.normalize()
    decided = res.notna() & (res < inv)
    days = (res.where(decided, inv) - rec).dt.days
    bad = (days > q["extended_to_days"]) | (decided & (q["outcome"].astype(str) == "not_upheld"))
    label = np.where(bad, "bad", np.where(decided, "good", "pending"))
    out = np.full(len(r), "none", dtype=object)
    out[q["_row"].to_numpy()] = label
    return pd.Series(out, index=respondents.index, name="handling_status")
