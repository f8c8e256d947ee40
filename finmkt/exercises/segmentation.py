"""Exercises of lesson 01_market_analysis/02_customer_segmentation (客户细分)."""

from finmkt.exercises import exercise

LESSON = "01_market_analysis/02_customer_segmentation"

exercise(
    "age_band_profile", LESSON, "Customer profile (客户画像) by age band",
    hints=[
        "Group `customers` by `age_band` and aggregate; reorder the rows with `AGE_BANDS` "
        "(`.reindex(AGE_BANDS)`).",
        "Money amounts are skewed (a few very rich customers): use the median for income and "
        "assets. `app_share` is the mean of the 0/1 test `preferred_channel == 'app'`.",
        "Named aggregation gives one column per output: `.agg(new_name=(column, function), ...)`; "
        "for `app_share`, first add a 0/1 column with `.assign(...)` so that its mean is the share. "
        "Check: at most half of a band's customers lie below its median, and at most half above.",
    ],
    mistake="Using the mean of assets: a handful of wealthy customers pull it far above what a "
            "typical customer of the band holds.",
    points=2,
)

exercise(
    "aum_tiers", LESSON, "AUM tier (客户分层) and risk type (风险类型) of every customer",
    hints=[
        "Two labels per customer: the AUM tier from `assets` with the lower bounds `TIER_BOUNDS`, and "
        "the risk type from `risk_tolerance` with the dictionary `RISK_TYPES`.",
        "`pd.cut(values, bins, labels=...)` puts values into intervals; by default an interval includes its "
        "*right* end, but here a bound belongs to the tier above it (¥500,000 exactly is affluent): look at "
        "its `right` argument. The last bin needs an upper end (`np.inf`).",
        "Suitability: a customer rated Cn may be offered products up to Rn, so `max_product_risk` is the "
        "rating's digit with an R in front (string methods: `.str[1]`). Index the result by `customer_id`.",
    ],
    mistake="Right-closed tier bounds (pd.cut's default): a customer with exactly ¥500,000 is put in the mass "
            "tier and one with exactly ¥6,000,000 in the affluent tier.",
    points=2,
)

exercise(
    "rfm_table", LESSON, "RFM scoring (RFM 模型): recency, frequency, monetary quintiles",
    hints=[
        "Per customer: recency = days from the last transaction to `as_of`, frequency = number "
        "of transactions, monetary = total amount. `groupby('customer_id').agg(...)` gives all three.",
        "Quintiles with the course convention: `pd.qcut(x.rank(method='first'), 5, labels=[1, 2, 3, 4, 5])`; "
        "ranking first breaks ties so that every quintile has the same size.",
        "Recency is reversed: a *recent* customer (few days) must score 5, so R = 6 − the recency "
        "quintile. Then rfm_cell = 100·R + 10·F + M.",
    ],
    mistake="Not reversing recency: customers who have not transacted for months get R = 5, as if "
            "they were the most active.",
    points=3,
)

exercise(
    "rfm_groups", LESSON, "RFM groups: champions, at-risk, hibernating",
    hints=[
        "Work with the R and F scores, not with the three-digit cell: `rfm['R'] >= 4` is a column "
        "of True/False.",
        "Champions: R ≥ 4 and F ≥ 4. At risk: R ≤ 2 and F ≥ 4 (frequent customers who stopped "
        "coming). Hibernating: R ≤ 2 and F ≤ 2. Everyone else: others.",
        "`np.select` takes a list of conditions and a list of labels (the first true condition wins) "
        "and a default for everyone else; return the result as a Series with the index of `rfm`. "
        "Check: no champion has F ≤ 3.",
    ],
    mistake="Thresholding the three-digit cell (rfm_cell ≥ 440) as if it were a score: it lets in "
            "R = 5 customers with any F.",
    points=2,
)

exercise(
    "standardise", LESSON, "Standardising features (标准化) before k-means",
    hints=[
        "k-means measures distances: a feature in RMB would swamp one in logins. Put every "
        "column on the same scale.",
        "The z-score of a column is (x − mean) / standard deviation; pandas does it column by "
        "column with `features.mean()` and `features.std(ddof=0)`.",
        "After standardising, every column has mean 0 and standard deviation 1 (check with "
        "`X.mean().round(6)` and `X.std(ddof=0)`).",
    ],
    mistake="Min-max scaling to 0-1 instead of z-scores: one outlier compresses everyone else "
            "into a narrow band.",
    points=2,
)

exercise(
    "k_scores", LESSON, "Choosing k (聚类数) by silhouette, not by the elbow",
    hints=[
        "For each k: `km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(X)`; keep "
        "`km.inertia_` and the silhouette of `km.labels_`.",
        "Silhouette on a sample (it compares every pair of points): "
        "`silhouette_score(X, km.labels_, sample_size=3000, random_state=42)`.",
        "Return a DataFrame indexed by k with columns `inertia` and `silhouette`; the best k has "
        "the *highest* silhouette. Inertia always falls as k grows, so its minimum is not a choice.",
    ],
    mistake="Choosing the k with the lowest inertia, which is always the largest k tried.",
    points=3,
)

exercise(
    "segment_customers", LESSON, "k-means segmentation (聚类细分) with the course convention",
    hints=[
        "Fit `KMeans(n_clusters=k, n_init=10, random_state=42)` on the standardised matrix and "
        "return the labels as a NumPy array.",
        "Call it on `X` (the standardised features), not on the raw `features`: otherwise the "
        "feature with the largest numbers decides the clusters alone.",
        "The function is one line; what matters is what you pass to it. Check: the silhouette of "
        "your labels on `X` should match the one `k_scores` found for `best_k`.",
    ],
    mistake="Clustering the raw features instead of the standardised ones: age in years and "
            "logins per month then dominate and the segments blur.",
    points=3,
)

exercise(
    "holding_lift", LESSON, "Product lift (提升度) by segment for personas",
    hints=[
        "The holding rate of a product line is the mean of its 0/1 column `has_<line>`, overall "
        "and within each segment (`groupby(labels)`).",
        "Lift = rate in the segment / rate over all customers: 1.5 means the segment holds the "
        "product 50% more often than average.",
        "Both rates are tables of means: one grouped by `labels` (one row per segment), one over all "
        "customers (one value per column); pandas divides a DataFrame by a Series column by column. "
        "Check: weighted by segment size, each column's lifts average to 1.",
    ],
    mistake="Taking the difference of rates (segment − overall) instead of the ratio: a lift of "
            "1.0 means no difference, a difference of 0 does not compare across products.",
    points=2,
)
