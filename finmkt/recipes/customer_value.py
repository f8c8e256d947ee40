"""The customer-value lesson's given helpers (05_customer_operations/01_customer_value).

What the lesson hands to trainees, never what an exercise asks for:

* :func:`maximise_bgnbd`: the BG/NBD maximum-likelihood search around a log-likelihood you pass
  (the lesson's exercise ``bgnbd_loglik``): L-BFGS-B over log r, log α (α in units of the mean T),
  the logit of the mean drop-out probability a / (a + b) and log (a + b), the Beta's
  concentration, bounded by ``max_concentration``;
* :func:`survival_if_alive`: the probability that a customer alive at T is still alive t months
  later, given the history (the posterior of λ and p); times P(alive) it is the S(t) of module
  03's LTV formula;
* :func:`gamma_gamma_loglik` and :func:`fit_gamma_gamma`: the Gamma-Gamma spend model's
  likelihood and its fit.

The reference methods (:mod:`finmkt.methods.customer_value`) use these same functions, so each
exists once. Time is in days; a month is 365.25 / 12 days. This module imports nothing of
``finmkt``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import optimize, special

#: Days in a month of the LTV convention.
MONTH_DAYS = 365.25 / 12


def maximise_bgnbd(loglik: Callable, frequency, recency, T, max_concentration: float = 1e5) -> dict:
    """Maximum-likelihood BG/NBD parameters {r, alpha, a, b} for ``loglik(params, frequency,
    recency, T)``, each customer's log-likelihood (an array) at ``params``, a dict with the keys
    r, alpha, a and b.

    The search runs with recency and T in units of their mean T (so α too), over log r, log α,
    the logit of a / (a + b) and log (a + b) bounded by ``max_concentration``: when every customer
    has the same drop-out probability the likelihood keeps rising as a and b grow together, and
    the bound stops the search there (the fit then reports a Beta that is, in effect, a point mass
    at the mean; a and b are not identified, a / (a + b) is).
    """
    x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    scale = float(np.mean(T)) or 1.0
    tx_s, T_s = tx / scale, T / scale

    def unpack(theta):
        r, alpha = np.exp(theta[0]), np.exp(theta[1])
        mu, kappa = special.expit(theta[2]), np.exp(theta[3])
        return {"r": r, "alpha": alpha, "a": mu * kappa, "b": (1 - mu) * kappa}

    def nll(theta):
        return -np.asarray(loglik(unpack(theta), x, tx_s, T_s), dtype=float).sum() / len(x)

    theta0 = np.array([0.0, np.log(np.mean(T) / scale / max(np.mean(x), 1e-3)), special.logit(0.1), np.log(5.0)])
    bounds = [(-8, 8), (-15, 15), (-12, 12), (np.log(1e-2), np.log(max_concentration))]
    res = optimize.minimize(nll, theta0, method="L-BFGS-B", bounds=bounds,
                            options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9})
    best = unpack(res.x)
    return {"r": float(best["r"]), "alpha": float(best["alpha"] * scale), "a": float(best["a"]), "b": float(best["b"])}


def _bg(params) -> tuple:
    if isinstance(params, dict):
        return params["r"], params["alpha"], params["a"], params["b"]
    return tuple(float(v) for v in params)


def survival_if_alive(params, frequency, T, months: int, month_days: float = MONTH_DAYS,
                      nodes: int = 40) -> np.ndarray:
    """For a customer alive at T after x repeat occasions: the probability of still being alive
    t = 1..months months later (a customers x months array). Multiply each row by the customer's
    P(alive at T) to get the S(t) of the LTV formula.

    Given alive at T, λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x); alive τ days later with
    probability exp(−pλτ) (a drop-out follows a purchase with probability p). Integrating λ gives
    ((α + T)/(α + T + pτ))^(r + x); p is integrated over its posterior quantiles (Gauss-Legendre on
    the probability scale, ``nodes`` points), stable for any a and b. The recency does not enter.
    """
    r, alpha, a, b = _bg(params)
    x, T = np.asarray(frequency, dtype=float), np.asarray(T, dtype=float)
    tau = np.arange(1, months + 1) * month_days
    u, w = special.roots_legendre(nodes)  # E f(p) = integral over u in (0, 1) of f(F^-1(u))
    u, w = (u + 1) / 2, w / 2
    out = np.empty((len(x), months))
    for xv in np.unique(x):
        rows = np.flatnonzero(x == xv)
        p = special.betaincinv(a, b + xv, u)  # quantiles of the posterior Beta(a, b + x)
        base = alpha + T[rows]
        ratio = base[:, None, None] / (base[:, None, None] + p[None, None, :] * tau[None, :, None])
        out[rows] = (ratio ** (r + xv) * w).sum(axis=2)
    return out


def gamma_gamma_loglik(params, frequency, monetary_value) -> np.ndarray:
    """Each customer's Gamma-Gamma log-likelihood of the mean spend m̄ over x occasions (x ≥ 1)."""
    p, q, v = (float(s) for s in params)
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary_value, dtype=float)
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(v)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(v + m * x))


def fit_gamma_gamma(frequency, monetary_value, start=(1.0, 1.0, 1.0)) -> dict:
    """Maximum-likelihood Gamma-Gamma parameters {p, q, v} on the customers with x ≥ 1 and a
    positive mean spend (the others are left out, as the model requires)."""
    x, m = np.asarray(frequency, dtype=float), np.asarray(monetary_value, dtype=float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    scale = float(np.mean(m))  # v is fitted in units of the mean spend

    def nll(theta):
        p, q, v = np.exp(theta)
        return -gamma_gamma_loglik((p, q, v), x, m / scale).sum() / len(x)

    res = optimize.minimize(nll, np.log([start[0], start[1], start[2]]), method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-12, "maxiter": 20_000, "maxfev": 40_000})
    res = optimize.minimize(nll, res.x, method="L-BFGS-B")
    p, q, v = np.exp(res.x)
    return {"p": float(p), "q": float(q), "v": float(v * scale)}
