"""The copy-review lesson's recipe (04_compliance/01_copy_review): what the exercises are given.

COURSE.md's copy-review recipe (regular expressions, not word segmentation) as constants,
patterns and given helpers:

* :func:`normalise`: NFKC, traditional to simplified characters (``zhconv``), a few variant
  characters (髙), English and mixed-script phrases (Zero Risk, No.1, KOL) mapped to the
  Chinese term, and the spaces and dots typed inside words and figures (保 本, 零·风·险,
  3 . 6 %) removed, and a double negative (并非不保本) read as the affirmation it is;
* the clause separators (in their NFKC forms as well), the negators (:data:`NEGATOR_RE`:
  ``不``, ``非``, ``无``, ``未``, ``≠`` ..., but not inside 不仅/不但, 非常, 无忧, 无论, 未来) and their window, the allow-list (masked longest
  first, one :data:`MASK` per character), the banned terms per rule and the product types
  each term rule applies to (:data:`TERM_SCOPE`);
* :func:`reported`: a hit a warning is about (谨防“稳赚”, a quoted slogan called a scam; a warning
  elsewhere in the sentence does not excuse a promise) or a
  rhetorical question answered with a denial (理财能稳赚吗？答案是否定的) is reported, not claimed;
* the WM warning, the past-performance, benchmark, date, rate and teaser patterns, and the
  helpers that read the stated rates: :func:`periodic_rates` (daily and monthly rates,
  万分之, 每万元每天, 月息5厘), :func:`flat_fees` (a flat per-period instalment fee and the
  number of periods) and :func:`apr_values`.

The lesson's notebook imports them; the reference engine (:mod:`finmkt.methods.copy_review`)
and the review widget use the same ones. Nothing here decides whether a piece breaks a rule.
"""

from __future__ import annotations

import re
import unicodedata

#: Clause separators (COURSE.md: ，。；！？、), in their NFKC forms as well.
SEPARATORS = "，。；！？、,;!?"
NEGATORS = ("并非", "不是", "不承诺", "不保证", "不", "非", "无", "未", "没有", "没", "≠")
#: A negator, not the same character inside an ordinary word: 不 but not 不仅/不但/不只/不光/不单
#: ("not only ... but"), 不管/不论 ("whatever"), 不断, 不少, 不错; 非 but not 非常/非凡; 无 but not
#: 无忧/无论/无需/无须/无限/无比; 未 but not 未来. (The character before the window is not seen:
#: 毫无 and 从未 still negate.)
NEGATOR_RE = re.compile("并非|不是|不承诺|不保证|不(?![仅但只光单管论断少错])|非(?![常凡])|无(?![忧论需须限比])|未(?!来)|没有|没|≠")
#: Allow-listed compliant phrases (every product), masked longest first.
ALLOW = ("非保本浮动收益", "不保证本金", "不承诺保本", "理财非存款", "不保本", "安全性", "保证金", "最大回撤", "存款保险",
         "账户安全", "业绩表现的保证",
         # standard disclaimers: the fund manager's undertaking, a benchmark or a licence that is not a promise
         "承诺以诚实信用、勤勉尽责的原则管理和运用基金资产", "不构成对产品收益的承诺", "不构成对基金收益或最大回撤的保证",
         "不代表对产品收益和风险的保证", "批准设立", "高风险、高收益", "高风险高收益", "较高收益", "存款利率一降再降",
         "存款利率下调",
         # 存款 named as an underlying asset of a WM product or fund, not the product presented as a deposit
         "投资于存款", "投资存款", "存款、债券", "债券、存款", "存款及债券", "存款和债券", "现金、存款", "存款类资产", "银行存款、",
         "同业存单、存款", "存款等", "存款基准利率",
         # a promise about the bank's conduct, not about the product's risk or return
         "承诺绝不", "承诺不会", "承诺决不", "承诺不收取", "承诺不暴力",
         # the CSRC's registration disclaimer, WM set apart from deposits, the one official channel
         "作出实质性判断或保证", "实质性判断或者保证", "不同于银行存款", "不等同于银行存款", "不同于存款", "不等同于存款",
         "区别于银行存款", "有别于存款", "唯一官方", "唯一客服", "唯一指定",
         # risk education and a promise about conduct after a colon
         "高收益往往伴随", "高收益伴随", "高收益意味着", "不代表对基金风险和收益的保证", "承诺:不", "承诺:绝不", "承诺:决不")
#: Allow-listed for insurance products only (the product's own terms).
ALLOW_INSURANCE = ("保险公司", "保证领取", "保证续保", "保证利率", "保证利益", "保证给付", "保证现金价值", "保证部分", "退保不会亏")
#: Allow-listed for deposits only: what is true of a deposit (principal and interest are the bank's
#: debt). A structured deposit guarantees its principal, not its floating return: 保收益 still counts.
ALLOW_DEPOSIT = ("保本保息", "保本", "保息", "从未亏损", "保底收益", "保底")
#: The phrases allow-listed for one product type besides ``ALLOW``.
ALLOW_BY_TYPE = {"insurance": ALLOW_INSURANCE, "deposit": ALLOW_DEPOSIT}
MASK = "□"
WINDOW = 4

TERMS = {
    "MKT-01": ("保本", "无风险", "零风险", "保收益", "稳赚", "稳赚不赔", "保证收益", "本金有保障", "本金无忧", "本金安全",
               "躺赚", "只赚不赔", "只涨不跌", "不会亏", "不亏本", "从未亏损", "从没亏", "没亏过", "从不亏", "零亏损",
               "刚性兑付", "刚兑", "兜底", "收益稳稳的", "稳稳赚", "又稳又赚", "一分不少", "一分不会少", "分文不少", "一分钱都不会少",
               "一分都不会少", "不存在亏损", "不会亏损", "没有亏损", "没有亏过", "没风险",
               # implied guarantees a reviewer reads in plain speech (normalise maps paraphrases to them, PARAPHRASES)
               "保值增值", "保底", "承诺收益", "承诺年化", "承诺回报", "保证年化", "确保收益", "确保本金", "绝对安全", "百分百安全",
               "万无一失", "亏了算我", "保本保收益", "保本或保证收益", "保本或保收益", "打包票", "拍胸脯", "稳拿", "闭眼入", "闭眼买", "稳稳当当", "收益有保障", "分红有保障"),
    "MKT-02": ("业绩优良", "名列前茅", "位居前列", "最有价值", "首只", "首张", "最大", "最好", "最强", "唯一", "最佳", "最优",
               "排名第一", "全城第一", "全市第一", "全国第一", "行业第一", "销量第一", "收益第一", "利率最高", "收益最高",
               "收益率最高", "销量冠军", "人气冠军", "收益冠军", "最值得", "没有之一", "首选", "全网最低", "全市最低", "全城最低", "行业最低",
               "跑赢同类", "同类排名", "同类前", "同类第一", "排名前", "遥遥领先", "领先同业", "行业领先", "行业领跑", "全国领先",
               "全市最高", "全城最高", "全网最高", "全国最高", "业内最高", "同业最高", "行业最高", "最高的", "最受欢迎",
               "五星评级", "排第一", "天花板", "找不到第二家", "业内公认", "性价比最高", "跑赢同业", "比别家",
               "全省第一", "全行最", "数一数二", "比同业都", "同业最低"),
    "MKT-03": ("安全", "保证", "承诺", "保险", "避险", "有保障", "充分保障", "高收益", "无风险", "零风险", "稳如定期",
               "没风险", "跟定期一样", "和定期一样", "像存款一样", "跟存款一样", "和存款一样", "如同存款",
               # a fund, policy or WM product presented as money in the bank
               "存银行一样", "像存银行", "跟存钱一样", "定期差不多", "存款差不多", "相当于存款", "相当于定期", "等同于存款",
               "存款替代", "替代存款", "替代定期", "比存款还稳", "比定期还稳", "绝对安全", "百分百安全", "万无一失",
               "活期一样", "定期一样", "加强版定期", "升级版活期", "升级版定期", "加强版存款", "收益有保障", "分红有保障"),
    "MKT-05": ("专家推荐", "专家力荐", "专家点评", "教授推荐", "教授点评", "经济学家推荐", "院士", "协会推荐", "明星同款",
               "明星推荐", "代言", "网红推荐", "网红都在", "大V推荐", "监管批准", "监管部门批准", "监管认可", "监管部门备案",
               "国家认证", "权威认证", "官方推荐", "首席推荐", "监管部门审批", "经监管部门", "财经博主",
               "博主推荐", "大V", "网红", "百万粉丝", "教授", "经济学家", "明星", "倾情推荐", "力荐", "权威推荐",
               "同款", "冠军推荐", "监管机构批准", "金融监督管理总局批准", "银保监会批准", "证监会批准", "人民银行批准",
               "经监管批准", "政府批准", "国家批准",
               # celebrities, staff and customers vouching for the product
               "奥运冠军", "世界冠军", "影帝", "影后", "名人", "客户都说好", "都说好", "好评如潮", "客户好评", "用户好评",
               "口碑爆棚", "自己也买了", "我也买了", "全家都买了", "家人都买了", "爸妈都买了", "爸妈的钱", "钱都放在",
               "大家都在买", "跟着买", "自己都买了", "我都买了", "都在存", "都在推", "客户心声", "客户评价", "亲测",
               "强烈推荐", "精算师", "老师推荐", "国家都认可", "国家认可", "备过案", "打包票", "拍胸脯",
               "我担保", "工作担保", "用我的工作", "都这么说", "五星好评", "我自己也", "自己家里的钱", "人手一份",
               "国家背书", "政府背书", "国家管着", "站台", "都报备了", "知名演员", "知名主持人", "著名演员"),
}
#: The product types each term rule applies to: MKT-01 investment products and deposits (for a
#: deposit 保本保息 is true and allow-listed, ALLOW_DEPOSIT; 零风险 or 稳赚不赔 is not: a deposit
#: is insured up to RMB 500,000, and a structured deposit's return floats), MKT-03's risk wording
#: every product but the deposit.
TERM_SCOPE = {"MKT-01": ("wm", "fund", "insurance", "deposit"), "MKT-02": ("wm", "fund", "insurance", "deposit", "card", "loan"),
              "MKT-03": ("wm", "fund", "insurance", "card", "loan"),
              "MKT-05": ("wm", "fund", "insurance", "deposit", "card", "loan")}
#: MKT-03 for wealth management: presented as a deposit.
WM_DEPOSIT_TERMS = ("存款", "定存", "比定期", "像定期", "跟定期", "和定期", "比活期")
INSURANCE_CONTEXT_TERMS = ("保险", "安全", "有保障", "充分保障")
#: Product types for which 保险/安全/有保障 name the product, its cover or a perk (an insurance
#: policy, 全家有保障, a card's travel insurance, account security): they count only inside a simile.
CONTEXT_TYPES = ("insurance", "card", "loan")
RULES = ("MKT-01", "MKT-02", "MKT-03", "MKT-04", "MKT-05", "MKT-06", "MKT-07")
TERM_RULES = ("MKT-01", "MKT-02", "MKT-03", "MKT-05")
DISCLOSURE_RULES = ("MKT-04", "MKT-06", "MKT-07")

WM_WARNING = ("理财非存款", "产品有风险", "投资须谨慎")
_SEP = re.escape(SEPARATORS)
SIMILE = re.compile(rf"(?:像|如同|好比|好像|跟|和|与|比)[^{_SEP}]{{0,8}}?(?:一样|还|更)(?:安全|保险|稳)")

# --------------------------------------------------------------------------- normalisation
#: Variant characters NFKC and the traditional-to-simplified table leave alone.
VARIANTS = {"髙": "高", "揾": "赚", "賺": "赚", "穏": "稳", "険": "险", "証": "证"}
#: English and mixed-script phrases (lower case) and the Chinese term a reviewer reads in them.
ENGLISH = {"zero risk": "零风险", "zero-risk": "零风险", "risk free": "无风险", "risk-free": "无风险", "no risk": "无风险",
           "guaranteed return": "保证收益", "capital guaranteed": "保本", "principal guaranteed": "保本",
           "0 risk": "零风险", "0风险": "零风险", "100% safe": "百分百安全", "100%safe": "百分百安全",
           "100%安全": "百分百安全", "guaranteed": "保证", "no loss": "不会亏", "safe": "安全", "no.1": "排名第一", "no. 1": "排名第一", "number one": "排名第一", "top 1": "排名第一", "kol": "网红推荐"}
#: Paraphrases a reviewer reads as a banned term (:func:`normalise` rewrites them to it): a
#: denied loss (从没让客户亏过一分钱 reads 从未亏损), a personal guarantee (亏了算我的), a
#: return floor (至少赚15%), money back with interest (本金利息一起回来 reads 保本保息: true of a
#: deposit, a promise for an investment), every day a gain (天天赚钱 reads 稳赚), a safety
#: claim (安全性高 reads 很安全), and 最高 before a figure, the top of a tier (年利率最高1.95%
#: reads 年利率上限1.95%), not a ranking.
_WHO = "(?:您|你|客户|大家|投资人|投资者|任何人|一位客户|一个客户|老百姓)"
PARAPHRASES = (
    (re.compile(rf"(?<!退保)(?<![会能是])(?:从未|从没有?|从来没有?|未曾|不曾|绝不会?|不会|没有?)(?:让|叫|使)?(?:{_WHO}|[^,;。!?、不]{{0,4}}?)"
                rf"(?:吃亏|亏|(?<!理)赔(?![付偿])|回撤)过?(?:损|本金?|钱|一分钱?)?"),
     "从未亏损"),
    (re.compile(r"(?:从未|从没有?|从来没有?|未曾|没有?)出过?(?:事|问题|风险|差错)"), "从未亏损"),
    (re.compile(r"(?:亏|赔|赚不到|达不到|不到|少一分钱?|差多少|少多少)了?[^,;。!?、]{0,8}?"
                r"(?:算我的?|找我|我来?赔|我来?补|我自己补|自己补|我负责|我兜底?|我承担)"),
     "亏了算我"),
    (re.compile(r"(?:肯定|一定|必定|绝对|稳稳)(?:能|会|可以)?(?:赚钱|赚|拿到?|到手|有收益)|保证到手"), "稳赚"),
    (re.compile(r"(?:收益率?|年化|回报|赚)(?:至少|最少|起码|不低于|不少于)(?=\d)|(?:至少|最少|起码)(?:能|可以)?(?:赚|收益|年化|回报)"),
     "保底"),
    (re.compile(r"本金(?:和|及|与|、)?利息(?:一起|一并|都|全部?)(?:会|能)?(?:回来|到账|兑付|拿回)|本息(?:一起|都|全部?)(?:会|能)?(?:回来|到账|兑付|拿回)"),
     "保本保息"),
    (re.compile(r"(?:每天|天天|每日)都?(?:在)?(?:赚钱|赚|有收益|是正收益|正收益)"), "稳赚"),
    (re.compile(r"安全性(?:极高|很高|非常高|高|强|好|有保障)"), "很安全"),
    (re.compile(r"(?:不用|无需|不必|别|完全不用)(?:担心|担忧|操心)[^,;。!?]{0,4}?本金|本金(?:是|都)?(?:不会|不可能)(?:动|少|亏|损失)"), "本金无忧"),
    (re.compile(r"(?:没有|无)任何风险"), "无风险"),
    (re.compile(r"(?:从未|从不|不会|没有|未)授权[^,;。!?]{0,6}?(?=承诺|保证)"), "谨防"),
    (re.compile(r"(?:我(?![行们司])|本人|主播)(?:(?!无需|不需|不用|无须|免)[^,;。!?]){0,8}?担保"), "我担保"),
    (re.compile(r"(?:我(?!们)|主播|本人)(?:自己)?(?:家里|家人|全家|爸妈)?(?:的钱)?(?:也|都)(?:买了|在买|投了|放在|定投|存了)"), "我也买了"),
    (re.compile(r"(?:专家|教授|名人|明星|大V|网红|博主)[^,;。!?]{0,4}?推荐"), "专家推荐"),
    (re.compile(r"跑赢\d+(?:\.\d+)?%的?同类"), "跑赢同类"),
    (re.compile(r"(?<=[比像跟和])(?:[一二三五六1-6]年期?|半年期?|[三六]个月)(?=定期|存款)"), ""),
    (re.compile(r"(?<=\d%)存款(?!类资产)|存款(?=(?:及|和|与|、)(?:货币|债券|同业|现金|存单))"), "存款类资产"),
    (re.compile(r"(?<=\d)个点"), "%"),
    (re.compile(r"(?<=月息)([一二三四五六七八九])厘([一二三四五六七八九])"), r"\1.\2厘"),
    (re.compile(r"每万元"), "每1万元"),
    (re.compile(r"(?:(?<=日息)|(?<=日利率))万([一二三四五六七八九十])(?![千万分])"), r"万分之\1"),
    (re.compile(r"(底层资产|投资于|投资|投向|配置于?)([^,;。!?]{0,10}?)存款(?!类资产)"), r"\1\2存款类资产"),
    (re.compile(r"最[高大](?=(?:可[达贷借享]?|为|年化|利率|额度)?\d)"), "上限"),
    (re.compile(r"(?:不会|不得|绝不|从不)以任何(?:形式|方式|理由)(?:向[^,;。!?]{0,3})?(?=承诺|保证)"), "不会"),
)
#: A double negative affirms: :func:`normalise` drops it (并非不保本 reads 保本).
DOUBLE_NEGATIVE = re.compile("并非不|不是不|并不是不|绝非不")
#: A rhetorical 谁说…不能… affirms what it seems to deny (谁说理财不能保本？ reads 谁说理财能保本).
RHETORICAL = re.compile(r"(谁说[^,;。!?、]{0,10}?)(?:不|没)(?=能|会|可以|可能)")
#: Variants of the mandated WM warning a reviewer accepts, read as the mandated words.
WARNING_VARIANTS = {"投资需谨慎": "投资须谨慎", "理财≠存款": "理财非存款", "理财不是存款": "理财非存款", "理财产品非存款": "理财非存款"}
_CJK = r"[\u3400-\u9fff□]"
_GAP = r"[\s·•・.．_\-~*✔✓√★☆♥❤✨❗❕|｜/]+"


def normalise(text: str) -> str:
    """The text as the rules read it: NFKC; traditional characters to simplified (``zhconv``);
    variant characters (:data:`VARIANTS`); English phrases (:data:`ENGLISH`, case ignored) to
    their Chinese term; spaces, dots and similar fillers typed between two Chinese characters
    removed (保 本, 零·风·险), spaces inside a figure (3 . 6 %), and a double negative dropped
    (:data:`DOUBLE_NEGATIVE`: 并非不保本 reads 保本)."""
    from zhconv import convert

    t = unicodedata.normalize("NFKC", str(text))
    t = convert(t, "zh-cn")
    t = "".join(VARIANTS.get(ch, ch) for ch in t)
    for en in sorted(ENGLISH, key=len, reverse=True):
        t = re.sub(rf"(?<![a-z]){re.escape(en)}(?![a-z])", ENGLISH[en], t, flags=re.IGNORECASE)
    t = re.sub(rf"(?<={_CJK}){_GAP}(?={_CJK})", "", t)
    t = DOUBLE_NEGATIVE.sub("", t)
    for pattern, term in PARAPHRASES:
        t = pattern.sub(term, t)
    t = RHETORICAL.sub(r"\1", t)
    for variant, mandated in WARNING_VARIANTS.items():
        t = t.replace(variant, mandated)
    for _ in range(2):  # twice: "3 . 6" loses the space before the point, then the one after it
        t = re.sub(r"(?<=\d)\s+(?=[\d.%])|(?<=\d\.)\s+(?=\d)|(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=[\d%])\s+(?=[\u4e00-\u9fff])",
                   "", t)
    return t


# --------------------------------------------------------------------------- reported speech
#: Words that make a sentence a warning about the claim rather than the claim: the verbs take
#: the claim as their object (谨防稳赚), the nouns judge it (保本高收益都是骗局).
WARNING_VERBS = re.compile("谨防|警惕|小心(?!翼翼)|当心|别信|勿信|切勿相信|不要相信|提防|防范|别被|不要被|轻信")
WARNING_NOUNS = re.compile("诈骗|骗局|骗子|陷阱|非法集资|不可信|谣言|虚假宣传|误导宣传|被骗|骗了|话术|提高警惕|诱饵|不法分子|冒充")
WARNING_WORDS = re.compile(f"{WARNING_VERBS.pattern}|{WARNING_NOUNS.pattern}")
#: At most this many characters between a warning verb and the claim it warns against
#: (谨防“稳赚”, 警惕所谓保本); further away the verb has its own object (警惕通胀，选保本理财).
WARNING_GAP = 2
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『《‘", "”」』》’"
_DENIAL = re.compile(r"\s*(?:其实|事实上|真相是)?(?:答案是否定的|答案(?:很|非常)?(?:明确|清楚)?(?:的|地)?(?:是)?:?(?:不|否)|不存在|不可能|当然不|没有|不会|并不|别信|不能|不是|[Nn]o\b)")
_SENTENCE_END = "。;!?"
#: A clause that asks whether (是否保本, 能否保本, 会不会亏) claims nothing.
QUESTION_WORDS = re.compile("是否|能否|是不是|会不会|能不能|可不可以")


def sentence(masked: str, pos: int) -> str:
    """The sentence (up to 。;!? on either side) that contains position ``pos``."""
    start = max(masked.rfind(s, 0, pos) for s in _SENTENCE_END) + 1
    ends = [i for i in (masked.find(s, pos) for s in _SENTENCE_END) if i >= 0]
    return masked[start:(min(ends) + 1 if ends else len(masked))]


#: A ranking or superlative that names its source (据…, 根据…, 数据来源, 公布) is evidence, not a
#: claim; 据 inside 数据, 依据, 证据, 单据 or 据说 (hearsay) names no source.
SOURCE = re.compile("(?<![数依证单])据(?!说)|来源|公布|公开的|统计")
#: A source that is the bank itself: its own calculation or statistics.
OWN_SOURCE = re.compile("(?:本行|我行|本公司|我司|内部|自行)[^,;。!?]{0,10}?(?:测算|统计|数据|计算)")


def sourced(masked: str, pos: int) -> bool:
    """True when the sentence of the hit at ``pos`` names the source of a ranking (MKT-02 allows
    a superlative with objective evidence). The bank's own figures are no evidence: a source
    that is its own calculation (数据来源：本行内部测算) does not count (:data:`OWN_SOURCE`)."""
    sent = sentence(masked, pos)
    return bool(SOURCE.search(sent)) and not OWN_SOURCE.search(sent)


def quoted(masked: str, pos: int) -> bool:
    """True when position ``pos`` lies inside quotation marks (“…”, 「…」, "…") within its sentence."""
    sent_start = max(masked.rfind(s, 0, pos) for s in _SENTENCE_END) + 1
    before = masked[sent_start:pos]
    opened = max(before.rfind(q) for q in _OPEN_QUOTES)
    if opened >= 0 and not any(c in before[opened:] for c in _CLOSE_QUOTES):
        return True
    return before.count('"') % 2 == 1


def clause(masked: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the clause (between separators) that contains position ``pos``."""
    start = max(masked.rfind(s, 0, pos) for s in SEPARATORS) + 1
    ends = [i for i in (masked.find(s, pos) for s in SEPARATORS) if i >= 0]
    return start, (min(ends) if ends else len(masked))


def warned_against(masked: str, pos: int) -> bool:
    """True when the hit at ``pos`` is what a warning warns against: a warning verb at most
    :data:`WARNING_GAP` characters before it in its clause (谨防“稳赚不赔”), a warning noun after it
    in its clause (保本高收益的理财都是骗局), or the hit in quotation marks in a sentence that warns
    (“零风险、高收益”的理财是骗局). A warning elsewhere in the sentence does not silence a promise
    (远离诈骗，本基金零风险; 别再小心翼翼了，这款理财稳赚不赔)."""
    start, end = clause(masked, pos)
    if any(m.end() >= pos - WARNING_GAP for m in WARNING_VERBS.finditer(masked, start, pos)):
        return True
    if WARNING_NOUNS.search(masked, pos, end):
        return True
    return quoted(masked, pos) and bool(WARNING_WORDS.search(sentence(masked, pos)))


def reported(masked: str, pos: int) -> bool:
    """True when the hit at ``pos`` is reported, not claimed: it is what a warning warns against
    (:func:`warned_against`: 谨防“稳赚不赔”, “零风险、高收益”的理财是骗局), or its clause is a question
    (ending in ? or 吗) that the next words deny (理财能稳赚吗？答案是否定的; 无风险？不存在的), or it is
    asked about (理财产品是否保本？: :data:`QUESTION_WORDS` before it in its clause)."""
    if warned_against(masked, pos):
        return True
    if QUESTION_WORDS.search(masked, clause(masked, pos)[0], pos + 2):  # 会不会亏: the question word spans the hit
        return True
    q = masked.find("?", pos)
    if q < 0 or any(0 <= masked.find(s, pos, q) for s in ",;。!、"):
        return False
    return bool(_DENIAL.match(masked, q + 1))


# --------------------------------------------------------------------------- disclosures
_NUM = r"(\d+(?:\.\d+)?)"
#: A past-performance display: a period marker (近一年, 近7日, 过去一年, 成立以来...) or a bare
#: annualised return, then a percentage in the same sentence.
PERFORMANCE = re.compile(
    rf"(?:近[一二三六七1-9]\d*个?(?:日|天|周|月|年)|[七7]日年化|过去[一二三1-3]?个?(?:年|月)|今年以来|成立以来|上一?期|过往|历史"
    rf"|\d{{4}}年度|去年|前年|上个?月|上季度|(?<!保证)(?<!承诺)(?<!预期)年化(?:收益率?)?|收益率)(?:(?!回撤|波动|亏损)[^。;!?]){{0,12}}?(?<![×*\d.]){_NUM}%")
#: The warning a past-performance display needs: not representative of the future (wm and
#: fund) and, for wm (the 2023 CBA guideline), not the actual return.
PERF_WARNING_FUTURE = re.compile(r"(?:不代表|不预示|并不代表|并不预示)其?(?:未来|将来)(?:表现|业绩|收益)")
PERF_WARNING_ACTUAL = re.compile(r"不等于[^。]{0,8}实际收益")
PERF_WARNING = (PERF_WARNING_FUTURE, PERF_WARNING_ACTUAL)
DATE = re.compile(r"(?:\d{4}|\d{2})年\d{1,2}月\d{1,2}日|(?<=[至到~\-—–])\d{1,2}月\d{1,2}日|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
FULL_YEAR = re.compile(r"\d{4}年度")
#: A performance benchmark shown as a figure or a range (wm) ...
BENCHMARK = re.compile(rf"业绩(?:比较)?基准[^。;!?]{{0,8}}?{_NUM}%")
#: ... needs the reason for the benchmark and its calculation basis beside it (2021 理财公司
#: sales measures).
BENCHMARK_BASIS = re.compile(r"测算依据|选取依据|设定依据|选择原因|选取原因|测算方法|计算依据|(?:参考|基于|根据)[^。]{0,30}(?:测算|确定|设定)")

#: A stated range (0.02%-0.05%) gives both ends: each needs an APR that covers it.
_UPTO = rf"(?:\s*[-~至到]\s*{_NUM}%)?"
DAILY = re.compile(rf"(?:日利率|日息|日费率|日化利率|每日利率|每天利率|日利息)[^{_SEP}\d万]{{0,4}}{_NUM}%{_UPTO}")
DAILY_WAN = re.compile(rf"(?:日利率|日息|日费率|每日|每天|一天|日)[^{_SEP}\d]{{0,6}}万分之([0-9一二三四五六七八九十点.]+)")
#: A cost per 10,000 per day (借1万元每天仅需2元, 每万元每天2元): the daily rate X / 10,000.
#: The principal and the day may stand in two clauses (借1万元，每天利息1.5元).
_NOT_INTEREST = "(?!还款|月供|本息|本金|应还)"
PER_WAN_DAY = re.compile(rf"(?:1万[元块]?|一万[元块]?|10000元|万元)[^{_SEP}\d]{{0,3}}[,，]?(?:每天|每日|一天|日)(?:{_NOT_INTEREST}[^{_SEP}\d]){{0,6}}{_NUM}[元块]")
#: A cost per 10,000 per month (借一万一个月才30块): the monthly rate X / 10,000.
PER_WAN_MONTH = re.compile(rf"(?:1万[元块]?|一万[元块]?|10000元|万元)[^{_SEP}\d]{{0,3}}[,，]?(?:每个?月|[一1]个月|月)(?:{_NOT_INTEREST}[^{_SEP}\d]){{0,6}}{_NUM}[元块]")
MONTHLY = re.compile(rf"(?:月利率|月息|月费率|月化利率|每月利率)[^{_SEP}\d]{{0,4}}{_NUM}%{_UPTO}")
#: 月息5厘 (0.5% a month) and 月息1分 (1% a month).
MONTHLY_LI = re.compile(r"(?:月息|月利率)[^\d]{0,2}(\d+(?:\.\d+)?)\s*(厘|分)")
#: A flat per-period instalment fee on the original principal.
FLAT_FEE = re.compile(rf"(?:每期(?:手续费|服务费)率?|分期(?:手续费|服务费)率?|每月(?:手续费|服务费)率?|每期费率|分期费率"
                      rf"|(?:手续费|服务费)每期)[^{_SEP}\d]{{0,4}}{_NUM}%")
#: A flat fee in yuan per period on a stated principal (借1万元分12期，每期手续费60元): a flat fee too.
FLAT_FEE_YUAN = re.compile(rf"(\d+(?:\.\d+)?)(万)?元[^。;!?]{{0,16}}?(?:每期|每月|分期)手续费[^{_SEP}\d]{{0,3}}{_NUM}元")
PERIODS = re.compile(r"(\d+)\s*期")
#: In instalment copy (分期, N期) a monthly fee rate or service charge is a flat fee on the
#: original principal too (分12期，月费率0.6%).
INSTALMENT = re.compile(r"分期|\d+\s*期")
FLAT_FEE_MONTHLY = re.compile(rf"(?:月费率|月服务费率?|每月服务费率?|月手续费率?|每期)[^{_SEP}\d]{{0,4}}{_NUM}%")
APR = re.compile(rf"(?:年化(?:利率|综合(?:资金)?成本|费率|成本)?|APR)(?:\([^)\d]{{0,12}}\)|[^{_SEP}\d]){{0,8}}{_NUM}%(?:\s*[-~至到]\s*{_NUM}%)?")
#: Rate teasers: 低至, a rate 起 (3.6%起), 最低 (最低年化利率, 每天最低仅需), 利率最低.
TEASER = re.compile(rf"低至[^{_SEP}]{{0,6}}?(?:\d+(?:\.\d+)?%|万分之)|(?:每天|每日|一天)[^{_SEP}]{{0,4}}?低至|\d%起|万分之[0-9一二三四五六七八九十点.]+起"
                    rf"|(?:每天|每日)[^{_SEP}]{{0,6}}?\d+(?:\.\d+)?元起|最低(?:仅需|只需|只要|仅|年化|日利率|月利率|利率|费率|"
                    rf"手续费|日息|月息)|(?:利率|息|费率)最低|\d(?:厘|分)起|低到[^{_SEP}]{{0,4}}?\d+(?:\.\d+)?%|每天最低|每日最低")
#: The shortest instalment plan (2 periods) when the copy names none: the APR of a flat fee is
#: at its smallest there, so a stated APR below it is below the APR of any plan.
DEFAULT_PERIODS = 2
#: Rounding a stated APR may do (percentage points).
APR_TOLERANCE = 0.05
_CN_DIGITS = dict(zip("零一二三四五六七八九", "0123456789", strict=True)) | {"点": "."}


def _wan(s: str) -> float | None:
    """万分之X (X in Arabic or Chinese digits) as a percentage."""
    digits = "".join(_CN_DIGITS.get(ch, ch) for ch in s).rstrip(".")
    if digits == "十":
        digits = "10"
    try:
        return float(digits) / 100
    except ValueError:
        return None


def periodic_rates(text: str) -> list[float]:
    """Daily and monthly interest rates stated in a (normalised) text, annualised simply
    (360 x daily, 12 x monthly), in %: 日利率0.02%, 日息万分之二, 借1万元每天2元, 月利率0.5%,
    月息5厘. Flat instalment fees are :func:`flat_fees`."""
    out = [360 * float(x) for pair in DAILY.findall(text) for x in pair if x]
    out += [360 * v for x in DAILY_WAN.findall(text) if (v := _wan(x)) is not None]
    out += [360 * float(x) / 100 for x in PER_WAN_DAY.findall(text)]
    out += [12 * float(x) / 100 for x in PER_WAN_MONTH.findall(text)]
    out += [12 * float(x) for pair in MONTHLY.findall(text) for x in pair if x]
    out += [12 * float(x) * (0.1 if unit == "厘" else 1.0) for x, unit in MONTHLY_LI.findall(text)]
    return out


def flat_fees(text: str) -> list[tuple[float, int]]:
    """Flat per-period instalment fees stated in a (normalised) text: ``(fee in % of the
    original principal per period, periods)``, the periods being the fewest the copy names
    (``N期``, at least 2) or :data:`DEFAULT_PERIODS`."""
    found = {m.start(1): float(m.group(1)) for m in FLAT_FEE.finditer(text)}
    if INSTALMENT.search(text):
        found |= {m.start(1): float(m.group(1)) for m in FLAT_FEE_MONTHLY.finditer(text)}
    fees = list(found.values())
    fees += [100 * float(fee) / (float(p) * (10000 if wan else 1)) for p, wan, fee in FLAT_FEE_YUAN.findall(text)]
    named = [int(n) for n in PERIODS.findall(text) if int(n) >= 2]
    n = min(named) if named else DEFAULT_PERIODS
    return [(f, n) for f in fees]


def apr_values(text: str) -> list[float]:
    """Every APR figure stated (both ends of a range), in %."""
    return [float(x) for pair in APR.findall(text) for x in pair if x]
