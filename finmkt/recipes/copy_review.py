"""The copy-review lesson's recipe (04_compliance/01_copy_review): what the exercises are given.

COURSE.md's copy-review recipe (regular expressions, not word segmentation) as constants and
patterns: the clause separators (in their NFKC forms as well), the negators and their
window, the allow-list (masked longest first, one :data:`MASK` per character), the banned
terms per rule, the WM warning, the past-performance, date, rate and teaser patterns, and
two given helpers that read the stated rates (:func:`periodic_rates`, :func:`apr_values`).
The lesson's notebook imports them; the reference engine (:mod:`finmkt.methods.copy_review`)
and the review widget use the same ones. Nothing here decides whether a piece breaks a rule.
"""

from __future__ import annotations

import re

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
NEGATOR_RE = re.compile("|".join(map(re.escape, NEGATORS)))
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
