"""The attribution lesson's given measure (03_channels/03_attribution).

The **misallocated share** compares a model's conversions credited per channel with a
reference split (the holdout tests' incremental conversions in the lesson, the planted
contributions in the truth): half the sum of the absolute gaps over the reference's total,
the share of the conversions (and of a budget split in proportion to them) that the model
puts on the wrong channels. The lesson hands it to trainees; no exercise asks for it.
"""

from __future__ import annotations

import pandas as pd


def misallocated_share(credit: pd.Series, reference: pd.Series) -> float:
    """Half the sum of |credit − reference| over the reference's total (0 = the same split)."""
    ref = pd.Series(reference, dtype=float)
    got = pd.Series(credit, dtype=float).reindex(ref.index, fill_value=0.0)
    total = float(ref.sum())
    if total <= 0:
        raise ValueError("the reference must credit some conversions")
    return float(0.5 * (got - ref).abs().sum() / total)
