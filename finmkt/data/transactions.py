"""Minghu Bank's retail transactions in 2025, the raw material of RFM scoring.

Every customer of ``customers`` active in 2025 transacts at least once in the 12 months
to 2025-12-31, and only in product lines he or she holds. The customers of the
new-customer model (2023-2025, ``finmkt.data.history``) transact only in their active
months, between the day they joined and their last active day: these are the product
transactions among the activity that ``retention_activity`` counts, so a customer dormant
since 2024 has none. Frequency, amount and channel
follow the customer's planted segment; about a fifth of customers lapse part-way
through the year (their last transaction is months before year end), so recency
separates active from drifting customers.

The investment sales of the year (module 04's ``suitability_sales``: the wealth-management,
fund and investment-type insurance holdings opened in 2025) are the events these
transactions record: each is a purchase on the sale day, in the product's line, of the
holding's balance less the product's stated return since the sale, through the relationship
manager or branch that sold it (the app for a customer who neither sees an RM nor visits a
branch); a customer lapses only after the last sale. The family derives them from
``holdings``, as the suitability family does, so the two tables agree without either
reading the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import history
from finmkt.data.customers import SEGMENTS
from finmkt.data.schema import Dataset, cols

START = pd.Timestamp("2025-01-01")
AS_OF = pd.Timestamp("2025-12-31")
TXN_LINES = ["deposit", "wealth_management", "fund", "insurance", "credit_card"]
CHANNELS = ["app", "branch", "rm", "phone"]

# by segment (order of customers.SEGMENTS): yearly transactions, median amount (RMB)
_FREQ = np.array([10.0, 6.0, 9.0, 4.0, 9.0])
_AMOUNT_MEDIAN = np.array([6_000.0, 9_000.0, 80_000.0, 20_000.0, 800.0])
_LINE_P = np.array(
    [
        [0.30, 0.25, 0.15, 0.05, 0.25],
        [0.40, 0.25, 0.05, 0.15, 0.15],
        [0.25, 0.40, 0.15, 0.10, 0.10],
        [0.55, 0.35, 0.02, 0.08, 0.00],
        [0.45, 0.10, 0.05, 0.00, 0.40],
    ]
)
LAPSE_RATE = 0.2  # share of customers whose activity stops before year end
PREFERRED_CHANNEL_SHARE = 0.7  # share of a customer's transactions through the preferred channel

TRANSACTIONS = Dataset(
    "transactions",
    "Retail transactions in 2025",
    "One row per transaction of a Minghu Bank retail customer from 2025-01-01 to "
    "2025-12-31 (purchases of investment and insurance products, deposits, card spending "
    "settled). Every sale of suitability_sales made in 2025 is a purchase here: same customer, "
    "the sale day, the product's line, the holding's balance less the product's stated return "
    "since the sale (rate_pct, simple interest, rounded to 100 yuan), through the relationship "
    "manager (rm) or branch that sold it, or the app. Every customer active in 2025 has at least one, and transacts only in lines "
    "he or she holds (deposits: everyone; wealth management, funds, insurance and cards: "
    "holders of that line, see the `has_*` flags of customers). A customer of retention_customers transacts only "
    "between acquired_on and last_active_on, in months that retention_activity records as "
    "active and never more often than it counts there (these are the product transactions "
    "among all the customer's transactions); one dormant since 2024 has none. A card payment, "
    "premium or purchase comes after the customer's first holding of its line opened; a branch or "
    "relationship-manager transaction is one of the branch visits or RM contacts customers.csv "
    "counts (no more distinct days), an app transaction needs app logins. Stored gzip-compressed.",
    cols(
        ("customer_id", "str", "", "Customer identifier (see customers)"),
        ("txn_date", "date", "", "Transaction date"),
        ("channel", "str", "", "Channel used: app, branch, rm, phone"),
        ("product_line", "str", "", "Product line: " + ", ".join(TXN_LINES)),
        ("amount", "float", "RMB", "Transaction amount"),
    ),
    scales=True,
    compressed=True,
)

SCHEMAS = [TRANSACTIONS]


_LINE_FLAGS = {"wealth_management": "has_wealth_management", "fund": "has_fund",
               "insurance": "has_insurance", "credit_card": "has_credit_card"}


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    """Transactions of every customer, vectorised over the whole table.

    A customer transacts only in lines he or she holds (deposits: everyone). Active
    customers' transactions are spread over the whole year; a lapsed customer's stop at
    a day drawn before year end, so recency separates active from drifting customers
    without piling everyone's last transaction onto 31 December.
    """
    customers = frames["customers"]
    seg = _codes(frames["_truth_segments"]["segment"], SEGMENTS)
    n = len(customers)
    activity = np.exp(rng.normal(0, 0.4, n))  # customer-level engagement
    counts = 1 + rng.poisson(_FREQ[seg] * activity)
    year_days = (AS_OF - START).days  # 364: day offsets 0..364
    lapsed = rng.random(n) < LAPSE_RATE
    last_day = np.where(lapsed, rng.integers(30, 300, n), year_days)
    # the sales of 2025 (suitability_sales: the investment holdings opened in the year) are
    # purchases: a customer lapses only after the last of them
    sales = _sales(frames)
    np.maximum.at(last_day, sales["row"], sales["day"])
    idx = np.repeat(np.arange(n, dtype=np.int32), counts)
    m = len(idx)
    day = np.floor(rng.random(m) * (last_day[idx] + 1)).astype(np.int16)
    assets = customers["assets"].to_numpy(float)
    wealth = np.sqrt(assets / np.exp(np.log(assets).mean()))
    amount = (_AMOUNT_MEDIAN[seg] * np.clip(wealth, 0.3, 3.0))[idx] * np.exp(rng.normal(0, 0.8, m))
    amount = np.maximum(np.round(amount, -1), 10.0)
    held = np.ones((n, len(TXN_LINES)), dtype=bool)
    for j, line in enumerate(TXN_LINES):
        if line in _LINE_FLAGS:
            held[:, j] = customers[_LINE_FLAGS[line]].to_numpy() == 1
    line_p = _LINE_P[seg] * held
    line_p = line_p / line_p.sum(axis=1, keepdims=True)
    # the line: how many of the customer's cumulative line probabilities u exceeds
    # (one column at a time, not an m x lines matrix)
    cum = np.cumsum(line_p, axis=1)
    u = rng.random(m)
    line = np.zeros(m, dtype=np.int8)
    for j in range(len(TXN_LINES)):
        line += u > cum[:, j][idx]
    del u
    line = np.minimum(line, len(TXN_LINES) - 1)
    pref = _codes(customers["preferred_channel"], CHANNELS)[idx]
    other = rng.integers(0, len(CHANNELS), m)
    channel = np.where(rng.random(m) < PREFERRED_CHANNEL_SHARE, pref, other).astype(np.int8)
    del pref, other
    keep, day = _follow_timeline(rng, frames, idx, day)
    idx, day, amount, line, channel = idx[keep], day[keep], amount[keep], line[keep], channel[keep]
    line = _after_opening(frames, idx, day, line)
    fixed = np.zeros(len(idx), dtype=bool)
    idx, day, amount, line, channel, fixed, activity = _record_sales(frames, sales, idx, day, amount, line, channel)
    channel = _channels_used(customers, idx, day, channel, fixed)
    order = np.lexsort((day, idx))  # by customer, then date (stable)
    dates = (np.datetime64(START.date()) + np.arange(year_days + 1).astype("timedelta64[D]")).astype(str)
    ids = pd.Index(customers["customer_id"].to_numpy())
    df = pd.DataFrame(
        {
            "customer_id": pd.Categorical.from_codes(idx[order], categories=ids),
            "txn_date": pd.Categorical.from_codes(day[order], categories=dates),
            "channel": pd.Categorical.from_codes(channel[order], categories=CHANNELS),
            "product_line": pd.Categorical.from_codes(line[order], categories=TXN_LINES),
            "amount": amount[order],
        }
    )
    out = {"transactions": df[TRANSACTIONS.column_names]}
    if activity is not None:
        out["retention_activity"] = activity
    return out


def _sales(frames: dict) -> pd.DataFrame:
    """The investment sales of 2025 as the suitability audit reads them (``suitability_sales``:
    the wealth-management, fund and investment-type insurance holdings, sale day = opened_on):
    customer row, day offset in the year, product line (code of ``TXN_LINES``), purchase amount
    and the channels the product is sold through.

    The purchase amount is the holding's balance at 2025-12-31 less the product's stated yearly
    rate (``rate_pct``, simple interest) over the days since the sale, rounded to 100 yuan and
    never below the product's minimum: a holding bought once and held to the cut-off.
    """
    from finmkt.data.suitability import SALE_INSURANCE, SALE_LINES

    h = frames["holdings"]
    prod = frames["products"].set_index(np.asarray(frames["products"]["product_id"].astype(str)))
    pid = np.asarray(h["product_id"].astype(str))
    p_line = prod["line"].astype(str).reindex(pid).to_numpy()
    scope = np.isin(p_line, SALE_LINES) | np.isin(pid, SALE_INSURANCE)
    opened = pd.to_datetime(np.asarray(h["opened_on"].astype(str)))
    day = (opened - START).days.to_numpy()
    keep = scope & (day >= 0) & (day <= (AS_OF - START).days)
    ids = np.asarray(frames["customers"]["customer_id"].astype(str))
    row = pd.Index(ids).get_indexer(np.asarray(h["customer_id"].astype(str))[keep])
    pid, day = pid[keep], day[keep]
    held = ((AS_OF - START).days - day) / 365.0
    rate = prod["rate_pct"].astype(float).reindex(pid).to_numpy() / 100.0
    amount = h["balance"].to_numpy(float)[keep] / (1.0 + rate * held)
    amount = np.maximum(np.round(amount, -2), prod["min_amount"].astype(float).reindex(pid).to_numpy())
    return pd.DataFrame({"row": row, "day": day, "line": pd.Index(TXN_LINES).get_indexer(p_line[keep]),
                         "amount": amount, "channels": prod["channels"].astype(str).reindex(pid).to_numpy()})


def _record_sales(frames: dict, sales: pd.DataFrame, idx, day, amount, line, channel):
    """Every sale of 2025 recorded as a purchase on the sale day (same customer, product line;
    the purchase amount of :func:`_sales`), through the relationship manager credited with it
    (``rm``) for a product sold through RMs to a customer with RM contacts, else at the branch
    (a customer with branch visits), else through the RM; :func:`_channels_used` counts these
    days first against the customer's RM contacts and branch visits. For a customer of the
    new-customer model, the purchase is one of the month's product transactions that
    ``retention_activity`` counts: another transaction of that month makes way for it when the
    month is full, and a month with more sales than recorded activity records them (the returned
    activity table, ``None`` when unchanged)."""
    n_s = len(sales)
    c = frames["customers"]
    by_rm = np.char.find(sales["channels"].to_numpy(str), "rm") >= 0
    by_branch = np.char.find(sales["channels"].to_numpy(str), "branch") >= 0
    rm_ok = c["rm_contacts_year"].to_numpy()[sales["row"].to_numpy()] > 0
    branch_ok = c["branch_visits_year"].to_numpy()[sales["row"].to_numpy()] > 0
    s_ch = np.select([by_rm & rm_ok, by_branch & branch_ok, by_rm], [2, 1, 2], 1).astype(np.int8)
    idx = np.r_[idx, sales["row"].to_numpy(idx.dtype)]
    day = np.r_[day, sales["day"].to_numpy(day.dtype)]
    amount = np.r_[amount, sales["amount"].to_numpy(float)]
    line = np.r_[line, sales["line"].to_numpy(line.dtype)]
    channel = np.r_[channel, s_ch]
    fixed = np.r_[np.zeros(len(idx) - n_s, dtype=bool), np.ones(n_s, dtype=bool)]
    # customers of the new-customer model: no more product transactions in a month than the
    # activity retention_activity records there (the sale takes the place of another one)
    tl = history.timeline(frames)
    ids = np.asarray(frames["customers"]["customer_id"].astype(str))
    in_tl = tl.index.get_indexer(ids) >= 0
    month = (np.datetime64(START.date()) + day.astype("timedelta64[D]")).astype("datetime64[M]").astype(np.int64)
    act = frames["retention_activity"]
    a_key = pd.MultiIndex.from_arrays([np.asarray(act["customer_id"].astype(str)),
                                       pd.to_datetime(np.asarray(act["month"].astype(str))).to_numpy()
                                       .astype("datetime64[M]").astype(np.int64)])
    counts = pd.Series(act["transactions"].to_numpy(np.int64), index=a_key)
    s_rows = np.flatnonzero(fixed & in_tl[idx])
    keys = pd.MultiIndex.from_arrays([ids[idx[s_rows]], month[s_rows]])
    drop = np.zeros(len(idx), dtype=bool)
    bump: dict = {}
    for key in keys.unique():
        c, mth = key
        r = int(np.flatnonzero(ids == c)[0])
        rows = np.flatnonzero((idx == r) & (month == mth))
        cap = int(counts.get(key, 0))
        extra = len(rows) - cap
        if extra <= 0:
            continue
        others = rows[~fixed[rows]][::-1]  # the month's other transactions make way, the latest first
        drop[others[:extra]] = True
        n_fixed = int(fixed[rows].sum())
        if n_fixed > cap:
            bump[key] = n_fixed
    keep = ~drop
    activity = None
    if bump:
        activity = _activity_with(act, bump)
    return idx[keep], day[keep], amount[keep], line[keep], channel[keep], fixed[keep], activity


def _activity_with(act: pd.DataFrame, bump: dict) -> pd.DataFrame:
    """``retention_activity`` with the given (customer, month) counts raised (a row added for a
    month it did not record as active), in its order (customer as listed, then month)."""
    plain = pd.DataFrame({c: np.asarray(act[c].astype(str)) if c != "transactions" else act[c].to_numpy()
                          for c in act.columns})
    month_str = {k: str(np.datetime64(k[1], "M").astype("datetime64[D]")) for k in bump}
    key = pd.MultiIndex.from_arrays([plain["customer_id"], plain["month"]])
    for k, v in bump.items():
        hit = key.get_indexer([(k[0], month_str[k])])[0]
        if hit >= 0:
            plain.loc[hit, "transactions"] = max(int(plain.loc[hit, "transactions"]), v)
        else:
            plain = pd.concat([plain, pd.DataFrame({"customer_id": [k[0]], "month": [month_str[k]],
                                                    "transactions": [v]})], ignore_index=True)
    order = pd.Index(pd.unique(np.asarray(act["customer_id"].astype(str))))
    plain = plain.iloc[np.lexsort((plain["month"].to_numpy(str), order.get_indexer(plain["customer_id"])))]
    out = plain.reset_index(drop=True)
    for c in act.columns:
        if isinstance(act[c].dtype, pd.CategoricalDtype):
            out[c] = pd.Categorical(out[c])
    return out[list(act.columns)]


def _follow_timeline(rng, frames: dict, idx: np.ndarray, day: np.ndarray):
    """Transactions of the customers of the new-customer model (``history.timeline``) moved
    into their active time: each falls in a month in which ``retention_activity`` records
    activity, between the day the customer joined and the last active day, and a month
    holds no more product transactions than the activity it records (these are a subset of
    the customer's transactions). A customer inactive all year has none. Returns the rows to
    keep and the (new) day offsets; other customers' transactions are untouched.
    """
    tl = history.timeline(frames)
    ids = np.asarray(frames["customers"]["customer_id"].astype(str))
    pos = tl.index.get_indexer(ids)
    start = int((START - pd.Timestamp("1970-01-01")).days)
    year_days = (AS_OF - START).days
    lo = np.maximum(tl["joined"].to_numpy() - start, 0)
    hi = np.minimum(tl["last_active"].to_numpy() - start, year_days)
    act = frames["retention_activity"]
    a_id = tl.index.get_indexer(np.asarray(act["customer_id"].astype(str)))
    a_month = pd.to_datetime(np.asarray(act["month"].astype(str)))
    in_year = (a_id >= 0) & (a_month.year == START.year)
    a_id, count = a_id[in_year], act["transactions"].to_numpy()[in_year]
    m = a_month.month.to_numpy()[in_year] - 1
    bounds = (np.array([np.datetime64(f"{START.year}-{k:02d}-01") for k in range(1, 13)]
                       + [np.datetime64(f"{START.year + 1}-01-01")]).astype("datetime64[D]")
              - np.datetime64(START.date())).astype(np.int64)
    s_lo = np.maximum(bounds[m], lo[a_id])
    s_hi = np.minimum(bounds[m + 1] - 1, hi[a_id])
    ok = s_lo <= s_hi
    a_id, count, s_lo, s_hi = a_id[ok], count[ok], s_lo[ok], s_hi[ok]
    # one slot per recorded activity; each transaction takes a distinct slot at random
    slot = np.repeat(np.arange(len(a_id)), count)
    slot_cust = a_id[slot]
    o = np.lexsort((rng.random(len(slot)), slot_cust))
    slot, slot_cust = slot[o], slot_cust[o]
    t_cust = pos[idx]
    moved = np.flatnonzero(t_cust >= 0)
    t_rank = np.zeros(len(idx), dtype=np.int64)
    mo = moved[np.argsort(t_cust[moved], kind="stable")]
    t_rank[mo] = np.arange(len(mo)) - np.searchsorted(t_cust[mo], t_cust[mo])
    n_slots = np.bincount(slot_cust, minlength=len(tl))
    first_slot = np.searchsorted(slot_cust, np.arange(len(tl)))
    keep = np.ones(len(idx), dtype=bool)
    has = t_rank[moved] < n_slots[t_cust[moved]]
    keep[moved[~has]] = False
    taken = moved[has]
    s = slot[first_slot[t_cust[taken]] + t_rank[taken]]
    day = day.astype(np.int64)
    day[taken] = s_lo[s] + np.floor(rng.random(len(taken)) * (s_hi[s] - s_lo[s] + 1)).astype(np.int64)
    return keep, day.astype(np.int16)


def _after_opening(frames: dict, idx: np.ndarray, day: np.ndarray, line: np.ndarray) -> np.ndarray:
    """A card payment, premium or purchase is made once the customer holds that line: a
    transaction dated before the customer's first holding of its line (opened during the
    year) is a deposit transaction instead."""
    h = frames["holdings"]
    ids = np.asarray(frames["customers"]["customer_id"].astype(str))
    row = pd.Index(ids).get_indexer(np.asarray(h["customer_id"].astype(str)))
    lines = frames["products"].set_index("product_id")["line"].astype(str)
    h_line = pd.Index(TXN_LINES).get_indexer(lines.reindex(np.asarray(h["product_id"].astype(str))).to_numpy())
    opened = (pd.to_datetime(np.asarray(h["opened_on"].astype(str))) - START).days.to_numpy()
    first = np.full((len(ids), len(TXN_LINES)), -(10**6), dtype=np.int64)
    ok = h_line > 0  # deposits: everyone, from the first day
    first[:, 1:] = 10**6
    np.minimum.at(first, (row[ok], h_line[ok]), opened[ok])
    early = (line > 0) & (day < first[idx, line])
    return np.where(early, 0, line).astype(np.int8)


def _channels_used(customers: pd.DataFrame, idx: np.ndarray, day: np.ndarray, channel: np.ndarray,
                   fixed: np.ndarray | None = None) -> np.ndarray:
    """Transactions go through the channels the customer uses (customers.csv): the app only
    with app logins, a branch or a relationship manager on no more distinct days than the
    customer's branch visits or RM contacts of the year (the app on no more than twelve times
    the monthly logins); the rest go through phone banking (or the app, for an app user).
    The days of ``fixed`` transactions (the year's sales) count first."""
    if fixed is None:
        fixed = np.zeros(len(idx), dtype=bool)
    caps = {0: 12 * customers["app_logins_month"].to_numpy(np.int64),
            1: customers["branch_visits_year"].to_numpy(np.int64),
            2: customers["rm_contacts_year"].to_numpy(np.int64)}
    channel = channel.astype(np.int8).copy()
    for c in (1, 2, 0):  # branch, rm, then app (codes of CHANNELS; app last: it takes overflow)
        rows = np.flatnonzero(channel == c)
        if not len(rows):
            continue
        # dense rank of each transaction's day among the customer's distinct days in channel c
        # a sale's day first: the transactions of that day, then the customer's other days
        s_day = np.zeros(len(idx), dtype=bool)
        fr = rows[fixed[rows]]
        if len(fr):
            s_day[rows] = pd.MultiIndex.from_arrays([idx[rows], day[rows]]).isin(
                pd.MultiIndex.from_arrays([idx[fr], day[fr]]))
        o = rows[np.lexsort((day[rows], ~s_day[rows], idx[rows]))]
        new_day = np.r_[True, (idx[o][1:] != idx[o][:-1]) | (day[o][1:] != day[o][:-1])]
        first_of_cust = np.r_[True, idx[o][1:] != idx[o][:-1]]
        rank = np.cumsum(new_day) - 1
        rank = rank - np.maximum.accumulate(np.where(first_of_cust, rank, 0))
        over = o[rank >= caps[c][idx[o]]]
        app_user = caps[0][idx[over]] > 0
        channel[over] = np.where((c != 0) & app_user, 0, 3)
    return channel


def _codes(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Position of every value in ``categories`` (-1 if absent)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(categories):
        return values.cat.codes.to_numpy()
    return pd.Categorical(values, categories=categories).codes
