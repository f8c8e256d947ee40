"""Brand-perception survey of Minghu adults (module 02, lesson 1: the perceptual map).

City adults rate the institutions they know (those of ``competitors``) on eight attributes
a customer weighs, on a 1-7 scale, and rate the provider they would ideally bank with on
the same attributes. Planted truth (``truth/perception.json``):

* every institution has a **position** in a two-dimensional perception space (x: digital
  and low cost versus branches and trust; y: wealth and advice versus everyday banking);
* every attribute has a **direction** (a unit vector, given by its angle) in that space;
* a rating is ``mean_a + spread_a · (position · direction_a + offset) + respondent + noise``,
  rounded and clipped to 1-7, where a few institution-specific offsets carry what two
  dimensions cannot (state banks' apps are good, Minghu Bank's service is better than its
  place on the map says, the rural bank pays a higher rate, the platform gives no advice);
  respondents rate only the institutions they know, and some cells are "don't know";
* every customer segment (the five of ``truth/segments.csv``) has an **ideal point** in
  the same space; respondents' ideal ratings follow the same model from their segment's
  ideal point. One segment's ideal point lies far from every institution: the **white
  space** (young professionals: digital with advice).

Respondents who bank with Minghu Bank are a simple random draw from the customer extract
and carry its customer id and planted segment; the others carry the segment the survey's
screener assigned. The survey describes the city, so its size does not change with
``--scale``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.customers import _AGE, SEGMENTS
from finmkt.data.schema import Dataset, cols
from finmkt.data.world import AGE_BAND_EDGES, AGE_BANDS

#: The attributes rated, in column order: name -> (English question, Chinese, angle in
#: degrees of its planted direction, mean rating, spread of the ratings).
ATTRIBUTES = {
    "returns": ("Returns on savings and investments", "收益", 50.0, 4.3, 0.9),
    "safety": ("Safety and trust", "安全与信任", 165.0, 5.85, 0.7),
    "service": ("Friendly, attentive service", "服务", 230.0, 4.6, 0.9),
    "digital": ("Mobile app and digital experience", "数字化体验", 5.0, 4.3, 1.3),
    "branch_access": ("Branch convenience", "网点便利", 195.0, 4.4, 1.5),
    "low_fees": ("Low fees, good value", "费用低", -60.0, 4.1, 1.0),
    "product_range": ("Range of products", "产品丰富", 120.0, 4.4, 0.8),
    "advice": ("Investment advice", "投资建议", 85.0, 4.1, 1.0),
}
ATTRIBUTE_NAMES = list(ATTRIBUTES)

#: Planted positions (x, y) of the institutions of ``competitors``.
POSITIONS = {
    "Guoheng Bank": (-0.80, 0.35),
    "Zhongyu Bank": (-0.70, 0.20),
    "Hanhai Commercial Bank": (0.35, 0.05),
    "Xinghe Bank": (0.05, -0.10),
    spec.BANK: (-0.45, -0.55),
    "Hupan Rural Commercial Bank": (-0.75, -0.80),
    "Yunqiao Wealth": (1.25, -0.35),
    "Minglan Securities": (0.15, 1.15),
}

#: What two dimensions cannot carry: (institution, attribute) -> offset in position units.
OFFSETS = {
    ("Guoheng Bank", "digital"): 0.45,
    ("Zhongyu Bank", "digital"): 0.40,
    ("Hanhai Commercial Bank", "digital"): 0.30,
    ("Hanhai Commercial Bank", "low_fees"): -0.30,
    ("Xinghe Bank", "low_fees"): -0.35,
    ("Minglan Securities", "safety"): -0.35,
    (spec.BANK, "service"): 0.70,
    ("Hupan Rural Commercial Bank", "returns"): 0.45,
    ("Hupan Rural Commercial Bank", "safety"): -0.35,
    ("Yunqiao Wealth", "advice"): -0.35,
}

#: Small idiosyncratic perceptions of every institution on every attribute (position
#: units), fixed for the course (not drawn from the build seed): what makes a real map
#: explain less than all of the variance in two dimensions.
IDIOSYNCRATIC_SD = 0.15


def idiosyncratic() -> pd.DataFrame:
    """The fixed idiosyncratic offsets: institutions x attributes."""
    g = np.random.default_rng(20250101)
    return pd.DataFrame(g.normal(0, IDIOSYNCRATIC_SD, (len(POSITIONS), len(ATTRIBUTE_NAMES))),
                        index=list(POSITIONS), columns=ATTRIBUTE_NAMES)


#: Planted ideal points (x, y) of the segments.
IDEAL_POINTS = {
    "young_professional": (1.40, 0.60),
    "mass_family": (-0.45, -0.55),
    "entrepreneur": (0.30, 0.85),
    "retiree": (-0.90, 0.05),
    "starter": (1.10, -0.55),
}

#: What a segment wants beyond its point: mass-market families want the friendly local
#: service that Minghu Bank is known for.
IDEAL_OFFSETS = {("mass_family", "service"): 0.70}

#: Probability that a respondent knows (and so rates) an institution; Minghu Bank's own
#: customers always rate it.
AWARENESS = {
    "Guoheng Bank": 0.95,
    "Zhongyu Bank": 0.93,
    "Hanhai Commercial Bank": 0.75,
    "Xinghe Bank": 0.55,
    spec.BANK: 0.85,
    "Hupan Rural Commercial Bank": 0.80,
    "Yunqiao Wealth": 0.80,
    "Minglan Securities": 0.45,
}

RESPONDENTS = 1_600
DONT_KNOW = 0.04  # share of rating cells left blank ("don't know")
RESPONDENT_SD = 0.4  # a respondent's general leniency (scale use)
NOISE_SD = 1.0
# the survey's screener mix of segments among respondents who are not Minghu customers
_SCREENER_P = np.array([0.24, 0.32, 0.09, 0.21, 0.14])

PERCEPTION_RATINGS = Dataset(
    "perception_ratings",
    "Brand-perception survey: ratings of institutions",
    "A city-wide brand-perception survey (品牌认知调查): each respondent rates every "
    "institution of `competitors` that they know on eight attributes, from 1 (very poor) "
    "to 7 (excellent); an institution a respondent does not know has no row, and a blank "
    "cell is \"don't know\". One row per respondent and institution rated.",
    cols(
        ("respondent_id", "str", "", "Respondent identifier (see perception_respondents)"),
        ("institution", "str", "", "Institution rated (see competitors)"),
        *[(a, "float", "points (1-7)", f"{q} ({zh}); blank = don't know")
          for a, (q, zh, *_) in ATTRIBUTES.items()],
    ),
)

PERCEPTION_RESPONDENTS = Dataset(
    "perception_respondents",
    "Brand-perception survey: respondents and their ideal provider",
    "The respondents of the brand-perception survey: adults of Minghu city, a Minghu Bank "
    "customer id where they bank there (a simple random draw from the customer extract), "
    "their customer segment (for Minghu Bank customers the bank's segment; for the others "
    "the survey screener's) and how they rate their ideal provider on the same eight "
    "attributes and scale (理想点: what they would want most).",
    cols(
        ("respondent_id", "str", "", "Respondent identifier"),
        ("minghu_customer", "int", "0/1", "Banks with Minghu Bank"),
        ("customer_id", "str", "", "Minghu Bank customer id (see customers); blank when not a customer"),
        ("segment", "str", "", "Customer segment: young_professional, mass_family, entrepreneur, retiree, starter"),
        ("age_band", "str", "years", "Age band: 18-24, 25-34, 35-44, 45-54, 55-64, 65+"),
        *[(f"ideal_{a}", "int", "points (1-7)", f"Rating the respondent's ideal provider would earn: {q.lower()}")
          for a, (q, *_) in ATTRIBUTES.items()],
    ),
)

SCHEMAS = [PERCEPTION_RATINGS, PERCEPTION_RESPONDENTS]


def directions() -> pd.DataFrame:
    """Planted attribute directions: unit vectors (x, y), indexed by attribute."""
    ang = np.deg2rad([ATTRIBUTES[a][2] for a in ATTRIBUTE_NAMES])
    return pd.DataFrame({"x": np.cos(ang), "y": np.sin(ang)}, index=pd.Index(ATTRIBUTE_NAMES, name="attribute"))


def expected_ratings(points: pd.DataFrame, offsets: dict | None = None, idiosyncratic_offsets: bool = False
                     ) -> pd.DataFrame:
    """The model's expected rating (before noise, rounding and clipping) of each point
    (rows of ``points``: columns x, y) on every attribute, with the planted ``offsets``
    ((row, attribute) -> position units) and, for institutions, the idiosyncratic ones."""
    d = directions()
    mean = np.array([ATTRIBUTES[a][3] for a in ATTRIBUTE_NAMES])
    spread = np.array([ATTRIBUTES[a][4] for a in ATTRIBUTE_NAMES])
    latent = points[["x", "y"]].to_numpy(float) @ d.to_numpy().T
    latent = pd.DataFrame(latent, index=points.index, columns=ATTRIBUTE_NAMES)
    if idiosyncratic_offsets:
        latent = latent + idiosyncratic().reindex(index=latent.index, columns=ATTRIBUTE_NAMES).fillna(0.0)
    for (inst, attr), off in (offsets or {}).items():
        if inst in latent.index:
            latent.loc[inst, attr] += off
    return mean + spread * latent


def _points(table: dict) -> pd.DataFrame:
    return pd.DataFrame.from_dict(table, orient="index", columns=["x", "y"])


def _likert(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 1, 7)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    institutions = frames["competitors"]["institution"].tolist()
    if set(institutions) != set(POSITIONS):
        raise AssertionError("perception: planted positions must cover the institutions of competitors")
    n = RESPONDENTS
    adults = int(frames["population"]["adults"].sum())
    # the bank's share of the city's adults (a world built with --scale has a bigger bank)
    p_customer = min(0.95, spec.BANK_CUSTOMERS * spec.bank_scale(scale) / adults)
    is_cust = rng.random(n) < p_customer
    customers = frames["customers"]
    seg_of = frames["_truth_segments"].set_index("customer_id")["segment"].astype(str)
    cust_ids = np.full(n, "", dtype=object)
    is_cust[np.flatnonzero(is_cust)[len(customers):]] = False  # a tiny extract: no more customers than it has
    picked = rng.choice(len(customers), size=int(is_cust.sum()), replace=False)
    cust_ids[is_cust] = customers["customer_id"].astype(str).to_numpy()[picked]
    seg_idx = rng.choice(len(SEGMENTS), size=n, p=_SCREENER_P)
    seg_idx[is_cust] = pd.Index(SEGMENTS).get_indexer(seg_of.reindex(cust_ids[is_cust]).to_numpy())
    segment = np.array(SEGMENTS, dtype=object)[seg_idx]
    # age band: the customer's own; otherwise from the segment's age profile
    age = np.clip(rng.normal(_AGE[seg_idx, 0], _AGE[seg_idx, 1]), _AGE[seg_idx, 2], _AGE[seg_idx, 3])
    age_band = np.array(AGE_BANDS, dtype=object)[np.searchsorted(AGE_BAND_EDGES[1:-1], age, side="right")]
    age_band[is_cust] = customers["age_band"].astype(str).to_numpy()[picked]
    rid = np.array([f"P{i:05d}" for i in range(1, n + 1)], dtype=object)

    # ideal ratings: the segment's ideal point through the same model
    ideal_exp = expected_ratings(_points(IDEAL_POINTS), IDEAL_OFFSETS).reindex(SEGMENTS).to_numpy()[seg_idx]
    lenient = rng.normal(0, RESPONDENT_SD, n)
    ideal = _likert(ideal_exp + lenient[:, None] + rng.normal(0, NOISE_SD, ideal_exp.shape)).astype(np.int64)
    respondents = pd.DataFrame({"respondent_id": rid, "minghu_customer": is_cust.astype(np.int64),
                                "customer_id": cust_ids, "segment": segment, "age_band": age_band})
    for j, a in enumerate(ATTRIBUTE_NAMES):
        respondents[f"ideal_{a}"] = ideal[:, j]

    # who knows whom: Minghu Bank's customers always know it; at least one institution each
    aware = np.array([AWARENESS[i] for i in institutions])
    knows = rng.random((n, len(institutions))) < aware
    knows[is_cust, institutions.index(spec.BANK)] = True
    none = ~knows.any(axis=1)
    knows[none, rng.integers(0, len(institutions), int(none.sum()))] = True
    r_idx, i_idx = np.nonzero(knows)  # respondent-major order
    exp = expected_ratings(_points(POSITIONS), OFFSETS, idiosyncratic_offsets=True).reindex(institutions).to_numpy()
    vals = _likert(exp[i_idx] + lenient[r_idx, None] + rng.normal(0, NOISE_SD, (len(r_idx), exp.shape[1])))
    vals[rng.random(vals.shape) < DONT_KNOW] = np.nan
    ratings = pd.DataFrame({"respondent_id": rid[r_idx], "institution": np.array(institutions, dtype=object)[i_idx]})
    for j, a in enumerate(ATTRIBUTE_NAMES):
        ratings[a] = vals[:, j]
    return {"perception_ratings": ratings, "perception_respondents": respondents}


def truth(frames: dict) -> dict:
    """Planted positions, directions and ideal points, and the answers they imply."""
    from finmkt.methods.perceptual_map import nearest

    pos, ideal, d = _points(POSITIONS), _points(IDEAL_POINTS), directions()
    bank = spec.BANK
    competitor, comp_dist = nearest(pos, POSITIONS[bank], exclude=bank)
    gaps = {s: nearest(pos, xy) for s, xy in IDEAL_POINTS.items()}
    white = max(gaps, key=lambda s: gaps[s][1])
    frame = gaps[white][0]
    move = ideal.loc[white].to_numpy() - pos.loc[frame].to_numpy()
    cos = d.to_numpy() @ move / np.linalg.norm(move)
    exp = expected_ratings(pos, OFFSETS, idiosyncratic_offsets=True)
    z = (exp - exp.mean()) / exp.std(ddof=0)
    return {
        "attributes": ATTRIBUTE_NAMES,
        "institution_positions": {k: list(v) for k, v in POSITIONS.items()},
        "attribute_directions": {a: [float(d.loc[a, "x"]), float(d.loc[a, "y"])] for a in ATTRIBUTE_NAMES},
        "attribute_angles_deg": {a: ATTRIBUTES[a][2] for a in ATTRIBUTE_NAMES},
        "offsets": {f"{i}|{a}": v for (i, a), v in OFFSETS.items()},
        "ideal_offsets": {f"{i}|{a}": v for (i, a), v in IDEAL_OFFSETS.items()},
        "ideal_points": {k: list(v) for k, v in IDEAL_POINTS.items()},
        "nearest_competitor": competitor,
        "nearest_competitor_distance": comp_dist,
        "segment_gaps": {s: {"nearest_institution": g[0], "distance": g[1]} for s, g in gaps.items()},
        "white_space_segment": white,
        "positioning": {
            "target": white,
            "frame_of_reference": frame,
            "point_of_difference": ATTRIBUTE_NAMES[int(np.argmax(cos))],
            "reason_to_believe": str(z.loc[bank].idxmax()),
        },
        "respondents": RESPONDENTS,
    }
