"""The reference methods of module 01 recover the planted truths of the synthetic world.

Segments (lesson 02): k-means on the standardised lesson features, with the course
convention, picks the planted number of segments by silhouette and recovers them with
an adjusted Rand index of at least 0.8.

Bass diffusion (lesson 03): nonlinear least squares on the monthly adopters recovers the
planted p, q and m within 10% for every product observed up to near its peak; for the
product still in introduction the fit itself says that m is not identified.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import curve_fit
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

from finmkt.data import load
from finmkt.paths import data_dir
from finmkt.widgets.bass import bass_cumulative
from finmkt.widgets.segments import RANDOM_STATE, SILHOUETTE_SAMPLE, segment_features, zscore


@pytest.fixture(scope="module")
def segment_data():
    customers = load("customers")
    truth = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    X = zscore(segment_features(customers))
    return X, truth.reindex(X.index).to_numpy()


def test_silhouette_picks_the_planted_number_of_segments(segment_data):
    X, truth = segment_data
    planted_k = len(set(truth))
    sil = {}
    for k in range(2, 9):
        labels = KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(X)
        sil[k] = silhouette_score(X, labels, sample_size=SILHOUETTE_SAMPLE, random_state=RANDOM_STATE)
    assert max(sil, key=sil.get) == planted_k, sil


def test_kmeans_recovers_the_planted_segments(segment_data):
    X, truth = segment_data
    labels = KMeans(n_clusters=len(set(truth)), n_init=10, random_state=RANDOM_STATE).fit_predict(X)
    assert adjusted_rand_score(truth, labels) >= 0.8


def test_unstandardised_features_do_worse(segment_data):
    """The lesson's point about standardising holds on this data."""
    X, truth = segment_data
    raw = segment_features(load("customers"))
    k = len(set(truth))
    good = adjusted_rand_score(truth, KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(X))
    bad = adjusted_rand_score(truth, KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit_predict(raw))
    assert bad < good - 0.1


def _bass_model(t, p, q, m):
    return m * (bass_cumulative(t, p, q) - bass_cumulative(t - 1, p, q))


def _fit(g: pd.DataFrame):
    """The lesson's reference fit (start values and bounds of exercise fit_bass)."""
    t, y = g["months_since_launch"].to_numpy(float), g["new_adopters"].to_numpy(float)
    popt, pcov = curve_fit(_bass_model, t, y, p0=[0.01, 0.1, 2 * y.sum()],
                           bounds=([1e-6, 1e-6, y.sum()], [1, 2, 100 * y.sum()]), maxfev=20000)
    return popt, pcov


@pytest.fixture(scope="module")
def bass_truth():
    planted = json.loads((data_dir() / "truth" / "planted.json").read_text())["bass"]
    return load("adoption"), planted


def test_planted_lifecycle_mix(bass_truth):
    """Products at every stage: well past the peak, near it, and early."""
    adoption, planted = bass_truth
    observed = adoption.groupby("product_id")["months_since_launch"].max()
    ratio = pd.Series({pid: observed[pid] / v["t_star"] for pid, v in planted.items()})
    assert (ratio > 2).sum() >= 2 and ((ratio > 0.8) & (ratio < 1.3)).sum() >= 2 and (ratio < 0.6).sum() >= 1


def test_bass_fit_recovers_the_planted_parameters(bass_truth):
    adoption, planted = bass_truth
    observed = adoption.groupby("product_id")["months_since_launch"].max()
    checked = 0
    for pid, g in adoption.groupby("product_id"):
        truth = planted[pid]
        if observed[pid] < 0.8 * truth["t_star"]:
            continue  # still in introduction: see the next test
        (p, q, m), _ = _fit(g)
        for name, got in {"p": p, "q": q, "m": m}.items():
            assert abs(got / truth[name] - 1) < 0.10, f"{pid}: {name} = {got:.4g} vs planted {truth[name]:.4g}"
        t_star = np.log(q / p) / (p + q)
        assert abs(t_star / truth["t_star"] - 1) < 0.10
        checked += 1
    assert checked >= 6


def test_an_early_product_is_flagged_as_unidentified(bass_truth):
    """Before the inflection, least squares cannot pin down m: its standard error says so,
    and the lesson's stage rule still classes the product as introduction."""
    adoption, planted = bass_truth
    observed = adoption.groupby("product_id")["months_since_launch"].max()
    early = [pid for pid, v in planted.items() if observed[pid] < 0.6 * v["t_star"]]
    assert early
    for pid in early:
        g = adoption[adoption["product_id"] == pid].sort_values("months_since_launch")
        (p, q, m), _ = _fit(g)
        _, cov = curve_fit(_bass_model, g["months_since_launch"].to_numpy(float), g["new_adopters"].to_numpy(float),
                           p0=[p, q, m], maxfev=20000)
        assert np.sqrt(cov[2, 2]) / m > 0.5, f"{pid}: m looks identified, but the data stop far before the peak"
        share_of_fitted_m = g["new_adopters"].sum() / m
        share_of_true_m = g["new_adopters"].sum() / planted[pid]["m"]
        assert share_of_fitted_m < 0.16 and share_of_true_m < 0.16, "introduction under the lesson's rule"
