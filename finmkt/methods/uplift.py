"""Cross-sell by uplift (lesson 05_customer_operations/04_uplift): who to target in a campaign.

The conventions:

* **Eligible** (:func:`eligible`): a customer may be offered the product only when active (not
  dormant), not yet holding its line, with a marketing consent for the channel valid on the
  campaign day and the separate consent to personalised marketing (PI-01, PI-02: targeting by a
  model uses account data), and a risk level at or above the product's from an assessment that
  is still valid on the last day of the response window (SUIT-01: R <= C, no expired assessment).
* **Uplift** = P(buy | offered) − P(buy | not offered), estimated on a randomised test by the
  difference in conversion rates (by group, :func:`uplift_by_group`), by the **two-model** method
  (a classifier per arm, uplift = the difference of their probabilities) and by the **class
  transformation** (Jaskowski and Jaroszewicz 2012: Z = 1 for treated buyers and untreated
  non-buyers; uplift = 2 P(Z = 1 | x) − 1, with the arms weighted equally when the split is not
  50/50).
* **Qini curve** (Radcliffe 2007, as scikit-uplift's ``qini_curve``): customers sorted by score,
  highest first, ties kept together; at the first k customers Q(k) = Y_T(k) − Y_C(k) N_T(k) /
  N_C(k) (incremental buyers). **Qini area** (:func:`qini_area`): the area between the curve and
  the random-targeting line from (0, 0) to (n, Q(n)), with both axes divided by n (share
  targeted, incremental buyers per customer), trapezoids.
* **Profit of targeting a customer** (:func:`expected_profit`): uplift x value of a conversion −
  P(buy | offered) x the incentive paid to every offered buyer − the cost of a contact. A response
  model (P(buy | offered)) picks the "sure things", who cost the incentive and add nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RANDOM_STATE = 42


# --- who may be targeted -----------------------------------------------------------------

def _valid(consents: pd.DataFrame, ids, channel: str, purpose: str, day) -> np.ndarray:
    c = consents[(consents["channel"].astype(str) == channel) & (consents["purpose"].astype(str) == purpose)]
    day = pd.Timestamp(day)
    granted = pd.to_datetime(c["granted_on"])
    withdrawn = pd.to_datetime(c["withdrawn_on"])
    ok = (granted <= day) & (withdrawn.isna() | (withdrawn > day))
    return pd.Index(np.asarray(ids, dtype=str)).isin(set(c.loc[ok.to_numpy(), "customer_id"].astype(str)))


def eligible(customers: pd.DataFrame, consents: pd.DataFrame, campaign_day, window_end, product_level: int,
             line_flag: str, channel: str = "sms", validity_days: int = 365) -> pd.Series:
    """True for each customer (index: customer_id, in the order of ``customers``) who may be
    offered the product: ``dormant`` 0, ``line_flag`` 0, a marketing consent for ``channel`` and
    the personalised consent (channel ``all``) valid on ``campaign_day`` (granted on or before it,
    not withdrawn on or before it), risk level (``risk_tolerance`` Cn) >= ``product_level`` and
    the latest assessment (``risk_assessed_on``) at most ``validity_days`` days before
    ``window_end``."""
    ids = customers["customer_id"].astype(str).to_numpy()
    level = customers["risk_tolerance"].astype(str).str[1:].astype(int).to_numpy()
    assessed = pd.to_datetime(customers["risk_assessed_on"])
    fresh = ((pd.Timestamp(window_end) - assessed).dt.days <= validity_days).to_numpy()
    ok = ((customers["dormant"].to_numpy() == 0) & (customers[line_flag].to_numpy() == 0)
          & _valid(consents, ids, channel, "marketing", campaign_day)
          & _valid(consents, ids, "all", "personalised", campaign_day)
          & (level >= product_level) & fresh)
    return pd.Series(ok, index=pd.Index(ids, name="customer_id"))


# --- uplift --------------------------------------------------------------------------------

def uplift_by_group(df: pd.DataFrame, by, treatment: str = "treated", outcome: str = "converted") -> pd.DataFrame:
    """Per group: customers and conversion rate of each arm, uplift = rate treated − rate control,
    its standard error sqrt(p1 q1 / n1 + p0 q0 / n0) (unpooled) and the 95% Wald interval."""
    g = df.groupby(by, observed=True)
    t = df[treatment].astype(int)
    y = df[outcome].astype(float)
    n1 = t.groupby([df[b] for b in np.atleast_1d(by)], observed=True).sum()
    n = g.size()
    n0 = n - n1
    y1 = (y * t).groupby([df[b] for b in np.atleast_1d(by)], observed=True).sum()
    y0 = (y * (1 - t)).groupby([df[b] for b in np.atleast_1d(by)], observed=True).sum()
    p1, p0 = y1 / n1, y0 / n0
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    out = pd.DataFrame({"n_treated": n1, "n_control": n0, "rate_treated": p1, "rate_control": p0,
                        "uplift": p1 - p0, "se": se})
    out["lower"] = out["uplift"] - 1.959963984540054 * se
    out["upper"] = out["uplift"] + 1.959963984540054 * se
    return out


def _classifier():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def two_model_uplift(X, y, treated, X_score=None) -> np.ndarray:
    """Two-model (T-learner) uplift: a standardised logistic regression fitted on each arm,
    uplift = P(buy | x, treated model) − P(buy | x, control model) on ``X_score`` (default X)."""
    X, y, t = np.asarray(X, dtype=float), np.asarray(y).astype(int), np.asarray(treated).astype(bool)
    Xs = X if X_score is None else np.asarray(X_score, dtype=float)
    m1 = _classifier().fit(X[t], y[t])
    m0 = _classifier().fit(X[~t], y[~t])
    return m1.predict_proba(Xs)[:, 1] - m0.predict_proba(Xs)[:, 1]


def response_model(X, y, treated, X_score=None) -> np.ndarray:
    """The response model a campaign team would build first: P(buy | x) among the treated."""
    X, y, t = np.asarray(X, dtype=float), np.asarray(y).astype(int), np.asarray(treated).astype(bool)
    Xs = X if X_score is None else np.asarray(X_score, dtype=float)
    return _classifier().fit(X[t], y[t]).predict_proba(Xs)[:, 1]


def class_transformation_uplift(X, y, treated, X_score=None, weighted: bool = True) -> np.ndarray:
    """Class-transformation uplift: Z = y·t + (1 − y)(1 − t), one classifier of Z, uplift =
    2 P(Z = 1 | x) − 1. The formula holds for a 50/50 split; with a treated share e ≠ 1/2 it is
    off by (2e − 1)(p1 + p0 − 1). The reference (``weighted=True``, the lesson's version) fits with
    the arms weighted equally (0.5 / e for the treated rows, 0.5 / (1 − e) for the control rows),
    which restores the 50/50 formula; ``weighted=False`` is the textbook's unweighted fit, whose
    bias the lesson shows."""
    X, y, t = np.asarray(X, dtype=float), np.asarray(y).astype(int), np.asarray(treated).astype(int)
    Xs = X if X_score is None else np.asarray(X_score, dtype=float)
    z = y * t + (1 - y) * (1 - t)
    if not weighted:
        return 2 * _classifier().fit(X, z).predict_proba(Xs)[:, 1] - 1
    e = t.mean()
    w = np.where(t == 1, 0.5 / e, 0.5 / (1 - e))
    return 2 * _classifier().fit(X, z, logisticregression__sample_weight=w).predict_proba(Xs)[:, 1] - 1


# --- evaluation ------------------------------------------------------------------------------

def qini_curve(y, treated, score) -> tuple[np.ndarray, np.ndarray]:
    """(k, Q(k)): customers targeted (0 first) and incremental buyers Y_T − Y_C N_T / N_C among the
    first k by descending score, at every distinct score (scikit-uplift's ``qini_curve``)."""
    y, t, s = np.asarray(y, dtype=float), np.asarray(treated, dtype=float), np.asarray(score, dtype=float)
    o = np.argsort(s, kind="mergesort")[::-1]
    y, t, s = y[o], t[o], s[o]
    idx = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]
    n_t = np.cumsum(t)[idx]
    y_t = np.cumsum(y * t)[idx]
    y_c = np.cumsum(y * (1 - t))[idx]
    n = idx + 1
    n_c = n - n_t
    q = y_t - y_c * np.divide(n_t, n_c, out=np.zeros_like(n_t), where=n_c != 0)
    return np.r_[0, n], np.r_[0.0, q]


def qini_area(y, treated, score) -> float:
    """Area between the Qini curve and the random line, both axes divided by n (trapezoids)."""
    k, q = qini_curve(y, treated, score)
    n = len(np.asarray(y))
    x, q = k / n, q / n
    random = x * q[-1]
    return float(np.trapezoid(q - random, x))


def expected_profit(uplift, p_treated, value: float, incentive: float, contact_cost: float):
    """Expected incremental profit of offering the product to a customer: uplift x value −
    P(buy | offered) x incentive − contact cost (RMB; arrays alike)."""
    return np.asarray(uplift) * value - np.asarray(p_treated) * incentive - contact_cost


def campaign_result(df: pd.DataFrame, value_col: str, incentive: float, contact_cost: float,
                    treatment: str = "treated", outcome: str = "converted") -> dict:
    """The randomised test read as a campaign: treated conversions minus control conversions
    scaled to the treated arm's size (incremental buyers), the same for value, the cost (a
    contact per treated customer, the incentive per treated buyer) and the incremental profit."""
    t = df[treatment].astype(bool).to_numpy()
    y = df[outcome].astype(float).to_numpy()
    v = df[value_col].fillna(0).astype(float).to_numpy()
    ratio = t.sum() / (~t).sum()
    inc_buyers = y[t].sum() - y[~t].sum() * ratio
    inc_value = v[t].sum() - v[~t].sum() * ratio
    cost = contact_cost * t.sum() + incentive * y[t].sum()
    return {"treated": int(t.sum()), "control": int((~t).sum()), "incremental_buyers": float(inc_buyers),
            "incremental_value": float(inc_value), "cost": float(cost), "incremental_profit": float(inc_value - cost)}
