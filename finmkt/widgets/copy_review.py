"""Marketing-copy review widget (lesson 04_compliance/01_copy_review).

It shows a piece of copy as a rule engine reads it: normalised (the recipe's ``normalise``), the allow-listed
phrases masked (underlined), the counted banned terms highlighted, and the rules broken. The
engine is yours: :func:`copy_review_widget` takes the ``review`` function of a piece (the
lesson's exercises ``review_terms`` and ``missing_disclosures`` together) and, for the
highlighting, your ``mask_allowed`` and ``term_hits``. The recipe's constants (terms,
allow-list, patterns) come from :mod:`finmkt.recipes.copy_review`.
"""

from __future__ import annotations

import html

from finmkt.recipes.copy_review import MASK, TERMS, WM_DEPOSIT_TERMS, normalise

# --------------------------------------------------------------------------- rendering
_MISSING_TEXT = {
    "MKT-04": "MKT-04: the WM warning 理财非存款、产品有风险、投资须谨慎, a benchmark's basis, or a past-performance "
              "display's warning or start and end dates, is missing",
    "MKT-06": "MKT-06: a daily or monthly rate or a flat instalment fee without an APR that covers it (the largest "
              "APR at least its annualisation; for a flat fee: its IRR APR)",
    "MKT-07": "MKT-07: a rate teaser (低至, 起, 最低): show the APR range instead",
}


def counted_hits(text: str, product_type: str, broken, mask_allowed, term_hits) -> list[tuple[str, int, str]]:
    """The hits ``(rule, start, term)`` to highlight: every non-negated hit of a broken term rule's
    terms (``TERMS``; for wm, ``存款`` under MKT-03) in the masked text, by your functions."""
    masked = mask_allowed(text, product_type)
    hits = [(rule, int(s), str(t)) for rule, terms in TERMS.items() if rule in broken
            for s, t in term_hits(masked, terms)]
    if product_type == "wm" and "MKT-03" in broken:
        hits += [("MKT-03", int(s), str(t)) for s, t in term_hits(masked, WM_DEPOSIT_TERMS)]
    return sorted(hits, key=lambda h: (h[1], h[0]))


def review_html(text: str, product_type: str, *, review, mask_allowed=None, term_hits=None) -> str:
    """The normalised text with the counted term hits in ``<mark title="MKT-xx">`` and the masked
    allow-listed phrases in ``<span class="allowed">``; then the rules broken.

    ``review(text, product_type)`` returns the set of rules broken; ``mask_allowed`` and
    ``term_hits`` (optional) draw the highlighting (see :func:`counted_hits`).
    """
    t = normalise(text)
    broken = sorted(review(text, product_type))
    highlight = mask_allowed is not None and term_hits is not None
    masked = mask_allowed(text, product_type) if highlight else t
    hits = counted_hits(text, product_type, broken, mask_allowed, term_hits) if highlight else []
    marks: dict[int, tuple[int, list[str]]] = {}
    for rule, s, term in hits:
        end, rules = marks.get(s, (s, []))
        marks[s] = (max(end, s + len(term)), [*rules, rule])
    parts, i = [], 0
    while i < len(t):
        if i in marks:
            end, rules = marks[i]
            parts.append(f'<mark title="{" ".join(sorted(set(rules)))}">{html.escape(t[i:end])}</mark>')
            i = end
        elif i < len(masked) and masked[i] == MASK and t[i] != MASK:
            j = i
            while j < len(t) and j < len(masked) and masked[j] == MASK and j not in marks:
                j += 1
            parts.append(f'<span class="allowed" title="allow-listed" style="background:#d9f2e6;'
                         f'text-decoration:underline dotted">{html.escape(t[i:j])}</span>')
            i = j
        else:
            parts.append(html.escape(t[i]))
            i += 1
    missing = [_MISSING_TEXT[r] for r in broken if r in _MISSING_TEXT]
    verdict = ("<b>Rules broken (your engine):</b> " + ", ".join(broken)) if broken else (
        "<b>No rule broken</b> (your engine)")
    body = "".join(parts)
    extra = "".join(f"<li>{html.escape(m)}</li>" for m in missing)
    return (f'<div style="font-size:15px;line-height:1.7">{body}</div>'
            f"<div>Product type: {html.escape(product_type)} &nbsp;|&nbsp; {verdict}</div>"
            + (f"<div>Missing disclosures:<ul>{extra}</ul></div>" if extra else ""))


#: CSS class of the result panel (browser tests read it).
RESULT_CLASS = "finmkt-copy-review-result"
PRODUCT_TYPES = ("wm", "fund", "insurance", "deposit", "card", "loan")


def copy_review_widget(corpus=None, n: int = 60, *, review, mask_allowed=None, term_hits=None):
    """An ipywidgets VBox: a Dropdown of corpus pieces (first control), a product-type Dropdown,
    a Textarea to paste copy, and the highlighted result of your engine: ``review(text,
    product_type)`` returns the rules broken; ``mask_allowed`` and ``term_hits`` (optional) draw
    the highlighting (see :func:`review_html`).

    ``corpus``: a DataFrame with ``copy_id``, ``product_type``, ``channel``, ``text_zh`` (default:
    the course's ``marketing_copy``); the first ``n`` pieces are offered, the first one that breaks
    a rule selected. The box exposes
    ``.pieces``, ``.product``, ``.text``, ``.result`` and ``.summary()`` (the rules broken).
    """
    import ipywidgets as w

    if corpus is None:
        from finmkt.data import load

        corpus = load("marketing_copy")
    rows = corpus.head(n)
    options = [(f"{r.copy_id} · {r.channel} · {r.product_type} · {str(r.text_zh)[:18]}…", i)
               for i, r in enumerate(rows.itertuples())]
    # open on the first piece that breaks a rule, so the highlighting shows at once
    start = next((i for i, r in enumerate(rows.itertuples()) if review(str(r.text_zh), str(r.product_type))), 0)
    pieces = w.Dropdown(options=options, value=start, description="Piece", layout=w.Layout(width="640px"))
    product = w.Dropdown(options=list(PRODUCT_TYPES), value=str(rows.iloc[start]["product_type"]),
                         description="Product type")
    text = w.Textarea(value=str(rows.iloc[start]["text_zh"]), description="Copy (文案)",
                      layout=w.Layout(width="640px", height="110px"))
    result = w.HTML()
    result.add_class(RESULT_CLASS)

    label_cols = [c for c in (f"mkt0{k}" for k in range(1, 8)) if c in rows.columns]

    def reviewers() -> str:
        """The compliance reviewers' labels of the selected piece, while its text is unchanged."""
        row = rows.iloc[int(pieces.value)]
        if not label_cols or text.value != str(row["text_zh"]) or product.value != str(row["product_type"]):
            return ""
        said = sorted(c.upper().replace("MKT0", "MKT-0") for c in label_cols if int(row[c]) == 1)
        engine = set(review(text.value, product.value))
        note = "" if set(said) == engine else " (your engine and the reviewers disagree: the reviewers judge meaning)"
        return (f"<div><b>Reviewers' labels (人工标注):</b> {', '.join(said) if said else 'compliant'}"
                f"{note}</div>")

    def refresh(_change=None) -> None:
        result.value = review_html(text.value, product.value, review=review, mask_allowed=mask_allowed,
                                   term_hits=term_hits) + reviewers()

    def pick(_change=None) -> None:
        row = rows.iloc[int(pieces.value)]
        product.value = str(row["product_type"])
        text.value = str(row["text_zh"])
        refresh()

    pieces.observe(pick, names="value")
    product.observe(refresh, names="value")
    text.observe(refresh, names="value")
    box = w.VBox([pieces, product, text, result])
    box.pieces, box.product, box.text, box.result = pieces, product, text, result
    box.summary = lambda: set(review(text.value, product.value))
    refresh()
    return box
