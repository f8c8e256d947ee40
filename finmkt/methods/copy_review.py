"""Marketing-copy review (lesson 04_compliance/01_copy_review): the reference rule engine.

The engine follows COURSE.md's copy-review recipe (regular expressions, not word
segmentation); its constants, patterns and given helpers are the lesson's recipe
(:mod:`finmkt.recipes.copy_review`):

1. **Normalise** (:func:`~finmkt.recipes.copy_review.normalise`): NFKC (full-width digits,
   ``％``, Kangxi look-alikes such as ``⾼``), traditional to simplified characters, variant
   characters, English phrases (Zero Risk, No.1) and the spaces and dots typed inside words and
   figures. After NFKC the clause separators ``，；！？`` are ASCII ``,;!?``; ``。`` and ``、``
   stay: ``SEPARATORS`` holds both forms.
2. **Mask** the allow-listed compliant phrases (``ALLOW``, plus ``ALLOW_BY_TYPE`` of the
   product type: an insurance policy's own terms, a deposit's 保本保息), longest first, with one ``MASK`` character per character.
3. A **banned term** (``TERMS``) is *negated* when a negator (``NEGATOR_RE``: 不, 非, 无, 未, ≠ ...,
   not inside an ordinary word such as 不仅, 非常, 无忧, 未来) stands entirely within the ``WINDOW``
   (4) characters before it in the same clause, and *reported* (``reported``) when a warning is
   about it (谨防“稳赚”, 保本高收益都是骗局; not a warning elsewhere in the sentence) or it is a
   rhetorical question its answer denies.
4. **Context**: a term rule applies to the product types of ``TERM_SCOPE`` (MKT-01 to
   investment products and deposits, whose true 保本保息 is allow-listed, MKT-03 not to deposits);
   ``保险``, ``安全`` and ``有保障`` count for an insurance product only inside a simile (像存款一样安全);
   for wealth management (``wm``) ``存款``/``定存`` count for MKT-03.
5. **Disclosures** (:func:`missing_disclosures`): MKT-04 (the WM warning; a wm benchmark figure
   without its basis; a past-performance display, 7-day and past-year yields included, needs
   the warning that it does not represent the future (and, for wm, that it is not the actual
   return) and the period's start and end dates, a full accounting year excepted: for funds a
   course extension), MKT-06 (every daily or monthly rate needs an APR that covers it, the
   largest stated APR at least its simple annualisation, 360 x daily and 12 x monthly; a flat per-period instalment fee needs an APR
   at least the IRR APR of module 02, :func:`finmkt.methods.loan_pricing.apr_irr`, over the
   fewest periods the copy names) and MKT-07 (teasers: 低至, 3.6%起, 最低), for loans and cards.

:func:`review` returns the rules a piece breaks, :func:`review_frame` the 0/1 flags of many
pieces and :func:`reference_scores` the engine's precision and recall against labels.
"""

from __future__ import annotations

import re

from finmkt.recipes.copy_review import (
    ALLOW,
    ALLOW_BY_TYPE,
    APR_TOLERANCE,
    BENCHMARK,
    BENCHMARK_BASIS,
    CONTEXT_TYPES,
    DATE,
    FULL_YEAR,
    INSURANCE_CONTEXT_TERMS,
    MASK,
    NEGATOR_RE,
    PERF_WARNING_ACTUAL,
    PERF_WARNING_FUTURE,
    PERFORMANCE,
    RULES,
    SEPARATORS,
    SIMILE,
    TEASER,
    TERM_SCOPE,
    TERMS,
    WINDOW,
    WM_DEPOSIT_TERMS,
    WM_WARNING,
    apr_values,
    flat_fees,
    normalise,
    periodic_rates,
    reported,
    sourced,
)


def allow_list(product_type: str) -> tuple[str, ...]:
    """The phrases masked for a product type, longest first."""
    phrases = ALLOW + ALLOW_BY_TYPE.get(product_type, ())
    return tuple(sorted(phrases, key=len, reverse=True))


def mask_allowed(text: str, product_type: str) -> str:
    """Normalise ``text`` and mask its allow-listed phrases (longest first), one MASK per character."""
    t = normalise(text)
    for phrase in allow_list(product_type):
        t = t.replace(phrase, MASK * len(phrase))
    return t


def clause_start(text: str, pos: int) -> int:
    """Index of the first character of the clause that contains ``pos``."""
    return max(text.rfind(s, 0, pos) for s in SEPARATORS) + 1


def term_hits(masked: str, terms) -> list[tuple[int, str]]:
    """Hits ``(start, term)`` of ``terms`` in a masked text (longest term first at a position)
    that are neither negated (a negator in the WINDOW characters before, same clause) nor reported."""
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    hits = []
    for m in pattern.finditer(masked):
        s = m.start()
        window = masked[max(clause_start(masked, s), s - WINDOW):s]
        if not NEGATOR_RE.search(window) and not reported(masked, s):
            hits.append((s, m.group()))
    return hits


def in_simile(masked: str, pos: int) -> bool:
    """True when position ``pos`` lies inside a simile such as 像存款一样安全."""
    return any(m.start() <= pos < m.end() for m in SIMILE.finditer(masked))


def rule_hits(text: str, product_type: str) -> list[tuple[str, int, str]]:
    """Every counted term hit ``(rule, start, term)`` of the term rules (MKT-01/02/03/05)."""
    masked = mask_allowed(text, product_type)
    out = []
    for rule, terms in TERMS.items():
        if product_type not in TERM_SCOPE[rule]:
            continue
        for s, t in term_hits(masked, terms):
            if product_type in CONTEXT_TYPES and t in INSURANCE_CONTEXT_TERMS and not in_simile(masked, s):
                continue
            if rule == "MKT-02" and sourced(masked, s):
                continue
            out.append((rule, s, t))
    if product_type == "wm":
        out += [("MKT-03", s, t) for s, t in term_hits(masked, WM_DEPOSIT_TERMS)]
    return sorted(out, key=lambda h: (h[1], h[0]))


def review_terms(text: str, product_type: str) -> set[str]:
    """The term rules (MKT-01/02/03/05) a piece breaks."""
    return {rule for rule, _, _ in rule_hits(text, product_type)}


def required_aprs(t: str) -> list[float]:
    """The smallest APR (in %) each stated periodic rate or flat fee of a normalised text
    requires: 360 x daily, 12 x monthly, and for a flat per-period fee the IRR APR over its
    periods (module 02's :func:`~finmkt.methods.loan_pricing.apr_irr`)."""
    from finmkt.methods.loan_pricing import apr_irr

    return periodic_rates(t) + [100 * apr_irr(1.0, n, fee / 100) for fee, n in flat_fees(t)]


def missing_disclosures(text: str, product_type: str) -> set[str]:
    """The disclosure rules (MKT-04, MKT-06, MKT-07) a piece breaks."""
    t = normalise(text)
    out = set()
    if product_type == "wm" and not all(p in t for p in WM_WARNING):
        out.add("MKT-04")
    if product_type == "wm" and BENCHMARK.search(t) and not BENCHMARK_BASIS.search(t):
        out.add("MKT-04")
    if product_type in ("wm", "fund") and PERFORMANCE.search(BENCHMARK.sub("", t)):
        warned = bool(PERF_WARNING_FUTURE.search(t)) and (product_type == "fund" or bool(PERF_WARNING_ACTUAL.search(t)))
        dated = len(DATE.findall(t)) >= 2 or bool(FULL_YEAR.search(t))
        if not (warned and dated):
            out.add("MKT-04")
    if product_type in ("loan", "card"):
        required, aprs = required_aprs(t), apr_values(t)
        if required and (not aprs or max(aprs) < max(required) - APR_TOLERANCE):
            out.add("MKT-06")
        if TEASER.search(t):
            out.add("MKT-07")
    return out


def review(text: str, product_type: str) -> set[str]:
    """Every rule (MKT-01..MKT-07) the reference engine finds broken in a piece."""
    return review_terms(text, product_type) | missing_disclosures(text, product_type)


def review_frame(texts, product_types):
    """0/1 flags per rule (columns mkt01..mkt07) for aligned texts and product types."""
    import pandas as pd

    rows = [review(t, p) for t, p in zip(texts, product_types, strict=True)]
    return pd.DataFrame({f"mkt{r[-2:]}": [int(r in s) for s in rows] for r in RULES})


def reference_scores(df) -> dict:
    """Precision and recall per rule of the reference engine against the reviewers' labels.

    ``df``: one row per piece with ``text_zh``, ``product_type`` and the 0/1 labels
    ``mkt01`` .. ``mkt07``. Returns {rule column: {precision, recall, positives, flagged}},
    precision and recall rounded to 4 decimals (0 where undefined).
    """
    from sklearn.metrics import precision_recall_fscore_support

    flags = review_frame(df["text_zh"], df["product_type"])
    out = {}
    for r in flags.columns:
        p, rc, _, _ = precision_recall_fscore_support(df[r].to_numpy(int), flags[r].to_numpy(int), average="binary",
                                                      zero_division=0)
        out[r] = {"precision": round(float(p), 4), "recall": round(float(rc), 4), "positives": int(df[r].sum()),
                  "flagged": int(flags[r].sum())}
    return out
