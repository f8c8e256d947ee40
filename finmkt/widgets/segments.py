"""Segment explorer (lesson 01_market_analysis/02_customer_segmentation).

:func:`segment_features` builds the behavioural and demographic feature table of the
lesson from ``customers``; :func:`explore_segments` is the plain computation
(unit-tested): standardise the chosen features, run k-means with the course convention
(``n_init=10``, fixed ``random_state``), and return the silhouette score and a profile
table of the clusters in original units. :func:`segment_explorer` wraps it in widgets:
pick features and k, read the silhouette and the profile table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Features of the lesson: name -> meaning (log10 for the skewed money amounts).
FEATURES = {
    "age": "Age (years)",
    "log_income": "log10 of annual income (RMB)",
    "log_assets": "log10 of assets at the bank (RMB)",
    "app_logins_month": "App logins per month",
    "branch_visits_year": "Branch visits per year",
    "rm_contacts_year": "Relationship-manager contacts per year",
}

#: The course's fixed k-means seed and the silhouette sample (silhouette is O(n²)).
RANDOM_STATE = 42
SILHOUETTE_SAMPLE = 3000


def segment_features(customers: pd.DataFrame) -> pd.DataFrame:
    """The feature table of the lesson, indexed by ``customer_id`` (columns: :data:`FEATURES`)."""
    return pd.DataFrame(
        {
            "age": customers["age"].to_numpy(float),
            "log_income": np.log10(customers["income"].to_numpy(float)),
            "log_assets": np.log10(customers["assets"].to_numpy(float)),
            "app_logins_month": customers["app_logins_month"].to_numpy(float),
            "branch_visits_year": customers["branch_visits_year"].to_numpy(float),
            "rm_contacts_year": customers["rm_contacts_year"].to_numpy(float),
        },
        index=pd.Index(customers["customer_id"].to_numpy(), name="customer_id"),
    )


def zscore(features: pd.DataFrame) -> pd.DataFrame:
    """Standardise every column: (x − mean) / standard deviation (population, ddof=0)."""
    return (features - features.mean()) / features.std(ddof=0)


def explore_segments(
    features: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    k: int,
    *,
    random_state: int = RANDOM_STATE,
    sample_size: int = SILHOUETTE_SAMPLE,
) -> dict:
    """k-means on the standardised ``columns`` of ``features``.

    Returns ``{"labels": np.ndarray, "silhouette": float, "profile": DataFrame}``; the
    profile has one row per cluster (ordered by size, largest first): the share of
    customers and the mean of every feature in original units. Needs at least one
    column and 2 <= k < number of rows.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    columns = list(columns)
    if not columns:
        raise ValueError("choose at least one feature")
    if not 2 <= k < len(features):
        raise ValueError(f"k must be between 2 and {len(features) - 1}")
    X = zscore(features[columns]).fillna(0.0).to_numpy()
    labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X)
    sil = float(silhouette_score(X, labels, sample_size=min(sample_size, len(X)), random_state=random_state))
    profile = features.groupby(labels).mean()
    profile.insert(0, "share", pd.Series(labels).value_counts(normalize=True).sort_index().to_numpy())
    profile = profile.sort_values("share", ascending=False)
    profile.index.name = "cluster"
    return {"labels": labels, "silhouette": sil, "profile": profile}


def segment_explorer(features: pd.DataFrame, *, max_rows: int = 6000, random_state: int = RANDOM_STATE):
    """An ipywidgets VBox: feature checkboxes and a k slider, a live silhouette readout
    and the cluster profile table. Uses a fixed random sample of ``max_rows`` customers
    so that it reacts within a second. The box exposes ``.checks``, ``.k``,
    ``.readout``, ``.table`` and ``.result()``.
    """
    import ipywidgets as w

    data = features.sample(min(max_rows, len(features)), random_state=random_state) if len(features) > max_rows else features
    checks = {c: w.Checkbox(value=True, description=c, indent=False, layout=w.Layout(width="180px"))
              for c in features.columns}
    k = w.IntSlider(value=4, min=2, max=8, description="k (clusters)", continuous_update=False)
    readout = w.HTML()
    table = w.HTML()

    def result() -> dict | None:
        chosen = [c for c, box in checks.items() if box.value]
        if not chosen:
            return None
        return explore_segments(data, chosen, k.value, random_state=random_state)

    def refresh(_change=None) -> None:
        res = result()
        if res is None:
            readout.value = "<b>Choose at least one feature.</b>"
            table.value = ""
            return
        readout.value = (f"<b>Silhouette</b> {res['silhouette']:.3f} with k = {k.value} "
                         f"(higher = better separated clusters; sample of {len(data):,} customers)")
        table.value = res["profile"].round(2).to_html(classes="finmkt-segment-profile")

    for box in checks.values():
        box.observe(refresh, names="value")
    k.observe(refresh, names="value")
    ui = w.VBox([w.HBox(list(checks.values()), layout=w.Layout(flex_flow="row wrap")), k, readout, table])
    ui.checks, ui.k, ui.readout, ui.table, ui.result = checks, k, readout, table, result
    refresh()
    return ui
