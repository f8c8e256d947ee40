"""Customer segmentation (lesson 01_market_analysis/02_customer_segmentation): z-scores and k-means.

COURSE.md's conventions: every feature a z-score (x − mean) / SD with the population SD
(ddof = 0); ``KMeans(n_clusters=k, n_init=10, random_state=42)``; the silhouette on a sample
of 3,000 customers drawn with ``random_state=42``; the k with the highest silhouette wins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The course's k-means seed and silhouette sample (silhouette compares every pair: O(n²)).
RANDOM_STATE = 42
SILHOUETTE_SAMPLE = 3000


def standardise(features: pd.DataFrame) -> pd.DataFrame:
    """Every column as a z-score: (x − mean) / standard deviation (population, ddof=0)."""
    return (features - features.mean()) / features.std(ddof=0)


def segment_customers(X, k: int, random_state: int = RANDOM_STATE) -> np.ndarray:
    """Cluster labels of k-means with the course convention (10 starts, fixed seed)."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X)


def k_scores(X, ks, random_state: int = RANDOM_STATE, sample_size: int = SILHOUETTE_SAMPLE) -> pd.DataFrame:
    """Inertia and silhouette of k-means for every k of ``ks`` (index: k)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    Xa = np.asarray(X, dtype=float)
    rows = {}
    for k in ks:
        km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(Xa)
        rows[k] = {"inertia": float(km.inertia_),
                   "silhouette": float(silhouette_score(Xa, km.labels_, sample_size=min(sample_size, len(Xa)),
                                                        random_state=random_state))}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("k")
