"""Exercises of lesson 05_customer_operations/02_satisfaction_drivers: Satisfaction and NPS drivers (客户满意度).

The notebook is ``solutions/05_customer_operations/02_satisfaction_drivers.ipynb``; its data family is
``finmkt/data/satisfaction.py`` and its reference methods ``finmkt/methods/satisfaction_drivers.py``.

The exercises (each with the decision it supports):

1. ``nps_interval``: NPS of the respondents with its Wald interval. Decision: the board is told the
   NPS with its interval; a 2-point move between two waves is not news.
2. ``response_rates``: response by age band x invitation channel, and each cell's weight. Decision:
   the next wave invites more of the cells that answer least (young app users), not more phone
   interviews of the older customers.
3. ``weighted_nps``: the NPS weighted by invited / respondents per cell, SE on Kish's effective n.
   Decision: the bank reports the weighted NPS (the raw one overstates by about 4 points).
4. ``nps_by_group``: NPS by age band and district with intervals, flagged when the whole interval is
   below the bank's. Decision: the programme targets the under-35s as one group (the pooled row is
   wholly below; by band only 25-34 is, the 18-24s are too few to say alone); no district stands out.
5. ``key_drivers``: raw OLS coefficients on the complete cases. Decision (provisional): on
   coefficients alone, branch waiting looks like the last lever.
6. ``relative_importance``: Shapley (LMG) shares of R^2, read with the coefficients' bootstrap
   intervals. Decision: the budget follows the payoff per rating point (app and RM first, fees next);
   branch waiting's 15% share is borrowed from the RM (correlation 0.65), its payoff a third of the
   RM's: at the branch, the lever is its RMs, not its queue.
7. ``comment_themes``: jieba with the theme lexicon in its dictionary (whole words, not substrings).
   Decision: the comment agenda is set by criticism, not mentions (fees first, the detractors' top
   criticism); Huxin's waiting criticism is within the noise of the rest and lesson 3's understaffing
   complaints do not single it out: its lower wait rating is checked with its queue data, not funded
   as an NPS lever.
8. ``recovery_check``: each respondent's latest complaint of the 12 months before the invitation
   (in practice 2025's, where the log starts), judged with lesson 3's rules (not upheld or late =
   bad). Decision: the survey is too small to test the service-recovery paradox (good - none
   interval spans 0); the bad group, 12 of 13 decided in time but not upheld, is far below: the bank
   invests in explaining its decisions and keeps deciding in time.
"""

from finmkt.exercises import exercise

LESSON = "05_customer_operations/02_satisfaction_drivers"

exercise(
    "nps_interval", LESSON, "NPS (净推荐值) with its 95% interval",
    hints=[
        "Promoters answer 9-10, passives 7-8, detractors 0-6. NPS = 100 x (share of promoters - share of detractors).",
        "NPS is the mean of a score +1 / 0 / -1, so the variance per answer is p_P + p_D - (p_P - p_D)^2; "
        "SE = 100 x sqrt(that / n).",
        "Drop the missing scores first; return {'nps': ..., 'se': ..., 'low': nps - z*se, 'high': nps + z*se, 'n': ...}.",
    ],
    mistake="Adding the variances of two separate proportions, p_P(1-p_P) + p_D(1-p_D): it leaves out the covariance "
            "of promoters and detractors (the same answers) and makes the interval too narrow.",
    points=2,
)

exercise(
    "response_rates", LESSON, "Response rates (应答率) and weights by age band x invitation channel",
    hints=[
        "groupby(cells)['responded']: size() is the number invited, sum() the respondents.",
        "rate = respondents / invited. The weight is the number of invited customers each respondent stands for: "
        "invited / respondents, the INVERSE of the rate.",
        "A cell with no respondents has no weight: use respondents.where(respondents > 0) in the division (NaN).",
    ],
    mistake="Weighting each respondent by the response rate of the cell instead of its inverse: the cells that answer "
            "most get the largest weights and the bias grows instead of shrinking.",
    points=2,
)

exercise(
    "weighted_nps", LESSON, "The weighted NPS (加权净推荐值) and Kish's effective sample size",
    hints=[
        "Normalise the weights to sum to 1; the weighted share of promoters is the sum of the weights of the scores >= 9.",
        "Kish's effective sample size: n_eff = (sum w)^2 / sum w^2 (= 1 / sum w^2 once the weights sum to 1).",
        "SE = 100 x sqrt((p_P + p_D - (p_P - p_D)^2) / n_eff) with the weighted shares; return nps, se, low, high, n_eff.",
    ],
    mistake="Using the number of answers n in the SE instead of Kish's n_eff: unequal weights cost precision, and the "
            "interval comes out too narrow.",
    points=2,
)

exercise(
    "nps_by_group", LESSON, "NPS by group with intervals: whom a service programme targets",
    hints=[
        "Call estimate(scores, weights) on all the answers (the bank's NPS) and on each group's answers (sorted labels).",
        "Keep nps, low, high from each group's dict, n = the group's number of answers.",
        "below = the group's HIGH is under the bank's NPS: the whole interval lies below, not only the point estimate.",
    ],
    mistake="Flagging the groups whose point estimate is below the bank's NPS: groups within the noise of the bank's "
            "number are targeted.",
    points=2,
)

exercise(
    "key_drivers", LESSON, "Key drivers (关键驱动因素): raw regression coefficients",
    hints=[
        "Keep the rows where the outcome and every driver are present: responses[[outcome, *drivers]].dropna().",
        "Design matrix: a column of ones (the intercept) and the drivers; np.linalg.lstsq(X, y, rcond=None)[0].",
        "Return the coefficients of the drivers (not the intercept) as a Series indexed by the drivers.",
    ],
    mistake="Leaving out the intercept: the regression is forced through 0 and every coefficient absorbs part of the "
            "mean score.",
    points=2,
)

exercise(
    "relative_importance", LESSON, "Relative importance (相对重要性): Shapley / LMG shares of R^2",
    hints=[
        "Fit R^2 (with an intercept) for every subset of the drivers on the complete cases: combinations(drivers, k) "
        "for k = 0..p, R^2 of the empty set = 0.",
        "phi_j = sum over the subsets S without j of |S|! (p-|S|-1)! / p! x (R^2(S + j) - R^2(S)): the share of the orders "
        "of entry in which exactly S comes before j.",
        "The phi_j add up to the full model's R^2 (a check); share = phi_j / sum; sort from the largest share.",
    ],
    mistake="Giving every subset the same weight (1 / 2^(p-1), the Banzhaf value) instead of the share of the orders: "
            "the contributions no longer add up to R^2.",
    points=3,
)

exercise(
    "comment_themes", LESSON, "Themes of the comments (开放题主题) with jieba and a custom dictionary",
    hints=[
        "jieba.lcut(text) cuts a Chinese text into words; jieba.add_word(word) adds a word to its dictionary.",
        "Add every keyword of the lexicon before cutting: otherwise 手机银行 comes out as 手机 / 银行 and is not found.",
        "A comment mentions a theme when one of its WORDS (jieba.lcut, accurate mode) is a keyword of the theme, not when a "
        "keyword is a substring of the text: 窗口期 is not 窗口. A dict keyword -> themes helps. "
        "Return 0/1 ints, one column per theme in the lexicon's order, the comments' index.",
    ],
    mistake="Cutting with jieba's general dictionary only (keywords not added): multi-character terms such as 手机银行 are "
            "split and the app theme is undercounted.",
    points=3,
)

exercise(
    "recovery_check", LESSON, "Service recovery (服务补救): complaints judged with lesson 3's rules",
    hints=[
        "Merge the complaints with the respondents on customer_id; keep the complaints received on a day from "
        "invited_on - 365 days to the day BEFORE invited_on (the survey asked only about those).",
        "Per respondent take the latest of them (sort by received_at, groupby, tail(1)). Decided = resolved on a day "
        "before the invitation; days = (resolution day, or the invitation day if not decided) - receipt day.",
        "bad = days > extended_to_days, or decided and not_upheld; good = decided (in time) and upheld or partly upheld; "
        "pending = not decided, within the deadline; everyone else none.",
    ],
    mistake="Taking every complaint of the year, including those received after the invitation: the customers found "
            "are not those the survey asked about complaint handling.",
    points=3,
)
