"""Typical mistakes of lesson 03_channels/01_channel_economics (see the exercise registry)."""

LESSON = "03_channels/01_channel_economics"

MISTAKES = {
    # the coupons left out of the CAC
    "channel_cac": [('out["spend"] = out["media_spend"] + out["incentive_spend"]', 'out["spend"] = out["media_spend"]')],
    # the series started at t = 0 (a margin on the day of acquisition, the last month dropped)
    "channel_ltv": [("ltv = m * q * (1 - q**horizon) / (1 - q)", "ltv = m * (1 - q**horizon) / (1 - q)")],
    # payback with the LTV instead of the monthly margin
    "unit_economics": [('out["payback_months"] = out["cac"] / ltv_table["margin"]',
                        'out["payback_months"] = out["cac"] / out["ltv"]')],
    # the curve fitted on the media spend alone
    "response_curve": [('s = g["media_spend"] + g["incentive_spend"]', 's = g["media_spend"]')],
    # marginal = average CAC
    "marginal_cac": [('out["marginal_cac"] = 1 / (a * b * s ** (b - 1))', 'out["marginal_cac"] = s / new')],
    # equal average instead of marginal value per yuan
    "reallocate": [("weight = v * a * b", "weight = v * a")],
}
