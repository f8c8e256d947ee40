"""Marketing-copy review (lesson 04_compliance/01_copy_review): the reference rule engine.

The engine follows COURSE.md's copy-review recipe (regular expressions, not word
segmentation); its constants and patterns are the lesson's recipe
(:mod:`finmkt.recipes.copy_review`):

1. **Normalise** with NFKC (full-width digits, ``％`` and punctuation become ASCII; Kangxi
   radicals and compatibility ideographs become the ordinary characters, so ``⾼收益`` is
   ``高收益``). After NFKC the clause separators ``，；！？`` are ASCII ``,;!?``; ``。`` and
   ``、`` stay: ``SEPARATORS`` holds both forms.
2. **Mask** the allow-listed compliant phrases (``ALLOW``, plus ``保险公司`` for insurance
   products), longest first, with one ``MASK`` character per character (positions are kept).
3. A **banned term** (``TERMS``) is *negated* when a negator (``NEGATORS``) stands entirely
   within the ``WINDOW`` (4) characters before it in the same clause.
4. ``保险`` and ``安全`` count for an insurance product only inside a simile
   (``像保险一样安全``); for wealth management (``wm``) ``存款`` outside the allow-list counts
   for MKT-03 (wealth management presented as a deposit).
5. **Disclosures** (:func:`missing_disclosures`): MKT-04 (the WM warning's three phrases;
   a past-performance display needs the warning and the period's start and end dates, a
   full accounting year excepted), MKT-06 (a daily or monthly rate needs an APR at least the
   rate's simple annualisation: 360 x daily, 12 x monthly) and MKT-07 (``低至`` teasers), for
   loans and cards.

:func:`review` returns the rules a piece breaks, :func:`review_frame` the 0/1 flags of many
pieces and :func:`reference_scores` the engine's precision and recall against labels.
"""

from __future__ import annotations

import re
import unicodedata

from finmkt.recipes.copy_review import (
    ALLOW,
    ALLOW_INSURANCE,
    DATE,
    FULL_YEAR,
    INSURANCE_CONTEXT_TERMS,
    MASK,
    NEGATOR_RE,
    PERF_WARNING,
    PERFORMANCE,
    RULES,
    SEPARATORS,
    SIMILE,
    TEASER,
    TERMS,
    WINDOW,
    WM_DEPOSIT_TERMS,
    WM_WARNING,
    apr_values,
    periodic_rates,
)


def normalise(text: str) -> str:
    """NFKC normal form."""
    return unicodedata.normalize("NFKC", str(text))


def allow_list(product_type: str) -> tuple[str, ...]:
    """The phrases masked for a product type, longest first."""
    phrases = ALLOW + (ALLOW_INSURANCE if product_type == "insurance" else ())
    return tuple(sorted(phrases, key=len, reverse=True))


def mask_allowed(text: str, product_type: str) -> str:
    """NFKC-normalise ``text`` and mask its allow-listed phrases (longest first), one MASK per character."""
    t = normalise(text)
    for phrase in allow_list(product_type):
        t = t.replace(phrase, MASK * len(phrase))
    return t


def clause_start(text: str, pos: int) -> int:
    """Index of the first character of the clause that contains ``pos``."""
    return max(text.rfind(s, 0, pos) for s in SEPARATORS) + 1


def term_hits(masked: str, terms) -> list[tuple[int, str]]:
    """Non-negated hits ``(start, term)`` of ``terms`` in a masked text (longest term first at a position)."""
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    hits = []
    for m in pattern.finditer(masked):
        s = m.start()
        window = masked[max(clause_start(masked, s), s - WINDOW):s]
        if not NEGATOR_RE.search(window):
            hits.append((s, m.group()))
    return hits


def in_simile(masked: str, pos: int) -> bool:
    """True when position ``pos`` lies inside a simile such as 像保险一样安全."""
    return any(m.start() <= pos < m.end() for m in SIMILE.finditer(masked))


def rule_hits(text: str, product_type: str) -> list[tuple[str, int, str]]:
    """Every counted term hit ``(rule, start, term)`` of the term rules (MKT-01/02/03/05)."""
    masked = mask_allowed(text, product_type)
    out = []
    for rule, terms in TERMS.items():
        for s, t in term_hits(masked, terms):
            if product_type == "insurance" and t in INSURANCE_CONTEXT_TERMS and not in_simile(masked, s):
                continue
            out.append((rule, s, t))
    if product_type == "wm":
        out += [("MKT-03", s, t) for s, t in term_hits(masked, WM_DEPOSIT_TERMS)]
    return sorted(out, key=lambda h: (h[1], h[0]))


def review_terms(text: str, product_type: str) -> set[str]:
    """The term rules (MKT-01/02/03/05) a piece breaks."""
    return {rule for rule, _, _ in rule_hits(text, product_type)}


def missing_disclosures(text: str, product_type: str) -> set[str]:
    """The disclosure rules (MKT-04, MKT-06, MKT-07) a piece breaks."""
    t = normalise(text)
    out = set()
    if product_type == "wm" and not all(p in t for p in WM_WARNING):
        out.add("MKT-04")
    if product_type in ("wm", "fund") and PERFORMANCE.search(t):
        warned = all(p.search(t) for p in PERF_WARNING)
        dated = len(DATE.findall(t)) >= 2 or bool(FULL_YEAR.search(t))
        if not (warned and dated):
            out.add("MKT-04")
    if product_type in ("loan", "card"):
        periodic, aprs = periodic_rates(t), apr_values(t)
        if periodic and (not aprs or min(aprs) < min(periodic) - 1e-9):
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
