"""Perceptual-map explorer (lesson 02_positioning/01_perceptual_map).

The plain computations (unit-tested): :func:`map_problem` / :func:`map_consistent` (do the
lesson's map objects draw one map? a cell prints one line instead of a conclusion when not),
:func:`segment_readout` (a segment's nearest
institution, the bank's distance to it and its rank, measured with the distance function
you pass: the lesson's exercise ``competitor_distances``) and :func:`flip` (a map with
components' signs reversed: PCA's signs are arbitrary, so every distance and angle stays
the same).
:func:`biplot` draws institutions, attribute arrows and segment ideal points;
:func:`perceptual_map_widget` wraps it in toggles for the three layers, sign flips and a
segment picker with a live readout.

Every map table has the columns ``PC1`` and ``PC2``: ``scores`` indexed by institution,
``loadings`` by attribute, ``ideal`` by segment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: CSS class of the readout (browser tests can read the text from it).
READOUT_CLASS = "finmkt-perceptual-map-readout"
COMPONENTS = ["PC1", "PC2"]


def flip(table: pd.DataFrame, pc1: bool = False, pc2: bool = False) -> pd.DataFrame:
    """``table`` with the sign of PC1 and/or PC2 reversed (a mirror image of the map)."""
    out = table.copy()
    if pc1:
        out["PC1"] = -out["PC1"]
    if pc2:
        out["PC2"] = -out["PC2"]
    return out


def segment_readout(scores: pd.DataFrame, ideal: pd.DataFrame, segment: str, bank: str, *,
                    competitor_distances) -> dict:
    """Where one segment's ideal point sits among the institutions.

    ``competitor_distances(scores, bank)`` gives the distance from the row ``bank`` of a map
    table to every other row (pass your exercise's function); it is asked about a table of
    the institutions plus the segment's ideal point, from that point. Returns plain values:
    ``nearest`` (institution) and ``distance`` to it, the ``bank``'s distance
    ``bank_distance`` and its ``bank_rank`` (1 = the nearest institution).
    """
    label = f"{segment} (ideal point)"
    while label in scores.index:
        label += "'"
    table = pd.concat([scores[COMPONENTS], ideal.loc[[segment], COMPONENTS].set_axis([label])])
    d = pd.Series(competitor_distances(table, label)).astype(float).drop(index=label, errors="ignore").sort_values()
    return {"segment": segment, "nearest": str(d.index[0]), "distance": float(d.iloc[0]),
            "bank": bank, "bank_distance": float(d[bank]), "bank_rank": int(list(d.index).index(bank)) + 1}


def map_problem(means: pd.DataFrame, fitted: dict, scores: pd.DataFrame, loadings: pd.DataFrame,
                ideal: pd.DataFrame | None = None, respondents: pd.DataFrame | None = None,
                atol: float = 1e-6) -> str | None:
    """Whether the lesson's map objects draw one map; None if they do, else one line naming the
    first exercise whose object does not fit (2: ``fitted``, 3: ``scores`` and ``loadings``,
    5: ``ideal``, checked against ``respondents``' ``ideal_<attribute>`` ratings).

    * exercise 2: ``fitted['scaler']`` standardises ``means`` (population SD) and
      ``fitted['pca']``'s two components span the two leading principal directions of that table;
    * exercise 3: the loadings' squared lengths are the two leading eigenvalues, their directions
      are ``fitted['pca']``'s components, and every institution's scores are its standardised
      means projected on those directions (so scores times loadings transposed reproduce the
      table as well as two components can);
    * exercise 5: every segment's ideal point is its mean ideal ratings, standardised with the
      institutions' means and SDs, projected on the same directions.

    A map in which one object is mirrored or has its components swapped and another is not
    gives distances that contradict the ratings; a lesson prints this line instead of a
    conclusion drawn from it.
    """
    def line(n: int, why: str) -> str:
        return f"The map of exercise {n} is not consistent: {why}. Fix it first, then run this cell again."

    m = pd.DataFrame(means).astype(float)
    attrs = list(m.columns)
    mu, sd = m.mean().to_numpy(), m.std(ddof=0).to_numpy()
    z = (m.to_numpy() - mu) / sd
    lam, vec = np.linalg.eigh(np.cov(z.T))
    top = np.argsort(lam)[::-1][:2]
    lam2, v2 = lam[top], vec[:, top]
    try:
        zf = np.asarray(fitted["scaler"].transform(m), dtype=float)
        comp = np.asarray(fitted["pca"].components_, dtype=float)[:2].T
        ok = zf.shape == z.shape and comp.shape == v2.shape and np.allclose(zf, z, atol=atol) and np.allclose(
            comp @ comp.T, v2 @ v2.T, atol=atol)
    except Exception:  # noqa: BLE001 (any malformed object is "not consistent")
        ok = False
    if not ok:
        return line(2, "its scaler and PCA are not the standardised attribute table's two leading components")
    try:
        ld = pd.DataFrame(loadings).reindex(attrs)[COMPONENTS].to_numpy(float)
        sc = pd.DataFrame(scores).reindex(m.index)[COMPONENTS].to_numpy(float)
        length = np.linalg.norm(ld, axis=0)
        direction = ld / length
        ok = (np.isfinite(ld).all() and np.isfinite(sc).all() and np.allclose(length ** 2, lam2, rtol=1e-6)
              and np.allclose(direction, comp, atol=atol) and np.allclose(sc, z @ direction, atol=atol))
    except Exception:  # noqa: BLE001
        ok = False
    if not ok:
        return line(3, "the institutions' scores are not their standardised ratings projected on the loading "
                       "arrows in the frame of exercise 2's PCA (a component mirrored, or PC1 and PC2 swapped, in "
                       "the scores or the loadings alone), so distances on it contradict the ratings")
    if ideal is None or respondents is None:
        return None
    try:
        prof = respondents.groupby("segment")[[f"ideal_{a}" for a in attrs]].mean().to_numpy(float)
        segs = sorted(respondents["segment"].unique())
        want = (prof - mu) / sd @ direction
        got = pd.DataFrame(ideal).reindex(segs)[COMPONENTS].to_numpy(float)
        ok = np.isfinite(got).all() and np.allclose(got, want, atol=atol)
    except Exception:  # noqa: BLE001
        ok = False
    if not ok:
        return line(5, "the ideal points are not the segments' standardised ideal ratings projected on the same "
                       "arrows as the institutions (mirrored or swapped against them)")
    return None


def map_consistent(means: pd.DataFrame, fitted: dict, scores: pd.DataFrame, loadings: pd.DataFrame,
                   ideal: pd.DataFrame | None = None, respondents: pd.DataFrame | None = None) -> bool:
    """For a cell that prints a conclusion from the map: True when :func:`map_problem` finds
    nothing; otherwise prints its one line and returns False::

        if ready(...) and map_consistent(means, fitted, scores, loadings, ideal, respondents):
            ...print the conclusion...
    """
    problem = map_problem(means, fitted, scores, loadings, ideal, respondents)
    if problem:
        print(problem)
    return problem is None


def readout_html(r: dict) -> str:
    return (f"<b>{r['segment']}</b>: nearest institution {r['nearest']} at {r['distance']:.2f} "
            f"&nbsp;|&nbsp; {r['bank']} at {r['bank_distance']:.2f} (rank {r['bank_rank']} of the institutions)")


def _arrow_scale(scores: pd.DataFrame, loadings: pd.DataFrame) -> float:
    """Stretch the loading arrows to about 80% of the institutions' spread (a biplot convention)."""
    reach = float(np.abs(scores[COMPONENTS].to_numpy(float)).max())
    longest = float(np.hypot(loadings["PC1"], loadings["PC2"]).max())
    return 0.8 * reach / longest if longest > 0 else 1.0


def biplot(scores: pd.DataFrame, loadings: pd.DataFrame | None = None, ideal: pd.DataFrame | None = None, *,
           bank: str | None = None, explained=None, show_institutions: bool = True, ax=None,
           title: str = "Perceptual map of the institutions (PCA biplot)"):
    """Draw the perceptual map: institutions (dots), attribute loadings (arrows, stretched by
    one common factor, printed in the legend) and segment ideal points (stars).

    ``explained``: the two explained-variance ratios, shown in the axis labels. The legend
    sits beside the axes. Returns (fig, ax).
    """
    import matplotlib.pyplot as plt

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 6))
    else:
        fig = ax.figure
    if show_institutions:
        others = scores.drop(index=[bank]) if bank in scores.index else scores
        ax.scatter(others["PC1"], others["PC2"], color=PALETTE[6], s=45, label="institutions", zorder=3)
        if bank in scores.index:
            ax.scatter(scores.loc[bank, "PC1"], scores.loc[bank, "PC2"], color=BANK_COLOR, s=90,
                       label=bank, zorder=4)
        for name, r in scores.iterrows():
            ax.annotate(str(name), (r["PC1"], r["PC2"]), textcoords="offset points", xytext=(5, 4), fontsize=8)
    if loadings is not None:
        k = _arrow_scale(scores, loadings)
        for name, r in loadings.iterrows():
            ax.annotate("", xy=(k * r["PC1"], k * r["PC2"]), xytext=(0, 0),
                        arrowprops={"arrowstyle": "->", "color": PALETTE[1], "lw": 1.3})
            ax.annotate(str(name), (k * r["PC1"], k * r["PC2"]), color=PALETTE[1], fontsize=8,
                        textcoords="offset points", xytext=(3, -9))
        ax.plot([], [], color=PALETTE[1], label=f"attribute loadings (x {k:.1f})")
    if ideal is not None:
        ax.scatter(ideal["PC1"], ideal["PC2"], marker="*", s=160, color=PALETTE[3], label="segment ideal points",
                   zorder=5)
        for name, r in ideal.iterrows():
            ax.annotate(str(name), (r["PC1"], r["PC2"]), color=PALETTE[3], fontsize=8, textcoords="offset points",
                        xytext=(6, -10))
    ax.axhline(0, color="grey", lw=0.6)
    ax.axvline(0, color="grey", lw=0.6)
    ex = [None, None] if explained is None else [float(v) for v in explained]
    ax.set_xlabel("PC1 score (standardised units)" + (f", {ex[0]:.0%} of variance" if ex[0] is not None else ""))
    ax.set_ylabel("PC2 score (standardised units)" + (f", {ex[1]:.0%} of variance" if ex[1] is not None else ""))
    ax.set_title(title)
    ax.set_aspect("equal", adjustable="datalim")
    if ax.get_legend_handles_labels()[0]:
        place_legend(ax)
    return fig, ax


def perceptual_map_widget(scores: pd.DataFrame, loadings: pd.DataFrame, ideal: pd.DataFrame, bank: str, *,
                          competitor_distances, explained=None, chart: bool = True):
    """An ipywidgets VBox: toggles for institutions, attributes and ideal points, sign flips
    of PC1 and PC2, a segment picker and a live readout (its nearest institution and the
    bank's distance to it, measured with ``competitor_distances``: pass your exercise's
    function), above the map.

    The box exposes ``.toggles`` (dict), ``.flips`` (dict), ``.segment``, ``.readout``,
    ``.chart`` and ``.current()`` (the readout dict).
    """
    import ipywidgets as w

    toggles = {name: w.Checkbox(value=True, description=name, indent=False, layout=w.Layout(width="160px"))
               for name in ("institutions", "attributes", "ideal points")}
    flips = {pc: w.Checkbox(value=False, description=f"flip {pc}", indent=False, layout=w.Layout(width="110px"))
             for pc in COMPONENTS}
    segment = w.Dropdown(options=list(ideal.index), value=list(ideal.index)[0], description="Segment")
    readout = w.HTML()
    readout.add_class(READOUT_CLASS)
    out = w.Output()

    def current() -> dict:
        f = {"pc1": flips["PC1"].value, "pc2": flips["PC2"].value}
        return segment_readout(flip(scores, **f), flip(ideal, **f), segment.value, bank,
                               competitor_distances=competitor_distances)

    def refresh(_change=None) -> None:
        readout.value = readout_html(current())
        if chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            f = {"pc1": flips["PC1"].value, "pc2": flips["PC2"].value}
            with out:
                out.clear_output(wait=True)
                fig, _ = biplot(flip(scores, **f), flip(loadings, **f) if toggles["attributes"].value else None,
                                flip(ideal, **f) if toggles["ideal points"].value else None, bank=bank,
                                explained=explained, show_institutions=toggles["institutions"].value)
                display(fig)
                plt.close(fig)

    for c in [*toggles.values(), *flips.values(), segment]:
        c.observe(refresh, names="value")
    box = w.VBox([w.HBox([*toggles.values(), *flips.values()]), segment, readout, out])
    box.toggles, box.flips, box.segment, box.readout, box.chart, box.current = (
        toggles, flips, segment, readout, out, current)
    refresh()
    return box
