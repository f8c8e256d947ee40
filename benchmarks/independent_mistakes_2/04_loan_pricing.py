"""Wrong answers written independently from the trainee release of 04_loan_pricing."""
LESSON = "02_positioning/04_loan_pricing"
MISTAKES = {
    "expected_loss": [
        ("PD = the mean of the yearly default rates (not pooled: each year weighs the same whatever its loans)", '''def expected_loss(history):
    # Write the body: return a DataFrame indexed by grade with the columns pd, lgd and el.
    # Stuck? Run hint("expected_loss") in a new cell.
    # YOUR CODE HERE
    h = history.assign(dr=history["defaults"] / history["loans_start"])
    out = pd.DataFrame({"pd": h.groupby("grade")["dr"].mean()})
    sums = history.groupby("grade")[["ead", "recoveries"]].sum()
    out["lgd"] = 1 - sums["recoveries"] / sums["ead"]
    out["el"] = out["pd"] * out["lgd"]
    return out


el_table = expected_loss(history)
el_table.round(4)
'''),
        ("PD by amount: exposure at default / exposure on 1 January (wrong base), instead of defaults / loans", '''def expected_loss(history):
    # Write the body: return a DataFrame indexed by grade with the columns pd, lgd and el.
    # Stuck? Run hint("expected_loss") in a new cell.
    # YOUR CODE HERE
    sums = history.groupby("grade")[["exposure_start", "ead", "recoveries"]].sum()
    out = pd.DataFrame(index=sums.index)
    out["pd"] = sums["ead"] / sums["exposure_start"]
    out["lgd"] = 1 - sums["recoveries"] / sums["ead"]
    out["el"] = out["pd"] * out["lgd"]
    return out


el_table = expected_loss(history)
el_table.round(4)
'''),
    ],
    "break_even_rate": [
        ("capital charge k x h (forgets that the capital saves the FTP on the part it funds)", '''def break_even_rate(ftp, pd_, lgd, opex, k, h):
    # Write the body: return the break-even rate (a fraction per year).
    # Stuck? Run hint("break_even_rate") in a new cell.
    # YOUR CODE HERE
    return ftp + pd_ * lgd + opex + k * h


if ready("expected_loss", "el_table", what="The table book"):
    book = grades.join(el_table)
    book["break_even"] = break_even_rate(FTP, book["pd"], book["lgd"], OPEX, K, H)
    display(book[["pd", "lgd", "el", "rate", "break_even"]].round(4))
'''),
        ("grosses the whole rate up by 1/(1 - PD) (defaulted loans pay no interest), on top of the expected loss", '''def break_even_rate(ftp, pd_, lgd, opex, k, h):
    # Write the body: return the break-even rate (a fraction per year).
    # Stuck? Run hint("break_even_rate") in a new cell.
    # YOUR CODE HERE
    return (ftp + pd_ * lgd + opex + k * (h - ftp)) / (1 - pd_)


if ready("expected_loss", "el_table", what="The table book"):
    book = grades.join(el_table)
    book["break_even"] = break_even_rate(FTP, book["pd"], book["lgd"], OPEX, K, H)
    display(book[["pd", "lgd", "el", "rate", "break_even"]].round(4))
'''),
    ],
    "raroc": [
        ("forgets to credit back the FTP saved on the capital (+ k x FTP missing)", '''def raroc(rate, ftp, pd_, lgd, opex, k):
    # Write the body: return the pre-tax RAROC (a fraction per year).
    # Stuck? Run hint("raroc") in a new cell.
    # YOUR CODE HERE
    return (rate - ftp - pd_ * lgd - opex) / k


if ready("break_even_rate", "book", what="The RAROC column"):
    book["raroc"] = raroc(book["rate"], FTP, book["pd"], book["lgd"], OPEX, K)
    destroyers = list(book.index[book["raroc"] < H])
    display(book[["rate", "break_even", "raroc"]].round(4))
    print(f"Grades below the hurdle rate of {H:.0%}: {', '.join(destroyers) or 'none'}.")
'''),
        ("divides by the exposure instead of the capital: return on the loan (no / k), i.e. a margin, not a return on capital", '''def raroc(rate, ftp, pd_, lgd, opex, k):
    # Write the body: return the pre-tax RAROC (a fraction per year).
    # Stuck? Run hint("raroc") in a new cell.
    # YOUR CODE HERE
    return rate - ftp - pd_ * lgd - opex + k * ftp


if ready("break_even_rate", "book", what="The RAROC column"):
    book["raroc"] = raroc(book["rate"], FTP, book["pd"], book["lgd"], OPEX, K)
    destroyers = list(book.index[book["raroc"] < H])
    display(book[["rate", "break_even", "raroc"]].round(4))
    print(f"Grades below the hurdle rate of {H:.0%}: {', '.join(destroyers) or 'none'}.")
'''),
    ],
    "reprice": [
        ("rounds to the NEAREST 5 bp instead of up", '''def reprice(rate, break_even):
    # Write the body: return the new rate, max(rate, break_even) rounded UP to 5 bp.
    # Stuck? Run hint("reprice") in a new cell.
    # YOUR CODE HERE
    return np.round(np.maximum(rate, break_even) * 2000) / 2000


if ready("break_even_rate", "book", what="The column new_rate"):
    book["new_rate"] = reprice(book["rate"], book["break_even"])
    display(book[["rate", "break_even", "new_rate"]].round(4))
'''),
        ("plain np.ceil in 5 bp steps without guarding against floating point: a rate already on the grid (0.051000000000000004) moves up a step", '''def reprice(rate, break_even):
    # Write the body: return the new rate, max(rate, break_even) rounded UP to 5 bp.
    # Stuck? Run hint("reprice") in a new cell.
    # YOUR CODE HERE
    return np.ceil(np.maximum(rate, break_even) / 0.0005) * 0.0005


if ready("break_even_rate", "book", what="The column new_rate"):
    book["new_rate"] = reprice(book["rate"], book["break_even"])
    display(book[["rate", "break_even", "new_rate"]].round(4))
'''),
    ],
    "instalment_apr": [
        ("APR reported as the compounded effective rate (1+i)^12 - 1 instead of 12 i", '''def instalment_apr(principal, months, monthly_fee, upfront_fee=0.0):
    # Write the body: return {"instalment": ..., "apr": ..., "effective_rate": ...}.
    # Stuck? Run hint("instalment_apr") in a new cell.
    # YOUR CODE HERE
    A = principal / months + principal * monthly_fee
    t = np.arange(1, months + 1)

    def gap(i):
        return (A / (1 + i) ** t).sum() - (principal - upfront_fee)

    i = 0.0 if abs(gap(0.0)) < 1e-9 else brentq(gap, 1e-12, 1.0)
    eff = (1 + i) ** 12 - 1
    return {"instalment": float(A), "apr": float(eff), "effective_rate": float(eff)}


check_offer = instalment_apr(10_000, 12, 0.006)
check_offer
'''),
        ("forgets the upfront fee: discounts the instalments against the full principal, not the amount received", '''def instalment_apr(principal, months, monthly_fee, upfront_fee=0.0):
    # Write the body: return {"instalment": ..., "apr": ..., "effective_rate": ...}.
    # Stuck? Run hint("instalment_apr") in a new cell.
    # YOUR CODE HERE
    A = principal / months + principal * monthly_fee
    t = np.arange(1, months + 1)

    def gap(i):
        return (A / (1 + i) ** t).sum() - principal

    i = 0.0 if abs(gap(0.0)) < 1e-9 else brentq(gap, 1e-12, 1.0)
    return {"instalment": float(A), "apr": float(12 * i), "effective_rate": float((1 + i) ** 12 - 1)}


check_offer = instalment_apr(10_000, 12, 0.006)
check_offer
'''),
    ],
    "offer_table": [
        ("font rule non-strict: an APR in the SAME font size as the periodic rate is flagged (<= instead of <)", '''def offer_table(offers):
    # Write the body: return the table indexed by offer_id (instalment, apr, effective_rate, naive_rate, breach).
    # Stuck? Run hint("offer_table") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for _, o in offers.iterrows():
        r = instalment_apr(float(o["principal"]), int(o["months"]), float(o["monthly_fee_pct"]) / 100,
                           float(o["upfront_fee"]))
        shown = o["apr_shown_pct"]
        no_apr = pd.isna(shown)
        small = (o["periodic_rate_shown"] != "none") and (o["apr_font_pt"] <= o["rate_font_pt"])
        under = (not no_apr) and (shown < 100 * r["apr"] - 0.01)
        rows[o["offer_id"]] = {"instalment": r["instalment"], "apr": r["apr"], "effective_rate": r["effective_rate"],
                               "naive_rate": 12 * float(o["monthly_fee_pct"]) / 100,
                               "breach": bool(no_apr or small or under)}
    out = pd.DataFrame(rows).T
    out.index.name = "offer_id"
    return out.astype({"instalment": float, "apr": float, "effective_rate": float, "naive_rate": float, "breach": bool})


offers_checked = offer_table(offers)
offers_checked.round(4)
'''),
        ("forgets the upfront fee column: computes every offer's true APR without its upfront fee", '''def offer_table(offers):
    # Write the body: return the table indexed by offer_id (instalment, apr, effective_rate, naive_rate, breach).
    # Stuck? Run hint("offer_table") in a new cell.
    # YOUR CODE HERE
    rows = {}
    for _, o in offers.iterrows():
        r = instalment_apr(float(o["principal"]), int(o["months"]), float(o["monthly_fee_pct"]) / 100)
        shown = o["apr_shown_pct"]
        no_apr = pd.isna(shown)
        small = (o["periodic_rate_shown"] != "none") and (o["apr_font_pt"] < o["rate_font_pt"])
        under = (not no_apr) and (shown < 100 * r["apr"] - 0.01)
        rows[o["offer_id"]] = {"instalment": r["instalment"], "apr": r["apr"], "effective_rate": r["effective_rate"],
                               "naive_rate": 12 * float(o["monthly_fee_pct"]) / 100,
                               "breach": bool(no_apr or small or under)}
    out = pd.DataFrame(rows).T
    out.index.name = "offer_id"
    return out.astype({"instalment": float, "apr": float, "effective_rate": float, "naive_rate": float, "breach": bool})


offers_checked = offer_table(offers)
offers_checked.round(4)
'''),
    ],
}
