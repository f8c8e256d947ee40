"""Typical mistakes of lesson 04_compliance/01_copy_review (see the exercise registry)."""

LESSON = "04_compliance/01_copy_review"

MISTAKES = {
    # no NFKC normalisation
    "mask_allowed": [('t = unicodedata.normalize("NFKC", text)', "t = text")],
    # the negation window runs across the clause boundary
    "term_hits": [("window = masked[max(cs, s - WINDOW):s]", "window = masked[max(0, s - WINDOW):s]")],
    # 保险/安全 counted for an insurance product (context ignored)
    "review_terms": [('if product_type == "insurance" and term in ("保险", "安全")',
                      'if product_type == "insurance" and term in ()')],
    # any APR counted, even one below the annualised rate
    "missing_disclosures": [("if periodic and (not aprs or min(aprs) < min(periodic) - 1e-9):",
                             "if periodic and not aprs:")],
    # labels and flags swapped: precision and recall exchanged
    "rule_scores": [("precision_recall_fscore_support(y_true, y_pred,", "precision_recall_fscore_support(y_pred, y_true,")],
    # ranked by the count of flagged pieces
    "review_queue": [('return out.sort_values("share", ascending=False)', 'return out.sort_values("flagged", ascending=False)')],
}
