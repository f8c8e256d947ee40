"""Risk-based loan pricing and APR (lesson 02_positioning/04_loan_pricing).

Per unit of exposure, annual rates as fractions (COURSE.md):

* **break-even rate** = FTP + EL + opex + k·(h − FTP), EL = PD × LGD, k the capital per unit
  and h the hurdle rate; at it RAROC = h;
* **RAROC** (pre-tax) = (r − FTP − EL − opex + k·FTP) / k;
* **APR by the IRR method** (PBoC Announcement 2021 No. 3): 12 × the monthly IRR i that
  equates the net amount received at t = 0 (principal − upfront fee) with the instalments at
  the end of months 1..n; the effective rate (1 + i)^12 − 1 is a side figure.

Check values: FTP 2%, PD 2%, LGD 45%, opex 1%, k 8%, h 12% → break-even 4.7%, RAROC 12%;
10,000 over 12 months at a 0.6% monthly fee on the original principal → instalment 893.33,
APR 13.03% (effective 13.84%), not 7.2%.
"""

from __future__ import annotations

import numpy as np


def break_even(ftp, pd_, lgd, opex, k, h):
    """Break-even rate FTP + PD·LGD + opex + k·(h − FTP) (floats or Series alike)."""
    return ftp + pd_ * lgd + opex + k * (h - ftp)


def raroc(rate, ftp, pd_, lgd, opex, k):
    """Pre-tax RAROC (r − FTP − PD·LGD − opex + k·FTP) / k (floats or Series alike)."""
    return (rate - ftp - pd_ * lgd - opex + k * ftp) / k


def instalment_cash_flows(principal: float, months: int, monthly_fee: float, upfront_fee: float = 0.0):
    """(net amount received at t = 0, the constant instalment): the principal repaid in equal
    parts plus ``monthly_fee`` (a fraction) on the original principal each month;
    ``upfront_fee`` (RMB) deducted when the loan is paid out."""
    return principal - upfront_fee, principal / months + principal * monthly_fee


def monthly_irr(principal: float, months: int, monthly_fee: float, upfront_fee: float = 0.0) -> float:
    """Monthly IRR i of an instalment offer: the net amount received equals the present value of
    the instalments at the end of months 1..n (``scipy.optimize.brentq`` on −0.99..5)."""
    from scipy.optimize import brentq

    if principal <= 0 or months < 1 or not 0 <= upfront_fee < principal or monthly_fee < 0:
        raise ValueError("need principal > 0, months >= 1, monthly_fee >= 0 and 0 <= upfront_fee < principal")
    net, inst = instalment_cash_flows(principal, months, monthly_fee, upfront_fee)
    t = np.arange(1, int(months) + 1)
    return float(brentq(lambda i: float((inst / (1 + i) ** t).sum()) - net, -0.99, 1.0, xtol=1e-14))


def apr_irr(principal: float, months: int, monthly_fee: float, upfront_fee: float = 0.0) -> float:
    """APR by the IRR method: 12 × :func:`monthly_irr` (a fraction per year)."""
    return 12 * monthly_irr(principal, months, monthly_fee, upfront_fee)


def instalment_apr(principal: float, months: int, monthly_fee: float, upfront_fee: float = 0.0) -> dict:
    """An instalment offer's figures: {"instalment", "apr", "effective_rate"} (floats)."""
    _, inst = instalment_cash_flows(principal, months, monthly_fee, upfront_fee)
    i = monthly_irr(principal, months, monthly_fee, upfront_fee)
    return {"instalment": float(inst), "apr": float(12 * i), "effective_rate": float((1 + i) ** 12 - 1)}
