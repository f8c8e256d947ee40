"""Perceptual map (lesson 02_positioning/01_perceptual_map): distances on the map.

Distances are Euclidean on both components (PC1, PC2): the signs of the components are
arbitrary, so a mirrored map has the same distances. The nearest competitor is the other
institution nearest to the bank; a segment's gap is the distance from its ideal point to its
nearest institution, and the white space is the segment with the largest gap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COMPONENTS = ["PC1", "PC2"]


def distances(points: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Euclidean distances on (PC1, PC2): one row per target, one column per point."""
    p = points[COMPONENTS].to_numpy(float)
    t = targets[COMPONENTS].to_numpy(float)
    d = np.sqrt(((t[:, None, :] - p[None, :, :]) ** 2).sum(axis=2))
    return pd.DataFrame(d, index=targets.index, columns=points.index)


def competitor_distances(scores: pd.DataFrame, bank: str) -> pd.Series:
    """Distance from ``bank`` to every other institution, sorted from the nearest."""
    return distances(scores, scores.loc[[bank]]).iloc[0].drop(index=bank).sort_values()


def white_space(ideal: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Per segment its nearest institution and the distance to it, the largest gap first."""
    d = distances(scores, ideal)
    out = pd.DataFrame({"nearest_institution": d.idxmin(axis=1), "distance": d.min(axis=1)})
    return out.sort_values("distance", ascending=False)


def nearest(points: pd.DataFrame, to: tuple[float, float], exclude: str | None = None) -> tuple[str, float]:
    """The row of ``points`` (columns x, y) nearest to ``to`` (Euclidean), ``exclude`` left out."""
    d = np.hypot(points["x"] - to[0], points["y"] - to[1])
    if exclude is not None:
        d = d.drop(index=exclude)
    return str(d.idxmin()), float(d.min())
