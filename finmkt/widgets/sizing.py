"""Market-sizing slider tool (lesson 01_market_analysis/01_market_sizing).

:func:`market_sizes` is the plain computation (unit-tested): TAM, SAM and SOM of bank
wealth-management fee income for given multipliers on the survey estimates.
:func:`sizing_widget` wraps it in sliders with a live readout and a TAM/SAM/SOM bar chart.

Both take cell tables indexed by (age_band, income_band):

- ``tam_cells``: columns ``adults``, ``penetration``, ``avg_balance`` (the whole city);
- ``sam_cells``: the same columns for the licensed area plus ``reach`` (the share of the
  licensed area's holders whom the bank's **own** channels reach: its app or its branches).

``share`` is the bank's attainable share of the SAM: its wallet share of the balances of the
SAM's own holders (reached, licensed area), so SOM = SAM × share measures and applies the
share on the same market. The TAM never enters the SOM.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The drivers the tool varies, in the order of the sliders (keys of ``market_facts``).
DRIVERS = ["penetration_factor", "balance_factor", "reach_factor", "share_factor", "wm_fee_rate"]

#: Base values used when no ``market_facts`` table is given.
DEFAULTS = {
    "penetration_factor": 1.0,
    "balance_factor": 1.0,
    "reach_factor": 1.0,
    "share_factor": 1.0,
    "wm_fee_rate": 0.0045,
}

#: CSS class of the readout (browser tests read the TAM/SAM/SOM text from it).
READOUT_CLASS = "finmkt-sizing-readout"

_LABELS = {
    "penetration_factor": "Penetration ×",
    "balance_factor": "Balance ×",
    "reach_factor": "Reach ×",
    "share_factor": "Share ×",
    "wm_fee_rate": "Fee rate",
}


def market_sizes(
    tam_cells: pd.DataFrame,
    sam_cells: pd.DataFrame,
    share: float,
    *,
    penetration_factor: float = 1.0,
    balance_factor: float = 1.0,
    reach_factor: float = 1.0,
    share_factor: float = 1.0,
    wm_fee_rate: float = DEFAULTS["wm_fee_rate"],
) -> dict[str, float]:
    """TAM, SAM and SOM (annual fee income, RMB) for multipliers on the estimates.

    Penetration, reach and the attainable share are capped at 1 after the multiplier
    (no more than every adult, holder or balance). Returns
    ``{"tam": ..., "sam": ..., "som": ..., "share": ...}`` as plain floats, where
    ``share`` is the effective attainable share.
    """

    def _holders_value(cells: pd.DataFrame) -> np.ndarray:
        pen = np.clip(cells["penetration"].to_numpy(float) * penetration_factor, 0.0, 1.0)
        bal = cells["avg_balance"].to_numpy(float) * balance_factor
        return cells["adults"].to_numpy(float) * pen * bal * wm_fee_rate

    tam = float(_holders_value(tam_cells).sum())
    reach = np.clip(sam_cells["reach"].to_numpy(float) * reach_factor, 0.0, 1.0)
    sam = float((_holders_value(sam_cells) * reach).sum())
    eff_share = float(min(max(share * share_factor, 0.0), 1.0))
    return {"tam": tam, "sam": sam, "som": sam * eff_share, "share": eff_share}


def _base_values(facts: pd.DataFrame | None) -> dict[str, float]:
    if facts is None:
        return dict(DEFAULTS)
    base = facts.set_index("key")["base"]
    return {d: float(base.get(d, DEFAULTS[d])) for d in DRIVERS}


def readout_html(sizes: dict[str, float]) -> str:
    """The readout text: TAM, SAM, SOM and the effective share, as an HTML snippet."""
    from finmkt.plotting import fmt_rmb

    return (
        f"<b>TAM</b> {fmt_rmb(sizes['tam'])} &nbsp;|&nbsp; "
        f"<b>SAM</b> {fmt_rmb(sizes['sam'])} &nbsp;|&nbsp; "
        f"<b>SOM</b> {fmt_rmb(sizes['som'])} "
        f"(attainable share {sizes['share']:.1%}) per year"
    )


def _draw(sizes: dict[str, float]):
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, fmt_rmb, rmb_formatter

    fig, ax = plt.subplots(figsize=(6, 3))
    bars = ax.bar(["TAM", "SAM", "SOM"], [sizes["tam"], sizes["sam"], sizes["som"]],
                  color=[PALETTE[6], PALETTE[1], BANK_COLOR])
    ax.bar_label(bars, labels=[fmt_rmb(b.get_height()) for b in bars], padding=2)
    ax.margins(y=0.15)
    ax.yaxis.set_major_formatter(rmb_formatter)
    ax.set_title("WM fee income per year")
    ax.set_ylabel("RMB")
    fig.tight_layout()
    return fig


def sizing_widget(
    tam_cells: pd.DataFrame,
    sam_cells: pd.DataFrame,
    share: float,
    facts: pd.DataFrame | None = None,
    *,
    chart: bool = True,
):
    """An ipywidgets VBox: five sliders, a live TAM/SAM/SOM readout and a bar chart.

    Slider start values are the base values of ``facts`` (the ``market_facts`` table);
    the ranges reach a little beyond its low/high columns so a trainee can explore.
    The readout is an ``HTML`` widget with CSS class :data:`READOUT_CLASS`; the box
    exposes ``.sliders`` (dict by driver), ``.readout``, ``.chart`` and ``.sizes()``.
    """
    import ipywidgets as w

    base = _base_values(facts)
    ranges = {
        "penetration_factor": (0.5, 1.5, 0.01),
        "balance_factor": (0.5, 1.5, 0.01),
        "reach_factor": (0.5, 1.2, 0.01),
        "share_factor": (0.5, 2.0, 0.01),
        "wm_fee_rate": (0.001, 0.010, 0.0001),
    }
    sliders = {}
    for d in DRIVERS:
        lo, hi, step = ranges[d]
        sliders[d] = w.FloatSlider(
            value=base[d], min=lo, max=hi, step=step, description=_LABELS[d],
            readout_format=".2%" if d == "wm_fee_rate" else ".2f",
            continuous_update=False, style={"description_width": "110px"},
            layout=w.Layout(width="420px"),
        )
    readout = w.HTML(description="")
    readout.add_class(READOUT_CLASS)
    out = w.Output()

    def current() -> dict[str, float]:
        return market_sizes(tam_cells, sam_cells, share, **{d: s.value for d, s in sliders.items()})

    def refresh(_change=None) -> None:
        sizes = current()
        readout.value = readout_html(sizes)
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            with out:
                out.clear_output(wait=True)
                fig = _draw(sizes)
                display(fig)
                plt.close(fig)

    for s in sliders.values():
        s.observe(refresh, names="value")
    reset = w.Button(description="Reset to base", icon="undo")

    def _reset(_b) -> None:
        for d, s in sliders.items():
            s.value = base[d]

    reset.on_click(_reset)
    box = w.VBox([*sliders.values(), reset, readout, out])
    box.sliders, box.readout, box.chart, box.sizes = sliders, readout, out, current
    refresh()
    return box
