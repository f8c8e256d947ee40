"""The course's chart style and helpers shared by every lesson.

``use_style()`` once at the top of a lesson; ``rmb_formatter`` for money axes;
``place_legend(ax)`` for a legend that never covers the data.
Plot labels are English (no CJK font needed).
"""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.ticker import Formatter

#: Course palette: Minghu Bank first, then competitors/segments.
PALETTE = ["#1f5f8b", "#e07a1f", "#3a9d5d", "#c0392b", "#7d5ba6", "#8c6d31", "#5f6b73", "#d4a017"]
BANK_COLOR = PALETTE[0]

STYLE = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "legend.frameon": False,
}


def use_style() -> None:
    """Apply the course style to every chart that follows."""
    mpl.rcParams.update(STYLE)


#: RMB units from the largest down: (threshold, suffix).
_UNITS = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, ""))


def _unit(x: float) -> tuple[float, str]:
    ax = abs(x)
    for size, suffix in _UNITS:
        if ax >= size:
            return size, suffix
    return 1.0, ""


def _number(v: float, decimals: int) -> str:
    """``v`` with at most ``decimals`` decimals, trailing zeros dropped (2.50 -> 2.5, 2.0 -> 2)."""
    text = f"{v:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _signed(text: str) -> str:
    """Put a minus sign before the currency symbol: ``-1`` gives ``-¥1``, never ``¥-1``."""
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def _rmb(x: float, _pos=None) -> str:
    """One amount as text, three significant figures: ¥320m, ¥1.3bn, ¥1.5m, ¥12.3k, -¥4.2m."""
    size, suffix = _unit(x)
    v = x / size
    decimals = 0 if abs(v) >= 100 or not suffix else 1 if abs(v) >= 10 else 2
    return _signed(f"{_number(v, decimals)}{suffix}")


class RmbFormatter(Formatter):
    """Axis formatter for RMB amounts that keeps neighbouring ticks apart.

    All ticks of an axis share one unit (the largest tick's: tn, bn, m, k) and as many
    decimals as the ticks need to differ (at most 3), with trailing zeros dropped:
    ticks at 1.5m, 2m and 2.5m read ``¥1.5m``, ``¥2m``, ``¥2.5m`` (not ``¥2m`` three times).
    """

    def __init__(self) -> None:
        self._size, self._suffix, self._decimals = None, "", 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        finite = [float(v) for v in locs if math.isfinite(v)]
        if not finite:
            self._size, self._suffix, self._decimals = None, "", 0
            return
        self._size, self._suffix = _unit(max(abs(v) for v in finite))
        scaled = [v / self._size for v in finite]
        for decimals in range(4):
            # enough when every tick is shown exactly at this precision
            if all(abs(round(v, decimals) - v) < 1e-9 * max(1.0, abs(v)) for v in scaled):
                break
        if self._suffix == "" and decimals:
            decimals = min(decimals, 2)  # fen at most
        self._decimals = decimals

    def __call__(self, x, pos=None) -> str:
        if self._size is None:
            return _rmb(x)
        return _signed(f"{_number(x / self._size, self._decimals)}{self._suffix}") if x else "¥0"

    def format_data_short(self, value) -> str:  # the cursor readout
        return _rmb(value)


def money_formatter() -> RmbFormatter:
    """A new RMB axis formatter: ``ax.yaxis.set_major_formatter(money_formatter())``."""
    return RmbFormatter()


#: Axis formatter for RMB amounts: ¥320m, ¥1.2bn, ... (ticks stay distinct: ¥1.5m, ¥2m, ¥2.5m)
rmb_formatter = RmbFormatter()


def fmt_rmb(x: float) -> str:
    """Format an RMB amount for text: ``fmt_rmb(3.2e8) == '¥320m'``, ``fmt_rmb(1.5e6) == '¥1.5m'``."""
    return _rmb(x)


def place_legend(ax, *, where: str = "right", **kwargs):
    """Draw ``ax``'s legend outside the plotting area, so it never covers a bar or a line.

    ``where="right"`` (default) puts it beside the axes, top-aligned; ``"below"`` under
    the x-axis label in columns; ``"above"`` between the title and the axes. Other
    keyword arguments go to ``ax.legend`` (``title=...``, ``ncols=...``). The notebook's
    inline backend saves with a tight bounding box, so the legend is part of the figure.
    Returns the legend.
    """
    handles, labels = ax.get_legend_handles_labels()
    n = max(1, len(labels))
    placements = {
        "right": {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0)},
        "below": {"loc": "upper center", "bbox_to_anchor": (0.5, -0.16), "ncols": min(n, 4)},
        "above": {"loc": "lower center", "bbox_to_anchor": (0.5, 1.01), "ncols": min(n, 4)},
    }
    if where not in placements:
        raise ValueError(f"where must be one of {', '.join(placements)}, not {where!r}")
    opts = {**placements[where], "borderaxespad": 0.0, "frameon": False, **kwargs}
    return ax.legend(**opts)


def new_axes(title: str, xlabel: str, ylabel: str, figsize=None):
    """A figure with one labelled axes in the course style. Returns (fig, ax)."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def tornado_chart(sens, base: float, ax=None, title: str = "Sensitivity of SOM (one at a time)",
                  xlabel: str = "SOM, fee income per year", money: bool = True):
    """Tornado chart (敏感性分析): one horizontal bar per driver from its low to its high result.

    ``sens`` is a DataFrame indexed by driver with columns ``low`` and ``high`` (the
    outcome with the driver at its low / high value, the others at base), ideally sorted
    by swing, largest first: the largest swing is drawn on top. ``base`` is the outcome
    with every driver at base (the vertical line). Returns the axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots()
    rows = sens.iloc[::-1]  # barh draws bottom-up: reverse so the first row is on top
    y = range(len(rows))
    low = rows["low"].to_numpy(float)
    high = rows["high"].to_numpy(float)
    ax.barh(y, low - base, left=base, color=PALETTE[1], label="driver at low")
    ax.barh(y, high - base, left=base, color=BANK_COLOR, label="driver at high")
    ax.axvline(base, color="black", linewidth=1)
    ax.set_yticks(list(y), [str(i) for i in rows.index])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if money:
        ax.xaxis.set_major_formatter(rmb_formatter)
    place_legend(ax)
    return ax
