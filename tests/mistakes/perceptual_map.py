"""Typical mistakes of lesson 02_positioning/01_perceptual_map (see the exercise registry)."""

LESSON = "02_positioning/01_perceptual_map"

MISTAKES = {
    # "don't know" blanks averaged as ratings of 0
    "attribute_means": [('return ratings.groupby("institution")[ATTRIBUTES].mean()',
                         'return ratings.fillna(0).groupby("institution")[ATTRIBUTES].mean()')],
    # the PCA fitted on the unstandardised means
    "fit_map": [("pca = PCA(n_components=2).fit(scaler.transform(means))", "pca = PCA(n_components=2).fit(means)")],
    # the scores mirrored (PC2's sign flipped) while the loading arrows are not: two maps in one biplot
    # (the independent review's wrong map; swapping the scores' PC1 and PC2 alone is caught the same way)
    "map_coordinates": [("scores = pd.DataFrame(pca.transform(z),",
                         "scores = pd.DataFrame(pca.transform(z) * [1, -1],")],
    # the bank kept among its own competitors (distance 0)
    "competitor_distances": [("return d.drop(index=bank).sort_values()", "return d.sort_values()")],
    # ideal points standardised with a new scaler fitted on the segments
    "ideal_points": [('z = fitted["scaler"].transform(profile)', "z = StandardScaler().fit_transform(profile)")],
    # distances on the first component only
    "white_space": [('d = np.sqrt((scores["PC1"] - p["PC1"]) ** 2 + (scores["PC2"] - p["PC2"]) ** 2)',
                     'd = np.sqrt((scores["PC1"] - p["PC1"]) ** 2)')],
    # the reason to believe from the raw mean ratings (safety, which every bank earns)
    "positioning_statement": [('"reason_to_believe": str(z.loc[bank].idxmax())}',
                               '"reason_to_believe": str(means.loc[bank].idxmax())}')],
}
