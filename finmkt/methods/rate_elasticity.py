"""Deposit-rate elasticity and pricing (lesson 02_positioning/03_rate_elasticity).

With a constant supply elasticity h the uptake share at rate r is share_ref·(r / rate_ref)^h;
the profit per offer is share·(R − r)·amount, where R is what one unit of deposit earns the
bank per year (FTP credit − operating cost − deposit insurance). The Lerner rule for a
deposit gives the profit-maximising rate r* = R·h/(1 + h) (COURSE.md). A segment's share at
today's rate is the fitted curve's share in an average month: each of its cells moved along
the curve to today's rate, averaged in logs. Rates are fractions per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def optimal_rate(earning_rate, h):
    """The Lerner rate of a deposit r* = R·h/(1 + h) (floats or Series alike)."""
    return earning_rate * h / (1 + h)


def profit_curve(rates, share_ref: float, rate_ref: float, h: float, earning_rate: float,
                 amount: float) -> pd.DataFrame:
    """Share, margin and profit per offer at each rate (fractions per year).

    ``share_ref``: uptake share at ``rate_ref``; ``h``: supply elasticity (> 0 for a
    deposit); ``earning_rate``: R; ``amount``: RMB placed per accepting customer.
    Columns: ``rate``, ``share`` (capped at 1), ``margin`` = R − rate, ``profit`` (RMB per
    offer per year).
    """
    r = np.asarray(rates, dtype=float)
    if (r <= 0).any() or share_ref <= 0 or rate_ref <= 0 or amount <= 0:
        raise ValueError("rates, share_ref, rate_ref and amount must be positive")
    share = np.minimum(share_ref * (r / rate_ref) ** h, 1.0)
    margin = earning_rate - r
    return pd.DataFrame({"rate": r, "share": share, "margin": margin, "profit": share * margin * amount})


def best_rate(share_ref: float, rate_ref: float, h: float, earning_rate: float, amount: float,
              n: int = 4001) -> dict[str, float]:
    """The profit-maximising rate on a fine grid from 0.2% to R, and the profit there (an
    independent check of the Lerner rule)."""
    grid = np.linspace(0.002, max(earning_rate, 0.0021), n)
    c = profit_curve(grid, share_ref, rate_ref, h, earning_rate, amount)
    i = int(c["profit"].to_numpy().argmax())
    return {"rate": float(c["rate"].iloc[i]), "profit": float(c["profit"].iloc[i])}


def repricing_gain(cells: pd.DataFrame, h: pd.Series, earning_rate: float, amount: pd.Series, today: float,
                   new_rate: pd.Series) -> pd.DataFrame:
    """Per segment: the share at today's rate (the course convention), the share at the new
    rate, both profits per offer and the gain (RMB per offer per year).

    ``cells``: columns ``segment``, ``rate``, ``share``; ``h``, ``amount``, ``new_rate``:
    Series indexed by segment.
    """
    seg = cells["segment"]
    moved = np.log(cells["share"]) + seg.map(h) * (np.log(today) - np.log(cells["rate"]))
    share_today = np.exp(moved.groupby(seg).mean())
    idx = share_today.index
    h_, amount_, new_ = h.reindex(idx), amount.reindex(idx), new_rate.reindex(idx)
    share_new = share_today * (new_ / today) ** h_
    profit_today = share_today * (earning_rate - today) * amount_
    profit_new = share_new * (earning_rate - new_) * amount_
    return pd.DataFrame({"share_today": share_today, "share_new": share_new, "profit_today": profit_today,
                         "profit_new": profit_new, "gain": profit_new - profit_today})


def ols_slope(y: np.ndarray, x: np.ndarray, dummies: list[np.ndarray]) -> float:
    """Slope of x in an OLS of y on an intercept, x and the given categorical codes (fixed
    effects): with y = ln share, x = ln rate and the segment and month codes, the controlled
    elasticity."""
    cols_ = [np.ones_like(x), x]
    for codes in dummies:
        for k in np.unique(codes)[1:]:
            cols_.append((codes == k).astype(float))
    beta, *_ = np.linalg.lstsq(np.column_stack(cols_), y, rcond=None)
    return float(beta[1])
