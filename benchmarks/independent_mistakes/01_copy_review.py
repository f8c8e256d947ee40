"""Wrong answers written independently from the trainee release of 04_compliance/01_copy_review."""
LESSON = "04_compliance/01_copy_review"
MISTAKES = {
    "mask_allowed": [
        ("masks the allow-list on the raw text: never calls normalise(), so full-width digits, Kangxi look-alikes and traditional characters stay as typed", '''def mask_allowed(text, product_type):
    # Stuck? Run hint("mask_allowed") in a new cell.
    # Write the body: normalise, then mask the allow-listed phrases, longest first.
    # YOUR CODE HERE
    phrases = list(ALLOW) + list(ALLOW_BY_TYPE.get(product_type, ()))
    out = text
    for ph in sorted(phrases, key=len, reverse=True):
        out = out.replace(ph, MASK * len(ph))
    return out


masked = [mask_allowed(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(masked[1])
'''),
        ("masks the shortest phrases first (sorted by length ascending), so 最大回撤 is masked inside 不构成对基金收益或最大回撤的保证 and the long disclaimer no longer matches, leaving 的保证 exposed", '''def mask_allowed(text, product_type):
    # Stuck? Run hint("mask_allowed") in a new cell.
    # Write the body: normalise, then mask the allow-listed phrases, longest first.
    # YOUR CODE HERE
    t = normalise(text)
    phrases = list(ALLOW) + list(ALLOW_BY_TYPE.get(product_type, ()))
    for ph in sorted(phrases, key=len):
        t = t.replace(ph, MASK * len(ph))
    return t


masked = [mask_allowed(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(masked[1])
'''),
    ],
    "term_hits": [
        ("negation window ignores the clause: looks at the 4 characters before the term even across a comma, so 名额不多，保本收益 counts as negated", '''def term_hits(masked, terms):
    # Stuck? Run hint("term_hits") in a new cell.
    # Write the body: the (start, term) of every hit of terms without a negator in the 4 characters before it
    # (same clause) and not reported.
    # YOUR CODE HERE
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
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
        ("uses a home-made negator class [不非无未没] instead of NEGATOR_RE, so the 不 of 不仅, the 未 of 未来 and the 非 of 非常 wrongly negate the promise", '''def term_hits(masked, terms):
    # Stuck? Run hint("term_hits") in a new cell.
    # Write the body: the (start, term) of every hit of terms without a negator in the 4 characters before it
    # (same clause) and not reported.
    # YOUR CODE HERE
    negator = re.compile("[不非无未没≠]")
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    hits = []
    for m in pattern.finditer(masked):
        s = m.start()
        before = masked[:s]
        cut = max(before.rfind(c) for c in SEPARATORS)
        clause_start = cut + 1
        window = masked[max(clause_start, s - WINDOW):s]
        if negator.search(window) or reported(masked, s):
            continue
        hits.append((s, m.group()))
    return hits


if ready("mask_allowed", "masked", what="The MKT-01 flags"):
    mkt01_engine = pd.Series([int(bool(term_hits(m, TERMS["MKT-01"]))) for m in masked], index=corpus.index)
    print(f"MKT-01 flagged in {int(mkt01_engine.sum())} pieces; the reviewers labelled {int(labels['mkt01'].sum())}.")
'''),
    ],
    "review_terms": [
        ("applies the simile-only context for 保险/安全/有保障 to insurance products only, so a card's or a loan's 安全/有保障 (a perk, the product's cover) is flagged as MKT-03", '''def review_terms(text, product_type):
    # Stuck? Run hint("review_terms") in a new cell.
    # Write the body: the set of term rules broken, with the product scope, the context and WM-as-deposit check.
    # YOUR CODE HERE
    m = mask_allowed(text, product_type)
    broken = set()
    for rule in ("MKT-01", "MKT-02", "MKT-03", "MKT-05"):
        if product_type not in TERM_SCOPE[rule]:
            continue
        for s, term in term_hits(m, TERMS[rule]):
            if term in INSURANCE_CONTEXT_TERMS and product_type == "insurance":
                if not any(sm.start() <= s < sm.end() for sm in SIMILE.finditer(m)):
                    continue
            if rule == "MKT-02" and sourced(m, s):
                continue
            broken.add(rule)
    if product_type == "wm" and "MKT-03" in TERM_SCOPE and term_hits(m, WM_DEPOSIT_TERMS):
        broken.add("MKT-03")
    return broken


term_flags = [review_terms(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in term_flags)} pieces break at least one term rule (engine).")
'''),
        ("ignores TERM_SCOPE: every term rule is checked for every product type, so a deposit's 安全/保证 is flagged under MKT-03 and a card's or loan's 保本/无风险 under MKT-01", '''def review_terms(text, product_type):
    # Stuck? Run hint("review_terms") in a new cell.
    # Write the body: the set of term rules broken, with the product scope, the context and WM-as-deposit check.
    # YOUR CODE HERE
    m = mask_allowed(text, product_type)
    similes = [(sm.start(), sm.end()) for sm in SIMILE.finditer(m)]
    broken = set()
    for rule in ("MKT-01", "MKT-02", "MKT-03", "MKT-05"):
        for s, term in term_hits(m, TERMS[rule]):
            if term in INSURANCE_CONTEXT_TERMS and product_type in CONTEXT_TYPES:
                if not any(a <= s < b for a, b in similes):
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
        ("annualises a flat instalment fee as 12 x the fee (0.6% a period -> 7.2%) instead of its IRR APR, so an understated 年化费率 of 7.2% passes MKT-06", '''def missing_disclosures(text, product_type):
    # Stuck? Run hint("missing_disclosures") in a new cell.
    # Write the body: the set of MKT-04 / MKT-06 / MKT-07 broken.
    # YOUR CODE HERE
    t = normalise(text)
    out = set()
    if product_type == "wm":
        if not all(w in t for w in WM_WARNING):
            out.add("MKT-04")
        if BENCHMARK.search(t) and not BENCHMARK_BASIS.search(t):
            out.add("MKT-04")
    if product_type in ("wm", "fund"):
        if PERFORMANCE.search(BENCHMARK.sub("", t)):
            warned = bool(PERF_WARNING_FUTURE.search(t))
            if product_type == "wm":
                warned = warned and bool(PERF_WARNING_ACTUAL.search(t))
            dated = len(DATE.findall(t)) >= 2 or bool(FULL_YEAR.search(t))
            if not (warned and dated):
                out.add("MKT-04")
    if product_type in ("loan", "card"):
        required = list(periodic_rates(t)) + [12 * fee for fee, n in flat_fees(t)]
        if required:
            stated = apr_values(t)
            if not stated or max(stated) < max(required) - APR_TOLERANCE:
                out.add("MKT-06")
        if TEASER.search(t):
            out.add("MKT-07")
    return out


disclosure_flags = [missing_disclosures(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in disclosure_flags)} pieces miss a mandatory disclosure or use a teaser (engine).")
'''),
        ("for a WM past-performance display checks only one of the two required warnings (PERF_WARNING_FUTURE), never that it 不等于实际收益 (PERF_WARNING_ACTUAL)", '''def missing_disclosures(text, product_type):
    # Stuck? Run hint("missing_disclosures") in a new cell.
    # Write the body: the set of MKT-04 / MKT-06 / MKT-07 broken.
    # YOUR CODE HERE
    t = normalise(text)
    out = set()
    if product_type == "wm":
        if not all(w in t for w in WM_WARNING):
            out.add("MKT-04")
        if BENCHMARK.search(t) and not BENCHMARK_BASIS.search(t):
            out.add("MKT-04")
    if product_type in ("wm", "fund"):
        if PERFORMANCE.search(BENCHMARK.sub("", t)):
            warned = bool(PERF_WARNING_FUTURE.search(t))
            dated = len(DATE.findall(t)) >= 2 or bool(FULL_YEAR.search(t))
            if not (warned and dated):
                out.add("MKT-04")
    if product_type in ("loan", "card"):
        required = list(periodic_rates(t))
        for fee, n in flat_fees(t):
            pay = 1 / n + fee / 100
            i = brentq(lambda r: sum(pay / (1 + r) ** k for k in range(1, n + 1)) - 1, -0.99, 1)
            required.append(12 * i * 100)
        if required:
            stated = apr_values(t)
            if not stated or max(stated) < max(required) - APR_TOLERANCE:
                out.add("MKT-06")
        if TEASER.search(t):
            out.add("MKT-07")
    return out


disclosure_flags = [missing_disclosures(t, p) for t, p in zip(corpus["text_zh"], corpus["product_type"], strict=True)]
print(f"{sum(bool(s) for s in disclosure_flags)} pieces miss a mandatory disclosure or use a teaser (engine).")
'''),
    ],
    "rule_scores": [
        ("passes the engine's flags as y_true and the reviewers' labels as y_pred, so precision and recall are swapped", '''def rule_scores(labels, flags):
    # Stuck? Run hint("rule_scores") in a new cell.
    # Write the body: one row per rule with precision, recall, f1, positives and flagged.
    # YOUR CODE HERE
    rows = {}
    for c in labels.columns:
        p, r, f, _ = precision_recall_fscore_support(flags[c].astype(int), labels[c].astype(int), average="binary",
                                                     zero_division=0)
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
        ("uses average=macro (the mean over the 0 and 1 classes) instead of the binary scores of the violation class", '''def rule_scores(labels, flags):
    # Stuck? Run hint("rule_scores") in a new cell.
    # Write the body: one row per rule with precision, recall, f1, positives and flagged.
    # YOUR CODE HERE
    rows = {}
    for c in labels.columns:
        p, r, f, _ = precision_recall_fscore_support(labels[c].astype(int), flags[c].astype(int), average="macro",
                                                     zero_division=0)
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
    ],
    "review_queue": [
        ("ranks the channels by the NUMBER of flagged pieces instead of the flagged share, so the channel with the most copy comes first", '''def review_queue(corpus, flagged, by="channel"):
    # Stuck? Run hint("review_queue") in a new cell.
    # Write the body: pieces, flagged, share and the Wilson interval per group, highest share first.
    # YOUR CODE HERE
    f = pd.Series(flagged).astype(int).to_numpy()
    g = pd.DataFrame({"grp": corpus[by].to_numpy(), "f": f})
    out = g.groupby("grp").agg(pieces=("f", "size"), flagged=("f", "sum"))
    out["share"] = out["flagged"] / out["pieces"]
    lo, hi = proportion_confint(out["flagged"], out["pieces"], alpha=0.05, method="wilson")
    out["ci_low"], out["ci_high"] = lo, hi
    out.index.name = by
    return out.sort_values("flagged", ascending=False)


if ready("review_queue", what="The queue"):
    blind = blind_flags()
    blind_missed = (blind[RULE_COLS].to_numpy(int) & (1 - blind[[f"flag_{c}" for c in RULE_COLS]].to_numpy(int))).max(axis=1)
    queue = review_queue(blind, blind_missed)  # pieces with a labelled violation the engine missed, by channel
    review_first = queue.index[0]
    display(queue.round(3))
'''),
        ("uses the normal-approximation (Wald) interval, method=normal, instead of the Wilson interval", '''def review_queue(corpus, flagged, by="channel"):
    # Stuck? Run hint("review_queue") in a new cell.
    # Write the body: pieces, flagged, share and the Wilson interval per group, highest share first.
    # YOUR CODE HERE
    f = pd.Series(flagged).astype(int).to_numpy()
    g = pd.DataFrame({"grp": corpus[by].to_numpy(), "f": f})
    out = g.groupby("grp").agg(pieces=("f", "size"), flagged=("f", "sum"))
    out["share"] = out["flagged"] / out["pieces"]
    lo, hi = proportion_confint(out["flagged"], out["pieces"], alpha=0.05, method="normal")
    out["ci_low"], out["ci_high"] = lo, hi
    out.index.name = by
    return out.sort_values("share", ascending=False)


if ready("review_queue", what="The queue"):
    blind = blind_flags()
    blind_missed = (blind[RULE_COLS].to_numpy(int) & (1 - blind[[f"flag_{c}" for c in RULE_COLS]].to_numpy(int))).max(axis=1)
    queue = review_queue(blind, blind_missed)  # pieces with a labelled violation the engine missed, by channel
    review_first = queue.index[0]
    display(queue.round(3))
'''),
    ],
}
