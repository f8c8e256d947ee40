"""Product lifecycle (lesson 01_market_analysis/03_lifecycle_and_competition): the Bass peak.

With the Bass cumulative share F(t) (the lesson's given helper,
:func:`finmkt.recipes.lifecycle.bass_cumulative`), new adopters in period t are
m·[F(t) − F(t−1)]. When q > p the adoption rate peaks at t* = ln(q/p)/(p+q), in the time
unit of p and q (months for the course's monthly fits; Sultan, Farley and Lehmann's annual
p = 0.03, q = 0.38 peak after about 6.2 years).
"""

from __future__ import annotations

import numpy as np


def peak_time(p, q):
    """Peak of adoption t* = ln(q/p)/(p+q) (COURSE.md), in the time unit of p and q.

    Works on floats and arrays or Series alike; it is 0 when q = p and negative when q < p
    (adoption is then highest at launch: read t* as 0).
    """
    return np.log(q / p) / (p + q)
