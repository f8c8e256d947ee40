"""Minghu Bank's retail product shelf, with risk levels R1-R5 for investment products."""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.schema import Dataset, cols

PRODUCT_LINES = ["deposit", "wealth_management", "fund", "insurance", "credit_card", "consumer_loan", "mortgage"]

PRODUCTS = Dataset(
    "products",
    "Minghu Bank product shelf",
    "Retail products Minghu Bank sells or distributes. Investment products carry a risk "
    "level R1 (lowest) to R5; credit products have no risk level.",
    cols(
        ("product_id", "str", "", "Product identifier"),
        ("name_zh", "str", "", "Product name in Chinese"),
        ("name_en", "str", "", "Product name in English"),
        ("line", "str", "", "Product line: " + ", ".join(PRODUCT_LINES)),
        ("risk_level", "str", "", "Risk level R1-R5 (empty for credit products)"),
        ("min_amount", "float", "RMB", "Minimum purchase or deposit (0 for credit products)"),
        ("rate_pct", "float", "% per year", "Deposit rate, expected/benchmark yield, or loan/card APR"),
        ("fee_pct", "float", "% per year", "Annual fee income to the bank as a share of balance"),
        ("launch_date", "date", "", "Date the product was launched"),
        ("channels", "str", "", "Channels selling it, separated by '|': app, branch, rm, phone"),
    ),
)

SCHEMAS = [PRODUCTS]

_SHELF = [
    # id, zh, en, line, risk, min, rate, fee, launch, channels
    ("D01", "活期存款", "Demand deposit", "deposit", "R1", 0, 0.10, 0.0, "2008-03-01", "app|branch"),
    ("D02", "整存整取一年", "1-year time deposit", "deposit", "R1", 50, 1.45, 0.0, "2008-03-01", "app|branch"),
    ("D03", "大额存单三年", "3-year large certificate of deposit", "deposit", "R1", 200_000, 2.15, 0.0, "2016-06-01", "app|branch|rm"),
    ("W01", "明湖天天盈", "Minghu Daily cash management", "wealth_management", "R1", 1, 1.65, 0.30, "2019-05-01", "app|branch"),
    ("W02", "明湖稳健180天", "Minghu Steady 180-day", "wealth_management", "R2", 10_000, 2.60, 0.45, "2020-09-01", "app|branch|rm"),
    ("W03", "明湖安享一年", "Minghu Secure 1-year fixed income", "wealth_management", "R2", 10_000, 2.85, 0.50, "2021-03-01", "app|branch|rm"),
    ("W04", "明湖悦享混合", "Minghu Balanced mixed-asset", "wealth_management", "R3", 10_000, 3.60, 0.70, "2022-01-01", "app|branch|rm"),
    ("W05", "明湖进取权益", "Minghu Growth equity", "wealth_management", "R4", 50_000, 5.50, 1.00, "2023-04-01", "branch|rm"),
    ("W06", "明湖私享量化", "Minghu Private quantitative", "wealth_management", "R5", 1_000_000, 7.00, 1.50, "2024-02-01", "rm"),
    ("F01", "代销债券基金", "Bond fund (agency)", "fund", "R2", 1_000, 2.90, 0.40, "2018-07-01", "app|branch"),
    ("F02", "代销股票基金", "Equity fund (agency)", "fund", "R4", 1_000, 6.00, 0.80, "2018-07-01", "app|branch|rm"),
    ("I01", "定期寿险", "Term life insurance", "insurance", "R1", 1_000, 0.0, 8.00, "2017-01-01", "branch|rm|phone"),
    ("I02", "投资连结保险", "Investment-linked insurance", "insurance", "R4", 20_000, 4.50, 1.50, "2021-06-01", "branch|rm"),
    ("I03", "养老年金保险", "Pension annuity", "insurance", "R2", 10_000, 3.00, 1.20, "2020-01-01", "branch|rm"),
    ("I04", "百万医疗险", "Medical insurance", "insurance", "R1", 300, 0.0, 15.00, "2022-05-01", "app|phone"),
    ("C01", "明湖标准信用卡", "Minghu Classic credit card", "credit_card", "", 0, 18.25, 0.0, "2012-01-01", "app|branch|phone"),
    ("C02", "明湖青春卡", "Minghu Youth credit card", "credit_card", "", 0, 18.25, 0.0, "2023-09-01", "app"),
    ("C03", "明湖白金卡", "Minghu Platinum credit card", "credit_card", "", 0, 18.25, 0.0, "2015-01-01", "branch|rm"),
    ("L01", "明湖e贷", "Minghu e-Loan (consumer)", "consumer_loan", "", 0, 6.80, 0.0, "2022-03-01", "app"),
    ("L02", "汽车消费贷", "Car loan", "consumer_loan", "", 0, 4.60, 0.0, "2019-01-01", "branch|phone"),
    ("M01", "个人住房贷款", "Home mortgage", "mortgage", "", 0, 3.50, 0.0, "2008-03-01", "branch|rm"),
]


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """The shelf is a fixed design (no randomness); rng is accepted for a uniform interface."""
    df = pd.DataFrame(_SHELF, columns=PRODUCTS.column_names)
    df["min_amount"] = df["min_amount"].astype(float)
    return {"products": df}
