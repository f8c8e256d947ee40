"""Lesson 02 (segmentation): k-means on the standardised lesson features of the active customers
(the dormant ones are a lifecycle state of their own), with the course convention, picks the
planted number of segments by silhouette (about 0.43) and recovers them with an adjusted Rand
index of at least 0.9 (about 0.96); the lesson's RFM
"at risk" group is made of customers who really lapsed.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

from finmkt.data import load
from finmkt.methods.segmentation import RANDOM_STATE, SILHOUETTE_SAMPLE, standardise
from finmkt.paths import data_dir
from finmkt.widgets.segments import segment_features


@pytest.fixture(scope="module")
def segment_data():
    customers = load("customers")
    customers = customers[customers["dormant"] == 0]  # the lesson segments the active customers
    truth = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    X = standardise(segment_features(customers))
    return X, truth.reindex(X.index).to_numpy()


def test_silhouette_picks_the_planted_number_of_segments(segment_data):
    X, truth = segment_data
    planted_k = len(set(truth))
    sil = {}
    for k in range(2, 9):
        labels = KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(X)
        sil[k] = silhouette_score(X, labels, sample_size=SILHOUETTE_SAMPLE, random_state=RANDOM_STATE)
    assert max(sil, key=sil.get) == planted_k, sil
    assert 0.40 <= sil[planted_k] <= 0.50, sil


def test_kmeans_recovers_the_planted_segments(segment_data):
    X, truth = segment_data
    labels = KMeans(n_clusters=len(set(truth)), n_init=10, random_state=RANDOM_STATE).fit_predict(X)
    assert adjusted_rand_score(truth, labels) >= 0.9


def test_unstandardised_features_do_worse(segment_data):
    """The lesson's point about standardising holds on this data."""
    X, truth = segment_data
    c = load("customers")
    raw = segment_features(c[c["dormant"] == 0])
    k = len(set(truth))
    good = adjusted_rand_score(truth, KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(X))
    bad = adjusted_rand_score(truth, KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(raw))
    assert bad < good - 0.1


def test_rfm_at_risk_customers_have_lapsed():
    """With activity spread over the year (no last-day pile-up), recency is informative: the
    lesson's at-risk group (R <= 2, F >= 4) has been silent for months, champions for days."""
    t = load("transactions")
    g = t.groupby("customer_id")
    recency = (pd.Timestamp("2025-12-31") - g["txn_date"].max()).dt.days
    frequency = g.size()

    def quintile(x):
        return pd.qcut(x.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)

    R, F = 6 - quintile(recency), quintile(frequency)
    at_risk = recency[(R <= 2) & (F >= 4)]
    champions = recency[(R >= 4) & (F >= 4)]
    assert at_risk.median() >= 90 and champions.median() <= 30, (at_risk.median(), champions.median())
    assert (t["txn_date"] == t["txn_date"].max()).mean() < 0.01, "no pile-up on the last day"
