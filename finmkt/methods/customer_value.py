"""Customer value (lesson 05_customer_operations/01_customer_value): BG/NBD with Gamma-Gamma.

The conventions (those of the ``lifetimes`` package and of pymc-marketing's CLV module, so a
trainee's numbers agree with the libraries a marketing-analytics team uses):

* **The summary** of a transaction log at the end of a calibration period: transactions of
  one day count as one purchase occasion (the day's amounts summed); ``frequency`` x = the
  number of days with transactions after the first one (repeat occasions), ``recency``
  t_x = days from the first to the last such day, ``T`` = days from the first day to the
  end of the calibration period, ``monetary_value`` = the mean amount of the repeat days
  (0 when x = 0). A customer first seen after the calibration end is not in the summary.
* **BG/NBD** (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while
  alive, a customer buys at rate λ ~ Gamma(r, α); after every purchase he or she drops out
  with probability p ~ Beta(a, b). Fitted by maximum likelihood (no penalty).
* **Gamma-Gamma** (Fader, Hardie and Lee 2005, "RFM and CLV"): the customers with x ≥ 1;
  spend per occasion ~ Gamma(p, ν), ν ~ Gamma(q, γ), independent of the purchase process.
* **Value over the world's horizon** (module 03's one LTV convention,
  :func:`finmkt.methods.retention.ltv_from_survival`): LTV = Σ_{t=1..T} m·S(t) / (1 + i)^t
  with S(t) the customer's probability, given the history, of being alive t months after
  the calibration end (:func:`survival_path`), m the world's monthly margin and T, i the
  world's horizon and discount rate. No second LTV formula.

Time is in days throughout; a month is 365.25 / 12 days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from finmkt.recipes.customer_value import (  # noqa: F401 (the Gamma-Gamma model is the lesson's given recipe)
    MONTH_DAYS,
    fit_gamma_gamma,
    gamma_gamma_loglik,
    maximise_bgnbd,
    survival_if_alive,
)

# --- the summary -------------------------------------------------------------------------

def rfm_summary(transactions: pd.DataFrame, calibration_end, observation_end=None, *,
                customer_col: str = "customer_id", date_col: str = "txn_date",
                amount_col: str = "amount") -> pd.DataFrame:
    """Frequency, recency, T and monetary value at ``calibration_end`` (one row per customer
    with a transaction on or before it, indexed by customer id, sorted), and, with
    ``observation_end``, the holdout's ``frequency_holdout`` (days with transactions after the
    calibration end, up to and including ``observation_end``), ``monetary_value_holdout``
    (their mean day total, 0 without any) and ``duration_holdout`` (days)."""
    cal_end = pd.Timestamp(calibration_end)
    day = pd.to_datetime(transactions[date_col]).dt.normalize()
    daily = (pd.DataFrame({"c": transactions[customer_col].astype(str).to_numpy(), "d": day.to_numpy(),
                           "a": transactions[amount_col].to_numpy(float)})
             .groupby(["c", "d"], sort=True)["a"].sum().reset_index())
    cal = daily[daily["d"] <= cal_end]
    g = cal.groupby("c")
    first, last, n = g["d"].min(), g["d"].max(), g.size()
    total = g["a"].sum()
    first_amount = cal.drop_duplicates("c").set_index("c")["a"]  # rows are sorted by day
    x = (n - 1).astype(float)
    repeat_total = total - first_amount.reindex(total.index)
    out = pd.DataFrame({
        "frequency": x,
        "recency": (last - first).dt.days.astype(float),
        "T": (cal_end - first).dt.days.astype(float),
        "monetary_value": np.where(x > 0, repeat_total / x.where(x > 0, 1.0), 0.0),
    })
    out.index.name = customer_col
    if observation_end is not None:
        obs_end = pd.Timestamp(observation_end)
        hold = daily[(daily["d"] > cal_end) & (daily["d"] <= obs_end)].groupby("c")["a"].agg(["size", "mean"])
        out["frequency_holdout"] = hold["size"].reindex(out.index).fillna(0).astype(float)
        out["monetary_value_holdout"] = hold["mean"].reindex(out.index).fillna(0.0)
        out["duration_holdout"] = float((obs_end - cal_end).days)
    return out


# --- BG/NBD ------------------------------------------------------------------------------

def _bg(params) -> tuple:
    """(r, alpha, a, b) from a dict or a sequence."""
    if isinstance(params, dict):
        return params["r"], params["alpha"], params["a"], params["b"]
    return tuple(float(v) for v in params)


def bgnbd_loglik(params, frequency, recency, T) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood for params (r, alpha, a, b), a tuple or a dict."""
    x = np.asarray(frequency, dtype=float)
    xu, inv = np.unique(x, return_inverse=True)
    return _loglik(_bg(params), xu, inv.reshape(-1), np.asarray(recency, dtype=float), np.asarray(T, dtype=float))


def _loglik(params, xu, inv, tx, T) -> np.ndarray:
    """The log-likelihood with the terms that depend on x alone computed once per distinct x
    (``xu``; ``inv`` maps each customer to it)."""
    r, alpha, a, b = params
    c1 = special.gammaln(r + xu) - special.gammaln(r) + r * np.log(alpha)
    c2 = special.betaln(a, b + xu) - special.betaln(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        c3 = np.where(xu > 0, special.betaln(a + 1, b + xu - 1) - special.betaln(a, b), -np.inf)
    rx = (r + xu)[inv]
    a2 = c2[inv] - rx * np.log(alpha + T)
    a3 = c3[inv] - rx * np.log(alpha + tx)
    return c1[inv] + np.logaddexp(a2, a3)


def fit_bgnbd(frequency, recency, T, max_concentration: float = 1e5) -> dict:
    """Maximum-likelihood BG/NBD parameters {r, alpha, a, b}: the lesson's given search
    (:func:`finmkt.recipes.customer_value.maximise_bgnbd`, bounded concentration) around
    :func:`bgnbd_loglik` (its terms in x alone computed once per distinct x)."""
    x = np.asarray(frequency, dtype=float)
    xu, inv = np.unique(x, return_inverse=True)
    inv = inv.reshape(-1)
    return maximise_bgnbd(lambda params, _x, tx, T_: _loglik(_bg(params), xu, inv, tx, T_), x, recency, T,
                          max_concentration)


def prob_alive(params, frequency, recency, T) -> np.ndarray:
    """P(alive at T | x, t_x, T) = 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x))."""
    r, alpha, a, b = _bg(params)
    x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(x > 0, np.exp(np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                                      + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))), 0.0)
    return 1.0 / (1.0 + odds)


def expected_purchases(params, t, frequency, recency, T) -> np.ndarray:
    """E[purchases in the next t days | x, t_x, T] (BG/NBD, equation 10 of Fader et al. 2005)."""
    r, alpha, a, b = _bg(params)
    x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    t = float(t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    return num * prob_alive((r, alpha, a, b), x, tx, T)


def expected_purchases_new(params, t) -> float:
    """E[purchases in t days] of a customer just seen for the first time (x = 0 at T = 0)."""
    r, alpha, a, b = _bg(params)
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return float((a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp))


def survival_path(params, frequency, recency, T, months: int, month_days: float = MONTH_DAYS,
                  nodes: int = 40) -> np.ndarray:
    """S(t), t = 1..months: each customer's probability of being alive t months after T, given
    the history (a customers x months array): :func:`prob_alive` times the lesson's given
    :func:`finmkt.recipes.customer_value.survival_if_alive` (the posterior Gamma(r + x, α + T) of
    λ and Beta(a, b + x) of p, alive τ days later with probability exp(−pλτ))."""
    alive = prob_alive(params, frequency, recency, T)
    return survival_if_alive(params, frequency, T, months, month_days, nodes) * alive[:, None]


# --- Gamma-Gamma -------------------------------------------------------------------------

def expected_spend(params, frequency, monetary_value) -> np.ndarray:
    """E[spend per occasion | x, m̄] = p (v + x m̄) / (p x + q − 1); for x = 0 the population mean
    p v / (q − 1)."""
    p, q, v = (params["p"], params["q"], params["v"]) if isinstance(params, dict) else params
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary_value, dtype=float)
    return p * (v + x * m) / (p * x + q - 1)


# --- value -------------------------------------------------------------------------------

def customer_ltv(bg_params, frequency, recency, T, margin, discount_rate: float, horizon: int,
                 month_days: float = MONTH_DAYS) -> np.ndarray:
    """Each customer's value over the world's horizon by module 03's one LTV convention:
    Σ_{t=1..T} m·S(t) / (1 + i)^t (:func:`finmkt.methods.retention.ltv_from_survival`), with S(t)
    the BG/NBD survival t months after the calibration end (:func:`survival_path`) and m the
    customer's monthly margin."""
    from finmkt.methods.retention import ltv_from_survival

    surv = survival_path(bg_params, frequency, recency, T, horizon, month_days)
    disc = np.array([ltv_from_survival(s, 1.0, discount_rate) for s in surv])  # discounted months alive
    return disc * np.asarray(margin, dtype=float)


def aum_tier(assets, bounds=(0, 500_000, 6_000_000), labels=("mass", "affluent", "high_net_worth")) -> np.ndarray:
    """The AUM tier of module 01 (客户分层): lower bounds, each bound belonging to the tier above."""
    a = np.asarray(assets, dtype=float)
    return np.asarray(labels, dtype=object)[np.searchsorted(np.asarray(bounds[1:], dtype=float), a, side="right")]
