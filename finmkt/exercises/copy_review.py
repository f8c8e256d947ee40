"""Exercises of lesson 04_compliance/01_copy_review (营销宣传合规审查)."""

from finmkt.exercises import exercise

LESSON = "04_compliance/01_copy_review"

exercise(
    "mask_allowed", LESSON, "Normalise and mask the allow-list (规范化与白名单屏蔽)",
    hints=[
        "Two steps in this order: first `normalise(text)` (given: NFKC, traditional to simplified, spaced words, "
        "English), so full-width digits, ％, look-alikes (⾼) and 穩賺 become ordinary characters; then the masking.",
        "The phrases to mask are ALLOW, plus ALLOW_BY_TYPE.get(product_type, ()) (an insurance policy's own terms, a "
        "deposit's 保本保息). Replace each by "
        "MASK repeated as many times as the phrase has characters, so every position stays where it was.",
        "Go through the phrases sorted by length, longest first (`sorted(..., key=len, reverse=True)`), and use "
        "`str.replace` for each.",
    ],
    mistake="Skipping the normalisation, so copy typed in full-width or traditional characters (３．５％, ⾼收益, 穩賺) "
            "slips through.",
    points=2,
)

exercise(
    "term_hits", LESSON, "Negation-aware term matcher (否定识别)",
    hints=[
        "Build one pattern `\"|\".join(re.escape(t) for t in terms)` with the longer terms first, so that at a "
        "position the alternation takes 稳赚不赔 before 稳赚; `pattern.finditer(masked)` gives every hit and its start.",
        "For a hit at s, the clause starts just after the last separator before s: `max(masked.rfind(sep, 0, s) "
        "for sep in SEPARATORS) + 1` (that is 0 when there is none).",
        "The window is the text from the later of the clause start and s - WINDOW up to s. Keep the hit when "
        "`NEGATOR_RE.search(window)` finds nothing and `reported(masked, s)` is False; a negator before the comma "
        "belongs to another clause.",
    ],
    mistake="Letting the negation window run across a clause boundary, so 名额不多，保本收益 counts as negated.",
    points=3,
)

exercise(
    "review_terms", LESSON, "Term rules with product context (语境判断)",
    hints=[
        "Mask the text once with your mask_allowed, then for each rule in TERMS whose TERM_SCOPE[rule] holds the "
        "product type, run your term_hits on its terms: any remaining hit breaks the rule.",
        "For a product type in CONTEXT_TYPES (insurance, card, loan), a hit of 保险 or 安全 is the product or a perk: "
        "skip it unless its start lies inside a SIMILE match (`m.start() <= s < m.end()` for a match m of "
        "`SIMILE.finditer`). Skip an MKT-02 hit when `sourced(masked, s)`.",
        "For wm, a non-negated hit of WM_DEPOSIT_TERMS (存款) adds MKT-03. Return a set of rule ids such as "
        "{\"MKT-01\", \"MKT-03\"}.",
    ],
    mistake="Ignoring the product context, so every insurance ad that says 保险 is flagged under MKT-03.",
    points=3,
)

exercise(
    "missing_disclosures", LESSON, "Missing mandatory disclosures (必要信息披露)",
    hints=[
        "`t = normalise(text)` first. MKT-04 for wm: all of WM_WARNING in t, and no BENCHMARK figure without "
        "BENCHMARK_BASIS; for wm and fund, when `PERFORMANCE.search(BENCHMARK.sub(\"\", t))` finds a past-performance "
        "figure, it needs PERF_WARNING_FUTURE (and for wm PERF_WARNING_ACTUAL) AND the dates (two DATE matches or a "
        "FULL_YEAR).",
        "MKT-06 and MKT-07 only for loans and cards. A flat fee (fee %, n periods) of `flat_fees(t)` needs its IRR APR: "
        "with the instalment a = 1/n + fee/100 per unit borrowed, solve sum(a / (1 + i)**k for k = 1..n) = 1 for i with "
        "`brentq(..., -0.99, 1.0)`; the APR is 1200 * i (in %). 0.6% over 12 periods gives 13.03, not 7.2.",
        "Required APRs = periodic_rates(t) + the flat fees' IRR APRs. MKT-06 when there is one and either apr_values(t) "
        "is empty or max(apr_values(t)) < max(required) - APR_TOLERANCE: every stated rate needs an APR that covers "
        "it. MKT-07 when TEASER.search(t).",
    ],
    mistake="Annualising a flat instalment fee as 12 x the fee instead of its IRR APR, so 每期手续费0.6%，年化费率7.2% "
            "passes although the APR on the principal actually outstanding is higher.",
    points=3,
)

exercise(
    "rule_scores", LESSON, "Precision and recall per rule (精确率与召回率)",
    hints=[
        "For each rule column: y_true = the reviewers' labels, y_pred = the engine's flags, both as 0/1 arrays.",
        "`precision_recall_fscore_support(y_true, y_pred, average=\"binary\", zero_division=0)` returns precision, "
        "recall, F1 and support (None with average=\"binary\"). The ORDER matters: labels first.",
        "Check on paper: one flag that is right among three violations is precision 1 and recall 1/3. Collect one dict "
        "per rule and build the DataFrame with rules as the index.",
    ],
    mistake="Passing the flags as y_true and the labels as y_pred, which swaps precision and recall.",
    points=2,
)

exercise(
    "review_queue", LESSON, "Review queue by channel (审查队列)",
    hints=[
        "Group the 0/1 flags by `corpus[by]`: size gives the pieces, sum the flagged pieces, their ratio the share.",
        "`proportion_confint(flagged, pieces, alpha=0.05, method=\"wilson\")` accepts Series and returns the lower and "
        "upper bounds.",
        "Sort by the share, not by the number of flagged pieces: a channel with more copy has more flags without "
        "being worse.",
    ],
    mistake="Ranking the channels by the number of flagged pieces, which puts the channel with the most copy first.",
    points=2,
)
