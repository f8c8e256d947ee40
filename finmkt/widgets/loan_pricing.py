"""Loan-pricing calculator (lesson 02_positioning/04_loan_pricing).

:func:`pricing_summary` is the plain computation (unit-tested): for a borrower's PD and LGD
and an instalment offer (months, monthly fee 月费率 on the original principal, upfront fee),
with the bank's FTP, operating cost, capital per unit k and hurdle rate h:

* the **break-even rate** FTP + PD·LGD + opex + k·(h − FTP) (annual, per unit of exposure),
  at which RAROC = h;
* the offer's **APR** by the IRR method (PBoC Announcement 2021 No. 3): 12 × the monthly IRR
  i that equates the net amount paid out (principal − upfront fee) with the instalments at
  the end of months 1..n; the effective rate (1 + i)^12 − 1 and the naive 12 × monthly fee
  beside it;
* the **RAROC** (pre-tax) the bank earns when the offer's APR is its yield on the
  outstanding balance: (APR − FTP − EL − opex + k·FTP) / k;
* the **monthly fee to break even**: the fee whose APR equals the break-even rate.

The break-even rate, the APR and the RAROC come from the functions you pass (the lesson's
exercises ``break_even_rate``, ``instalment_apr`` and ``raroc``): the calculator shows your
own engine at work.

:func:`pricing_chart` draws the break-even rate as its four components beside the offer's
APR and its naive rate; :func:`pricing_widget` wraps both in sliders with a live readout.
"""

from __future__ import annotations

from scipy.optimize import brentq

from finmkt.widgets._live import live_box, slider

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-loan-pricing-readout"

#: Bank parameters used when none are given (the course's check example).
DEFAULT_BANK = {"ftp": 0.02, "opex": 0.01, "k": 0.08, "h": 0.12}


def pricing_summary(pd_: float, lgd: float, months: int, monthly_fee: float, upfront_fee_pct: float = 0.0, *,
                    break_even_rate, instalment_apr, raroc, ftp: float = DEFAULT_BANK["ftp"], opex: float = DEFAULT_BANK["opex"],
                    k: float = DEFAULT_BANK["k"], h: float = DEFAULT_BANK["h"]) -> dict[str, float]:
    """The calculator's figures as plain floats (all rates are fractions per year).

    ``pd_`` and ``lgd``: the borrower's annual probability of default and loss given default;
    ``months``, ``monthly_fee`` (fraction of the original principal per month) and
    ``upfront_fee_pct`` (fraction of the principal) describe the offer. Keys: ``el``,
    ``capital_charge``, ``break_even``, ``apr``, ``effective_rate``, ``naive_rate``,
    ``raroc`` (at the APR) and ``fee_to_break_even`` (the monthly fee whose APR is the
    break-even rate, same months and upfront fee).

    The three functions have the lesson's signatures: ``break_even_rate(ftp, pd_, lgd, opex, k,
    h)``, ``instalment_apr(principal, months, monthly_fee, upfront_fee)`` returning a dict with
    ``apr`` and ``effective_rate``, and ``raroc(rate, ftp, pd_, lgd, opex, k)``.
    """
    if months < 1 or not 0 <= upfront_fee_pct < 1 or monthly_fee < 0:
        raise ValueError("need months >= 1, monthly_fee >= 0 and 0 <= upfront fee < the principal")
    el = pd_ * lgd
    charge = k * (h - ftp)
    be = float(break_even_rate(ftp, pd_, lgd, opex, k, h))
    offer = instalment_apr(1.0, int(months), monthly_fee, upfront_fee_pct)
    apr = float(offer["apr"])

    def apr_gap(fee: float) -> float:
        return float(instalment_apr(1.0, int(months), fee, upfront_fee_pct)["apr"]) - be

    fee_be = 0.0 if apr_gap(0.0) >= 0 else float(brentq(apr_gap, 0.0, 0.5, xtol=1e-12))
    return {
        "el": float(el), "capital_charge": float(charge), "break_even": float(be), "apr": float(apr),
        "effective_rate": float(offer["effective_rate"]), "naive_rate": float(12 * monthly_fee),
        "raroc": float(raroc(apr, ftp, pd_, lgd, opex, k)), "fee_to_break_even": fee_be,
    }


def readout_html(s: dict[str, float], h: float) -> str:
    """The readout: break-even rate, APR (effective and naive beside it), RAROC against h."""
    verdict = "creates value" if s["raroc"] >= h else "destroys value"
    return (f"<b>Break-even rate</b> {s['break_even']:.2%} &nbsp;|&nbsp; <b>APR</b> {s['apr']:.2%} "
            f"(effective {s['effective_rate']:.2%}; naive 12 × fee {s['naive_rate']:.2%}) &nbsp;|&nbsp; "
            f"<b>RAROC</b> {s['raroc']:.1%} vs hurdle {h:.0%}: {verdict} &nbsp;|&nbsp; "
            f"monthly fee to break even {s['fee_to_break_even']:.3%}")


def pricing_chart(s: dict[str, float], ftp: float, opex: float):
    """Break-even rate stacked from its components beside the offer's APR and naive rate.

    The legend sits beside the axes (:func:`finmkt.plotting.place_legend`). Returns (fig, ax).
    """
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottom = 0.0
    parts = [("FTP", ftp, PALETTE[6]), ("expected loss", s["el"], PALETTE[3]), ("operating cost", opex, PALETTE[5]),
             ("capital charge", s["capital_charge"], PALETTE[4])]
    for label, v, color in parts:
        ax.bar(["Break-even rate"], [100 * v], bottom=[100 * bottom], color=color, label=label)
        bottom += v
    ax.bar(["Offer APR (IRR)"], [100 * s["apr"]], color=BANK_COLOR, label="APR")
    ax.bar(["Naive 12 × fee"], [100 * s["naive_rate"]], color=PALETTE[1], label="12 × monthly fee")
    ax.set_title("Break-even rate and the offer's APR")
    ax.set_ylabel("% per year")
    place_legend(ax)
    fig.tight_layout()
    return fig, ax


def pricing_widget(ftp: float = DEFAULT_BANK["ftp"], opex: float = DEFAULT_BANK["opex"], k: float = DEFAULT_BANK["k"],
                   h: float = DEFAULT_BANK["h"], *, break_even_rate, instalment_apr, raroc, pd_: float = 0.02, lgd: float = 0.65, months: int = 12,
                   monthly_fee: float = 0.006, upfront_fee_pct: float = 0.0, chart: bool = True):
    """An ipywidgets VBox: sliders for PD, LGD, months, monthly fee and upfront fee, a live
    readout and the chart. The bank's FTP, opex, k and h are fixed arguments; ``break_even_rate``,
    ``instalment_apr`` and ``raroc`` are your exercises' functions (see :func:`pricing_summary`).

    The box exposes ``.sliders`` (dict: pd, lgd, months, monthly_fee, upfront_fee), ``.readout``,
    ``.chart`` and ``.summary()``.
    """

    size = dict(label_width="150px", width="460px")
    sliders = {
        "pd": slider(float(pd_), 0.001, 0.15, 0.001, "PD (违约概率)", ".1%", **size),
        "lgd": slider(float(lgd), 0.2, 0.95, 0.01, "LGD (违约损失率)", ".0%", **size),
        "months": slider(int(months), 3, 36, 3, "Months", **size),
        "monthly_fee": slider(float(monthly_fee), 0.0, 0.015, 0.0005, "Monthly fee (月费率)", ".2%", **size),
        "upfront_fee": slider(float(upfront_fee_pct), 0.0, 0.05, 0.0025, "Upfront fee (% of loan)", ".2%", **size),
    }

    def summary() -> dict[str, float]:
        v = {name: s.value for name, s in sliders.items()}
        return pricing_summary(v["pd"], v["lgd"], v["months"], v["monthly_fee"], v["upfront_fee"],
                               break_even_rate=break_even_rate, instalment_apr=instalment_apr, raroc=raroc, ftp=ftp, opex=opex, k=k, h=h)

    return live_box(sliders, summary, lambda s: readout_html(s, h),
                    (lambda s: pricing_chart(s, ftp, opex)[0]) if chart else None, READOUT_CLASS)
