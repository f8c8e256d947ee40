"""Marketing-copy review (lesson 04_compliance/01_copy_review): the reference rule engine
and the review widget.

The engine follows COURSE.md's copy-review recipe (regular expressions, not word
segmentation):

1. **Normalise** with NFKC (full-width digits, ``％`` and punctuation become ASCII; Kangxi
   radicals and compatibility ideographs become the ordinary characters, so ``⾼收益`` is
   ``高收益``). After NFKC the clause separators ``，；！？`` are ASCII ``,;!?``; ``。`` and
   ``、`` stay: :data:`SEPARATORS` holds both forms.
2. **Mask** the allow-listed compliant phrases (:data:`ALLOW`, plus ``保险公司`` for insurance
   products), longest first, with one :data:`MASK` character per character (positions are
   kept).
3. A **banned term** (:data:`TERMS`) is *negated* when a negator (:data:`NEGATORS`) stands
   entirely within the 4 characters before it in the same clause.
4. ``保险`` and ``安全`` count for an insurance product only inside a simile
   (``像保险一样安全``); for wealth management (``wm``) ``存款`` outside the allow-list counts
   for MKT-03 (wealth management presented as a deposit).
5. **Disclosures** (:func:`missing_disclosures`): MKT-04 (the WM warning's three phrases;
   a past-performance display needs the warning and the period's start and end dates, a
   full accounting year excepted), MKT-06 (a daily or monthly rate needs an APR at least the
   rate's simple annualisation: 360 x daily, 12 x monthly) and MKT-07 (``低至`` teasers), for
   loans and cards.

:func:`review` returns the rules a piece breaks; :func:`review_html` renders a piece with its
hits highlighted; :func:`copy_review_widget` wraps both (a Dropdown of corpus pieces and a
Textarea). It needs no exercise.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: Clause separators (COURSE.md: ，。；！？、), in their NFKC forms as well.
SEPARATORS = "，。；！？、,;!?"
NEGATORS = ("并非", "不是", "不承诺", "不保证", "不", "非", "无", "未")
#: Allow-listed compliant phrases (every product), masked longest first.
ALLOW = ("非保本浮动收益", "不保证本金", "不承诺保本", "理财非存款", "不保本", "安全性", "保证金")
#: Allow-listed for insurance products only.
ALLOW_INSURANCE = ("保险公司",)
MASK = "□"
WINDOW = 4

TERMS = {
    "MKT-01": ("保本", "无风险", "零风险", "保收益", "稳赚", "稳赚不赔", "保证收益"),
    "MKT-02": ("业绩优良", "名列前茅", "位居前列", "最有价值", "首只", "最大", "最好", "最强", "唯一"),
    "MKT-03": ("安全", "保证", "承诺", "保险", "避险", "有保障", "高收益", "无风险"),
    "MKT-05": ("专家推荐", "专家力荐", "教授推荐", "经济学家推荐", "院士", "协会推荐", "明星同款", "明星推荐", "代言",
               "网红推荐", "大V推荐", "监管批准", "监管部门批准", "监管认可", "国家认证", "权威认证", "官方推荐"),
}
#: MKT-03 for wealth management: presented as a deposit.
WM_DEPOSIT_TERMS = ("存款",)
INSURANCE_CONTEXT_TERMS = ("保险", "安全")
RULES = ("MKT-01", "MKT-02", "MKT-03", "MKT-04", "MKT-05", "MKT-06", "MKT-07")
TERM_RULES = ("MKT-01", "MKT-02", "MKT-03", "MKT-05")
DISCLOSURE_RULES = ("MKT-04", "MKT-06", "MKT-07")

WM_WARNING = ("理财非存款", "产品有风险", "投资须谨慎")
_SEP = re.escape(SEPARATORS)
SIMILE = re.compile(rf"(?:像|如同|好比|好像|跟|和|与)[^{_SEP}]{{0,8}}?一样(?:安全|保险)")
_NEG = re.compile("|".join(map(re.escape, NEGATORS)))
_NUM = r"(\d+(?:\.\d+)?)"
#: A past-performance display: a period marker and a percentage in the same sentence.
PERFORMANCE = re.compile(rf"(?:近[一二三六1-9]\d*个?[月年]|成立以来|上一期|过往|\d{{4}}年度)[^。;!?]{{0,12}}?{_NUM}%")
PERF_WARNING = (re.compile(r"不(?:代表|预示)其?未来表现"), re.compile(r"不等于[^。]{0,8}实际收益"))
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
FULL_YEAR = re.compile(r"\d{4}年度")
DAILY = re.compile(rf"(?:日利率|日息|日费率)[^{_SEP}\d万]{{0,4}}{_NUM}%")
DAILY_WAN = re.compile(rf"(?:日利率|日息|日费率)[^{_SEP}\d]{{0,4}}万分之([0-9一二三四五六七八九十点.]+)")
MONTHLY = re.compile(rf"(?:月利率|月息|月费率|每期手续费率?|分期手续费率?|每月手续费率?)[^{_SEP}\d]{{0,4}}{_NUM}%")
APR = re.compile(rf"年化(?:利率|综合(?:资金)?成本|费率)[^{_SEP}\d]{{0,8}}{_NUM}%(?:\s*[-~至到]\s*{_NUM}%)?")
TEASER = re.compile(rf"低至[^{_SEP}]{{0,6}}?(?:\d+(?:\.\d+)?%|万分之)")
_CN_DIGITS = dict(zip("零一二三四五六七八九", "0123456789", strict=True)) | {"点": "."}


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
        if not _NEG.search(window):
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


def _wan(s: str) -> float | None:
    """万分之X (X in Arabic or Chinese digits) as a percentage."""
    digits = "".join(_CN_DIGITS.get(ch, ch) for ch in s).rstrip(".")
    try:
        return float(digits) / 100
    except ValueError:
        return None


def periodic_rates(text: str) -> list[float]:
    """Daily and monthly rates stated in a (normalised) text, annualised simply (360 x daily, 12 x monthly), in %."""
    out = [360 * float(x) for x in DAILY.findall(text)]
    out += [360 * v for x in DAILY_WAN.findall(text) if (v := _wan(x)) is not None]
    out += [12 * float(x) for x in MONTHLY.findall(text)]
    return out


def apr_values(text: str) -> list[float]:
    """Every APR figure stated (both ends of a range), in %."""
    return [float(x) for pair in APR.findall(text) for x in pair if x]


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


# --------------------------------------------------------------------------- rendering
_MISSING_TEXT = {
    "MKT-04": "MKT-04: the WM warning 理财非存款、产品有风险、投资须谨慎, or a past-performance display's warning "
              "or start and end dates, is missing",
    "MKT-06": "MKT-06: a daily or monthly rate without an APR at least as large as its annualisation",
    "MKT-07": "MKT-07: a 低至 (as low as) teaser: show the APR range instead",
}


def review_html(text: str, product_type: str) -> str:
    """The normalised text with counted term hits in ``<mark title="MKT-xx">`` and the masked
    allow-listed phrases in ``<span class="allowed">``; then the rules broken."""
    t = normalise(text)
    masked = mask_allowed(text, product_type)
    hits = rule_hits(text, product_type)
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
        elif masked[i] == MASK and t[i] != MASK:
            j = i
            while j < len(t) and masked[j] == MASK and j not in marks:
                j += 1
            parts.append(f'<span class="allowed" title="allow-listed" style="background:#d9f2e6;'
                         f'text-decoration:underline dotted">{html.escape(t[i:j])}</span>')
            i = j
        else:
            parts.append(html.escape(t[i]))
            i += 1
    broken = sorted(review(text, product_type))
    missing = [_MISSING_TEXT[r] for r in broken if r in _MISSING_TEXT]
    verdict = ("<b>Rules broken (engine):</b> " + ", ".join(broken)) if broken else "<b>No rule broken</b> (engine)"
    body = "".join(parts)
    extra = "".join(f"<li>{html.escape(m)}</li>" for m in missing)
    return (f'<div style="font-size:15px;line-height:1.7">{body}</div>'
            f"<div>Product type: {html.escape(product_type)} &nbsp;|&nbsp; {verdict}</div>"
            + (f"<div>Missing disclosures:<ul>{extra}</ul></div>" if extra else ""))


#: CSS class of the result panel (browser tests read it).
RESULT_CLASS = "finmkt-copy-review-result"
PRODUCT_TYPES = ("wm", "fund", "insurance", "deposit", "card", "loan")


def copy_review_widget(corpus=None, n: int = 60):
    """An ipywidgets VBox: a Dropdown of corpus pieces (first control), a product-type Dropdown,
    a Textarea to paste copy, and the highlighted result. Uses this module's reference engine.

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
        engine = review(text.value, product.value)
        note = "" if set(said) == engine else " (the engine and the reviewers disagree: the reviewers judge meaning)"
        return (f"<div><b>Reviewers' labels (人工标注):</b> {', '.join(said) if said else 'compliant'}"
                f"{note}</div>")

    def refresh(_change=None) -> None:
        result.value = review_html(text.value, product.value) + reviewers()

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
    box.summary = lambda: review(text.value, product.value)
    refresh()
    return box
