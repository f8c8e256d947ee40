"""Wrong answers written independently from the trainee release of 01_copy_review."""
LESSON = "04_compliance/01_copy_review"
MISTAKES = {
    "mask_allowed": [
        ("masks the allow-list in the order ALLOW lists it, not longest phrase first", '''def mask_allowed(text, product_type):
    t = normalise(text)
    phrases = list(ALLOW) + list(ALLOW_BY_TYPE.get(product_type, ()))
    for p in phrases:
        t = t.replace(p, MASK * len(p))
    return t


masked = [mask_allowed(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(masked[1])
'''),
        ("pools the product-type allow-lists of every type (masks a deposit's 保本 in WM and fund copy too)", '''def mask_allowed(text, product_type):
    t = normalise(text)
    phrases = list(ALLOW)
    for extra in ALLOW_BY_TYPE.values():
        phrases += list(extra)
    for p in sorted(set(phrases), key=len, reverse=True):
        t = t.replace(p, MASK * len(p))
    return t


masked = [mask_allowed(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(masked[1])
'''),
    ],
    "term_hits": [
        ("negation window not cut at the clause start: a negator in the previous clause (名额不多，保本) still negates", '''def term_hits(masked, terms):
    pattern = re.compile("|".join(re.escape(x) for x in sorted(terms, key=len, reverse=True)))
    hits = []
    for m in pattern.finditer(masked):
        s = m.start()
        window = masked[max(0, s - WINDOW):s]
        if NEGATOR_RE.search(window):
            continue
        if reported(masked, s):
            continue
        hits.append((s, m.group()))
    return hits


if ready("mask_allowed", "masked", what="The MKT-01 flags"):
    mkt01_engine = pd.Series([int(bool(term_hits(m, TERMS["MKT-01"]))) for m in masked], index=corpus.index)
    print(f"MKT-01 flagged in {int(mkt01_engine.sum())} pieces; the reviewers labelled {int(labels['mkt01'].sum())}.")
'''),
        ("off-by-one window: looks at the 3 characters before the term (start - WINDOW + 1), so a negator exactly 4 back is missed", '''def term_hits(masked, terms):
    pattern = re.compile("|".join(re.escape(x) for x in sorted(terms, key=len, reverse=True)))
    hits = []
    for m in pattern.finditer(masked):
        s = m.start()
        clause_start = max([masked.rfind(c, 0, s) for c in SEPARATORS]) + 1
        window = masked[max(clause_start, s - WINDOW + 1):s]
        if NEGATOR_RE.search(window) or reported(masked, s):
            continue
        hits.append((s, m.group()))
    return hits


if ready("mask_allowed", "masked", what="The MKT-01 flags"):
    mkt01_engine = pd.Series([int(bool(term_hits(m, TERMS["MKT-01"]))) for m in masked], index=corpus.index)
    print(f"MKT-01 flagged in {int(mkt01_engine.sum())} pieces; the reviewers labelled {int(labels['mkt01'].sum())}.")
'''),
    ],
    "review_terms": [
        ("ignores TERM_SCOPE: checks every term rule for every product type", '''def review_terms(text, product_type):
    m = mask_allowed(text, product_type)
    broken = set()
    for rule in ["MKT-01", "MKT-02", "MKT-03", "MKT-05"]:
        for s, term in term_hits(m, TERMS[rule]):
            if product_type in CONTEXT_TYPES and term in INSURANCE_CONTEXT_TERMS:
                if not any(sm.start() <= s < sm.end() for sm in SIMILE.finditer(m)):
                    continue
            if rule == "MKT-02" and sourced(m, s):
                continue
            broken.add(rule)
    if product_type == "wm" and term_hits(m, WM_DEPOSIT_TERMS):
        broken.add("MKT-03")
    return broken


term_flags = [review_terms(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in term_flags)} pieces break at least one term rule (engine).")
'''),
        ("applies the simile-only context of 保险/安全/有保障 to insurance only, not to cards and loans", '''def review_terms(text, product_type):
    m = mask_allowed(text, product_type)
    broken = set()
    for rule in ["MKT-01", "MKT-02", "MKT-03", "MKT-05"]:
        if product_type not in TERM_SCOPE[rule]:
            continue
        for s, term in term_hits(m, TERMS[rule]):
            if product_type == "insurance" and term in INSURANCE_CONTEXT_TERMS:
                if not any(sm.start() <= s < sm.end() for sm in SIMILE.finditer(m)):
                    continue
            if rule == "MKT-02" and sourced(m, s):
                continue
            broken.add(rule)
    if product_type == "wm" and term_hits(m, WM_DEPOSIT_TERMS):
        broken.add("MKT-03")
    return broken


term_flags = [review_terms(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in term_flags)} pieces break at least one term rule (engine).")
'''),
    ],
    "missing_disclosures": [
        ("annualises a flat instalment fee as 12 x the fee instead of its IRR APR", '''def missing_disclosures(text, product_type):
    t = normalise(text)
    broken = set()
    if product_type == "wm":
        if not all(w in t for w in WM_WARNING):
            broken.add("MKT-04")
        if BENCHMARK.search(t) and not BENCHMARK_BASIS.search(t):
            broken.add("MKT-04")
    if product_type in ("wm", "fund"):
        if PERFORMANCE.search(BENCHMARK.sub("", t)):
            warned = bool(PERF_WARNING_FUTURE.search(t))
            if product_type == "wm":
                warned = warned and bool(PERF_WARNING_ACTUAL.search(t))
            dated = len(DATE.findall(t)) >= 2 or bool(FULL_YEAR.search(t))
            if not (warned and dated):
                broken.add("MKT-04")
    if product_type in ("loan", "card"):
        required = list(periodic_rates(t))
        for fee, n in flat_fees(t):
            required.append(12 * fee)
        if required:
            stated = apr_values(t)
            if not stated or max(stated) < max(required) - APR_TOLERANCE:
                broken.add("MKT-06")
        if TEASER.search(t):
            broken.add("MKT-07")
    return broken


disclosure_flags = [missing_disclosures(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in disclosure_flags)} pieces miss a mandatory disclosure or use a teaser (engine).")
'''),
        ("accepts a past-performance display with a single date (at least one DATE match instead of two)", '''def missing_disclosures(text, product_type):
    t = normalise(text)
    broken = set()
    if product_type == "wm":
        if not all(w in t for w in WM_WARNING):
            broken.add("MKT-04")
        if BENCHMARK.search(t) and not BENCHMARK_BASIS.search(t):
            broken.add("MKT-04")
    if product_type in ("wm", "fund"):
        if PERFORMANCE.search(BENCHMARK.sub("", t)):
            warned = bool(PERF_WARNING_FUTURE.search(t))
            if product_type == "wm":
                warned = warned and bool(PERF_WARNING_ACTUAL.search(t))
            dated = bool(DATE.search(t)) or bool(FULL_YEAR.search(t))
            if not (warned and dated):
                broken.add("MKT-04")
    if product_type in ("loan", "card"):
        required = list(periodic_rates(t))
        for fee, n in flat_fees(t):
            def pv_gap(i, fee=fee, n=n):
                pay = 1 / n + fee / 100
                return sum(pay / (1 + i) ** k for k in range(1, n + 1)) - 1
            required.append(12 * brentq(pv_gap, -0.99, 1) * 100)
        if required:
            stated = apr_values(t)
            if not stated or max(stated) < max(required) - APR_TOLERANCE:
                broken.add("MKT-06")
        if TEASER.search(t):
            broken.add("MKT-07")
    return broken


disclosure_flags = [missing_disclosures(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in disclosure_flags)} pieces miss a mandatory disclosure or use a teaser (engine).")
'''),
    ],
    "rule_scores": [
        ("passes the engine's flags as y_true and the labels as y_pred (precision and recall swapped)", '''def rule_scores(labels, flags):
    rows = {}
    for c in labels.columns:
        p, r, f, _ = precision_recall_fscore_support(flags[c], labels[c], average="binary", zero_division=0)
        rows[c] = {"precision": p, "recall": r, "f1": f, "positives": int(labels[c].sum()), "flagged": int(flags[c].sum())}
    return pd.DataFrame(rows).T


if ready("review_terms", "term_flags", what="The score table") and ready("missing_disclosures", "disclosure_flags",
                                                                    what="The score table"):
    scores = rule_scores(labels, flags)
    hand_broken = [review_terms(t, p) | missing_disclosures(t, p)
                   for t, p in zip(hand["text_zh"], hand["product_type"], strict=True)]
    hand_flags = pd.DataFrame({c: [int(RULE_IDS[c] in b) for b in hand_broken] for c in RULE_COLS}, index=hand.index)
    hand_scores = rule_scores(hand[RULE_COLS].astype(int), hand_flags)
    blind = blind_flags()  # hand-written parts 2 on, with the engine's flags when each part was new
    blind_scores = rule_scores(blind[RULE_COLS], blind[[f"flag_{c}" for c in RULE_COLS]].set_axis(RULE_COLS, axis=1))
    review_by_hand = blind_scores["recall"].astype(float).idxmin()  # chosen on copy the engine had not seen
    display(scores.rename(index=RULE_IDS).round(3))
'''),
        ("computes f1 as the plain average of precision and recall instead of their harmonic mean", '''def rule_scores(labels, flags):
    rows = {}
    for c in labels.columns:
        p, r, _, _ = precision_recall_fscore_support(labels[c], flags[c], average="binary", zero_division=0)
        rows[c] = {"precision": p, "recall": r, "f1": (p + r) / 2, "positives": int(labels[c].sum()),
                   "flagged": int(flags[c].sum())}
    return pd.DataFrame(rows).T


if ready("review_terms", "term_flags", what="The score table") and ready("missing_disclosures", "disclosure_flags",
                                                                    what="The score table"):
    scores = rule_scores(labels, flags)
    hand_broken = [review_terms(t, p) | missing_disclosures(t, p)
                   for t, p in zip(hand["text_zh"], hand["product_type"], strict=True)]
    hand_flags = pd.DataFrame({c: [int(RULE_IDS[c] in b) for b in hand_broken] for c in RULE_COLS}, index=hand.index)
    hand_scores = rule_scores(hand[RULE_COLS].astype(int), hand_flags)
    blind = blind_flags()  # hand-written parts 2 on, with the engine's flags when each part was new
    blind_scores = rule_scores(blind[RULE_COLS], blind[[f"flag_{c}" for c in RULE_COLS]].set_axis(RULE_COLS, axis=1))
    review_by_hand = blind_scores["recall"].astype(float).idxmin()  # chosen on copy the engine had not seen
    display(scores.rename(index=RULE_IDS).round(3))
'''),
    ],
    "review_queue": [
        ("sorts by share with pandas' default ascending order, so the lowest share comes first", '''def review_queue(corpus, flagged, by="channel"):
    f = pd.Series(flagged).reindex(corpus.index).astype(int)
    g = f.groupby(corpus[by])
    q = pd.DataFrame({"pieces": g.size(), "flagged": g.sum()})
    q["share"] = q["flagged"] / q["pieces"]
    lo, hi = proportion_confint(q["flagged"], q["pieces"], alpha=0.05, method="wilson")
    q["ci_low"], q["ci_high"] = lo, hi
    return q.sort_values("share")


if ready("review_queue", what="The queue"):
    blind = blind_flags()
    blind_missed = (blind[RULE_COLS].to_numpy(int) & (1 - blind[[f"flag_{c}" for c in RULE_COLS]].to_numpy(int))).max(axis=1)
    queue = review_queue(blind, blind_missed)  # pieces with a labelled violation the engine missed, by channel
    review_first = queue.index[0]
    display(queue.round(3))
'''),
        ("uses the normal (Wald) interval instead of the Wilson interval", '''def review_queue(corpus, flagged, by="channel"):
    f = pd.Series(flagged).reindex(corpus.index).astype(int)
    g = f.groupby(corpus[by])
    q = pd.DataFrame({"pieces": g.size(), "flagged": g.sum()})
    q["share"] = q["flagged"] / q["pieces"]
    lo, hi = proportion_confint(q["flagged"], q["pieces"], alpha=0.05, method="normal")
    q["ci_low"], q["ci_high"] = lo, hi
    return q.sort_values("share", ascending=False)


if ready("review_queue", what="The queue"):
    blind = blind_flags()
    blind_missed = (blind[RULE_COLS].to_numpy(int) & (1 - blind[[f"flag_{c}" for c in RULE_COLS]].to_numpy(int))).max(axis=1)
    queue = review_queue(blind, blind_missed)  # pieces with a labelled violation the engine missed, by channel
    review_first = queue.index[0]
    display(queue.round(3))
'''),
    ],
}
