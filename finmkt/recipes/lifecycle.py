"""The lifecycle lesson's given helper (01_market_analysis/03_lifecycle_and_competition).

The Bass cumulative adoption share F(t) is handed to trainees for their fit (exercise
``fit_bass`` asks for p, q and m, not for F); the data family generates adoption with it and
the widget draws curves with it.
"""

from __future__ import annotations

import numpy as np


def bass_cumulative(t, p: float, q: float) -> np.ndarray:
    """Bass cumulative adoption share F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}):
    0 at t = 0, 1 as t grows; t in the time unit of p and q (months in the course)."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)
