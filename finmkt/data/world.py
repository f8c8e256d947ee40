"""The city of Minghu (明湖市): districts, the adult population by band, and the
published market figures used for top-down sizing.

Planted truth: wealth-management (理财) penetration and mean balance for every
(age band, income band) cell; ``truth()`` returns them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data.schema import Dataset, cols

AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
AGE_BAND_EDGES = [18, 25, 35, 45, 55, 65, 200]
INCOME_BANDS = ["low", "middle", "high"]
#: personal annual income bounds of the income bands (RMB)
INCOME_BAND_EDGES = [0, 60_000, 150_000, np.inf]

# district, Chinese name, total population, income index, Minghu Bank branches, county?
_DISTRICTS = [
    ("Huxin", "湖心区", 720_000, 1.35, 14, False),
    ("Dongcheng", "东城区", 810_000, 1.10, 11, False),
    ("Xicheng", "西城区", 650_000, 1.00, 9, False),
    ("Nanhu", "南湖区", 560_000, 1.05, 7, False),
    ("Gaoxin", "高新区", 430_000, 1.40, 6, False),
    ("Beigang", "北港区", 520_000, 0.85, 4, False),
    ("Jiangbei", "江北县", 480_000, 0.70, 0, True),
    ("Linshan", "临山县", 390_000, 0.65, 0, True),
]

# Planted wealth-management behaviour (the truth the market-sizing lesson recovers).
WM_PENETRATION_BY_INCOME = {"low": 0.025, "middle": 0.085, "high": 0.25}
WM_PENETRATION_AGE_MULT = [0.40, 0.90, 1.10, 1.20, 1.25, 1.00]
WM_BALANCE_BY_INCOME = {"low": 45_000.0, "middle": 120_000.0, "high": 420_000.0}
WM_BALANCE_AGE_MULT = [0.35, 0.60, 0.90, 1.10, 1.30, 1.20]
WM_BALANCE_SIGMA = 0.9  # log-normal spread of balances within a cell
MOBILE_BANKING_BY_AGE = [0.95, 0.93, 0.88, 0.78, 0.62, 0.38]
BRANCH_VISIT_BY_AGE = [0.35, 0.40, 0.45, 0.55, 0.65, 0.75]
# Minghu Bank's own reach, in its licensed districts: the share of adults who are its
# customers (calibrated on the bank's customers by age band, spec.BANK_CUSTOMERS), and
# among its customers the share who used its app in the last 30 days or visited one of its
# branches in the last 12 months.
MINGHU_CUSTOMER_BY_AGE = [0.29, 0.21, 0.22, 0.21, 0.13, 0.16]
MINGHU_APP_BY_AGE = [0.95, 0.93, 0.85, 0.72, 0.52, 0.28]
MINGHU_BRANCH_BY_AGE = [0.30, 0.35, 0.50, 0.62, 0.78, 0.88]
#: A Minghu customer who holds WM keeps part of it at Minghu Bank: with this probability...
MINGHU_WM_HOLD_P = 0.8

DISTRICTS = Dataset(
    "districts",
    "Districts of Minghu city",
    "One row per district of the fictional city of Minghu (明湖市): population, "
    "households, income level and Minghu Bank's licence and branch network.",
    cols(
        ("district", "str", "", "District name (pinyin)"),
        ("district_zh", "str", "", "District name in Chinese"),
        ("population", "int", "persons", "Resident population, all ages (2025)"),
        ("adults", "int", "persons", "Residents aged 18 and over"),
        ("households", "int", "households", "Resident households"),
        ("income_index", "float", "ratio", "Mean personal income relative to the city (1.00 = city level)"),
        ("licensed", "bool", "", "Minghu Bank may market retail products here (its licensed area)"),
        ("bank_branches", "int", "branches", "Minghu Bank branches in the district"),
    ),
)

POPULATION = Dataset(
    "population",
    "Adult population by district and band",
    "Adults of Minghu by district, age band and personal income band (census-style "
    "counts; the base for market sizing). Income bands: low < ¥60,000, middle "
    "¥60,000-150,000, high ≥ ¥150,000 personal annual income.",
    cols(
        ("district", "str", "", "District name (pinyin), see districts"),
        ("age_band", "str", "years", "Age band: 18-24, 25-34, 35-44, 45-54, 55-64, 65+"),
        ("income_band", "str", "", "Personal annual income band: low, middle, high"),
        ("adults", "int", "persons", "Adults in the cell"),
    ),
)

SURVEY = Dataset(
    "survey",
    "Household finance survey",
    "A city-wide survey of adults about wealth-management (理财) holdings and channel use, "
    "including Minghu Bank's own channels. Stratified by age band (the same number of "
    "respondents per band), so a band with a small share of the city's adults (18-24) is "
    "over-represented and the larger bands slightly under-represented: `weight` is the "
    "design weight (adults represented by the respondent).",
    cols(
        ("respondent_id", "str", "", "Respondent identifier"),
        ("district", "str", "", "District of residence"),
        ("age_band", "str", "years", "Age band"),
        ("income_band", "str", "", "Personal annual income band"),
        ("weight", "float", "persons", "Design weight: adults in the population this respondent stands for"),
        ("holds_wm", "int", "0/1", "Holds any bank wealth-management product (理财) at any institution"),
        ("wm_balance", "float", "RMB", "Total wealth-management balance (0 when holds_wm = 0)"),
        ("uses_mobile_banking", "int", "0/1", "Used any bank's mobile app in the last 30 days"),
        ("visited_branch_12m", "int", "0/1", "Visited a bank branch in the last 12 months"),
        ("minghu_customer", "int", "0/1", "Banks with Minghu Bank (holds at least a deposit account there)"),
        ("uses_minghu_app", "int", "0/1", "Used Minghu Bank's mobile app in the last 30 days"),
        ("visited_minghu_branch_12m", "int", "0/1", "Visited a Minghu Bank branch in the last 12 months"),
        ("wm_balance_minghu", "float", "RMB", "Part of wm_balance held in Minghu Bank's wealth-management products"),
    ),
)

MARKET_FACTS = Dataset(
    "market_facts",
    "Published market figures and sizing assumptions",
    "National figures quoted from public sources (see the `source` column) and the "
    "course's sizing assumptions with a low/base/high range for sensitivity analysis.",
    cols(
        ("key", "str", "", "Identifier used in the lessons"),
        ("description", "str", "", "What the figure is"),
        ("base", "float", "see unit", "Base value"),
        ("low", "float", "see unit", "Low end of the plausible range (sensitivity)"),
        ("high", "float", "see unit", "High end of the plausible range (sensitivity)"),
        ("unit", "str", "", "Unit of base/low/high"),
        ("source", "str", "", "Where the figure comes from"),
    ),
)

SCHEMAS = [DISTRICTS, POPULATION, SURVEY, MARKET_FACTS]

SURVEY_PER_AGE_BAND = 2_000


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def wm_cell_truth() -> pd.DataFrame:
    """Planted WM penetration and mean balance per (age_band, income_band)."""
    rows = []
    for a, band in enumerate(AGE_BANDS):
        for inc in INCOME_BANDS:
            rows.append(
                {
                    "age_band": band,
                    "income_band": inc,
                    "penetration": WM_PENETRATION_BY_INCOME[inc] * WM_PENETRATION_AGE_MULT[a],
                    "mean_balance": WM_BALANCE_BY_INCOME[inc] * WM_BALANCE_AGE_MULT[a],
                    "mobile_banking": MOBILE_BANKING_BY_AGE[a],
                    "branch_visit": BRANCH_VISIT_BY_AGE[a],
                    "minghu_customer": MINGHU_CUSTOMER_BY_AGE[a],
                    "minghu_app": MINGHU_APP_BY_AGE[a],
                    "minghu_branch": MINGHU_BRANCH_BY_AGE[a],
                }
            )
    return pd.DataFrame(rows)


def generate_districts(rng: np.random.Generator) -> pd.DataFrame:
    d = pd.DataFrame(
        _DISTRICTS,
        columns=["district", "district_zh", "population", "income_index", "bank_branches", "county"],
    )
    adult_share = np.where(d["county"], 0.80, 0.84) + rng.normal(0, 0.01, len(d))
    d["adults"] = np.round(d["population"] * adult_share).astype(int)
    hh_size = np.where(d["county"], 2.9, 2.6) + rng.normal(0, 0.05, len(d))
    d["households"] = np.round(d["population"] / hh_size).astype(int)
    d["licensed"] = d["bank_branches"] > 0
    return d[DISTRICTS.column_names]


def generate_population(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """Multinomial split of each district's adults into age x income cells."""
    base_age = np.array([0.10, 0.19, 0.18, 0.19, 0.17, 0.17])
    frames = []
    for row in districts.itertuples(index=False):  # 8 districts: a loop over districts, not rows
        county = not row.licensed
        age_p = base_age * (np.array([0.8, 0.8, 0.95, 1.05, 1.2, 1.3]) if county else 1.0)
        age_p = age_p / age_p.sum()
        # income mix: richer districts and prime-age adults earn more
        age_effect = np.array([-1.2, 0.1, 0.45, 0.4, 0.0, -0.8])
        lvl = np.log(row.income_index)
        scores = np.stack(
            [np.zeros(6), 0.9 + 2.0 * lvl + 0.6 * age_effect, -0.9 + 3.0 * lvl + age_effect],
            axis=1,
        )
        inc_p = _softmax(scores)  # 6 x 3
        cell_p = (age_p[:, None] * inc_p).ravel()
        counts = rng.multinomial(row.adults, cell_p)
        frames.append(
            pd.DataFrame(
                {
                    "district": row.district,
                    "age_band": np.repeat(AGE_BANDS, 3),
                    "income_band": np.tile(INCOME_BANDS, 6),
                    "adults": counts,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[POPULATION.column_names]


def generate_survey(rng: np.random.Generator, population: pd.DataFrame) -> pd.DataFrame:
    """Stratified sample: SURVEY_PER_AGE_BAND respondents per age band, vectorised draws."""
    truth = wm_cell_truth().set_index(["age_band", "income_band"])
    frames = []
    for band in AGE_BANDS:
        cells = population[population["age_band"] == band].reset_index(drop=True)
        p = cells["adults"].to_numpy() / cells["adults"].sum()
        idx = rng.choice(len(cells), size=SURVEY_PER_AGE_BAND, p=p)
        s = cells.iloc[idx].reset_index(drop=True)[["district", "age_band", "income_band"]]
        s["weight"] = cells["adults"].sum() / SURVEY_PER_AGE_BAND
        frames.append(s)
    s = pd.concat(frames, ignore_index=True)
    t = truth.loc[pd.MultiIndex.from_frame(s[["age_band", "income_band"]])]
    holds = rng.random(len(s)) < t["penetration"].to_numpy()
    mu = np.log(t["mean_balance"].to_numpy()) - WM_BALANCE_SIGMA**2 / 2
    bal = np.exp(rng.normal(mu, WM_BALANCE_SIGMA))
    bal = np.maximum(np.round(bal / 100) * 100, 1_000)  # products start at ¥1,000
    s["holds_wm"] = holds.astype(int)
    s["wm_balance"] = np.where(holds, bal, 0.0)
    s["uses_mobile_banking"] = (rng.random(len(s)) < t["mobile_banking"].to_numpy()).astype(int)
    s["visited_branch_12m"] = (rng.random(len(s)) < t["branch_visit"].to_numpy()).astype(int)
    licensed = s["district"].isin(set(population_licensed(population))).to_numpy()
    cust = licensed & (rng.random(len(s)) < t["minghu_customer"].to_numpy())
    app = cust & (rng.random(len(s)) < t["minghu_app"].to_numpy())
    branch = cust & (rng.random(len(s)) < t["minghu_branch"].to_numpy())
    s["minghu_customer"] = cust.astype(int)
    s["uses_minghu_app"] = app.astype(int)
    s["visited_minghu_branch_12m"] = branch.astype(int)
    # the part of a customer's WM kept at Minghu: Beta-distributed with the planted mean
    at_minghu = cust & holds & (rng.random(len(s)) < MINGHU_WM_HOLD_P)
    part = rng.beta(2.0, 2.0 * (1 - minghu_wallet_share(population)) / minghu_wallet_share(population), len(s))
    s["wm_balance_minghu"] = np.where(at_minghu, np.round(s["wm_balance"] * part / 100) * 100, 0.0)
    s.insert(0, "respondent_id", [f"S{i:05d}" for i in range(1, len(s) + 1)])
    return s[SURVEY.column_names]


def generate_market_facts() -> pd.DataFrame:
    rows = [
        ("national_wm_balance", "Bank wealth-management products outstanding, China, end-2024",
         29.95e12, np.nan, np.nan, "RMB", "Wealth-management annual report 2024"),
        ("national_wm_investors", "Wealth-management investors, China, mid-2024",
         122e6, np.nan, np.nan, "persons", "Wealth-management annual report 2024"),
        ("credit_cards_in_issue", "Credit cards in issue, China, end-2024",
         727e6, np.nan, np.nan, "cards", "PBoC payment-system report 2024"),
        ("credit_cards_per_person", "Credit cards per person, China, end-2024",
         0.52, np.nan, np.nan, "cards/person", "PBoC payment-system report 2024"),
        ("wm_fee_rate", "Bank's blended annual fee income on WM balances it distributes",
         0.0045, 0.0035, 0.0060, "share of balance per year", "Course assumption"),
        ("penetration_factor", "Multiplier on estimated WM penetration (survey error, trend)",
         1.0, 0.85, 1.15, "multiplier", "Course assumption"),
        ("balance_factor", "Multiplier on estimated mean WM balance (market moves)",
         1.0, 0.80, 1.15, "multiplier", "Course assumption"),
        ("reach_factor", "Multiplier on the share of holders the bank can reach",
         1.0, 0.90, 1.05, "multiplier", "Course assumption"),
        ("share_factor", "Multiplier on the attainable market share",
         1.0, 0.70, 1.30, "multiplier", "Course assumption"),
    ]
    return pd.DataFrame(rows, columns=MARKET_FACTS.column_names)


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Generate the world tables (fixed size: they describe the city, not the bank's book)."""
    districts = generate_districts(rng)
    population = generate_population(rng, districts)
    survey = generate_survey(rng, population)
    return {
        "districts": districts,
        "population": population,
        "survey": survey,
        "market_facts": generate_market_facts(),
    }


def planted_wm(population: pd.DataFrame) -> pd.DataFrame:
    """The population rows with their planted WM ``holders`` and ``mean_balance`` per holder."""
    pop = population.merge(wm_cell_truth(), on=["age_band", "income_band"])
    return pop.assign(holders=pop["adults"] * pop["penetration"])


def city_wm_balance(population: pd.DataFrame) -> float:
    """The city's planted WM balance (RMB): holders x mean balance, summed over all rows."""
    pop = planted_wm(population)
    return float((pop["holders"] * pop["mean_balance"]).sum())


def population_licensed(population: pd.DataFrame) -> list[str]:
    """Districts of Minghu Bank's licensed area (the six urban districts)."""
    return [d[0] for d in _DISTRICTS if d[4] > 0]


def minghu_wallet_share(population: pd.DataFrame) -> float:
    """Mean share of a Minghu-holding customer's WM balance kept at Minghu Bank, planted so
    that the city's Minghu WM balances add up to the bank's (spec: share x city balance)."""
    from finmkt.data import spec

    pop = planted_wm(population)
    pop = pop[pop["district"].isin(population_licensed(population))]
    customers_wm = float((pop["holders"] * pop["mean_balance"] * pop["minghu_customer"]).sum())
    bank_wm = spec.MARKET_SHARE_2025["wealth_management"] * city_wm_balance(population)
    return bank_wm / (customers_wm * MINGHU_WM_HOLD_P)


def truth(frames: dict) -> dict:
    """Planted market truth: true WM holders, balances and fee pool of the city."""
    pop = planted_wm(frames["population"])
    facts = frames["market_facts"].set_index("key")["base"]
    holders = pop["holders"]
    revenue = holders * pop["mean_balance"] * facts["wm_fee_rate"]
    return {
        "wm_cells": wm_cell_truth().to_dict(orient="records"),
        "wm_holders": float(holders.sum()),
        "wm_tam_bottom_up": float(revenue.sum()),
    }
