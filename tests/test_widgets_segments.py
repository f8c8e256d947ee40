"""Unit tests of the segment explorer (finmkt.widgets.segments), run with the lesson's
reference functions (finmkt.methods.segmentation) in place of the trainee's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from finmkt.methods.segmentation import segment_customers, standardise
from finmkt.widgets.segments import FEATURES, segment_features
from finmkt.widgets.segments import explore_segments as _explore_segments
from finmkt.widgets.segments import segment_explorer as _segment_explorer


def explore_segments(features, columns, k, **kw):
    return _explore_segments(features, columns, k, standardise=standardise, segment_customers=segment_customers, **kw)


def segment_explorer(features, **kw):
    return _segment_explorer(features, standardise=standardise, segment_customers=segment_customers, **kw)


@pytest.fixture
def blobs() -> pd.DataFrame:
    """Three well-separated groups of 60 points on two features, plus a noise feature."""
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    truth = np.repeat(np.arange(3), 60)
    xy = centres[truth] + rng.normal(0, 0.5, (len(truth), 2))
    df = pd.DataFrame({"a": xy[:, 0], "b": xy[:, 1] * 1000, "noise": rng.normal(0, 1, len(truth))})
    df.attrs["truth"] = truth
    return df


def test_segment_features_from_customers():
    customers = pd.DataFrame({
        "customer_id": ["C1", "C2"], "age": [30, 70], "income": [100_000.0, 1_000_000.0],
        "assets": [10_000.0, 100.0], "app_logins_month": [20, 1], "branch_visits_year": [0, 12],
        "rm_contacts_year": [1, 3],
    })
    f = segment_features(customers)
    assert list(f.columns) == list(FEATURES) and list(f.index) == ["C1", "C2"]
    assert f.loc["C1", "log_income"] == pytest.approx(5.0) and f.loc["C2", "log_assets"] == pytest.approx(2.0)


def test_standardise_has_mean_zero_and_unit_sd(blobs):
    z = standardise(blobs)
    assert np.allclose(z.mean(), 0) and np.allclose(z.std(ddof=0), 1)


def test_explorer_uses_the_functions_it_is_given(blobs):
    """The explorer computes nothing of the exercises itself: a standardise that forgets to
    scale lets column b (in thousands) decide, and a segment_customers that puts everyone in
    two fixed groups gives exactly those groups."""
    raw = _explore_segments(blobs, ["a", "b"], 3, standardise=lambda f: f - f.mean(),
                            segment_customers=segment_customers)
    right = explore_segments(blobs, ["a", "b"], 3)
    assert raw["silhouette"] != pytest.approx(right["silhouette"])
    halves = _explore_segments(blobs, ["a", "b"], 3, standardise=standardise,
                               segment_customers=lambda X, k: np.arange(len(X)) % 2)
    assert set(halves["labels"]) == {0, 1} and len(halves["profile"]) == 2


def test_explore_recovers_separated_groups_and_scores_them(blobs):
    res = explore_segments(blobs, ["a", "b"], 3)
    assert adjusted_rand_score(blobs.attrs["truth"], res["labels"]) == pytest.approx(1.0)
    assert 0.8 < res["silhouette"] <= 1.0
    prof = res["profile"]
    assert len(prof) == 3 and np.isclose(prof["share"].sum(), 1.0)
    assert list(prof.columns) == ["share", *blobs.columns], "profile in original units, every feature"
    assert prof["share"].is_monotonic_decreasing


def test_silhouette_prefers_the_true_k(blobs):
    """Column b is in thousands, yet after the built-in standardisation the silhouette at
    the true k beats a wrong k."""
    right = explore_segments(blobs, ["a", "b"], 3)["silhouette"]
    wrong = explore_segments(blobs, ["a", "b"], 5)["silhouette"]
    assert right > wrong


def test_noise_feature_lowers_the_silhouette(blobs):
    clean = explore_segments(blobs, ["a", "b"], 3)["silhouette"]
    noisy = explore_segments(blobs, ["a", "b", "noise"], 3)["silhouette"]
    assert noisy < clean


def test_invalid_choices_are_refused(blobs):
    with pytest.raises(ValueError):
        explore_segments(blobs, [], 3)
    with pytest.raises(ValueError):
        explore_segments(blobs, ["a"], 1)


def test_widget_reacts_to_k_and_features(blobs):
    ui = segment_explorer(blobs)
    assert "Silhouette" in ui.readout.value and "<table" in ui.table.value
    ui.k.value = 3
    assert ui.result()["profile"].shape[0] == 3
    assert "k = 3" in ui.readout.value
    for box in ui.checks.values():
        box.value = False
    assert ui.result() is None and "at least one" in ui.readout.value


def test_widget_clusters_a_fixed_sample_of_at_most_max_rows(blobs):
    ui = segment_explorer(blobs, max_rows=90)
    assert len(ui.result()["labels"]) == 90 and "sample of 90" in ui.readout.value
    again = segment_explorer(blobs, max_rows=90)
    assert (again.result()["labels"] == ui.result()["labels"]).all(), "the sample is fixed (random_state)"
