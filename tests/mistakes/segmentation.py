"""Typical mistakes of lesson 01_market_analysis/02_customer_segmentation (see the exercise registry)."""

LESSON = "01_market_analysis/02_customer_segmentation"

MISTAKES = {
    # mean of skewed assets instead of the median
    "age_band_profile": [('median_assets=("assets", "median"),', 'median_assets=("assets", "mean"),')],
    # right-closed tier bounds: exactly ¥500,000 is mass, exactly ¥6,000,000 affluent
    "aum_tiers": [("labels=TIERS, right=False)", "labels=TIERS, right=True)")],
    # recency not reversed: long-lapsed customers score R = 5
    "rfm_table": [('out["R"] = 6 - quintile(out["recency_days"])', 'out["R"] = quintile(out["recency_days"])')],
    # thresholding the three-digit cell as if it were a score
    "rfm_groups": [('champions = (r >= 4) & (f >= 4)', 'champions = rfm["rfm_cell"] >= 440')],
    # min-max scaling instead of z-scores
    "standardise": [("return (features - features.mean()) / features.std(ddof=0)",
                     "return (features - features.min()) / (features.max() - features.min())")],
    # k chosen by the lowest inertia (always the largest k)
    "k_scores": [('best_k = int(scores["silhouette"].idxmax())', 'best_k = int(scores["inertia"].idxmin())')],
    # clustering the raw, unstandardised features
    "segment_customers": [("segments = segment_customers(X, best_k)", "segments = segment_customers(features, best_k)")],
    # difference of rates instead of the ratio
    "holding_lift": [("return rates / customers[HOLD_COLS].mean()", "return rates - customers[HOLD_COLS].mean()")],
}
