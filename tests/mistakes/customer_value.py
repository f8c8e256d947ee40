"""Typical mistakes of lesson 05_customer_operations/01_customer_value (see the exercise registry)."""

LESSON = "05_customer_operations/01_customer_value"

MISTAKES = {
    # each transaction an occasion: same-day transactions count as repeats
    "rfm_summary": [('.groupby(["customer_id", "day"], as_index=False)["amount"].sum())',
                     '.sort_values(["customer_id", "day"], kind="stable"))')],
    # the A3 term kept for the customers without a repeat purchase
    "bgnbd_loglik": [("ln_a3 = np.where(x > 0, ln_a3, -np.inf)", "ln_a3 = ln_a3")],
    # recency and T swapped in the ratio
    "prob_alive": [("(r + x) * (np.log(alpha + T) - np.log(alpha + tx))",
                    "(r + x) * (np.log(alpha + tx) - np.log(alpha + T))")],
    # P(alive) left out
    "expected_purchases": [("return ahead * alive", "return ahead")],
    # the customer's own mean spend
    "expected_spend": [("return p * (v + x * m) / (p * x + q - 1)", "return np.where(x > 0, m, p * v / (q - 1))")],
    # discounted from t = 0
    "customer_ltv": [("t = np.arange(1, surv.shape[1] + 1)", "t = np.arange(0, surv.shape[1])")],
    # pandas' default ascending order
    "rm_book": [('ranked = table.sort_index().sort_values(by, ascending=False, kind="stable")',
                 'ranked = table.sort_index().sort_values(by, kind="stable")')],
}
