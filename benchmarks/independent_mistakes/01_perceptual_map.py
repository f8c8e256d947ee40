"""Wrong answers written independently from the trainee release of 02_positioning/01_perceptual_map."""
LESSON = "02_positioning/01_perceptual_map"
MISTAKES = {
    'attribute_means': [
        ('"don\'t know" blanks filled with 0 before averaging (a blank counted as a rating of 0)', '''def attribute_means(ratings):
    # Stuck? Run hint("attribute_means") in a new cell.
    # Write: the mean rating of every institution (rows) on every attribute (columns, in the order of ATTRIBUTES).
    # YOUR CODE HERE
    table = ratings[["institution"] + ATTRIBUTES].fillna(0)
    return table.groupby("institution")[ATTRIBUTES].mean()


means = attribute_means(ratings)
means.round(2)'''),
        ('"don\'t know" blanks filled with the scale midpoint 4 (treated as a neutral rating) before averaging', '''def attribute_means(ratings):
    # Stuck? Run hint("attribute_means") in a new cell.
    # Write: the mean rating of every institution (rows) on every attribute (columns, in the order of ATTRIBUTES).
    # YOUR CODE HERE
    table = ratings[["institution"] + ATTRIBUTES].fillna(4)
    return table.groupby("institution")[ATTRIBUTES].mean()


means = attribute_means(ratings)
means.round(2)'''),
    ],
    'fit_map': [
        ('PCA fitted on the raw attribute means: the scaler is fitted but never applied (unstandardised map)', '''def fit_map(means):
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
          f"the map keeps {explained.sum():.1%}.")'''),
        ('standardised along the wrong axis: each institution z-scored across its attributes (scaler fitted on the transposed table)', '''def fit_map(means):
    # Stuck? Run hint("fit_map") in a new cell.
    # Write: fit a StandardScaler on means and a PCA(n_components=2) on the standardised table; return both in a dict.
    # YOUR CODE HERE
    X = means.to_numpy(float).T
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X).T
    pca = PCA(n_components=2).fit(Z)
    return {"scaler": scaler, "pca": pca}


if ready("attribute_means", "means", what="Fitting the map"):
    fitted = fit_map(means)
    explained = fitted["pca"].explained_variance_ratio_
    print(f"PC1 explains {explained[0]:.1%} of the variance of the standardised table, PC2 {explained[1]:.1%}: "
          f"the map keeps {explained.sum():.1%}.")'''),
    ],
    'map_coordinates': [
        ('loadings are the raw eigenvectors components_.T, not scaled by sqrt(explained_variance_)', '''def map_coordinates(means, fitted):
    # Stuck? Run hint("map_coordinates") in a new cell.
    # Write: the institutions' scores (PC1, PC2) and the attributes' loadings, two DataFrames.
    # YOUR CODE HERE
    pca = fitted["pca"]
    Z = fitted["scaler"].transform(means)
    scores = pd.DataFrame(pca.transform(Z), index=means.index, columns=["PC1", "PC2"])
    loadings = pd.DataFrame(pca.components_.T, index=means.columns, columns=["PC1", "PC2"])
    return scores, loadings


if ready("fit_map", "fitted", what="Computing the coordinates"):
    scores, loadings = map_coordinates(means, fitted)
    display(scores.round(2))
    display(loadings.round(2))'''),
        ('scores from the raw means put straight through the PCA, skipping the scaler', '''def map_coordinates(means, fitted):
    # Stuck? Run hint("map_coordinates") in a new cell.
    # Write: the institutions' scores (PC1, PC2) and the attributes' loadings, two DataFrames.
    # YOUR CODE HERE
    pca = fitted["pca"]
    scores = pd.DataFrame(pca.transform(means.to_numpy(float)), index=means.index, columns=["PC1", "PC2"])
    loadings = pd.DataFrame(pca.components_.T * np.sqrt(pca.explained_variance_), index=means.columns,
                            columns=["PC1", "PC2"])
    return scores, loadings


if ready("fit_map", "fitted", what="Computing the coordinates"):
    scores, loadings = map_coordinates(means, fitted)
    display(scores.round(2))
    display(loadings.round(2))'''),
    ],
    'competitor_distances': [
        ("the bank itself left in the list (distance 0 to itself, so it is its own 'nearest competitor')", '''def competitor_distances(scores, bank):
    # Stuck? Run hint("competitor_distances") in a new cell.
    # Write: the distance from bank to every other institution on the map, a Series sorted from the nearest.
    # YOUR CODE HERE
    gap = scores[["PC1", "PC2"]] - scores.loc[bank, ["PC1", "PC2"]]
    d = np.sqrt((gap ** 2).sum(axis=1))
    return d.sort_values()


if ready("map_coordinates", "scores", what="Measuring the distances"):
    rivals = competitor_distances(scores, BANK)
    print(f"Nearest competitor of {BANK}: {rivals.index[0]} at {rivals.iloc[0]:.2f}; the next, {rivals.index[1]}, "
          f"is {rivals.iloc[1] / rivals.iloc[0]:.1f} times as far.")
    display(rivals.round(2).rename("distance").to_frame())'''),
        ('forgot the square root: squared Euclidean distances', '''def competitor_distances(scores, bank):
    # Stuck? Run hint("competitor_distances") in a new cell.
    # Write: the distance from bank to every other institution on the map, a Series sorted from the nearest.
    # YOUR CODE HERE
    others = scores.drop(index=bank)
    d = ((others[["PC1", "PC2"]] - scores.loc[bank, ["PC1", "PC2"]]) ** 2).sum(axis=1)
    return d.sort_values()


if ready("map_coordinates", "scores", what="Measuring the distances"):
    rivals = competitor_distances(scores, BANK)
    print(f"Nearest competitor of {BANK}: {rivals.index[0]} at {rivals.iloc[0]:.2f}; the next, {rivals.index[1]}, "
          f"is {rivals.iloc[1] / rivals.iloc[0]:.1f} times as far.")
    display(rivals.round(2).rename("distance").to_frame())'''),
    ],
    'ideal_points': [
        ("a new StandardScaler fitted on the segments' ideal profiles instead of the institutions' scaler", '''def ideal_points(respondents, fitted):
    # Stuck? Run hint("ideal_points") in a new cell.
    # Write: each segment's mean ideal profile, put through the institutions' scaler and PCA (columns PC1, PC2).
    # YOUR CODE HERE
    cols = [f"ideal_{a}" for a in ATTRIBUTES]
    profile = respondents.groupby("segment")[cols].mean()
    profile.columns = ATTRIBUTES
    Z = StandardScaler().fit_transform(profile)
    return pd.DataFrame(fitted["pca"].transform(Z), index=profile.index, columns=["PC1", "PC2"])


if ready("fit_map", "fitted", what="Projecting the ideal points"):
    ideal = ideal_points(respondents, fitted)
    display(ideal.round(2))'''),
        ("raw ideal ratings (1-7) put through the PCA without the institutions' scaler", '''def ideal_points(respondents, fitted):
    # Stuck? Run hint("ideal_points") in a new cell.
    # Write: each segment's mean ideal profile, put through the institutions' scaler and PCA (columns PC1, PC2).
    # YOUR CODE HERE
    cols = [f"ideal_{a}" for a in ATTRIBUTES]
    profile = respondents.groupby("segment")[cols].mean()
    profile.columns = ATTRIBUTES
    return pd.DataFrame(fitted["pca"].transform(profile.to_numpy(float)), index=profile.index, columns=["PC1", "PC2"])


if ready("fit_map", "fitted", what="Projecting the ideal points"):
    ideal = ideal_points(respondents, fitted)
    display(ideal.round(2))'''),
    ],
    'white_space': [
        ('min/max confused: for each segment the FARTHEST institution and its distance', '''def white_space(ideal, scores):
    # Stuck? Run hint("white_space") in a new cell.
    # Write: for each segment its nearest institution and the distance to it, sorted by distance, largest first.
    # YOUR CODE HERE
    S = scores[["PC1", "PC2"]].astype(float)
    rows = []
    for seg, p in ideal[["PC1", "PC2"]].astype(float).iterrows():
        d = np.sqrt(((S - p) ** 2).sum(axis=1))
        rows.append({"segment": seg, "nearest_institution": d.idxmax(), "distance": float(d.max())})
    return pd.DataFrame(rows).set_index("segment").sort_values("distance", ascending=False)


if ready("ideal_points", "ideal", what="Finding the white space") and ready("map_coordinates", "scores", what="Finding the white space"):
    gaps = white_space(ideal, scores)
    display(gaps.round(2))'''),
        ('sorted by distance ascending: the best-served segment comes first', '''def white_space(ideal, scores):
    # Stuck? Run hint("white_space") in a new cell.
    # Write: for each segment its nearest institution and the distance to it, sorted by distance, largest first.
    # YOUR CODE HERE
    S = scores[["PC1", "PC2"]].astype(float)
    rows = []
    for seg, p in ideal[["PC1", "PC2"]].astype(float).iterrows():
        d = np.sqrt(((S - p) ** 2).sum(axis=1))
        rows.append({"segment": seg, "nearest_institution": d.idxmin(), "distance": float(d.min())})
    return pd.DataFrame(rows).set_index("segment").sort_values("distance")


if ready("ideal_points", "ideal", what="Finding the white space") and ready("map_coordinates", "scores", what="Finding the white space"):
    gaps = white_space(ideal, scores)
    display(gaps.round(2))'''),
    ],
    'positioning_statement': [
        ("point of difference from the vector pointing the wrong way (target's ideal point -> frame of reference)", '''def positioning_statement(gaps, ideal, scores, loadings, means, bank):
    # Stuck? Run hint("positioning_statement") in a new cell.
    # Write: a dict with target, frame_of_reference, point_of_difference and reason_to_believe (strings).
    # YOUR CODE HERE
    target = gaps.index[0]
    frame = gaps.loc[target, "nearest_institution"]
    move = scores.loc[frame, ["PC1", "PC2"]].to_numpy(float) - ideal.loc[target, ["PC1", "PC2"]].to_numpy(float)
    L = loadings[["PC1", "PC2"]].to_numpy(float)
    cos = L @ move / (np.linalg.norm(L, axis=1) * np.linalg.norm(move))
    pod = loadings.index[int(np.argmax(cos))]
    z = (means - means.mean()) / means.std(ddof=0)
    rtb = z.loc[bank].idxmax()
    return {"target": str(target), "frame_of_reference": str(frame), "point_of_difference": str(pod),
            "reason_to_believe": str(rtb)}


if ready("white_space", "gaps", what="Writing the statement") and ready("map_coordinates", "loadings", what="Writing the statement"):
    statement = positioning_statement(gaps, ideal, scores, loadings, means, BANK)
    display(pd.Series(statement, name="positioning").to_frame())'''),
        ("reason to believe = the bank's highest RAW mean rating, not its highest standardised score", '''def positioning_statement(gaps, ideal, scores, loadings, means, bank):
    # Stuck? Run hint("positioning_statement") in a new cell.
    # Write: a dict with target, frame_of_reference, point_of_difference and reason_to_believe (strings).
    # YOUR CODE HERE
    target = gaps.index[0]
    frame = gaps.loc[target, "nearest_institution"]
    move = ideal.loc[target, ["PC1", "PC2"]].to_numpy(float) - scores.loc[frame, ["PC1", "PC2"]].to_numpy(float)
    L = loadings[["PC1", "PC2"]].to_numpy(float)
    cos = L @ move / (np.linalg.norm(L, axis=1) * np.linalg.norm(move))
    pod = loadings.index[int(np.argmax(cos))]
    rtb = means.loc[bank].idxmax()
    return {"target": str(target), "frame_of_reference": str(frame), "point_of_difference": str(pod),
            "reason_to_believe": str(rtb)}


if ready("white_space", "gaps", what="Writing the statement") and ready("map_coordinates", "loadings", what="Writing the statement"):
    statement = positioning_statement(gaps, ideal, scores, loadings, means, BANK)
    display(pd.Series(statement, name="positioning").to_frame())'''),
    ],
}
