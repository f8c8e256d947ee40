"""Wrong answers written independently from the trainee release of 01_perceptual_map."""
LESSON = "02_positioning/01_perceptual_map"
MISTAKES = {
    "attribute_means": [
        ("treats a \"don't know\" blank as a rating of 0 (fillna(0) before averaging)", '''def attribute_means(ratings):
    # Stuck? Run hint("attribute_means") in a new cell.
    # Write: the mean rating of every institution (rows) on every attribute (columns, in the order of ATTRIBUTES).
    # YOUR CODE HERE
    attrs = [c for c in ratings.columns if c not in ("respondent_id", "institution")]
    filled = ratings.copy()
    filled[attrs] = filled[attrs].fillna(0)
    return filled.groupby("institution")[attrs].mean()[ATTRIBUTES]


means = attribute_means(ratings)
means.round(2)
'''),
        ("listwise deletion: drops every respondent-institution row with any blank before averaging (instead of skipping blanks attribute by attribute)", '''def attribute_means(ratings):
    # Stuck? Run hint("attribute_means") in a new cell.
    # Write: the mean rating of every institution (rows) on every attribute (columns, in the order of ATTRIBUTES).
    # YOUR CODE HERE
    complete = ratings.dropna(subset=ATTRIBUTES)
    return complete.groupby("institution")[ATTRIBUTES].mean()


means = attribute_means(ratings)
means.round(2)
'''),
    ],
    "fit_map": [
        ("fits the scaler but runs the PCA on the raw (unstandardised) means", '''def fit_map(means):
    # Stuck? Run hint("fit_map") in a new cell.
    # Write: fit a StandardScaler on means and a PCA(n_components=2) on the standardised table; return both in a dict.
    # YOUR CODE HERE
    scaler = StandardScaler().fit(means)
    pca = PCA(n_components=2).fit(means)
    return {"scaler": scaler, "pca": pca}


if ready("attribute_means", "means", what="Fitting the map"):
    fitted = fit_map(means)
    explained = fitted["pca"].explained_variance_ratio_
    print(f"PC1 explains {explained[0]:.1%} of the variance of the standardised table, PC2 {explained[1]:.1%}: "
          f"the map keeps {explained.sum():.1%}.")
'''),
        ("standardises each institution's row across the attributes (scaler fitted on the transposed table) instead of each attribute across institutions", '''def fit_map(means):
    # Stuck? Run hint("fit_map") in a new cell.
    # Write: fit a StandardScaler on means and a PCA(n_components=2) on the standardised table; return both in a dict.
    # YOUR CODE HERE
    scaler = StandardScaler().fit(means.T.to_numpy(float))
    z = scaler.transform(means.T.to_numpy(float)).T
    pca = PCA(n_components=2).fit(z)
    return {"scaler": scaler, "pca": pca}


if ready("attribute_means", "means", what="Fitting the map"):
    fitted = fit_map(means)
    explained = fitted["pca"].explained_variance_ratio_
    print(f"PC1 explains {explained[0]:.1%} of the variance of the standardised table, PC2 {explained[1]:.1%}: "
          f"the map keeps {explained.sum():.1%}.")
'''),
    ],
    "map_coordinates": [
        ("scales the loadings by the square root of explained_variance_ratio_ instead of explained_variance_", '''def map_coordinates(means, fitted):
    # Stuck? Run hint("map_coordinates") in a new cell.
    # Write: the institutions' scores (PC1, PC2) and the attributes' loadings, two DataFrames.
    # YOUR CODE HERE
    pca = fitted["pca"]
    z = fitted["scaler"].transform(means)
    scores = pd.DataFrame(pca.transform(z), index=means.index, columns=["PC1", "PC2"])
    loadings = pd.DataFrame(pca.components_.T * np.sqrt(pca.explained_variance_ratio_), index=means.columns,
                            columns=["PC1", "PC2"])
    return scores, loadings


if ready("fit_map", "fitted", what="Computing the coordinates"):
    scores, loadings = map_coordinates(means, fitted)
    display(scores.round(2))
    display(loadings.round(2))
'''),
        ("computes the scores as the standardised means times the loadings (v*sqrt(lambda)) instead of projecting on the unit directions", '''def map_coordinates(means, fitted):
    # Stuck? Run hint("map_coordinates") in a new cell.
    # Write: the institutions' scores (PC1, PC2) and the attributes' loadings, two DataFrames.
    # YOUR CODE HERE
    pca = fitted["pca"]
    load = pca.components_.T * np.sqrt(pca.explained_variance_)
    loadings = pd.DataFrame(load, index=means.columns, columns=["PC1", "PC2"])
    z = fitted["scaler"].transform(means)
    scores = pd.DataFrame(z @ load, index=means.index, columns=["PC1", "PC2"])
    return scores, loadings


if ready("fit_map", "fitted", what="Computing the coordinates"):
    scores, loadings = map_coordinates(means, fitted)
    display(scores.round(2))
    display(loadings.round(2))
'''),
    ],
    "competitor_distances": [
        ("returns the squared Euclidean distance (forgets the square root)", '''def competitor_distances(scores, bank):
    # Stuck? Run hint("competitor_distances") in a new cell.
    # Write: the distance from bank to every other institution on the map, a Series sorted from the nearest.
    # YOUR CODE HERE
    diff = scores[["PC1", "PC2"]] - scores.loc[bank, ["PC1", "PC2"]]
    d = (diff ** 2).sum(axis=1)
    return d.drop(bank).sort_values()


if ready("map_coordinates", "scores", what="Measuring the distances"):
    rivals = competitor_distances(scores, BANK)
    print(f"Nearest competitor of {BANK}: {rivals.index[0]} at {rivals.iloc[0]:.2f}; the next, {rivals.index[1]}, "
          f"is {rivals.iloc[1] / rivals.iloc[0]:.1f} times as far.")
    display(rivals.round(2).rename("distance").to_frame())
'''),
        ("measures the distance on PC1 only (the main dimension), ignoring PC2", '''def competitor_distances(scores, bank):
    # Stuck? Run hint("competitor_distances") in a new cell.
    # Write: the distance from bank to every other institution on the map, a Series sorted from the nearest.
    # YOUR CODE HERE
    d = (scores["PC1"] - scores.loc[bank, "PC1"]).abs()
    return d.drop(bank).sort_values()


if ready("map_coordinates", "scores", what="Measuring the distances"):
    rivals = competitor_distances(scores, BANK)
    print(f"Nearest competitor of {BANK}: {rivals.index[0]} at {rivals.iloc[0]:.2f}; the next, {rivals.index[1]}, "
          f"is {rivals.iloc[1] / rivals.iloc[0]:.1f} times as far.")
    display(rivals.round(2).rename("distance").to_frame())
'''),
    ],
    "ideal_points": [
        ("fits a new StandardScaler on the segments' ideal profiles instead of using the institutions' scaler", '''def ideal_points(respondents, fitted):
    # Stuck? Run hint("ideal_points") in a new cell.
    # Write: each segment's mean ideal profile, put through the institutions' scaler and PCA (columns PC1, PC2).
    # YOUR CODE HERE
    cols = [f"ideal_{a}" for a in ATTRIBUTES]
    prof = respondents.groupby("segment")[cols].mean().set_axis(ATTRIBUTES, axis=1)
    z = StandardScaler().fit_transform(prof)
    return pd.DataFrame(fitted["pca"].transform(z), index=prof.index, columns=["PC1", "PC2"])


if ready("fit_map", "fitted", what="Projecting the ideal points"):
    ideal = ideal_points(respondents, fitted)
    display(ideal.round(2))
'''),
        ("puts the raw 1-7 mean ideal ratings straight into the PCA, skipping the institutions' scaler", '''def ideal_points(respondents, fitted):
    # Stuck? Run hint("ideal_points") in a new cell.
    # Write: each segment's mean ideal profile, put through the institutions' scaler and PCA (columns PC1, PC2).
    # YOUR CODE HERE
    cols = [f"ideal_{a}" for a in ATTRIBUTES]
    prof = respondents.groupby("segment")[cols].mean().set_axis(ATTRIBUTES, axis=1)
    return pd.DataFrame(fitted["pca"].transform(prof.to_numpy(float)), index=prof.index, columns=["PC1", "PC2"])


if ready("fit_map", "fitted", what="Projecting the ideal points"):
    ideal = ideal_points(respondents, fitted)
    display(ideal.round(2))
'''),
    ],
    "white_space": [
        ("takes each segment's FARTHEST institution (max) instead of its nearest", '''def white_space(ideal, scores):
    # Stuck? Run hint("white_space") in a new cell.
    # Write: for each segment its nearest institution and the distance to it, sorted by distance, largest first.
    # YOUR CODE HERE
    rows = {}
    S = scores[["PC1", "PC2"]]
    for seg, pt in ideal[["PC1", "PC2"]].iterrows():
        d = np.sqrt(((S - pt) ** 2).sum(axis=1))
        rows[seg] = {"nearest_institution": d.idxmax(), "distance": d.max()}
    return pd.DataFrame(rows).T.astype({"distance": float}).sort_values("distance", ascending=False)


if ready("ideal_points", "ideal", what="Finding the white space") and ready("map_coordinates", "scores", what="Finding the white space"):
    gaps = white_space(ideal, scores)
    display(gaps.round(2))
'''),
        ("distance = the average distance from the ideal point to all institutions (nearest institution named correctly)", '''def white_space(ideal, scores):
    # Stuck? Run hint("white_space") in a new cell.
    # Write: for each segment its nearest institution and the distance to it, sorted by distance, largest first.
    # YOUR CODE HERE
    rows = {}
    S = scores[["PC1", "PC2"]]
    for seg, pt in ideal[["PC1", "PC2"]].iterrows():
        d = np.sqrt(((S - pt) ** 2).sum(axis=1))
        rows[seg] = {"nearest_institution": d.idxmin(), "distance": d.mean()}
    return pd.DataFrame(rows).T.astype({"distance": float}).sort_values("distance", ascending=False)


if ready("ideal_points", "ideal", what="Finding the white space") and ready("map_coordinates", "scores", what="Finding the white space"):
    gaps = white_space(ideal, scores)
    display(gaps.round(2))
'''),
    ],
    "positioning_statement": [
        ("reason to believe = the bank's highest RAW mean rating, not its highest z-score across institutions", '''def positioning_statement(gaps, ideal, scores, loadings, means, bank):
    # Stuck? Run hint("positioning_statement") in a new cell.
    # Write: a dict with target, frame_of_reference, point_of_difference and reason_to_believe (strings).
    # YOUR CODE HERE
    target = str(gaps.index[0])
    frame = str(gaps.loc[target, "nearest_institution"])
    move = ideal.loc[target, ["PC1", "PC2"]].to_numpy(float) - scores.loc[frame, ["PC1", "PC2"]].to_numpy(float)
    L = loadings[["PC1", "PC2"]].to_numpy(float)
    cos = L @ move / (np.linalg.norm(L, axis=1) * np.linalg.norm(move))
    pod = str(loadings.index[int(np.argmax(cos))])
    rtb = str(means.loc[bank].astype(float).idxmax())
    return {"target": target, "frame_of_reference": frame, "point_of_difference": pod, "reason_to_believe": rtb}


if ready("white_space", "gaps", what="Writing the statement") and ready("map_coordinates", "loadings", what="Writing the statement"):
    statement = positioning_statement(gaps, ideal, scores, loadings, means, BANK)
    display(pd.Series(statement, name="positioning").to_frame())
'''),
        ("point of difference measured along the move from the BANK (not from the frame of reference) to the target's ideal point", '''def positioning_statement(gaps, ideal, scores, loadings, means, bank):
    # Stuck? Run hint("positioning_statement") in a new cell.
    # Write: a dict with target, frame_of_reference, point_of_difference and reason_to_believe (strings).
    # YOUR CODE HERE
    target = str(gaps.index[0])
    frame = str(gaps.loc[target, "nearest_institution"])
    move = ideal.loc[target, ["PC1", "PC2"]].to_numpy(float) - scores.loc[bank, ["PC1", "PC2"]].to_numpy(float)
    L = loadings[["PC1", "PC2"]].to_numpy(float)
    cos = L @ move / (np.linalg.norm(L, axis=1) * np.linalg.norm(move))
    pod = str(loadings.index[int(np.argmax(cos))])
    z = (means - means.mean()) / means.std(ddof=0)
    rtb = str(z.loc[bank].astype(float).idxmax())
    return {"target": target, "frame_of_reference": frame, "point_of_difference": pod, "reason_to_believe": rtb}


if ready("white_space", "gaps", what="Writing the statement") and ready("map_coordinates", "loadings", what="Writing the statement"):
    statement = positioning_statement(gaps, ideal, scores, loadings, means, BANK)
    display(pd.Series(statement, name="positioning").to_frame())
'''),
    ],
}
