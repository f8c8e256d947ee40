"""Suitability audit (lesson 04_compliance/02_suitability_audit): every sale's flags.

COURSE.md's convention: a sale is **unsuitable** when the product's risk level R is above the
customer's level C valid at the sale, or when no unexpired assessment precedes the purchase;
customers aged :data:`ELDERLY_AGE` and over sold a product of level :data:`HIGH_RISK_MIN` or
above are flagged apart. The level valid at the sale is that of the latest assessment
completed strictly before the sale (to the minute); it has expired when it is more than
:data:`VALIDITY_DAYS` days older than the sale. Age at the sale = age at the cut-off −
(days from the sale day to the cut-off) / 365.25.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: An assessment is valid for this many days.
VALIDITY_DAYS = 365
#: Extra care from this age (years).
ELDERLY_AGE = 65
#: "High risk" for the elderly flag: R4-R5.
HIGH_RISK_MIN = 4

_MIN = 1440  # minutes per day


def sale_flags(sales: pd.DataFrame, assessments: pd.DataFrame, products: pd.DataFrame, customers: pd.DataFrame,
               as_of, *, validity_days: int = VALIDITY_DAYS, elderly_age: int = ELDERLY_AGE,
               high_risk_min: int = HIGH_RISK_MIN) -> pd.DataFrame:
    """Every sale's status from the tables (numpy, independent of the lesson's pandas).

    ``sales`` (sale_id, customer_id, product_id, manager_id, branch_id, sold_at),
    ``assessments`` (customer_id, assessed_at, level "C1".."C5"), ``products`` (product_id,
    risk_level "R1".."R5"), ``customers`` (customer_id, age at ``as_of``, risk_tolerance);
    ``as_of`` is the cut-off date the ages refer to. One row per sale, in order: sale_id,
    customer_id, manager, branch, none, expired, above, unsuitable, elderly_high_risk and
    world_mis (the product above the customer's current risk tolerance).
    """
    s, a = sales, assessments
    prod = products.astype({"product_id": str}).set_index("product_id")
    c = customers.astype({"customer_id": str}).set_index("customer_id")
    ids = pd.Index(c.index)
    s_c = ids.get_indexer(s["customer_id"].astype(str))
    a_c = ids.get_indexer(a["customer_id"].astype(str))
    s_t = pd.to_datetime(s["sold_at"].astype(str)).to_numpy().astype("datetime64[m]").astype(np.int64)
    a_t = pd.to_datetime(a["assessed_at"].astype(str)).to_numpy().astype("datetime64[m]").astype(np.int64)
    a_l = a["level"].astype(str).str[1:].astype(int).to_numpy()
    key_a = a_c.astype(np.int64) * (1 << 40) + a_t
    sort_a = np.argsort(key_a, kind="stable")
    pos = np.searchsorted(key_a[sort_a], s_c.astype(np.int64) * (1 << 40) + s_t, side="left") - 1
    hit = sort_a[np.maximum(pos, 0)]
    has = (pos >= 0) & (a_c[hit] == s_c)
    r = prod["risk_level"].astype(str).reindex(s["product_id"].astype(str)).str[1:].astype(int).to_numpy()
    cur = c["risk_tolerance"].astype(str).str[1:].astype(int).to_numpy()[s_c]
    lvl = np.where(has, a_l[hit], 0)
    none = ~has
    expired = has & (s_t - a_t[hit] > validity_days * _MIN)
    above = has & (r > lvl)

    age = c["age"].to_numpy(float)[s_c] - (pd.Timestamp(as_of) - pd.to_datetime(
        pd.to_datetime(s["sold_at"].astype(str)).dt.normalize())).dt.days.to_numpy() / 365.25

    return pd.DataFrame({"sale_id": s["sale_id"].astype(str).to_numpy(), "customer_id": s["customer_id"].astype(str).to_numpy(),
                         "manager": s["manager_id"].astype(str).to_numpy(), "branch": s["branch_id"].astype(str).to_numpy(),
                         "none": none, "expired": expired, "above": above, "unsuitable": none | expired | above,
                         "elderly_high_risk": (age >= elderly_age) & (r >= high_risk_min), "world_mis": r > cur})


def funnel_limits(n, p: float, level: float = 0.998) -> pd.DataFrame:
    """Exact binomial control limits (rates) of a funnel plot for ``n`` sales at the overall rate p:
    lower(n) = F⁻¹((1 − level)/2; n, p) / n and upper(n) = F⁻¹(1 − (1 − level)/2; n, p) / n, with F
    the Binomial(n, p) distribution function. Columns lower and upper, on n's index if it has one."""
    from scipy import stats

    n_arr = np.asarray(n, dtype=float)
    lower = stats.binom.ppf((1 - level) / 2, n_arr, p) / n_arr
    upper = stats.binom.ppf(1 - (1 - level) / 2, n_arr, p) / n_arr
    return pd.DataFrame({"lower": lower, "upper": upper}, index=getattr(n, "index", None))
