"""The course's chart style and helpers shared by every lesson.

``use_style()`` once at the top of a lesson; ``rmb_formatter`` for money axes.
Plot labels are English (no CJK font needed).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

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


def _rmb(x: float, _pos=None) -> str:
    ax = abs(x)
    if ax >= 1e12:
        return f"¥{x / 1e12:.1f}tn"
    if ax >= 1e9:
        return f"¥{x / 1e9:.1f}bn"
    if ax >= 1e6:
        return f"¥{x / 1e6:.0f}m"
    if ax >= 1e3:
        return f"¥{x / 1e3:.0f}k"
    return f"¥{x:.0f}"


#: Axis formatter for RMB amounts: ¥320m, ¥1.2bn, ...
rmb_formatter = FuncFormatter(_rmb)


def fmt_rmb(x: float) -> str:
    """Format an RMB amount for text: ``fmt_rmb(3.2e8) == '¥320m'``."""
    return _rmb(x)


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
    ax.legend(loc="lower right")
    return ax
