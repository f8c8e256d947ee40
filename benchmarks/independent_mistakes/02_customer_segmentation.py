"""Wrong answers written independently from the trainee release of 02_customer_segmentation."""
LESSON = "01_market_analysis/02_customer_segmentation"
MISTAKES = {
    'age_band_profile': [
        ('uses the mean instead of the median for income and assets (skewed money summarised by the mean)', '''def age_band_profile(customers):
    # Stuck? Run hint("age_band_profile") in a new cell.
    # YOUR CODE HERE
    g = customers.groupby("age_band")
    prof = pd.DataFrame({
        "customers": g.size(),
        "median_income": g["income"].mean(),
        "median_assets": g["assets"].mean(),
        "app_share": g["preferred_channel"].apply(lambda s: (s == "app").mean()),
        "products_per_customer": g["n_products"].mean(),
    })
    return prof.reindex(AGE_BANDS)


require("age_band_profile")  # until the function is written, this line says so
profile = age_band_profile(customers)
profile'''),
        ('products_per_customer counted from the six has_* flags (forgets the demand deposit every customer holds) instead of n_products', '''def age_band_profile(customers):
    # Stuck? Run hint("age_band_profile") in a new cell.
    # YOUR CODE HERE
    g = customers.groupby("age_band")
    held = customers[HOLD_COLS].sum(axis=1)
    prof = pd.DataFrame({
        "customers": g.size(),
        "median_income": g["income"].median(),
        "median_assets": g["assets"].median(),
        "app_share": g["preferred_channel"].apply(lambda s: (s == "app").mean()),
        "products_per_customer": held.groupby(customers["age_band"]).mean(),
    })
    return prof.reindex(AGE_BANDS)


require("age_band_profile")  # until the function is written, this line says so
profile = age_band_profile(customers)
profile'''),
    ],
    'aum_tiers': [
        ('pd.cut with the default right=True: a bound belongs to the tier BELOW it (500,000 exactly is mass)', '''def aum_tiers(customers):
    # Stuck? Run hint("aum_tiers") in a new cell.
    # YOUR CODE HERE
    tier = pd.cut(customers["assets"], bins=[-np.inf, 500_000, 6_000_000, np.inf], labels=TIERS)
    out = pd.DataFrame({
        "aum_tier": tier.astype(str).to_numpy(),
        "risk_type": customers["risk_tolerance"].map(RISK_TYPES).to_numpy(),
        "max_product_risk": ("R" + customers["risk_tolerance"].str[1]).to_numpy(),
    }, index=customers["customer_id"])
    return out


require("aum_tiers")  # until the function is written, this line says so
tiers = aum_tiers(customers)
tiers.head()'''),
        ("uses the trainee's own bank convention: high net worth from 10,000,000 (private-banking bar) instead of 6,000,000", '''def aum_tiers(customers):
    # Stuck? Run hint("aum_tiers") in a new cell.
    # YOUR CODE HERE
    tier = pd.cut(customers["assets"], bins=[0, 500_000, 10_000_000, np.inf], labels=TIERS, right=False)
    out = pd.DataFrame({
        "aum_tier": tier.astype(str).to_numpy(),
        "risk_type": customers["risk_tolerance"].map(RISK_TYPES).to_numpy(),
        "max_product_risk": ("R" + customers["risk_tolerance"].str[1]).to_numpy(),
    }, index=customers["customer_id"])
    return out


require("aum_tiers")  # until the function is written, this line says so
tiers = aum_tiers(customers)
tiers.head()'''),
    ],
    'rfm_table': [
        ('forgets to reverse recency: R is the quintile of recency days, so the most recent customers get R = 1', '''def rfm_table(transactions, as_of):
    # Stuck? Run hint("rfm_table") in a new cell.
    # YOUR CODE HERE
    g = transactions.groupby("customer_id")
    out = pd.DataFrame({
        "recency_days": (as_of - g["txn_date"].max()).dt.days.astype(int),
        "frequency": g.size(),
        "monetary": g["amount"].sum(),
    })
    for col, score in [("recency_days", "R"), ("frequency", "F"), ("monetary", "M")]:
        out[score] = pd.qcut(out[col].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    out["rfm_cell"] = 100 * out["R"] + 10 * out["F"] + out["M"]
    return out


require("rfm_table")  # until the function is written, this line says so
rfm = rfm_table(transactions, AS_OF)
rfm.head()'''),
        ('monetary = mean amount per transaction (average ticket) instead of the total amount transacted', '''def rfm_table(transactions, as_of):
    # Stuck? Run hint("rfm_table") in a new cell.
    # YOUR CODE HERE
    g = transactions.groupby("customer_id")
    out = pd.DataFrame({
        "recency_days": (as_of - g["txn_date"].max()).dt.days.astype(int),
        "frequency": g.size(),
        "monetary": g["amount"].mean(),
    })
    for col, score in [("recency_days", "R"), ("frequency", "F"), ("monetary", "M")]:
        out[score] = pd.qcut(out[col].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    out["R"] = 6 - out["R"]
    out["rfm_cell"] = 100 * out["R"] + 10 * out["F"] + out["M"]
    return out


require("rfm_table")  # until the function is written, this line says so
rfm = rfm_table(transactions, AS_OF)
rfm.head()'''),
    ],
    'rfm_groups': [
        ('champions read off the three-digit code (rfm_cell >= 440) instead of the R and F scores', '''def rfm_groups(rfm):
    # Stuck? Run hint("rfm_groups") in a new cell.
    # YOUR CODE HERE
    grp = pd.Series("others", index=rfm.index)
    grp[rfm["rfm_cell"] >= 440] = "champions"
    grp[(rfm["R"] <= 2) & (rfm["F"] >= 4)] = "at_risk"
    grp[(rfm["R"] <= 2) & (rfm["F"] <= 2)] = "hibernating"
    return grp


require("rfm_table", "rfm")  # exercise 3 first
require("rfm_groups")  # until the function is written, this line says so
rfm_group = rfm_groups(rfm)
rfm_group.value_counts()'''),
        ('strict inequalities at the boundaries (R > 4 and F > 4, R < 2, F < 2): only the extreme quintiles are put in groups', '''def rfm_groups(rfm):
    # Stuck? Run hint("rfm_groups") in a new cell.
    # YOUR CODE HERE
    grp = pd.Series("others", index=rfm.index)
    grp[(rfm["R"] > 4) & (rfm["F"] > 4)] = "champions"
    grp[(rfm["R"] < 2) & (rfm["F"] > 4)] = "at_risk"
    grp[(rfm["R"] < 2) & (rfm["F"] < 2)] = "hibernating"
    return grp


require("rfm_table", "rfm")  # exercise 3 first
require("rfm_groups")  # until the function is written, this line says so
rfm_group = rfm_groups(rfm)
rfm_group.value_counts()'''),
    ],
    'standardise': [
        ("divides by pandas' default sample standard deviation (ddof=1) instead of the population standard deviation", '''def standardise(features):
    # Stuck? Run hint("standardise") in a new cell.
    # YOUR CODE HERE
    return (features - features.mean()) / features.std()


require("standardise")  # until the function is written, this line says so
X = standardise(features)
X.describe().T.round(3)'''),
        ('min-max scaling to 0-1 instead of z-scores', '''def standardise(features):
    # Stuck? Run hint("standardise") in a new cell.
    # YOUR CODE HERE
    return (features - features.min()) / (features.max() - features.min())


require("standardise")  # until the function is written, this line says so
X = standardise(features)
X.describe().T.round(3)'''),
    ],
    'k_scores': [
        ('silhouette on a random sample without random_state=42 (a different sample, and score, on every run)', '''def k_scores(X, ks):
    # Stuck? Run hint("k_scores") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for k in ks:
        km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(X)
        rows[k] = {"inertia": km.inertia_, "silhouette": silhouette_score(X, km.labels_, sample_size=3000)}
    return pd.DataFrame.from_dict(rows, orient="index")


require("standardise", "X")  # exercise 5 first
require("k_scores")  # until the function is written, this line says so
scores = k_scores(X, range(2, 9))
best_k = int(scores["silhouette"].idxmax())
scores.round(3)'''),
        ('inertia reported per customer (inertia / number of rows) instead of the sum of squared distances', '''def k_scores(X, ks):
    # Stuck? Run hint("k_scores") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for k in ks:
        km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(X)
        rows[k] = {"inertia": km.inertia_ / len(X),
                   "silhouette": silhouette_score(X, km.labels_, sample_size=3000, random_state=42)}
    return pd.DataFrame.from_dict(rows, orient="index")


require("standardise", "X")  # exercise 5 first
require("k_scores")  # until the function is written, this line says so
scores = k_scores(X, range(2, 9))
best_k = int(scores["silhouette"].idxmax())
scores.round(3)'''),
    ],
    'segment_customers': [
        ('clusters the raw feature table (the global features, not the standardised X passed in)', '''def segment_customers(X, k):
    # Stuck? Run hint("segment_customers") in a new cell.
    # YOUR CODE HERE
    km = KMeans(n_clusters=k, n_init=10, random_state=42)
    return km.fit_predict(features)


require("k_scores", "best_k")  # exercises 5 and 6 first
require("segment_customers")  # until the function is written, this line says so
segments = segment_customers(X, best_k)
pd.Series(segments).value_counts().sort_index()'''),
        ('fits k-means on a 3,000-row sample of X (as for the silhouette) and predicts the rest', '''def segment_customers(X, k):
    # Stuck? Run hint("segment_customers") in a new cell.
    # YOUR CODE HERE
    km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(X.sample(3000, random_state=42))
    return km.predict(X)


require("k_scores", "best_k")  # exercises 5 and 6 first
require("segment_customers")  # until the function is written, this line says so
segments = segment_customers(X, best_k)
pd.Series(segments).value_counts().sort_index()'''),
    ],
    'holding_lift': [
        ('lift as a difference (segment rate minus overall rate) instead of a ratio', '''def holding_lift(customers, labels):
    # Stuck? Run hint("holding_lift") in a new cell.
    # YOUR CODE HERE
    seg_rate = customers[HOLD_COLS].groupby(np.asarray(labels)).mean()
    return seg_rate - customers[HOLD_COLS].mean()


require("segment_customers", "segments")  # exercise 7 first
require("holding_lift")  # until the function is written, this line says so
lift = holding_lift(active, segments)
lift.round(2)'''),
        ("overall rate taken as the plain mean of the segments' rates, ignoring segment sizes", '''def holding_lift(customers, labels):
    # Stuck? Run hint("holding_lift") in a new cell.
    # YOUR CODE HERE
    seg_rate = customers[HOLD_COLS].groupby(np.asarray(labels)).mean()
    return seg_rate / seg_rate.mean()


require("segment_customers", "segments")  # exercise 7 first
require("holding_lift")  # until the function is written, this line says so
lift = holding_lift(active, segments)
lift.round(2)'''),
    ],
}
