"""Segment explorer (lesson 01_market_analysis/02_customer_segmentation).

:func:`segment_features` builds the behavioural and demographic feature table of the
lesson from ``customers`` (the lesson hands it out). :func:`explore_segments` is the plain
computation (unit-tested): standardise the chosen features and cluster them with the
functions you pass (the lesson's exercises ``standardise`` and ``segment_customers``), then
score the clusters with scikit-learn's silhouette on the course's sample and profile them
in original units. :func:`segment_explorer` wraps it in widgets: pick features and k, read
the silhouette and the profile table.
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

#: The explorer's sample seed and the silhouette sample (the course's values; silhouette is O(n²)).
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


def explore_segments(
    features: pd.DataFrame,
    columns: list[str] | tuple[str, ...],
    k: int,
    *,
    standardise,
    segment_customers,
    random_state: int = RANDOM_STATE,
    sample_size: int = SILHOUETTE_SAMPLE,
) -> dict:
    """Clusters of the standardised ``columns`` of ``features``.

    ``standardise(features)`` turns every column into a z-score and
    ``segment_customers(X, k)`` gives one cluster label per row of X (pass your exercises'
    functions). Returns ``{"labels": np.ndarray, "silhouette": float, "profile": DataFrame}``;
    the profile has one row per cluster (ordered by size, largest first): the share of
    customers and the mean of every feature in original units. Needs at least one column and
    2 <= k < number of rows.
    """
    from sklearn.metrics import silhouette_score

    columns = list(columns)
    if not columns:
        raise ValueError("choose at least one feature")
    if not 2 <= k < len(features):
        raise ValueError(f"k must be between 2 and {len(features) - 1}")
    chosen = features[columns]
    X = pd.DataFrame(np.asarray(standardise(chosen), dtype=float), index=chosen.index, columns=columns).fillna(0.0)
    labels = np.asarray(segment_customers(X, k)).ravel()
    sil = float(silhouette_score(X.to_numpy(), labels, sample_size=min(sample_size, len(X)),
                                 random_state=random_state))
    profile = features.groupby(labels).mean()
    profile.insert(0, "share", pd.Series(labels).value_counts(normalize=True).sort_index().to_numpy())
    profile = profile.sort_values("share", ascending=False)
    profile.index.name = "cluster"
    return {"labels": labels, "silhouette": sil, "profile": profile}


def segment_explorer(features: pd.DataFrame, *, standardise, segment_customers, max_rows: int = 6000,
                     random_state: int = RANDOM_STATE):
    """An ipywidgets VBox: feature checkboxes and a k slider, a live silhouette readout
    and the cluster profile table, computed with ``standardise`` and ``segment_customers``
    (pass your exercises' functions). Uses a fixed random sample of ``max_rows`` customers
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
        return explore_segments(data, chosen, k.value, standardise=standardise,
                                segment_customers=segment_customers, random_state=random_state)

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
