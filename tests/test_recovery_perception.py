"""Lesson 02_positioning/01 (perceptual map): the reference method recovers the planted
perception space, and the brand-perception survey is coherent with the world.

Tolerances of the recovery (measured on the course world in brackets):

* institutions: the PCA scores of the standardised attribute table match the planted 2-D
  positions up to rotation, reflection and scale: Procrustes disparity <= 0.06 (0.037);
  standardising the attributes distorts the planted geometry a little, and eight planted
  institution-specific offsets plus small idiosyncratic perceptions lie off the plane;
* two components explain >= 90% of the variance of the standardised table (96%);
* attributes: after the rotation that best aligns the scores with the planted positions, every
  loading arrow points within 20 degrees of its planted direction (largest error 12 degrees);
* the nearest competitor, each segment's nearest institution, the white-space segment and
  the four parts of the positioning statement are exactly the planted ones, and the white
  space is at least twice as far from its nearest institution as any other segment (3.2x).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import orthogonal_procrustes
from scipy.spatial import procrustes
from scipy.stats import spearmanr
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from finmkt.data import SCHEMAS, load, spec
from finmkt.paths import data_dir

BANK = spec.BANK
PC = ["PC1", "PC2"]


@pytest.fixture(scope="module")
def world():
    truth = json.loads((data_dir() / "truth" / "perception.json").read_text())
    return {"ratings": load("perception_ratings"), "respondents": load("perception_respondents"),
            "competitors": load("competitors"), "customers": load("customers"), "truth": truth,
            "segments": pd.read_csv(data_dir() / "truth" / "segments.csv")}


def _reference(ratings, respondents, attributes):
    """The lesson's reference method (exercises 1-7)."""
    means = ratings.groupby("institution")[attributes].mean()
    scaler = StandardScaler().fit(means)
    pca = PCA(n_components=2).fit(scaler.transform(means))
    scores = pd.DataFrame(pca.transform(scaler.transform(means)), index=means.index, columns=PC)
    loadings = pd.DataFrame(pca.components_.T * np.sqrt(pca.explained_variance_), index=attributes, columns=PC)
    prof = respondents.groupby("segment")[[f"ideal_{a}" for a in attributes]].mean()
    prof.columns = attributes
    ideal = pd.DataFrame(pca.transform(scaler.transform(prof)), index=prof.index, columns=PC)
    return means, pca, scores, loadings, ideal


@pytest.fixture(scope="module")
def reference(world):
    return _reference(world["ratings"], world["respondents"], world["truth"]["attributes"])


def _nearest(points: pd.DataFrame, xy) -> tuple[str, float]:
    d = np.hypot(points["PC1"] - xy[0], points["PC2"] - xy[1])
    return str(d.idxmin()), float(d.min())


def test_the_map_recovers_the_planted_positions(world, reference):
    means, pca, scores, _, _ = reference
    planted = pd.DataFrame(world["truth"]["institution_positions"], index=["x", "y"]).T.reindex(scores.index)
    _, _, disparity = procrustes(planted.to_numpy(float), scores.to_numpy(float))
    assert disparity <= 0.06, f"Procrustes disparity {disparity:.3f}"
    assert pca.explained_variance_ratio_.sum() >= 0.90


def test_the_loadings_point_along_the_planted_directions(world, reference):
    _, _, scores, loadings, _ = reference
    truth = world["truth"]
    planted = pd.DataFrame(truth["institution_positions"], index=["x", "y"]).T.reindex(scores.index).to_numpy(float)
    s = scores.to_numpy(float)
    rot, _ = orthogonal_procrustes(s - s.mean(axis=0), planted - planted.mean(axis=0))  # rotation or reflection
    turned = loadings.to_numpy(float) @ rot
    got = np.degrees(np.arctan2(turned[:, 1], turned[:, 0]))
    want = np.array([truth["attribute_angles_deg"][a] for a in loadings.index])
    err = np.abs((got - want + 180) % 360 - 180)
    assert err.max() <= 20, dict(zip(loadings.index, err.round(1), strict=True))


def test_nearest_competitor_white_space_and_positioning_are_the_planted_ones(world, reference):
    means, _, scores, loadings, ideal = reference
    truth = world["truth"]
    d = np.hypot(*(scores.to_numpy(float) - scores.loc[BANK].to_numpy(float)).T)
    rivals = pd.Series(d, index=scores.index).drop(index=BANK).sort_values()
    assert rivals.index[0] == truth["nearest_competitor"]
    assert rivals.iloc[1] >= 2 * rivals.iloc[0], "the nearest competitor stands out"
    gaps = {seg: _nearest(scores, ideal.loc[seg].to_numpy(float)) for seg in ideal.index}
    for seg, g in truth["segment_gaps"].items():
        assert gaps[seg][0] == g["nearest_institution"], seg
    order = sorted(gaps, key=lambda s: -gaps[s][1])
    assert order[0] == truth["white_space_segment"]
    assert gaps[order[0]][1] >= 2 * gaps[order[1]][1], "the white space is clearly the farthest"
    target = order[0]
    frame = gaps[target][0]
    move = ideal.loc[target].to_numpy(float) - scores.loc[frame].to_numpy(float)
    arrows = loadings.to_numpy(float)
    cos = arrows @ move / np.linalg.norm(arrows, axis=1) / np.linalg.norm(move)
    z = (means - means.mean()) / means.std(ddof=0)
    got = {"target": target, "frame_of_reference": frame, "point_of_difference": loadings.index[int(np.argmax(cos))],
           "reason_to_believe": str(z.loc[BANK].idxmax())}
    assert got == truth["positioning"]
    assert np.sort(cos)[-1] - np.sort(cos)[-2] > 0.05, "the point of difference is not a near tie"


def test_the_typical_mistakes_change_the_answers(world, reference):
    """On the course data the lesson's typical mistakes give other answers (so the narrative's
    warnings are real): raw means put safety first as the reason to believe; a new scaler on
    the segments moves their ideal points."""
    means, pca, scores, _, ideal = reference
    assert means.loc[BANK].idxmax() != world["truth"]["positioning"]["reason_to_believe"]
    attrs = world["truth"]["attributes"]
    prof = world["respondents"].groupby("segment")[[f"ideal_{a}" for a in attrs]].mean()
    own = pca.transform(StandardScaler().fit_transform(prof.to_numpy(float)))
    assert np.abs(own - ideal.reindex(prof.index).to_numpy(float)).max() > 0.5


# --- the data family ----------------------------------------------------------------------

def test_schema_and_values(world):
    r, s = world["ratings"], world["respondents"]
    attrs = world["truth"]["attributes"]
    assert list(r.columns) == SCHEMAS["perception_ratings"].column_names == ["respondent_id", "institution", *attrs]
    assert list(s.columns) == SCHEMAS["perception_respondents"].column_names
    assert s["respondent_id"].is_unique and len(s) == world["truth"]["respondents"]
    assert not r.duplicated(["respondent_id", "institution"]).any()
    vals = r[attrs].to_numpy(float)
    ok = vals[~np.isnan(vals)]
    assert set(np.unique(ok)) <= set(range(1, 8)), "Likert ratings 1-7, whole numbers"
    assert 0.01 < np.isnan(vals).mean() < 0.08, "some don't-know blanks, not many"
    ideal = s[[f"ideal_{a}" for a in attrs]].to_numpy()
    assert ideal.min() >= 1 and ideal.max() <= 7
    assert set(s["segment"]) == set(world["segments"]["segment"])


def test_same_institutions_respondents_and_customers_as_the_world(world):
    r, s, c = world["ratings"], world["respondents"], world["customers"]
    assert set(r["institution"]) == set(world["competitors"]["institution"])
    assert set(r["respondent_id"]) == set(s["respondent_id"]), "every respondent rated at least one institution"
    cust = s[s["minghu_customer"] == 1]
    assert (cust["customer_id"] != "").all() and (s.loc[s["minghu_customer"] == 0, "customer_id"] == "").all()
    assert cust["customer_id"].is_unique and set(cust["customer_id"]) <= set(c["customer_id"])
    seg = world["segments"].set_index("customer_id")["segment"]
    assert (cust["segment"].to_numpy() == seg.reindex(cust["customer_id"]).to_numpy()).all(), (
        "a Minghu customer carries the bank's planted segment")
    band = c.set_index("customer_id")["age_band"]
    assert (cust["age_band"].to_numpy() == band.reindex(cust["customer_id"]).to_numpy()).all()
    rated_bank = set(r.loc[r["institution"] == BANK, "respondent_id"])
    assert set(cust["respondent_id"]) <= rated_bank, "the bank's own customers know it"
    adults = load("population")["adults"].sum()
    p = spec.BANK_CUSTOMERS / adults
    se = np.sqrt(p * (1 - p) / len(s))
    assert abs(s["minghu_customer"].mean() - p) < 3 * se, "customers in the survey as in the city"


def test_perceptions_agree_with_the_product_sheet_where_it_speaks(world, reference):
    means = reference[0]
    comp = world["competitors"].set_index("institution").reindex(means.index)
    assert spearmanr(means["digital"], comp["app_rating"])[0] >= 0.6
    assert spearmanr(means["branch_access"], comp["branches"])[0] >= 0.8
    assert spearmanr(means["low_fees"], comp["wm_fee_pct"])[0] <= -0.6
    platform = comp.index[comp["type"] == "internet_platform"][0]
    securities = comp.index[comp["type"] == "securities"][0]
    state = set(comp.index[comp["type"] == "state_bank"])
    assert means["digital"].idxmax() == platform and means["low_fees"].idxmax() == platform
    assert means["branch_access"].idxmin() == platform
    assert means["advice"].rank()[platform] <= 3, "the platform is among the weakest on advice"
    assert means["returns"].idxmax() == securities and means["advice"].idxmax() == securities
    assert set(means["safety"].nlargest(2).index) == state
    assert means["service"].idxmax() == BANK
    assert means["digital"].rank()[BANK] <= 3, "the bank is weaker on digital"
