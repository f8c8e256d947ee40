"""The instructor report: one HTML page with the class's plots and the table of statuses."""

from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def write_report(path, assignment: str, results) -> None:
    """Score distribution, pass rate per exercise, slowest submissions, statuses."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    imgs = []
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r.score for r in results], bins=min(20, max(5, len(results))), color="#3b6ea5")
    ax.set(title="Score distribution", xlabel="score", ylabel="students")
    imgs.append(_png(fig))
    plt.close(fig)

    passed, total = defaultdict(int), defaultdict(int)
    for r in results:
        for name, (score, mx) in r.cells.items():
            if mx > 0:
                total[name] += 1
                passed[name] += score >= mx
    if total:
        names = sorted(total)
        fig, ax = plt.subplots(figsize=(6, 0.35 * len(names) + 1))
        ax.barh(names, [passed[n] / total[n] for n in names], color="#5a9e6f")
        ax.set(title="Pass rate per exercise", xlim=(0, 1), xlabel="share of students with full points")
        imgs.append(_png(fig))
        plt.close(fig)

    slow = sorted(results, key=lambda r: r.seconds, reverse=True)[:10]
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(slow) + 1))
    ax.barh([r.student_id for r in slow][::-1], [r.seconds for r in slow][::-1], color="#c07a3a")
    ax.set(title="Slowest submissions", xlabel="seconds of execution")
    imgs.append(_png(fig))
    plt.close(fig)

    counts = Counter(r.status for r in results)
    rows = "".join(
        f"<tr><td>{html.escape(r.student_id)}</td><td>{r.score:g} / {r.max_score:g}</td>"
        f"<td>{html.escape(r.status)}</td><td>{r.seconds:.1f}</td>"
        f"<td>{html.escape('; '.join(d for n in r.notebooks for d in n.details))}</td></tr>"
        for r in results)
    summary = ", ".join(f"{html.escape(k)}: {v}" for k, v in counts.most_common())
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>Grading report: {html.escape(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:auto}}td,th{{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}}</style>
</head><body><h1>Grading report: {html.escape(assignment)}</h1>
<p>{len(results)} students. Statuses: {summary}</p>
{''.join(f'<img alt="plot" src="data:image/png;base64,{i}">' for i in imgs)}
<h2>Students</h2><table><tr><th>student</th><th>score</th><th>status</th><th>seconds</th><th>details</th></tr>{rows}</table>
</body></html>"""
    path.write_text(page, encoding="utf-8")
