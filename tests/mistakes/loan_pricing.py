"""Typical mistakes of lesson 02_positioning/04_loan_pricing (see the exercise registry)."""

LESSON = "02_positioning/04_loan_pricing"

MISTAKES = {
    # the recovery rate taken for the loss rate
    "expected_loss": [("lgd = 1 - sums[\"recoveries\"] / sums[\"ead\"]", "lgd = sums[\"recoveries\"] / sums[\"ead\"]")],
    # the capital charged at the full hurdle rate
    "break_even_rate": [("k * (h - ftp)", "k * h")],
    # no credit for the FTP the capital saves
    "raroc": [("return (rate - ftp - pd_ * lgd - opex + k * ftp) / k", "return (rate - ftp - pd_ * lgd - opex) / k")],
    # rounded to the nearest 5 bp instead of up
    "reprice": [("np.ceil(", "np.round(")],
    # the upfront fee left out of the amount received
    "instalment_apr": [("net = principal - upfront_fee", "net = principal")],
    # only a missing APR counts as a breach
    "offer_table": [("breach = no_apr | smaller | understated", "breach = no_apr")],
}
