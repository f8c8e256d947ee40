"""Wrong answers written independently from the trainee release of 02_customer_segmentation."""
LESSON = "01_market_analysis/02_customer_segmentation"
MISTAKES = {
    "age_band_profile": [
        ('Uses the mean, not the median, of income and assets per band.', '''def age_band_profile(customers):
    # Stuck? Run hint("age_band_profile") in a new cell.
    g = customers.groupby("age_band")
    out = pd.DataFrame({
        "customers": g.size(),
        "median_income": g["income"].mean(),
        "median_assets": g["assets"].mean(),
        "app_share": g["preferred_channel"].apply(lambda s: (s == "app").mean()),
        "products_per_customer": g["n_products"].mean(),
    })
    return out.reindex(AGE_BANDS)


require("age_band_profile")  # until the function is written, this line says so
profile = age_band_profile(customers)
profile'''),
        ('products_per_customer counts only the six has_* product flags (leaves out the demand deposit that n_products includes).', '''def age_band_profile(customers):
    # Stuck? Run hint("age_band_profile") in a new cell.
    g = customers.groupby("age_band")
    held = customers[HOLD_COLS].sum(axis=1)
    out = pd.DataFrame({
        "customers": g.size(),
        "median_income": g["income"].median(),
        "median_assets": g["assets"].median(),
        "app_share": g["preferred_channel"].apply(lambda s: (s == "app").mean()),
        "products_per_customer": held.groupby(customers["age_band"]).mean(),
    })
    return out.reindex(AGE_BANDS)


require("age_band_profile")  # until the function is written, this line says so
profile = age_band_profile(customers)
profile'''),
    ],
    "aum_tiers": [
        ("Tiers cut with pd.cut's default right-closed intervals, so a bound (500,000 or 6,000,000 exactly) falls in the tier below.", '''def aum_tiers(customers):
    # Stuck? Run hint("aum_tiers") in a new cell.
    tier = pd.cut(customers["assets"], [-np.inf, 500_000, 6_000_000, np.inf], labels=TIERS)
    out = pd.DataFrame({
        "aum_tier": tier.astype(str).to_numpy(),
        "risk_type": customers["risk_tolerance"].map(RISK_TYPES).to_numpy(),
        "max_product_risk": customers["risk_tolerance"].str.replace("C", "R").to_numpy(),
    }, index=pd.Index(customers["customer_id"], name="customer_id"))
    return out


require("aum_tiers")  # until the function is written, this line says so
tiers = aum_tiers(customers)
tiers.head()'''),
        ("High net worth starts at 10,000,000 (the private-banking threshold some banks use) instead of the course's 6,000,000.", '''def aum_tiers(customers):
    # Stuck? Run hint("aum_tiers") in a new cell.
    a = customers["assets"]
    tier = np.where(a >= 10_000_000, "high_net_worth", np.where(a >= 500_000, "affluent", "mass"))
    out = pd.DataFrame({
        "aum_tier": tier,
        "risk_type": customers["risk_tolerance"].map(RISK_TYPES).to_numpy(),
        "max_product_risk": customers["risk_tolerance"].str.replace("C", "R").to_numpy(),
    }, index=pd.Index(customers["customer_id"], name="customer_id"))
    return out


require("aum_tiers")  # until the function is written, this line says so
tiers = aum_tiers(customers)
tiers.head()'''),
    ],
    "rfm_table": [
        ('monetary is the average amount per transaction (ticket size) instead of the total amount.', '''def rfm_table(transactions, as_of):
    # Stuck? Run hint("rfm_table") in a new cell.
    g = transactions.groupby("customer_id")
    out = pd.DataFrame({
        "recency_days": (as_of - g["txn_date"].max()).dt.days.astype(int),
        "frequency": g.size(),
        "monetary": g["amount"].mean(),
    })
    def q(s):
        return pd.qcut(s.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    out["R"] = 6 - q(out["recency_days"])
    out["F"] = q(out["frequency"])
    out["M"] = q(out["monetary"])
    out["rfm_cell"] = 100 * out["R"] + 10 * out["F"] + out["M"]
    return out


require("rfm_table")  # until the function is written, this line says so
rfm = rfm_table(transactions, AS_OF)
rfm.head()'''),
        ('recency_days counted inclusively (as_of - last date + 1), one day too many for every customer.', '''def rfm_table(transactions, as_of):
    # Stuck? Run hint("rfm_table") in a new cell.
    g = transactions.groupby("customer_id")
    out = pd.DataFrame({
        "recency_days": ((as_of - g["txn_date"].max()).dt.days + 1).astype(int),
        "frequency": g.size(),
        "monetary": g["amount"].sum(),
    })
    def q(s):
        return pd.qcut(s.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    out["R"] = 6 - q(out["recency_days"])
    out["F"] = q(out["frequency"])
    out["M"] = q(out["monetary"])
    out["rfm_cell"] = 100 * out["R"] + 10 * out["F"] + out["M"]
    return out


require("rfm_table")  # until the function is written, this line says so
rfm = rfm_table(transactions, AS_OF)
rfm.head()'''),
    ],
    "rfm_groups": [
        ('Strict inequalities at the boundaries: champions R > 4 and F > 4, at risk R < 2 and F > 4, hibernating R < 2 and F < 2.', '''def rfm_groups(rfm):
    # Stuck? Run hint("rfm_groups") in a new cell.
    R, F = rfm["R"].astype(int), rfm["F"].astype(int)
    g = pd.Series("others", index=rfm.index)
    g[(R > 4) & (F > 4)] = "champions"
    g[(R < 2) & (F > 4)] = "at_risk"
    g[(R < 2) & (F < 2)] = "hibernating"
    return g


require("rfm_table", "rfm")  # exercise 3 first
require("rfm_groups")  # until the function is written, this line says so
rfm_group = rfm_groups(rfm)
rfm_group.value_counts()'''),
        ('at_risk and hibernating read the monetary score M instead of the frequency score F.', '''def rfm_groups(rfm):
    # Stuck? Run hint("rfm_groups") in a new cell.
    R, F, M = rfm["R"].astype(int), rfm["F"].astype(int), rfm["M"].astype(int)
    g = pd.Series("others", index=rfm.index)
    g[(R >= 4) & (F >= 4)] = "champions"
    g[(R <= 2) & (M >= 4)] = "at_risk"
    g[(R <= 2) & (M <= 2)] = "hibernating"
    return g


require("rfm_table", "rfm")  # exercise 3 first
require("rfm_groups")  # until the function is written, this line says so
rfm_group = rfm_groups(rfm)
rfm_group.value_counts()'''),
    ],
    "standardise": [
        ("Uses pandas' default sample standard deviation (ddof=1) instead of the population one.", '''def standardise(features):
    # Stuck? Run hint("standardise") in a new cell.
    return (features - features.mean()) / features.std()


require("standardise")  # until the function is written, this line says so
X = standardise(features)
X.describe().T.round(3)'''),
        ('Centres on the median (skew-robust habit) instead of the mean, then divides by the standard deviation.', '''def standardise(features):
    # Stuck? Run hint("standardise") in a new cell.
    return (features - features.median()) / features.std(ddof=0)


require("standardise")  # until the function is written, this line says so
X = standardise(features)
X.describe().T.round(3)'''),
    ],
    "k_scores": [
        ('Reports inertia per customer (inertia_ / number of rows) instead of the total inertia.', '''def k_scores(X, ks):
    # Stuck? Run hint("k_scores") in a new cell.
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
        ("Leaves KMeans' n_init at its default (one start) instead of the course's n_init=10.", '''def k_scores(X, ks):
    # Stuck? Run hint("k_scores") in a new cell.
    rows = {}
    for k in ks:
        km = KMeans(n_clusters=k, random_state=42).fit(X)
        rows[k] = {"inertia": km.inertia_,
                   "silhouette": silhouette_score(X, km.labels_, sample_size=3000, random_state=42)}
    return pd.DataFrame.from_dict(rows, orient="index")


require("standardise", "X")  # exercise 5 first
require("k_scores")  # until the function is written, this line says so
scores = k_scores(X, range(2, 9))
best_k = int(scores["silhouette"].idxmax())
scores.round(3)'''),
    ],
    "segment_customers": [
        ('Fits KMeans on a 3,000-row sample of X (like the silhouette) and predicts the labels of all rows.', '''def segment_customers(X, k):
    # Stuck? Run hint("segment_customers") in a new cell.
    sample = X.sample(n=min(3000, len(X)), random_state=42)
    km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(sample)
    return km.predict(X)


require("k_scores", "best_k")  # exercises 5 and 6 first
require("segment_customers")  # until the function is written, this line says so
segments = segment_customers(X, best_k)
pd.Series(segments).value_counts().sort_index()'''),
        ('Clusters the raw feature table `features` (not standardised) instead of the X passed in.', '''def segment_customers(X, k):
    # Stuck? Run hint("segment_customers") in a new cell.
    km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(features.loc[:, list(X.columns)])
    return km.labels_


require("k_scores", "best_k")  # exercises 5 and 6 first
require("segment_customers")  # until the function is written, this line says so
segments = segment_customers(X, best_k)
pd.Series(segments).value_counts().sort_index()'''),
    ],
    "holding_lift": [
        ('Lift as a difference (segment rate minus overall rate) instead of a ratio.', '''def holding_lift(customers, labels):
    # Stuck? Run hint("holding_lift") in a new cell.
    held = customers[HOLD_COLS].reset_index(drop=True)
    seg_rate = held.groupby(np.asarray(labels)).mean()
    return seg_rate - held.mean()


require("segment_customers", "segments")  # exercise 7 first
require("holding_lift")  # until the function is written, this line says so
lift = holding_lift(active, segments)
lift.round(2)'''),
        ("Rate per segment computed as the segment's share of the product's holders (P(segment | holds)), not P(holds | segment), divided by the overall rate.", '''def holding_lift(customers, labels):
    # Stuck? Run hint("holding_lift") in a new cell.
    held = customers[HOLD_COLS].reset_index(drop=True)
    share_of_holders = held.groupby(np.asarray(labels)).sum() / held.sum()
    return share_of_holders / held.mean()


require("segment_customers", "segments")  # exercise 7 first
require("holding_lift")  # until the function is written, this line says so
lift = holding_lift(active, segments)
lift.round(2)'''),
    ],
}
