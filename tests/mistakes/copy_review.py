"""Typical mistakes of lesson 04_compliance/01_copy_review (see the exercise registry)."""

LESSON = "04_compliance/01_copy_review"

MISTAKES = {
    # no normalisation
    "mask_allowed": [("t = normalise(text)", "t = text")],
    # the negation window runs across the clause boundary
    "term_hits": [("window = masked[max(cs, s - WINDOW):s]", "window = masked[max(0, s - WINDOW):s]")],
    # 保险/安全 counted for an insurance product (context ignored)
    "review_terms": [("if product_type in CONTEXT_TYPES and term in INSURANCE_CONTEXT_TERMS",
                      "if product_type in CONTEXT_TYPES and term in ()")],
    # 12 x a flat instalment fee taken as its APR (not the IRR APR)
    "missing_disclosures": [("[flat_fee_apr(fee, n) for fee, n in flat_fees(t)]", "[12 * fee for fee, n in flat_fees(t)]")],
    # labels and flags swapped: precision and recall exchanged
    "rule_scores": [("precision_recall_fscore_support(y_true, y_pred,", "precision_recall_fscore_support(y_pred, y_true,")],
    # ranked by the count of flagged pieces
    "review_queue": [('return out.sort_values("share", ascending=False)', 'return out.sort_values("flagged", ascending=False)')],
}
