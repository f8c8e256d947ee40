"""Exercises of lesson 04_compliance/01_copy_review (营销宣传合规审查)."""

from finmkt.exercises import exercise

LESSON = "04_compliance/01_copy_review"

exercise(
    "mask_allowed", LESSON, "Normalise and mask the allow-list (规范化与白名单屏蔽)",
    hints=[
        "Two steps in this order: first `unicodedata.normalize(\"NFKC\", text)`, so full-width digits, ％ and "
        "look-alike characters (⾼) become ordinary ones; then the masking.",
        "The phrases to mask are ALLOW, plus ALLOW_INSURANCE when the product type is insurance. Replace each by "
        "MASK repeated as many times as the phrase has characters, so every position stays where it was.",
        "Go through the phrases sorted by length, longest first (`sorted(..., key=len, reverse=True)`), and use "
        "`str.replace` for each.",
    ],
    mistake="Skipping the NFKC normalisation, so copy typed in full-width characters (３．５％, ⾼收益) slips through.",
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
        "`NEGATOR_RE.search(window)` finds nothing; a negator before the comma belongs to another clause.",
    ],
    mistake="Letting the negation window run across a clause boundary, so 名额不多，保本收益 counts as negated.",
    points=3,
)

exercise(
    "review_terms", LESSON, "Term rules with product context (语境判断)",
    hints=[
        "Mask the text once with your mask_allowed, then for each rule in TERMS run your term_hits on its terms: "
        "any remaining hit breaks the rule.",
        "For an insurance product, a hit of 保险 or 安全 is the product talking about itself: skip it unless its "
        "start lies inside a SIMILE match (`m.start() <= s < m.end()` for a match m of `SIMILE.finditer`).",
        "For wm, a non-negated hit of WM_DEPOSIT_TERMS (存款) adds MKT-03. Return a set of rule ids such as "
        "{\"MKT-01\", \"MKT-03\"}.",
    ],
    mistake="Ignoring the product context, so every insurance ad that says 保险 is flagged under MKT-03.",
    points=3,
)

exercise(
    "missing_disclosures", LESSON, "Missing mandatory disclosures (必备披露)",
    hints=[
        "Normalise with NFKC first. MKT-04 for wm: `all(p in t for p in WM_WARNING)`; for wm and fund, only when "
        "`PERFORMANCE.search(t)` finds a past-performance figure, it needs both PERF_WARNING patterns AND the dates.",
        "Dates: at least two `DATE.findall(t)` matches, or a full accounting year (`FULL_YEAR.search(t)`). MKT-06 and "
        "MKT-07 only for loans and cards.",
        "MKT-06: `periodic_rates(t)` gives the daily and monthly rates annualised (360 x daily, 12 x monthly). An "
        "APR must be there AND be at least the smallest of them (with a 1e-9 tolerance): an 'APR' below 12 times the "
        "monthly rate is not the APR of that rate.",
    ],
    mistake="Accepting any APR mention, even one smaller than the annualised monthly rate it is meant to cover.",
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
