"""Unit tests of the perceptual-map explorer (finmkt.widgets.perceptual_map), run with the
lesson's reference distances (finmkt.methods.perceptual_map) in place of the trainee's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.methods.perceptual_map import competitor_distances, distances
from finmkt.widgets.perceptual_map import READOUT_CLASS, biplot, flip
from finmkt.widgets.perceptual_map import perceptual_map_widget as _perceptual_map_widget
from finmkt.widgets.perceptual_map import segment_readout as _segment_readout


def segment_readout(scores, ideal, segment, bank):
    return _segment_readout(scores, ideal, segment, bank, competitor_distances=competitor_distances)


def perceptual_map_widget(scores, loadings, ideal, bank, **kw):
    return _perceptual_map_widget(scores, loadings, ideal, bank, competitor_distances=competitor_distances, **kw)


@pytest.fixture
def toy_map():
    scores = pd.DataFrame({"PC1": [0.0, 3.0, 1.0, -2.0], "PC2": [0.0, 4.0, 0.0, 1.0]},
                          index=["Bank", "Far", "Near", "Other"])
    loadings = pd.DataFrame({"PC1": [0.9, -0.2], "PC2": [0.1, 0.8]}, index=["digital", "advice"])
    ideal = pd.DataFrame({"PC1": [3.0, -2.0], "PC2": [1.0, 1.2]}, index=["seg_a", "seg_b"])
    return scores, loadings, ideal


def test_distances_are_euclidean(toy_map):
    scores, _, ideal = toy_map
    d = distances(scores, scores)
    assert d.loc["Bank", "Far"] == pytest.approx(5.0) and d.loc["Bank", "Near"] == pytest.approx(1.0)
    assert np.allclose(d.to_numpy(), d.to_numpy().T) and np.allclose(np.diag(d.to_numpy()), 0)
    di = distances(scores, ideal)
    assert list(di.index) == ["seg_a", "seg_b"] and list(di.columns) == list(scores.index)
    assert di.loc["seg_a", "Far"] == pytest.approx(3.0)


def test_flipping_a_component_keeps_every_distance(toy_map):
    """PCA's signs are arbitrary: a mirrored map has the same distances."""
    scores, _, ideal = toy_map
    for f in ({"pc1": True}, {"pc2": True}, {"pc1": True, "pc2": True}):
        assert np.allclose(distances(flip(scores, **f), flip(ideal, **f)), distances(scores, ideal))
    assert (flip(scores, pc1=True)["PC1"] == -scores["PC1"]).all()
    assert (flip(scores, pc1=True)["PC2"] == scores["PC2"]).all()


def test_segment_readout(toy_map):
    scores, _, ideal = toy_map
    r = segment_readout(scores, ideal, "seg_b", "Bank")
    assert r["nearest"] == "Other" and r["distance"] == pytest.approx(0.2)
    assert r["bank_distance"] == pytest.approx(np.hypot(2.0, 1.2)) and r["bank_rank"] == 2
    assert all(isinstance(r[k], float) for k in ("distance", "bank_distance"))


def test_reference_competitor_distances_and_white_space(toy_map):
    from finmkt.methods.perceptual_map import white_space

    scores, _, ideal = toy_map
    rivals = competitor_distances(scores, "Bank")
    assert list(rivals.index) == ["Near", "Other", "Far"] and rivals["Far"] == pytest.approx(5.0)
    gaps = white_space(ideal, scores)
    assert list(gaps.index) == ["seg_a", "seg_b"] and gaps.loc["seg_a", "nearest_institution"] == "Near"
    assert gaps.loc["seg_b", "distance"] == pytest.approx(0.2)


def test_readout_measures_with_the_function_it_is_given(toy_map):
    """The readout computes no distance itself: distances on PC1 only (a typical mistake)
    make seg_b's nearest institution the one level with it on PC1."""
    scores, _, ideal = toy_map

    def pc1_only(table, bank):
        return (table["PC1"] - table.loc[bank, "PC1"]).abs().drop(index=bank).sort_values()

    r = _segment_readout(scores, ideal, "seg_a", "Bank", competitor_distances=pc1_only)
    assert r["nearest"] == "Far" and r["distance"] == pytest.approx(0.0) and r["bank_distance"] == pytest.approx(3.0)


def test_a_segment_named_like_an_institution_is_measured_from_its_ideal_point(toy_map):
    scores, _, ideal = toy_map
    r = segment_readout(scores, ideal.rename(index={"seg_b": "Other"}), "Other", "Bank")
    assert r["nearest"] == "Other" and r["distance"] == pytest.approx(0.2)


def test_widget_updates_and_flips_leave_the_readout(toy_map):
    scores, loadings, ideal = toy_map
    box = perceptual_map_widget(scores, loadings, ideal, "Bank", chart=False)
    assert READOUT_CLASS in box.readout._dom_classes
    first = box.readout.value
    assert "seg_a" in first and "nearest institution Near at 2.24" in first
    box.flips["PC1"].value = True
    assert box.readout.value == first, "a sign flip mirrors the map: the distances in the readout do not change"
    box.segment.value = "seg_b"
    assert "Other" in box.readout.value and box.current()["bank_rank"] == 2


def test_biplot_draws_every_layer_with_the_legend_outside(toy_map):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores, loadings, ideal = toy_map
    fig, ax = biplot(scores, loadings, ideal, bank="Bank", explained=[0.6, 0.3])
    try:
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[:2] == ["institutions", "Bank"] and "segment ideal points" in labels
        assert any(lab.startswith("attribute loadings") for lab in labels)
        assert "60%" in ax.get_xlabel() and "30%" in ax.get_ylabel() and ax.get_title()
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert ax.get_legend().get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1
    finally:
        plt.close(fig)
    fig, ax = biplot(scores, show_institutions=False)
    try:
        assert len(ax.collections) == 0, "no layer drawn when every layer is off"
    finally:
        plt.close(fig)


def _small_survey_map():
    """A random attribute table of 8 institutions, its map by the lesson's conventions and 3 segments' ideals."""
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(3)
    attrs = ["returns", "safety", "service", "digital", "advice"]
    means = pd.DataFrame(rng.uniform(2, 6, (8, len(attrs))), index=[f"I{k}" for k in range(8)], columns=attrs)
    sc = StandardScaler().fit(means)
    pca = PCA(n_components=2).fit(sc.transform(means))
    fitted = {"scaler": sc, "pca": pca}
    scores = pd.DataFrame(pca.transform(sc.transform(means)), index=means.index, columns=["PC1", "PC2"])
    loadings = pd.DataFrame(pca.components_.T * np.sqrt(pca.explained_variance_), index=attrs, columns=["PC1", "PC2"])
    respondents = pd.DataFrame(rng.integers(1, 8, (30, len(attrs))), columns=[f"ideal_{a}" for a in attrs])
    respondents["segment"] = np.repeat(["s1", "s2", "s3"], 10)
    prof = respondents.groupby("segment")[[f"ideal_{a}" for a in attrs]].mean().set_axis(attrs, axis=1)
    ideal = pd.DataFrame(pca.transform(sc.transform(prof)), index=prof.index, columns=["PC1", "PC2"])
    return means, fitted, scores, loadings, ideal, respondents


def test_map_problem_names_the_exercise_whose_object_does_not_fit(capsys):
    from sklearn.decomposition import PCA

    from finmkt.widgets.perceptual_map import map_consistent, map_problem

    means, fitted, scores, loadings, ideal, resp = _small_survey_map()
    assert map_problem(means, fitted, scores, loadings, ideal, resp) is None
    assert map_consistent(means, fitted, scores, loadings, ideal, resp) and capsys.readouterr().out == ""
    swapped = scores[["PC2", "PC1"]].set_axis(["PC1", "PC2"], axis=1)
    for bad in (scores * [1, -1], swapped):  # the reviewer's two wrong maps: scores alone mirrored or swapped
        assert map_problem(means, fitted, bad, loadings, ideal, resp).startswith("The map of exercise 3 is not consistent")
    assert "exercise 3" in map_problem(means, fitted, scores, loadings * [-1, 1], ideal, resp)
    assert "exercise 5" in map_problem(means, fitted, scores, loadings, ideal * [1, -1], resp)
    raw = {"scaler": fitted["scaler"], "pca": PCA(n_components=2).fit(means)}  # PCA on the raw means
    assert "exercise 2" in map_problem(means, raw, scores, loadings, ideal, resp)
    assert not map_consistent(means, fitted, scores * [1, -1], loadings, ideal, resp)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Fix it first" in out, "one line instead of a conclusion"
