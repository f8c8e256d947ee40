"""Exercises of lesson 05_customer_operations/01_customer_value: Customer value and loyalty (客户价值).

The notebook is ``solutions/05_customer_operations/01_customer_value.ipynb``; its data family is
``finmkt/data/customer_value.py`` (the purchase occasions are the days of ``transactions.csv``), its
reference methods ``finmkt/methods/customer_value.py`` and its given helpers (the BG/NBD search, the
survival of a customer alive, the Gamma-Gamma fit) ``finmkt/recipes/customer_value.py``.

The exercises, each with the decision it supports:

1. ``rfm_summary``: frequency, recency, T and mean spend at the calibration end, and the holdout's
   occasions. Decision: the value report counts repeat purchase days, not transactions.
2. ``bgnbd_loglik``: the BG/NBD log-likelihood, maximised by the lesson's given search. Decision: one
   model per CRM segment, not one for the bank.
3. ``prob_alive``: P(alive), the probability of still buying (the purchase relationship). Decision: the
   customers with P(alive) < 0.5, not every customer idle 90 days (tested out of sample: flags of the
   calibration end against buying in Q4); the lists are built at the cut-off 2025-12-31 with the customer
   file of the same date: not dormant (still logging in, holding assets) = an activation call (激活), by
   the RM for the affluent, the app for the mass tier; dormant = the win-back campaign (挽回); each list
   ordered by margin.
4. ``expected_purchases``: expected occasions in the holdout, checked by segment and AUM tier.
   Decision: the segment fits are good enough to plan next quarter's volumes.
5. ``expected_spend``: Gamma-Gamma expected spend per occasion. Decision: the customer-level volume
   forecast behind next quarter's sales targets (occasions x spend) uses the shrunk estimate: it cuts
   the mean error (most for short histories), not the median error.
6. ``customer_ltv``: the purchase-relationship value (交易关系价值) by module 03's LTV formula with the
   BG/NBD probability of still buying; compared, on the customers in both tables, with module 03's LTV
   of the account (a median of about 0.7 of it). Decision: cross-selling to the customers still buying
   follows this value, none for the segment worth next to nothing; activation (exercise 3) is a separate
   list ordered by margin, whose value is low by construction.
7. ``rm_book``: the customers a relationship manager's capacity (an assumption) covers. Out of sample
   (books filled at the calibration end, judged on Q4) the book by purchase-relationship value buys more
   than the book by AUM; the margin held is the cut-off's snapshot, which AUM decides. Decision: balances
   (book by AUM or margin) or sales (book by value) is the bank's choice of the managers' job, not a test
   result; private-banking customers go to the private-banking team.
"""

from finmkt.exercises import exercise

LESSON = "05_customer_operations/01_customer_value"

exercise(
    "rfm_summary", LESSON, "The customer summary (频次、近度、观察期内客龄、笔均金额) at the calibration end",
    hints=[
        "A purchase occasion is a DAY with transactions: first sum each customer's amounts per day (groupby customer "
        "and normalised date), then work on those daily rows.",
        "On the days up to the calibration end: frequency = days - 1 (the first day is the customer's birth, not a "
        "repeat), recency = last day - first day, T = calibration end - first day (in days), monetary_value = the "
        "mean day total of the repeat days (the first day left out; 0 when frequency is 0).",
        "frequency_holdout = the customer's days after the calibration end up to the observation end, "
        "monetary_value_holdout = their mean day total (0 without any). One row per customer seen by the calibration "
        "end, indexed by customer_id, sorted; floats.",
    ],
    mistake="Counting each transaction as an occasion: two transactions on one day become a repeat purchase, and "
            "frequency and the mean spend per occasion come out wrong.",
    points=2,
)

exercise(
    "bgnbd_loglik", LESSON, "The BG/NBD log-likelihood (BG/NBD 模型似然函数)",
    hints=[
        "Per customer: ln L = ln A1 + ln(A2 + [x > 0] A3) with A1 = Γ(r + x) α^r / Γ(r), A2 = B(a, b + x) / B(a, b) "
        "/ (α + T)^(r + x), A3 = B(a + 1, b + x - 1) / B(a, b) / (α + t_x)^(r + x).",
        "Work in logs: scipy.special.gammaln and betaln, and np.logaddexp(ln A2, ln A3) for the log of the sum. For a "
        "customer with x = 0 the A3 term is absent (use -np.inf in logaddexp).",
        "B(a + 1, b + x - 1) is undefined for x = 0 when b < 1: compute it on max(x, 1) and mask it with np.where(x > "
        "0, ..., -np.inf). params is a dict with the keys r, alpha, a, b; return one value per customer.",
    ],
    mistake="Keeping the A3 term for the customers without a repeat purchase (x = 0): they never had a purchase after "
            "which to drop out, so their likelihood is too high.",
    points=2,
)

exercise(
    "prob_alive", LESSON, "The probability a customer is still buying (交易活跃概率, P(alive))",
    hints=[
        "P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x - 1) · ((α + T) / (α + t_x))^(r + x)).",
        "A customer without a repeat purchase (x = 0) is alive with probability 1 in the BG/NBD (a convention): "
        "drop-out happens only after a purchase.",
        "Compute the power in logs ((r + x) · (ln(α + T) - ln(α + t_x))) to avoid overflow for frequent customers, "
        "and return a float array, one value per customer.",
    ],
    mistake="Swapping recency and T in the ratio ((α + t_x)/(α + T)): the customers who stopped long ago look the "
            "most alive.",
    points=2,
)

exercise(
    "expected_purchases", LESSON, "Expected purchase occasions in the holdout (预测复购次数)",
    hints=[
        "E[Y(t) | x, t_x, T] = (a + b + x - 1)/(a - 1) · [1 - ((α + T)/(α + T + t))^(r + x) · 2F1(r + x, b + x; "
        "a + b + x - 1; t/(α + T + t))] · P(alive).",
        "2F1 is scipy.special.hyp2f1; P(alive) is the formula of exercise 3 (write it again inside this function, so "
        "this exercise stands on its own).",
        "t is the length of the holdout in days (92: 2025-10-01 to 2025-12-31); return one value per customer.",
    ],
    mistake="Leaving out the factor P(alive): every customer is forecast as if certainly still active, and the "
            "customers who have gone are expected to come back.",
    points=2,
)

exercise(
    "expected_spend", LESSON, "Gamma-Gamma expected spend per occasion (预测客单价)",
    hints=[
        "E[spend per occasion | x, m̄] = p (v + x m̄) / (p x + q - 1): a weighted average of the segment's mean "
        "p v / (q - 1) and the customer's own mean m̄, the weight on m̄ growing with x.",
        "For a customer with x = 0 the formula gives the segment's mean p v / (q - 1): it needs no special case.",
        "params is a dict with the keys p, q, v; return one value per customer (a float array).",
    ],
    mistake="Forecasting each customer's spend by his or her own mean m̄: a customer with one repeat day of a large "
            "amount is forecast at that amount for ever.",
    points=2,
)

exercise(
    "customer_ltv", LESSON, "The purchase-relationship value (交易关系价值) by module 03's LTV formula",
    hints=[
        "This is module 03's one LTV formula, per customer: LTV = Σ_{t=1..T} m · S(t) / (1 + i)^t, with S(t) the "
        "customer's probability of still buying t months after the cut-off (a row of surv) and m his or her monthly "
        "margin.",
        "surv has one row per customer and one column per month t = 1, ..., T: the first column is month 1, "
        "discounted once. Month 0 earns nothing in the course's convention.",
        "Vectorise: discount = (1 + i) ** -np.arange(1, T + 1); LTV = margin * (surv @ discount). Return a float "
        "array, one value per customer.",
    ],
    mistake="Discounting from t = 0 (the first month undiscounted), module 03's typical mistake: every value is too "
            "high by a month's discount.",
    points=2,
)

exercise(
    "rm_book", LESSON, "The customers a relationship manager's capacity covers (客户经理名单)",
    hints=[
        "Rank the customers by the column `by`, the highest first, and keep the first `capacity` of them.",
        "Ties are broken by customer id (ascending): sort by id first, then by the column with a stable sort "
        "(sort_values(by, ascending=False, kind=\"stable\")).",
        "Return the list of customer ids (str), the highest first; with fewer customers than the capacity, all of "
        "them.",
    ],
    mistake="Sorting in pandas' default ascending order: the book gets the customers worth the least.",
    points=2,
)
