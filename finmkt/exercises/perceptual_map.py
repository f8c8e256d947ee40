"""Exercises of lesson 02_positioning/01_perceptual_map (差异化与定位: 感知图)."""

from finmkt.exercises import exercise

LESSON = "02_positioning/01_perceptual_map"

exercise(
    "attribute_means", LESSON, "The attribute table: mean rating per institution (属性均值表)",
    hints=[
        "One row per institution, one column per attribute: group the ratings by `institution` and average "
        "the attribute columns.",
        "Only respondents who know an institution rate it (the others have no row), and a blank cell means "
        "\"don't know\": both must stay out of the average, they are not a rating of 0 or 1.",
        "pandas' `mean` already skips missing values; make sure nothing before it turns the blanks into "
        "numbers, and keep the columns in the order of `ATTRIBUTES`.",
    ],
    mistake="Filling the \"don't know\" blanks with 0 before averaging, which drags every institution "
            "down where people know it less well.",
    points=2,
)

exercise(
    "fit_map", LESSON, "Standardise and fit the PCA (主成分分析)",
    hints=[
        "Two steps, each a scikit-learn object fitted on `means`: a `StandardScaler` (z-score of every "
        "attribute across the institutions) and a `PCA(n_components=2)`.",
        "The PCA is fitted on the *standardised* table, the scaler's output, not on the raw means: otherwise "
        "the attributes with the widest spread of ratings decide the map.",
        "Return a dict with the two fitted objects under the keys 'scaler' and 'pca'; both must be fitted "
        "(call `.fit` on each).",
    ],
    mistake="Fitting the PCA on the unstandardised means, so the attributes whose ratings spread most "
            "(branches, digital) dominate the map and a change of rating scale changes it.",
    points=3,
)

exercise(
    "map_coordinates", LESSON, "Biplot coordinates: scores and loadings (得分与载荷)",
    hints=[
        "Scores: put the means through the fitted scaler, then through the fitted PCA's `transform`. "
        "Loadings: the PCA's `components_` (2 rows, one column per attribute) turned into one row per "
        "attribute.",
        "Multiply each component's column of loadings by the square root of its `explained_variance_`, so an "
        "arrow's length shows how well the map represents the attribute.",
        "Two DataFrames with the columns PC1 and PC2: scores indexed by institution (the index of `means`), "
        "loadings indexed by attribute (the columns of `means`). Scores and loadings draw one map: whatever "
        "you do to one (a component's sign, the order of the components) you must do to the other.",
    ],
    mistake="Mirroring the scores (a component's sign flipped, or PC1 and PC2 swapped) without doing the "
            "same to the loading arrows, so the biplot draws two different maps and every later reading "
            "(nearest institution to an ideal point, point of difference) comes out wrong.",
    points=2,
)

exercise(
    "competitor_distances", LESSON, "Nearest competitor on the map (最接近的竞争对手)",
    hints=[
        "The distance between two institutions on the map is the Euclidean distance between their "
        "(PC1, PC2) scores.",
        "Compute the bank's distance to every institution and leave the bank itself out: its distance to "
        "itself is 0 and says nothing.",
        "Return a Series indexed by institution, sorted from the nearest to the farthest, so that its first "
        "entry is the nearest competitor.",
    ],
    mistake="Keeping the bank among the competitors, so the 'nearest competitor' is the bank itself at "
            "distance 0.",
    points=2,
)

exercise(
    "ideal_points", LESSON, "Segment ideal points on the map (理想点)",
    hints=[
        "Average each segment's `ideal_<attribute>` ratings: one row per segment, one column per attribute, "
        "named and ordered like the columns of `means`.",
        "An ideal point is a profile of ratings like an institution's, so it goes through exactly the same "
        "transformation: the scaler and the PCA fitted on the institutions in exercise 2.",
        "Do not fit anything new on the ideal points: a scaler fitted on them would measure them against "
        "each other instead of against the institutions. Return a DataFrame indexed by segment with the "
        "columns PC1 and PC2.",
    ],
    mistake="Standardising the ideal points with a new scaler fitted on the segments themselves instead "
            "of the institutions' scaler.",
    points=3,
)

exercise(
    "white_space", LESSON, "White space: the segment no institution serves (市场空白)",
    hints=[
        "For every segment, compute the Euclidean distance on (PC1, PC2) from its ideal point to every "
        "institution and keep the nearest institution and its distance.",
        "Both components count: two points that agree on PC1 can be far apart on PC2.",
        "Return a DataFrame indexed by segment with the columns nearest_institution and distance, sorted by "
        "distance from the largest down: the first row is the white space.",
    ],
    mistake="Measuring distances on the first component only, so a segment far away on PC2 looks served.",
    points=2,
)

exercise(
    "positioning_statement", LESSON, "The positioning statement (定位声明)",
    hints=[
        "Target: the white-space segment (the first row of `gaps`); frame of reference: the institution "
        "nearest to its ideal point (what it uses today).",
        "Point of difference: the attribute whose loading vector makes the smallest angle (largest cosine) "
        "with the move from the frame of reference's position to the target's ideal point.",
        "Reason to believe: compare the bank with the other institutions, attribute by attribute, in "
        "standardised units (z-scores across institutions), and take its strongest; a raw mean rating that "
        "every institution earns is no reason to believe.",
    ],
    mistake="Taking the reason to believe from the bank's highest raw mean rating (safety, which every "
            "bank earns) instead of its highest standardised score.",
    points=3,
)
