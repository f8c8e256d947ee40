"""Wrong answers written independently from the trainee release of 02_positioning/04_loan_pricing."""
LESSON = "02_positioning/04_loan_pricing"
MISTAKES = {
    'expected_loss': [
        ('PD = average of the yearly default rates instead of pooled defaults / pooled loans', '''def expected_loss(history):
    # Write the body: return a DataFrame indexed by grade with the columns pd, lgd and el.
    # Stuck? Run hint("expected_loss") in a new cell.
    # YOUR CODE HERE
    h = history.assign(dr=history["defaults"] / history["loans_start"])
    pd_ = h.groupby("grade")["dr"].mean()
    s = history.groupby("grade")[["ead", "recoveries"]].sum()
    lgd = 1 - s["recoveries"] / s["ead"]
    return pd.DataFrame({"pd": pd_, "lgd": lgd, "el": pd_ * lgd})


el_table = expected_loss(history)
el_table.round(4)'''),
        ('LGD = recoveries / EAD (the share recovered, not the share lost)', '''def expected_loss(history):
    # Write the body: return a DataFrame indexed by grade with the columns pd, lgd and el.
    # Stuck? Run hint("expected_loss") in a new cell.
    # YOUR CODE HERE
    s = history.groupby("grade")[["loans_start", "defaults", "ead", "recoveries"]].sum()
    pd_ = s["defaults"] / s["loans_start"]
    lgd = s["recoveries"] / s["ead"]
    return pd.DataFrame({"pd": pd_, "lgd": lgd, "el": pd_ * lgd})


el_table = expected_loss(history)
el_table.round(4)'''),
    ],
    'break_even_rate': [
        ('capital charge k x h (the FTP the capital saves not deducted)', '''def break_even_rate(ftp, pd_, lgd, opex, k, h):
    # Write the body: return the break-even rate (a fraction per year).
    # Stuck? Run hint("break_even_rate") in a new cell.
    # YOUR CODE HERE
    return ftp + pd_ * lgd + opex + k * h


if ready("expected_loss", "el_table", what="The table book"):
    book = grades.join(el_table)
    book["break_even"] = break_even_rate(FTP, book["pd"], book["lgd"], OPEX, K, H)
    display(book[["pd", "lgd", "el", "rate", "break_even"]].round(4))'''),
        ('brackets dropped: ftp + pd*lgd + opex + k*h - ftp (the FTP cancels out)', '''def break_even_rate(ftp, pd_, lgd, opex, k, h):
    # Write the body: return the break-even rate (a fraction per year).
    # Stuck? Run hint("break_even_rate") in a new cell.
    # YOUR CODE HERE
    return ftp + pd_ * lgd + opex + k * h - ftp


if ready("expected_loss", "el_table", what="The table book"):
    book = grades.join(el_table)
    book["break_even"] = break_even_rate(FTP, book["pd"], book["lgd"], OPEX, K, H)
    display(book[["pd", "lgd", "el", "rate", "break_even"]].round(4))'''),
    ],
    'raroc': [
        ('forgot to credit back the FTP saved on the capital (+ k x FTP)', '''def raroc(rate, ftp, pd_, lgd, opex, k):
    # Write the body: return the pre-tax RAROC (a fraction per year).
    # Stuck? Run hint("raroc") in a new cell.
    # YOUR CODE HERE
    return (rate - ftp - pd_ * lgd - opex) / k


if ready("break_even_rate", "book", what="The RAROC column"):
    book["raroc"] = raroc(book["rate"], FTP, book["pd"], book["lgd"], OPEX, K)
    destroyers = list(book.index[book["raroc"] < H])
    display(book[["rate", "break_even", "raroc"]].round(4))
    print(f"Grades below the hurdle rate of {H:.0%}: {', '.join(destroyers) or 'none'}.")'''),
        ('sign of the capital credit flipped: - k x FTP', '''def raroc(rate, ftp, pd_, lgd, opex, k):
    # Write the body: return the pre-tax RAROC (a fraction per year).
    # Stuck? Run hint("raroc") in a new cell.
    # YOUR CODE HERE
    return (rate - ftp - pd_ * lgd - opex - k * ftp) / k


if ready("break_even_rate", "book", what="The RAROC column"):
    book["raroc"] = raroc(book["rate"], FTP, book["pd"], book["lgd"], OPEX, K)
    destroyers = list(book.index[book["raroc"] < H])
    display(book[["rate", "break_even", "raroc"]].round(4))
    print(f"Grades below the hurdle rate of {H:.0%}: {', '.join(destroyers) or 'none'}.")'''),
    ],
    'reprice': [
        ('rounded to the NEAREST 5 bp instead of up', '''def reprice(rate, break_even):
    # Write the body: return the new rate, max(rate, break_even) rounded UP to 5 bp.
    # Stuck? Run hint("reprice") in a new cell.
    # YOUR CODE HERE
    return np.round(np.maximum(rate, break_even) * 2000) / 2000


if ready("break_even_rate", "book", what="The column new_rate"):
    book["new_rate"] = reprice(book["rate"], book["break_even"])
    display(book[["rate", "break_even", "new_rate"]].round(4))'''),
        ('plain ceiling in 5 bp steps without a floating-point guard (0.051000000000000004 -> 5.15%)', '''def reprice(rate, break_even):
    # Write the body: return the new rate, max(rate, break_even) rounded UP to 5 bp.
    # Stuck? Run hint("reprice") in a new cell.
    # YOUR CODE HERE
    return np.ceil(np.maximum(rate, break_even) * 2000) / 2000


if ready("break_even_rate", "book", what="The column new_rate"):
    book["new_rate"] = reprice(book["rate"], book["break_even"])
    display(book[["rate", "break_even", "new_rate"]].round(4))'''),
    ],
    'instalment_apr': [
        ("APR = 12 x the monthly flat fee (the advert's figure), effective rate compounded from the fee", '''def instalment_apr(principal, months, monthly_fee, upfront_fee=0.0):
    # Write the body: return {"instalment": ..., "apr": ..., "effective_rate": ...}.
    # Stuck? Run hint("instalment_apr") in a new cell.
    # YOUR CODE HERE
    instalment = principal / months + principal * monthly_fee
    apr = 12 * monthly_fee
    return {"instalment": float(instalment), "apr": float(apr), "effective_rate": float((1 + monthly_fee) ** 12 - 1)}


check_offer = instalment_apr(10_000, 12, 0.006)
check_offer'''),
        ('upfront fee ignored: the IRR solved on the full principal, not on principal - upfront fee', '''def instalment_apr(principal, months, monthly_fee, upfront_fee=0.0):
    # Write the body: return {"instalment": ..., "apr": ..., "effective_rate": ...}.
    # Stuck? Run hint("instalment_apr") in a new cell.
    # YOUR CODE HERE
    instalment = principal / months + principal * monthly_fee
    t = np.arange(1, months + 1)

    def npv(i):
        return principal - np.sum(instalment / (1 + i) ** t)

    i = brentq(npv, 0, 1)
    return {"instalment": float(instalment), "apr": float(12 * i), "effective_rate": float((1 + i) ** 12 - 1)}


check_offer = instalment_apr(10_000, 12, 0.006)
check_offer'''),
    ],
    'offer_table': [
        ('font rule non-strict: an APR in the SAME font size as the monthly rate counted as a breach (>=)', '''def offer_table(offers):
    # Write the body: return the table indexed by offer_id (instalment, apr, effective_rate, naive_rate, breach).
    # Stuck? Run hint("offer_table") in a new cell.
    # YOUR CODE HERE
    rows = []
    for _, o in offers.iterrows():
        fee = float(o["monthly_fee_pct"]) / 100
        r = instalment_apr(float(o["principal"]), int(o["months"]), fee, float(o["upfront_fee"]))
        shown = o["apr_shown_pct"]
        no_apr = pd.isna(shown)
        has_rate = o["periodic_rate_shown"] != "none"
        too_small = has_rate and float(o["rate_font_pt"]) >= float(o["apr_font_pt"])
        understated = (not no_apr) and float(shown) < 100 * float(r["apr"]) - 0.01
        breach = no_apr or too_small or understated
        rows.append({"offer_id": o["offer_id"], "instalment": float(r["instalment"]), "apr": float(r["apr"]),
                     "effective_rate": float(r["effective_rate"]), "naive_rate": 12 * fee, "breach": bool(breach)})
    return pd.DataFrame(rows).set_index("offer_id")


offers_checked = offer_table(offers)
offers_checked.round(4)'''),
        ('shown APR checked against the EFFECTIVE rate (1+i)^12-1 instead of the APR 12i', '''def offer_table(offers):
    # Write the body: return the table indexed by offer_id (instalment, apr, effective_rate, naive_rate, breach).
    # Stuck? Run hint("offer_table") in a new cell.
    # YOUR CODE HERE
    rows = []
    for _, o in offers.iterrows():
        fee = float(o["monthly_fee_pct"]) / 100
        r = instalment_apr(float(o["principal"]), int(o["months"]), fee, float(o["upfront_fee"]))
        shown = o["apr_shown_pct"]
        no_apr = pd.isna(shown)
        has_rate = o["periodic_rate_shown"] != "none"
        too_small = has_rate and float(o["rate_font_pt"]) > float(o["apr_font_pt"])
        understated = (not no_apr) and float(shown) < 100 * float(r["effective_rate"]) - 0.01
        breach = no_apr or too_small or understated
        rows.append({"offer_id": o["offer_id"], "instalment": float(r["instalment"]), "apr": float(r["apr"]),
                     "effective_rate": float(r["effective_rate"]), "naive_rate": 12 * fee, "breach": bool(breach)})
    return pd.DataFrame(rows).set_index("offer_id")


offers_checked = offer_table(offers)
offers_checked.round(4)'''),
    ],
}
