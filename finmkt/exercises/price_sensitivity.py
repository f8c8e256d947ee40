"""Exercises of lesson 02_positioning/02_price_sensitivity (价格敏感度)."""

from finmkt.exercises import exercise

LESSON = "02_positioning/02_price_sensitivity"

exercise(
    "vw_valid", LESSON, "Cleaning the Van Westendorp answers (有效样本)",
    hints=[
        "A respondent counts only if the four answers are all there and tell a consistent story: "
        "too cheap < cheap < expensive < too expensive.",
        "Two conditions, combined with &: no answer is missing (`notna`), and each answer is strictly below "
        "the next one (three comparisons of neighbouring columns).",
        "Dropping the blanks is not enough: a respondent whose 'cheap' is above or equal to their 'expensive' "
        "read the questions the wrong way round. The result is one True/False per row, with the index of "
        "`answers`.",
    ],
    mistake="Dropping only the blank answers and keeping the respondents who answered out of order.",
    points=2,
)

exercise(
    "vw_curves", LESSON, "The four Van Westendorp curves (价格敏感度曲线)",
    hints=[
        "The grid is every distinct answer given in any of the four columns, sorted (`np.unique` of all the "
        "values). Each curve is a share of the respondents, one value per grid fee.",
        "For one column and one grid fee x, the share answering at or below x is the mean of (answer <= x); "
        "comparing a column of answers with the whole grid at once (broadcasting) gives the curve in one line.",
        "Too cheap and cheap are inverted: the share answering MORE than x, i.e. 1 minus the share at or "
        "below x; expensive and too expensive are the share at or below x. Then not cheap = 1 − cheap and "
        "not expensive = 1 − expensive.",
    ],
    mistake="Counting too cheap as the share answering at or below the fee (not inverted), so it rises "
            "with the fee instead of falling.",
    points=3,
)

exercise(
    "psm_points", LESSON, "PMC, OPP, IDP, PME and the acceptable range (可接受价格区间)",
    hints=[
        "Each point is where a rising curve meets a falling one: PMC not cheap vs too cheap, OPP too "
        "expensive vs too cheap, IDP expensive vs cheap, PME too expensive vs not expensive.",
        "In `crossing`, compute d = rising − falling on the grid and find k, the first index where d ≥ 0 "
        "(`np.argmax` of a boolean array gives the first True).",
        "The crossing lies between x[k−1] (where d was still negative) and x[k]: move from x[k−1] by the "
        "fraction of the way d climbs from d[k−1] to 0 over its climb from d[k−1] to d[k]. Handle k = 0 "
        "(return x[0]) and no crossing at all (NaN).",
    ],
    mistake="Interpolating on the wrong interval, between x[k] and x[k+1], so the returned fee is not where "
            "the two curves meet.",
    points=3,
)

exercise(
    "gg_demand", LESSON, "Gabor-Granger willingness to pay and demand (支付意愿与需求曲线)",
    hints=[
        "First each respondent's WTP: the highest tested price at which they said they would buy; someone "
        "who would buy at no price has WTP 0.",
        "`groupby('respondent_id')` on the rows with would_buy == 1 gives the highest accepted price, but "
        "only for respondents who accepted at least one price: put the others back with WTP 0 "
        "(`reindex` over every respondent id, `fill_value=0`).",
        "D(p) at each tested price is the mean over ALL respondents of (WTP >= p); return it as a Series "
        "indexed by the sorted tested prices.",
    ],
    mistake="Computing demand over the respondents who accept at least one price only, which drops the "
            "customers who refuse every fee and overstates demand.",
    points=3,
)

exercise(
    "revenue_max", LESSON, "The revenue-maximising price (收入最大化价格)",
    hints=[
        "The revenue index at each tested price is price × D(price): the fee income per surveyed customer.",
        "Sort by price first, so that the lowest price comes first whatever order the Series arrives in.",
        "`idxmax` returns the FIRST position of the maximum: on a price-sorted Series that is the lowest "
        "price among ties, which is the course's rule. Return both the price and its revenue index as floats.",
    ],
    mistake="Breaking a tie towards the highest price instead of the lowest.",
    points=2,
)

exercise(
    "tier_gain", LESSON, "Two tiers or one fee (分层定价)",
    hints=[
        "The one fee: `revenue_max(gg_demand(answers))`. Each tier: the same two functions on the rows of "
        "its own respondents (map `respondent_id` to its tier).",
        "A tier's weight is its share of the respondents (count respondents, not rows: each respondent has "
        "one row per tested price; `value_counts(normalize=True)` over the respondent ids does it).",
        "The tiers' revenue index is the sum over tiers of weight × that tier's best revenue index, not the "
        "plain average (a small tier must not count as much as a large one); gain = that / the one fee's "
        "revenue index − 1.",
    ],
    mistake="Averaging the tiers' revenue indices without weighting each by its share of the respondents.",
    points=3,
)
