"""One coherent world: the datasets agree with each other and with the world specification.

A sharp trainee cross-checks the tables; these tests do it first. Scaled by the sampling
fraction, the customer extract agrees with the bank-wide figures within sampling error
(binomial standard errors for counts, stated tolerances for totals); the bank never has
more holders or balances than the city; nothing happens before a product exists; activity
is spread over time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finmkt.data import load, spec
from finmkt.data.adoption import survivor_weights
from finmkt.data.world import city_wm_balance, planted_wm
from finmkt.paths import data_dir

FRACTION = spec.sampling_fraction()


@pytest.fixture(scope="module")
def world():
    names = ["customers", "holdings", "products", "adoption", "market_balances", "survey", "population",
             "districts", "transactions"]
    return {n: load(n) for n in names}


def _bank_holders(adoption: pd.DataFrame) -> dict[str, float]:
    last = adoption.sort_values("month").groupby("product_id")["holders"].last()
    return {**{k: float(v) for k, v in spec.PRODUCT_HOLDERS.items()}, **{p: float(last[p]) for p in spec.ADOPTION}}


def test_the_extract_is_the_specified_share_of_the_bank(world):
    assert len(world["customers"]) == spec.DEFAULT_EXTRACT
    assert FRACTION == pytest.approx(spec.DEFAULT_EXTRACT / spec.BANK_CUSTOMERS)


def test_holders_per_product_agree_with_the_bank_wide_figures(world):
    """Extract holders ~ Binomial(bank holders, fraction): within 4 standard errors."""
    counts = world["holdings"]["product_id"].value_counts()
    for pid, bank in _bank_holders(world["adoption"]).items():
        expected = bank * FRACTION
        se = np.sqrt(bank * FRACTION * (1 - FRACTION))
        got = int(counts.get(pid, 0))
        assert abs(got - expected) <= 4 * se + 1, f"{pid}: {got} holders in the extract, {expected:.0f} expected"
    assert set(counts.index) == set(_bank_holders(world["adoption"])), "every product but D01 has holders"


def test_balances_per_line_gross_up_to_the_bank_balances(world):
    """Holdings (and demand deposits, the rest of assets) / fraction = the ledger, within 1%."""
    c, h, p = world["customers"], world["holdings"], world["products"].set_index("product_id")
    mb = world["market_balances"]
    ledger = mb[(mb["year"] == 2025) & (mb["institution"] == spec.BANK)].set_index("product_line")["balance"]
    line = p["line"].reindex(h["product_id"]).to_numpy()
    by_line = h.assign(line=line).groupby("line")["balance"].sum()
    asset_lines = ["deposit", "wealth_management", "fund", "insurance"]
    demand = c["assets"].sum() - by_line[asset_lines].sum()
    assert demand > 0
    grossed = (by_line / FRACTION).to_dict()
    grossed["deposit"] += demand / FRACTION
    for name, total in ledger.items():
        assert grossed[name] == pytest.approx(total, rel=0.01), name
    for name, total in spec.BANK_OTHER_BALANCES.items():
        assert grossed[name] == pytest.approx(total, rel=0.01), name


def test_market_balances_carry_the_specified_shares(world):
    mb = world["market_balances"]
    latest = mb[mb["year"] == 2025]
    share = latest[latest["institution"] == spec.BANK].set_index("product_line")["balance"] / latest.groupby(
        "product_line")["balance"].sum()
    for line, s in spec.MARKET_SHARE_2025.items():
        assert share[line] == pytest.approx(s, abs=5e-4), line
    wm = latest.loc[latest["product_line"] == "wealth_management", "balance"].sum()
    assert wm == pytest.approx(city_wm_balance(world["population"]), rel=1e-4)


def test_the_bank_never_exceeds_the_city(world):
    c, pop, d = world["customers"], world["population"], world["districts"]
    licensed = d.loc[d["licensed"], "district"]
    assert set(c["district"]) <= set(licensed), "customers live in the licensed districts"
    assert spec.BANK_CUSTOMERS < pop[pop["district"].isin(licensed)]["adults"].sum()
    bank_by_age = c["age_band"].value_counts() / FRACTION
    city_by_age = pop[pop["district"].isin(licensed)].groupby("age_band")["adults"].sum()
    assert (bank_by_age.reindex(city_by_age.index) < city_by_age).all()
    planted = planted_wm(pop)
    city_wm_holders = planted.loc[planted["district"].isin(licensed), "holders"].sum()
    bank_wm_holders = c["has_wealth_management"].sum() / FRACTION
    assert bank_wm_holders < 0.2 * city_wm_holders, "the bank's WM holders are a small part of the city's"
    adoption_m = {pid: a.m for pid, a in spec.ADOPTION.items()}
    assert max(adoption_m.values()) < spec.BANK_CUSTOMERS, "no product's potential exceeds the bank's customers"


def test_no_holding_before_launch_before_adulthood_or_below_the_minimum(world):
    c, h, p = world["customers"], world["holdings"], world["products"].set_index("product_id")
    launch = p["launch_date"].reindex(h["product_id"]).to_numpy()
    assert (h["opened_on"].to_numpy() >= launch).all(), "a holding opened before its product launched"
    assert (h["opened_on"] <= spec.AS_OF).all()
    age = c.set_index("customer_id")["age"].reindex(h["customer_id"]).to_numpy()
    adult_since = spec.AS_OF - pd.to_timedelta((age - 18) * 365.25, unit="D")
    assert (h["opened_on"].to_numpy() >= adult_since.to_numpy() - np.timedelta64(1, "D")).all()
    minimum = p["min_amount"].reindex(h["product_id"]).to_numpy()
    assert (h["balance"].to_numpy() >= minimum).all(), "a balance below its product's minimum"
    tenure = c.set_index("customer_id")["tenure_years"].reindex(h["customer_id"]).to_numpy()
    held_years = (spec.AS_OF - h["opened_on"]).dt.days.to_numpy() / 365.25
    assert (tenure >= held_years - 0.06).all(), "tenure covers the oldest holding"


def test_product_rules_hold(world):
    c, h, p = world["customers"].set_index("customer_id"), world["holdings"], world["products"]
    youth = c.loc[h.loc[h["product_id"] == "C02", "customer_id"], "age"]
    assert youth.max() <= 30, "the youth card is for customers up to 30"
    mortgage = c.loc[h.loc[h["product_id"] == "M01", "customer_id"], "age"]
    assert mortgage.between(25, 60).all()
    flags = {"wealth_management": "has_wealth_management", "fund": "has_fund", "insurance": "has_insurance",
             "credit_card": "has_credit_card", "consumer_loan": "has_consumer_loan", "mortgage": "has_mortgage"}
    line = p.set_index("product_id")["line"].reindex(h["product_id"]).to_numpy()
    for name, flag in flags.items():
        holders = set(h.loc[line == name, "customer_id"])
        assert holders == set(c.index[c[flag] == 1]), f"{flag} agrees with holdings"


def test_every_product_line_transaction_belongs_to_a_holder_of_that_line(world):
    c, t = world["customers"].set_index("customer_id"), world["transactions"]
    flags = {"wealth_management": "has_wealth_management", "fund": "has_fund", "insurance": "has_insurance",
             "credit_card": "has_credit_card"}
    for name, flag in flags.items():
        ids = t.loc[t["product_line"] == name, "customer_id"].unique()
        assert len(ids) > 0
        assert (c.loc[ids, flag] == 1).all(), f"{name} transactions by non-holders"


def test_last_transactions_are_spread_over_time(world):
    last = world["transactions"].groupby("customer_id")["txn_date"].max()
    assert last.value_counts(normalize=True).max() < 0.03, "no single day holds more than 3% of last transactions"


def test_opening_months_follow_the_adoption_series(world):
    """Per year, the extract's share of holdings opened matches the survivors of the series'
    adopters of that year (within 4 standard errors + 2 points)."""
    h, a = world["holdings"], world["adoption"]
    for pid, plan in spec.ADOPTION.items():
        series = a[a["product_id"] == pid].sort_values("month")
        w = pd.Series(survivor_weights(series, plan.attrition), index=series["month"].dt.year.to_numpy())
        expected = w.groupby(level=0).sum() / w.sum()
        opened = h.loc[h["product_id"] == pid, "opened_on"].dt.year.value_counts(normalize=True)
        n = (h["product_id"] == pid).sum()
        for year, share in expected.items():
            se = np.sqrt(share * (1 - share) / n)
            assert abs(opened.get(year, 0.0) - share) <= 4 * se + 0.02, f"{pid} {year}"


def test_the_survey_agrees_with_the_bank(world):
    """Weighted, the survey's Minghu customers and Minghu WM balances are the bank's (the
    survey has ~150 Minghu WM holders: a 25% tolerance for the balance, 10% for customers)."""
    s = world["survey"]
    assert (s["weight"] * s["minghu_customer"]).sum() == pytest.approx(spec.BANK_CUSTOMERS, rel=0.10)
    mb = world["market_balances"]
    bank_wm = mb[(mb["year"] == 2025) & (mb["institution"] == spec.BANK)
                 & (mb["product_line"] == "wealth_management")]["balance"].sum()
    assert (s["weight"] * s["wm_balance_minghu"]).sum() == pytest.approx(bank_wm, rel=0.25)
    assert (s["wm_balance_minghu"] <= s["wm_balance"]).all()
    assert ((s["uses_minghu_app"] + s["visited_minghu_branch_12m"] > 0) <= (s["minghu_customer"] == 1)).all()


def test_customer_mix_is_related_to_the_city(world):
    """Age shares within 7 points of the licensed city's adults; the high-income share is
    higher than the city's (payroll and business customers), but less than 2.5 times it."""
    c, pop, d = world["customers"], world["population"], world["districts"]
    pop = pop[pop["district"].isin(d.loc[d["licensed"], "district"])]
    city_age = pop.groupby("age_band")["adults"].sum() / pop["adults"].sum()
    bank_age = c["age_band"].value_counts(normalize=True).reindex(city_age.index)
    assert (bank_age - city_age).abs().max() < 0.07, (bank_age - city_age).round(3).to_dict()
    city_high = pop.loc[pop["income_band"] == "high", "adults"].sum() / pop["adults"].sum()
    bank_high = (c["income_band"] == "high").mean()
    assert city_high < bank_high < 2.5 * city_high


def test_adoption_potentials_fit_the_eligible_customers(world):
    """No product's holders exceed the customers who could hold it."""
    c = world["customers"]
    holders = _bank_holders(world["adoption"])
    young = (c["age"] <= 30).mean() * spec.BANK_CUSTOMERS
    assert holders["C02"] < young
    rich = (c["assets"] >= 1_000_000).mean() * spec.BANK_CUSTOMERS
    assert holders["W06"] < rich


# --- one history per customer (finmkt.data.history): tables a trainee can join across modules ---

CUTOFF = spec.AS_OF


@pytest.fixture(scope="module")
def history():
    rc = load("retention_customers")
    extract = rc[rc["customer_id"].str.startswith("C")].set_index("customer_id")
    return {
        "timeline": extract,
        "dormant": extract.index[(CUTOFF - extract["last_active_on"]).dt.days >= 90],
        "retention": rc,
        "channel": load("channel_customers").set_index("customer_id"),
        "activity": load("retention_activity"),
        "transactions": load("transactions"),
        "customers": load("customers").set_index("customer_id"),
        "holdings": load("holdings"),
        "products": load("products").set_index("product_id"),
        "journeys": load("journeys"),
        "touches": load("journey_touchpoints"),
        "contacts": load("contact_log"),
    }


def _window(h, frame, col):
    """The rows of ``frame`` of timeline customers with the customer's joined / last active day."""
    t = h["timeline"][["acquired_on", "last_active_on"]]
    out = frame.join(t, on="customer_id", how="inner")
    return out, out[col].dt.normalize()


def test_every_new_customer_of_2024_2025_is_in_both_module_03_tables_with_one_history(history):
    """Module 03 lessons 1 and 4 describe the same customers: same ids, acquisition day, channel,
    coupon and last active day; a channel_customers churn is a 90-day dormancy in retention."""
    tl, ch = history["timeline"], history["channel"]
    new = tl[tl["acquired_on"] >= "2024-01-01"]
    assert set(new.index) == set(ch.index), "the 2024-2025 extract customers are channel_customers"
    for col in ("acquired_on", "channel", "coupon", "last_active_on"):
        assert (new[col].reindex(ch.index) == ch[col]).all(), col
    dormant = (CUTOFF - ch["last_active_on"]).dt.days >= 90
    # a failed month-end check (up to 2025-09-30, the last one the 90-day rule can decide) is a dormancy
    failed = (ch["last_active_on"] < "2025-09-30") & (ch["acquired_on"] < "2025-09-01")
    assert (ch["churned"] == failed.astype(int)).all() and dormant[ch["churned"] == 1].all()
    assert ch["churned"].sum() > 500, "the world has dormant churners to join"
    # and the extract agrees with the acquisition day: tenure rounded to 0.1 year
    tenure = history["customers"].loc[tl.index, "tenure_years"]
    years = (CUTOFF - tl["acquired_on"]).dt.days / 365.25
    assert (np.abs(years - tenure) <= 0.05 + 1 / 365.25).all()


def test_no_transaction_outside_the_customer_s_history(history):
    tx, day = _window(history, history["transactions"], "txn_date")
    assert len(tx) > 10_000
    assert (day >= tx["acquired_on"]).all(), "a transaction before the customer joined"
    assert (day <= tx["last_active_on"]).all(), "a transaction after the last active day"
    gone = history["timeline"].index[history["timeline"]["last_active_on"] < "2025-01-01"]
    assert len(gone) > 100 and not history["transactions"]["customer_id"].isin(gone).any()


def test_transactions_are_part_of_the_activity_retention_counts(history):
    """Every month with product transactions (transactions.csv) is an active month of
    retention_activity, with at least as many transactions recorded there."""
    tx, day = _window(history, history["transactions"], "txn_date")
    months = tx.assign(month=day.dt.to_period("M").dt.to_timestamp()).groupby(["customer_id", "month"]).size()
    act = history["activity"].set_index(["customer_id", "month"])["transactions"]
    recorded = act.reindex(months.index)
    assert recorded.notna().all(), "a month with transactions that retention_activity calls inactive"
    assert (recorded >= months).all()
    # the activity ends on the last active day's month, for everyone
    last_month = history["activity"].groupby("customer_id")["month"].max()
    tl = history["retention"].set_index("customer_id")
    assert (last_month.reindex(tl.index) == tl["last_active_on"].dt.to_period("M").dt.to_timestamp()).all()


def test_dormant_customers_use_no_channel_after_leaving(history):
    """customers.csv counts a dormant customer's logins, visits and contacts only while active:
    none for a customer inactive all of the last 12 months, fewer logins than active ones."""
    c, tl = history["customers"], history["timeline"]
    cols_ = ["app_logins_month", "branch_visits_year", "rm_contacts_year"]
    year_gone = tl.index[(CUTOFF - tl["last_active_on"]).dt.days >= 365]
    assert len(year_gone) > 50 and (c.loc[year_gone, cols_] == 0).all().all()
    dormant, active = history["dormant"], tl.index.difference(history["dormant"])
    assert c.loc[dormant, "app_logins_month"].mean() < 0.7 * c.loc[active, "app_logins_month"].mean()


def test_a_dormant_customer_has_no_login_in_the_window(history):
    """customers.app_logins_month is an average month of the last 90 days: a customer dormant at the
    cut-off (no activity for 90 days or more, retention_customers) logged in 0 times, and the extract
    marks exactly these customers dormant."""
    c, dormant = history["customers"], history["dormant"]
    assert len(dormant) > 500
    logged = c.loc[dormant, "app_logins_month"]
    assert (logged == 0).all(), f"{(logged > 0).sum()} of {len(dormant)} dormant customers log in, " \
                                f"{logged.mean():.2f} times a month on average"
    if "dormant" in c.columns:
        assert set(c.index[c["dormant"] == 1]) == set(dormant), "customers.dormant is the 90-day rule"


def test_no_login_visit_or_contact_after_the_last_active_day(history):
    """A customer who left inside a count's window (the last 90 days for the app logins, 12 months
    for branch visits and RM contacts) used the channel only while active: the counts of the
    customers idle for part of the window are their segment's usual rate (that of the customers
    outside the new-customer model, who are active to the cut-off) times the share of the window
    up to the last active day, not the full rate. Nothing is counted after the last active day."""
    c, tl = history["customers"], history["timeline"]
    seg = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    others = c.index.difference(tl.index)
    idle = (CUTOFF - tl["last_active_on"]).dt.days
    for col, window in (("app_logins_month", 90), ("branch_visits_year", 365), ("rm_contacts_year", 365)):
        rate = c.loc[others, col].groupby(seg.reindex(others)).mean()
        part = tl.index[(idle >= window // 3) & (idle < window) & ((CUTOFF - tl["acquired_on"]).dt.days >= window)]
        share = (window - idle[part]) / window
        expected = float((rate.reindex(seg.reindex(part)).to_numpy() * share.to_numpy()).sum())
        got = float(c.loc[part, col].sum())
        assert len(part) > 100, col
        assert 0.8 <= got / expected <= 1.25, f"{col}: {got:.0f} counted for {len(part)} customers who left " \
                                             f"inside the window, {expected:.0f} expected while active"
        gone = tl.index[idle >= window]
        assert (c.loc[gone, col] == 0).all(), f"{col} counted for customers inactive all the window"


def test_every_cohort_s_leavers_close_with_the_same_probability(history):
    """The 2023 cohorts follow the rule of 2024-2025: a leaver closes the account with probability
    CLOSE_SHARE (within two months of the last active day), the others keep it, dormant. Among the
    leavers whose closure would be complete (left at least 150 days before the cut-off), the share
    closed is CLOSE_SHARE within four binomial standard errors in every acquisition year."""
    from finmkt.data.newcustomers import CLOSE_SHARE

    rc = history["retention"]
    left = rc[(CUTOFF - rc["last_active_on"]).dt.days >= 150]
    by_year = left.groupby(left["acquired_on"].dt.year)["closed_on"].agg(lambda s: s.notna().mean())
    n = left.groupby(left["acquired_on"].dt.year).size()
    assert list(by_year.index) == [2023, 2024, 2025]
    se = np.sqrt(CLOSE_SHARE * (1 - CLOSE_SHARE) / n)
    assert ((by_year - CLOSE_SHARE).abs() <= 4 * se).all(), by_year.round(3).to_dict()
    dormant_2023 = (history["timeline"]["acquired_on"].dt.year == 2023) & history["timeline"].index.isin(
        history["dormant"])
    assert dormant_2023.sum() > 300, "2023 leavers who kept the account are dormant extract customers"


def test_no_holding_outside_the_customer_s_history(history):
    """Holdings open between the day the customer joined and the last active day. The one
    residue (history.py): wealth and insurance sales, which the suitability audit reads one by
    one, of customers who joined and left before turning 18 keep their date."""
    h, day = _window(history, history["holdings"], "opened_on")
    assert (day >= h["acquired_on"]).all()
    late = h[day > h["last_active_on"]]
    age = history["customers"]["age"].reindex(late["customer_id"]).to_numpy()
    adult = CUTOFF - pd.to_timedelta((age - 18) * 365.25, unit="D")
    assert (adult.to_numpy() > late["last_active_on"].to_numpy()).all(), "only customers who left before 18"
    line = history["products"]["line"].reindex(late["product_id"]).to_numpy()
    assert np.isin(line, ["wealth_management", "fund", "insurance"]).all()
    assert len(late) <= 5


def test_pension_journeys_lie_inside_the_customer_s_history(history):
    j = history["journeys"]
    jj = j.join(history["timeline"][["acquired_on", "last_active_on"]], on="customer_id", how="inner")
    assert len(jj) > 1000
    assert (jj["first_touch"].dt.normalize() >= jj["acquired_on"]).all(), "a touch before the customer joined"
    end = jj["conversion_time"].fillna(jj["last_touch"]).dt.normalize()
    assert (end <= jj["last_active_on"]).all(), "a touch or account opening after the last active day"
    t, day = _window(history, history["touches"], "touch_time")
    assert ((day >= t["acquired_on"]) & (day <= t["last_active_on"])).all()


def test_no_marketing_contact_outside_the_customer_s_history(history):
    k, day = _window(history, history["contacts"], "started_at")
    assert len(k) > 1000
    assert (day >= k["acquired_on"]).all(), "a contact before the customer joined"
    assert (day <= k["last_active_on"]).all(), "a contact after the last active day"


def test_every_campaign_sms_and_rm_call_is_in_the_contact_log():
    """The pension campaign's SMS and RM calls (module 03's journeys) are the bank's own contacts in
    module 04's contact log: same customer, same minute, channel sms / call, campaigns MS06 / MC06;
    and no contact falls outside the customer's history (history.timeline: from the day the customer
    joined to the last active day)."""
    from finmkt.data.history import timeline

    log, touches = load("contact_log"), load("journey_touchpoints")
    camp = load("contact_campaigns").set_index("campaign_id")
    pension = camp.index[camp["name_zh"].str.contains("个人养老金")]
    assert sorted(pension) == ["MC06", "MS06"] and set(camp.loc[pension, "channel"]) == {"sms", "call"}
    t = touches[touches["channel"].isin(["sms", "rm_call"])]
    key = pd.DataFrame({"customer_id": t["customer_id"].to_numpy(), "started_at": t["touch_time"].to_numpy(),
                        "channel": t["channel"].map({"sms": "sms", "rm_call": "call"}).to_numpy(),
                        "campaign_id": t["channel"].map(camp.loc[pension].reset_index().set_index("channel")
                                                        .rename(index={"call": "rm_call"})["campaign_id"]).to_numpy()})
    mine = log[log["campaign_id"].isin(pension)]
    assert len(mine) == len(key) and (mine["made_by"] == "MH").all(), "one MH contact per touch, no more"
    m = key.merge(mine, on=["customer_id", "started_at", "channel", "campaign_id"], how="left", indicator=True)
    assert (m["_merge"] == "both").all(), "every SMS and RM-call touch of the journeys is in the contact log"
    assert not mine.duplicated(["customer_id", "started_at", "channel"]).any()
    tl = timeline({"retention_customers": load("retention_customers")})
    pos = tl.index.get_indexer(log["customer_id"])
    inside = pos >= 0
    day = (log["started_at"].dt.normalize() - pd.Timestamp("1970-01-01")).dt.days.to_numpy()[inside]
    assert inside.sum() > 1000
    assert (day >= tl["joined"].to_numpy()[pos[inside]]).all(), "no contact before the day the customer joined"
    assert (day <= tl["last_active"].to_numpy()[pos[inside]]).all(), "no contact after the last active day"


def test_transactions_go_through_the_channels_the_customer_uses(history):
    """A branch or relationship-manager transaction is one of the year's branch visits or RM
    contacts (no more distinct days than customers.csv counts), and an app transaction needs
    app logins."""
    t, c = history["transactions"], history["customers"]
    for channel, col, factor in (("branch", "branch_visits_year", 1), ("rm", "rm_contacts_year", 1),
                                 ("app", "app_logins_month", 12)):
        days = t[t["channel"] == channel].groupby("customer_id")["txn_date"].nunique()
        assert len(days) > 1000, channel
        cap = factor * c[col].reindex(days.index)
        assert (days <= cap).all(), f"{channel}: more distinct days than {col} allows"


def test_no_transaction_in_a_line_before_its_first_holding_opened(history):
    t, h, p = history["transactions"], history["holdings"], history["products"]
    first = h.assign(line=p["line"].reindex(h["product_id"]).to_numpy()).groupby(["customer_id", "line"])[
        "opened_on"].min()
    held = t[t["product_line"] != "deposit"]
    opened = first.reindex(pd.MultiIndex.from_arrays([held["customer_id"], held["product_line"]])).to_numpy()
    assert (held["txn_date"].to_numpy() >= opened).all(), "a card payment or premium before the card or policy"


def test_risk_assessments_lie_inside_the_customer_s_history(history):
    """A risk assessment is something the customer did. customers.risk_assessed_on is inside the
    active window of a customer of the new-customer model, and never before the first account
    (tenure, rounded to 0.1 year) of any customer, except (history.py) a customer with a wealth,
    fund or insurance sale, whose assessment history the suitability family builds sale by sale."""
    c, tl = history["customers"], history["timeline"]
    sale = set(load("suitability_sales")["customer_id"])
    mine = tl.loc[~tl.index.isin(sale)]
    a = c["risk_assessed_on"].reindex(mine.index)
    assert len(mine) > 5000
    assert ((a >= mine["acquired_on"]) & (a <= mine["last_active_on"])).all()
    others = c.loc[~c.index.isin(sale)]
    first = CUTOFF - pd.to_timedelta(others["tenure_years"] * 365.25, unit="D")
    assert (others["risk_assessed_on"] >= first - pd.Timedelta(days=19)).all()


def test_suitability_sales_and_assessments_lie_inside_the_customer_s_history(history):
    """The suitability audit's sales and every risk questionnaire (module 04 lesson 2) are things
    the customer did: for a customer of the new-customer model, between the day the customer
    joined and the last active day (the latest assessment included, with no exception for
    customers with sales); for every customer, never before the first account opened (tenure,
    rounded to 0.1 year)."""
    sales, a = load("suitability_sales"), load("suitability_assessments")
    s, day = _window(history, sales, "sold_at")
    assert len(s) > 100
    assert (day >= s["acquired_on"]).all(), "a sale before the customer joined"
    assert (day <= s["last_active_on"]).all(), "a sale after the last active day"
    x, day = _window(history, a, "assessed_at")
    assert len(x) > 200
    assert (day >= x["acquired_on"]).all(), "a risk questionnaire before the customer joined"
    assert (day <= x["last_active_on"]).all(), "a risk questionnaire after the last active day"
    tl, c = history["timeline"], history["customers"]
    latest = c["risk_assessed_on"].reindex(tl.index)
    assert ((latest >= tl["acquired_on"]) & (latest <= tl["last_active_on"])).all(), "customers.risk_assessed_on"
    first = CUTOFF - pd.to_timedelta(c["tenure_years"] * 365.25, unit="D")
    before = a["assessed_at"].dt.normalize() < a["customer_id"].map(first) - pd.Timedelta(days=19)
    assert not before.any(), f"{int(before.sum())} questionnaires before the customer's first account opened"
    for name, t in (("questionnaire", a["assessed_at"]), ("sale", sales["sold_at"])):
        minute = t.dt.hour * 60 + t.dt.minute
        off = (minute < 9 * 60) | (minute > 17 * 60)
        assert not off.any(), f"{int(off.sum())} {name}s outside branch hours (09:00-17:00), e.g. 00:00 from a clamp"


def test_no_holding_after_the_last_active_day(history):
    """No residue: a holding (a wealth, fund or insurance sale included) that cannot lie in the
    active window of a customer who left was never opened."""
    h, day = _window(history, history["holdings"], "opened_on")
    assert len(h) > 1000
    assert (day <= h["last_active_on"]).all()


# --- module 04's sales are purchases in module 01's transactions --------------------------------


def _sales_of(year: int) -> pd.DataFrame:
    s, p = load("suitability_sales"), load("products").set_index("product_id")
    s = s.assign(day=s["sold_at"].dt.normalize(), line=p["line"].reindex(s["product_id"]).to_numpy(),
                 channels=p["channels"].reindex(s["product_id"]).to_numpy())
    return s[s["day"].dt.year == year]


def test_every_sale_of_2025_is_a_same_day_purchase_in_transactions(history):
    """A sale of the suitability audit (module 04 lesson 2) is a purchase that module 01's
    transactions record: same customer, the sale day, the product's line, an amount consistent
    with the holding (its year-end balance less at most 8% of return), through a channel the
    product is sold through."""
    s, t = _sales_of(2025), history["transactions"]
    assert len(s) > 300
    m = s.merge(t, left_on=["customer_id", "day", "line"], right_on=["customer_id", "txn_date", "product_line"])
    ok = (m["amount"] <= m["balance"]) & (m["amount"] >= m["balance"] / 1.08) & np.array(
        [c in str(chs).split("|") for c, chs in zip(m["channel"], m["channels"], strict=True)])
    found = m.loc[ok, "sale_id"].nunique()
    assert found == len(s), f"{len(s) - found} of {len(s)} sales of 2025 without their purchase in transactions"


def test_no_sale_falls_outside_the_customer_s_active_time_in_transactions(history):
    """A customer who lapses (no transaction in the rest of the year) lapses after the last sale:
    no 2025 sale comes after the customer's last transaction."""
    s, t = _sales_of(2025), history["transactions"]
    last = t.groupby("customer_id")["txn_date"].max()
    after = s["day"] > s["customer_id"].map(last)
    assert not after.any(), f"{int(after.sum())} sales after the customer's last transaction"


def test_contacts_respect_vendor_scope_and_campaign_target_unless_planted():
    """Module 04 lesson 3: each maker works only campaigns within its stated scope
    (contact_vendors.scope) and only customers on the campaign's target list
    (contact_campaigns.target_*: age, a product held or not yet held at the contact, the lowest
    risk tolerance); the exceptions are the contacts worked from the stale purchased list, the
    audit's planted finding (truth/contacts_stale_list.csv)."""
    from finmkt.methods.contact_consent import scope_target_flags
    from finmkt.paths import data_dir

    log = load("contact_log")
    f = scope_target_flags(log, load("contact_campaigns"), load("contact_vendors"), load("customers"),
                           load("holdings"), load("products"))
    stale = pd.read_csv(data_dir() / "truth" / "contacts_stale_list.csv", dtype=str)
    key = ["customer_id", "channel", "made_by", "campaign_id", "started_at"]
    planted = pd.MultiIndex.from_frame(log[key].astype({"started_at": str}).assign(
        started_at=log["started_at"].dt.strftime("%Y-%m-%d %H:%M"))).isin(pd.MultiIndex.from_frame(stale[key]))
    off = (f["out_of_scope"] | f["off_target"]).to_numpy()
    assert off.sum() > 100, "the planted stale-list findings are in the log"
    assert not (off & ~planted).any(), f"{int((off & ~planted).sum())} contacts off scope or target, not planted"


# --- module 05: the complaint log and the satisfaction survey tell the same histories -----------


@pytest.fixture(scope="module")
def ops(history):
    c = history["customers"]
    first = CUTOFF - pd.to_timedelta(np.round(c["tenure_years"] * 365.25), unit="D")
    last = pd.Series(CUTOFF, index=c.index)
    tl = history["timeline"]
    first.loc[tl.index] = tl["acquired_on"]
    last.loc[tl.index] = tl["last_active_on"]
    return {"q": load("complaints"), "inv": load("satisfaction_invitations"), "resp": load("satisfaction_responses"),
            "first": first, "last": last}


def test_every_complaint_lies_in_the_complainant_s_history(history, ops):
    """Received in 2025, after the customer joined (the first account for customers older than the
    new-customer model), at most 30 days after the last active day; resolved after receipt; an
    extension notice and an escalation after receipt and by the cut-off."""
    q = ops["q"]
    assert q["customer_id"].isin(history["customers"].index).all()
    day = q["received_at"].dt.normalize()
    assert (day >= pd.Timestamp("2025-01-01")).all() and (day <= CUTOFF).all()
    assert (day >= q["customer_id"].map(ops["first"]).to_numpy()).all(), "a complaint before the customer joined"
    late = (day - q["customer_id"].map(ops["last"])).dt.days
    assert (late <= 30).all(), "a complaint more than 30 days after the customer's last active day"
    assert (late > 0).any(), "some customers complain on the way out"
    res = q["resolved_at"].notna()
    assert (q.loc[res, "resolved_at"] > q.loc[res, "received_at"]).all()
    for col in ("extension_notified_on", "escalated_on"):
        x = q[col].notna()
        assert (q.loc[x, col] >= day[x]).all() and (q.loc[x, col] <= CUTOFF).all(), col
    minute = q["resolved_at"].dt.hour * 60 + q["resolved_at"].dt.minute
    assert minute[res].between(9 * 60, 18 * 60).mean() > 0.95, "decisions are stamped in office hours"


def test_complaints_are_about_products_the_customer_held(history, ops):
    """A complaint's product is one the customer holds (holdings.csv), opened on or before the receipt
    day; D01 is every customer's demand account. Card complaints name a card, loan complaints a loan."""
    q, h, p = ops["q"], history["holdings"], history["products"]
    named = q[(q["product_id"] != "") & (q["product_id"] != "D01")]
    assert len(named) > 500
    m = named.merge(h, on=["customer_id", "product_id"], how="left")
    assert m["opened_on"].notna().all(), "a complaint about a product the customer does not hold"
    assert (m["opened_on"] <= m["received_at"].dt.normalize()).all(), "a complaint before the product was opened"
    line = q["product_id"].map(p["line"])
    assert (line[q["business"] == "credit_card"] == "credit_card").all()
    assert (line[q["business"].isin(["consumer_loan", "mortgage"])] == q.loc[q["business"].isin(
        ["consumer_loan", "mortgage"]), "business"]).all()


def test_mis_selling_complaints_are_module_04_s_mis_sales():
    """Every mis-selling complaint disputes one of module 04's sales (same customer and product,
    sold before): sale_above_risk_level ones a sale above the customer's level at the sale, by the
    audit's own rules, assessment_not_valid ones a sale without a valid assessment, product-loss
    complaints a suitable sale."""
    from finmkt.methods.suitability import sale_flags

    q, sales = load("complaints"), load("suitability_sales")
    f = sale_flags(sales, load("suitability_assessments"), load("products"), load("customers"), CUTOFF).set_index("sale_id")
    s = q[q["related_id"].str.startswith("S")].merge(sales, left_on="related_id", right_on="sale_id",
                                                      suffixes=("", "_sale"))
    assert len(s) == q["related_id"].str.startswith("S").sum() > 30
    assert (s["customer_id"] == s["customer_id_sale"]).all() and (s["product_id"] == s["product_id_sale"]).all()
    assert (s["sold_at"] < s["received_at"]).all()
    flags = f.reindex(s["sale_id"])
    above = s["root_cause"].to_numpy() == "sale_above_risk_level"
    invalid = s["root_cause"].to_numpy() == "assessment_not_valid"
    assert flags["above"].to_numpy()[above].all()
    assert (flags["none"] | flags["expired"]).to_numpy()[invalid].all()
    assert not flags["unsuitable"].to_numpy()[s["category"].to_numpy() == "product_loss"].any()
    assert set(s["category"]) == {"mis_selling", "product_loss"}
    share = q.loc[q["related_id"].str.startswith("S"), "customer_id"].isin(
        sales.loc[sales["sale_id"].isin(f.index[f["above"]]), "customer_id"]).mean()
    assert share > 0.4, "module 04's mis-sold customers are a large part of the investment complainants"


def test_marketing_complaints_are_module_04_s_contacts():
    """Every marketing complaint disputes a contact of the contact log: same customer, received after
    the contact ended; contact_list_not_screened ones a contact that breaks the consent or the
    do-not-call rule (the audit's labels), most of them the worst vendor's (V3); marketing_frequency
    ones a lawful contact."""
    from finmkt.methods.contact_consent import label_contacts

    q, log = load("complaints"), load("contact_log")
    flags = label_contacts(log, load("contact_consents"), load("contact_campaigns"), load("contact_params"))
    log = log.assign(bad=(flags["consent"] | flags["dnc"]).to_numpy())
    k = q[q["category"] == "marketing_contact"].merge(log, left_on="related_id", right_on="contact_id",
                                                       suffixes=("", "_contact"))
    assert len(k) == (q["category"] == "marketing_contact").sum() > 100
    assert (k["customer_id"] == k["customer_id_contact"]).all()
    assert (k["received_at"] > k["ended_at"].fillna(k["started_at"])).all(), "received after the contact ended"
    unscreened = k["root_cause"] == "contact_list_not_screened"
    assert k.loc[unscreened, "bad"].all() and not k.loc[~unscreened, "bad"].any()
    assert (k.loc[unscreened, "made_by"] == "V3").mean() > 0.5, "the worst vendor's contacts"


def test_app_and_branch_complaints_come_from_their_users(history, ops):
    """App failures are complained about by app users (logins in the last 90 days, or the app as
    preferred channel), the faulty release only while it was live; branch service by branch
    visitors."""
    q, c = ops["q"], history["customers"]
    app = q[q["category"] == "system_failure"]
    user = (c["app_logins_month"] > 0) | (c["preferred_channel"] == "app")
    assert user.reindex(app["customer_id"]).all()
    first = q[q["root_cause"] == "app_release_defect"].groupby("customer_id")["received_at"].min()
    assert first.between("2025-06-10", "2025-07-17").all()
    branch = q[q["category"] == "service_quality"]
    assert (c.loc[branch["customer_id"], "branch_visits_year"] > 0).all()


def test_the_survey_samples_active_customers_and_asks_what_applies(history, ops):
    """The invited customers joined by 2025-09-30 and were active on 2025-12-01 or later; each
    respondent answered once, within two weeks of the invitation and in the active window; the app,
    branch and RM ratings exist exactly for app users, branch visitors and customers with an RM
    contact; the complaint-handling rating exactly for the customers with a complaint received in
    the 12 months before the invitation."""
    inv, resp, c = ops["inv"], ops["resp"], history["customers"]
    assert inv["customer_id"].is_unique and inv["customer_id"].isin(c.index).all()
    assert (inv["customer_id"].map(ops["first"]) <= pd.Timestamp("2025-09-30")).all()
    assert (inv["customer_id"].map(ops["last"]) >= pd.Timestamp("2025-12-01")).all()
    assert (c.loc[inv["customer_id"], "dormant"] == 0).all()
    r = resp.merge(inv, on="customer_id")
    assert len(r) == len(resp) == inv["responded"].sum() and resp["customer_id"].is_unique
    lag = (r["responded_at"].dt.normalize() - r["invited_on"]).dt.days
    assert lag.between(0, 14).all()
    assert (r["responded_at"].dt.normalize() <= r["customer_id"].map(ops["last"])).all()
    for col, use in (("app_experience", "app_logins_month"), ("branch_wait", "branch_visits_year"),
                     ("rm_service", "rm_contacts_year")):
        assert (r[col].notna() == (c.loc[r["customer_id"], use].to_numpy() > 0)).all(), col
    assert r[["fees", "returns"]].notna().all().all()
    q = ops["q"]
    m = r[["customer_id", "invited_on"]].merge(q[["customer_id", "received_at"]], on="customer_id")
    inside = m[(m["received_at"] < m["invited_on"]) & (m["received_at"] >= m["invited_on"] - pd.Timedelta(days=365))]
    assert set(r.loc[r["complaint_handling"].notna(), "customer_id"]) == set(inside["customer_id"])
    assert r["complaint_handling"].notna().sum() > 30


def test_survey_ratings_agree_with_the_customers_histories(history, ops):
    """Module 04's mis-sold customers rate their relationship manager lower; customers who complained
    about the app, about fees or about the branch before the invitation rate that attribute lower;
    those whose complaint was late or not upheld rate its handling lower than those upheld in time."""
    from finmkt.methods.suitability import sale_flags

    r, q = ops["resp"].merge(ops["inv"], on="customer_id"), ops["q"]
    sales = load("suitability_sales")
    f = sale_flags(sales, load("suitability_assessments"), load("products"), load("customers"), CUTOFF)
    missold = set(sales.loc[f["above"].to_numpy() & (sales["sold_at"] < "2025-10-15").to_numpy(), "customer_id"])
    rated = r[r["rm_service"].notna()]
    mis = rated["customer_id"].isin(missold)
    assert mis.sum() >= 3 and rated.loc[mis, "rm_service"].mean() < rated.loc[~mis, "rm_service"].mean() - 1
    before = q.merge(r[["customer_id", "invited_on"]], on="customer_id")
    before = before[(before["received_at"] < before["invited_on"])
                    & (before["received_at"] >= before["invited_on"] - pd.Timedelta(days=365))]
    for cat, col in (("system_failure", "app_experience"), ("fees", "fees"), ("service_quality", "branch_wait")):
        who = r["customer_id"].isin(before.loc[before["category"] == cat, "customer_id"]) & r[col].notna()
        assert who.sum() >= 5, cat
        assert r.loc[who, col].mean() < r.loc[~who & r[col].notna(), col].mean(), cat
    from finmkt.methods.complaint_handling import deadline_status

    st = deadline_status(before, CUTOFF)
    late = before.loc[st["breached"] | (before["outcome"] == "not_upheld"), "customer_id"]
    good = before.loc[st["in_time"] & (before["outcome"] == "upheld"), "customer_id"]
    ch = r.set_index("customer_id")["complaint_handling"]
    assert ch.reindex(late.unique()).mean() < ch.reindex(good.unique()).mean() - 1
# --- module 05: customer value and the cross-sell test --------------------------------------

@pytest.fixture(scope="module")
def module05():
    return {"campaign": load("crosssell_campaign"), "params": load("crosssell_params").set_index("key")["value"],
            "value": load("value_customers"), "customers": load("customers"), "consents": load("contact_consents"),
            "holdings": load("holdings"), "products": load("products").set_index("product_id"),
            "retention": load("retention_customers"), "channel": load("channel_customers"),
            "assessments": load("suitability_assessments"), "transactions": load("transactions"),
            "contacts": load("contact_log")}


def test_value_customers_are_the_extract_with_module_03_s_segments_and_margins(module05):
    v, c = module05["value"], module05["customers"]
    assert list(v["customer_id"]) == list(c["customer_id"])
    seg = pd.read_csv(data_dir() / "truth" / "segments.csv").set_index("customer_id")["segment"]
    assert (v["segment"].to_numpy() == seg.reindex(v["customer_id"]).to_numpy()).all()
    rc = module05["retention"].set_index("customer_id")["segment"]
    both = v[v["customer_id"].isin(rc.index)]
    assert len(both) > 1000 and (both["segment"].to_numpy() == rc.reindex(both["customer_id"]).to_numpy()).all()
    ch = module05["channel"].set_index("customer_id")["monthly_margin"]
    new = v.set_index("customer_id").loc[ch.index, "monthly_margin"]
    assert (new == ch).all(), "a new customer of 2024-2025 has module 03's margin"
    expected = spec.monthly_margin(c["assets"], c["has_credit_card"], c["has_consumer_loan"], c["has_mortgage"])
    assert v["monthly_margin"].mean() == pytest.approx(expected.mean(), rel=0.02)


def test_the_cross_sell_population_is_exactly_the_eligible_customers(module05):
    """Recomputed from the tables a trainee joins: active, no fund, valid SMS marketing and
    personalised consent on the campaign day, C2 or above with an assessment valid to the window's end."""
    m, p = module05, module05["params"]
    c = m["customers"]
    day = pd.Timestamp(p["campaign_day"])
    end = day + pd.Timedelta(days=int(p["window_days"]) - 1)
    cons = m["consents"]

    def valid(channel, purpose):
        k = cons[(cons["channel"] == channel) & (cons["purpose"] == purpose) & (cons["granted_on"] <= day)
                 & (cons["withdrawn_on"].isna() | (cons["withdrawn_on"] > day))]
        return c["customer_id"].isin(k["customer_id"])

    fund_holders = set(m["holdings"].loc[m["holdings"]["product_id"].str.startswith("F"), "customer_id"])
    ok = ((c["dormant"] == 0) & ~c["customer_id"].isin(fund_holders) & valid("sms", "marketing")
          & valid("all", "personalised") & (c["risk_tolerance"].str[1].astype(int) >= 2)
          & ((end - c["risk_assessed_on"]).dt.days <= int(p["assessment_validity_days"])))
    assert set(c.loc[ok, "customer_id"]) == set(m["campaign"]["customer_id"])
    assert m["campaign"]["customer_id"].is_unique and len(m["campaign"]) > 10_000


def test_the_cross_sell_test_happens_after_every_history_and_within_its_rules(module05):
    m, p = module05, module05["params"]
    camp = m["campaign"]
    day = pd.Timestamp(p["campaign_day"])
    end = day + pd.Timedelta(days=int(p["window_days"]) - 1)
    assert m["transactions"]["txn_date"].max() < day and m["contacts"]["started_at"].max() < day
    assert m["holdings"]["opened_on"].max() < day and m["assessments"]["assessed_at"].max() < day
    # every customer was active at the campaign: joined before, last active within the churn rule's 90 days
    tl = m["retention"].set_index("customer_id")
    inside = camp[camp["customer_id"].isin(tl.index)]
    last = tl.loc[inside["customer_id"], "last_active_on"]
    assert (tl.loc[inside["customer_id"], "acquired_on"] < day).all() and ((CUTOFF - last).dt.days < 90).all()
    assert tl.loc[inside["customer_id"], "closed_on"].isna().all()
    # the product may be sold to them: a new fund (not on the year-end shelf), R2 <= their level, at least its minimum
    assert p["product_id"] not in m["products"].index and p["product_risk_level"] == "R2"
    levels = m["customers"].set_index("customer_id").loc[camp["customer_id"], "risk_tolerance"].str[1].astype(int)
    assert (levels >= int(p["product_risk_level"][1])).all()
    conv = camp[camp["converted"] == 1]
    assert (conv["amount"] >= float(p["product_min_amount"])).all() and camp.loc[camp["converted"] == 0, "amount"].isna().all()
    assert conv["converted_on"].between(day, end).all() and camp.loc[camp["converted"] == 0, "converted_on"].isna().all()
    # the arms: only the treatment group was sent the SMS (and could reply TD)
    t = camp["treated"] == 1
    assert (camp.loc[t, "group"] == "treatment").all() and (camp.loc[~t, "group"] == "control").all()
    assert (camp.loc[t, "sms_sent_on"] == day).all() and camp.loc[~t, "sms_sent_on"].isna().all()
    assert (camp.loc[~t, "opted_out"] == 0).all()
    assert abs(t.mean() - (1 - float(p["control_share"]))) < 3 * np.sqrt(0.25 / len(camp))
    # the segment is the customer's one segment
    seg = m["value"].set_index("customer_id")["segment"]
    assert (camp["segment"].to_numpy() == seg.reindex(camp["customer_id"]).to_numpy()).all()


def test_no_cross_sell_response_from_a_customer_who_had_left(module05):
    """A new customer idle for 61-89 days at the cut-off had left (the active ones were all active in
    the last 60 days): on the year-end list, but no purchase and no reply."""
    camp, tl = module05["campaign"], module05["retention"].set_index("customer_id")
    inside = camp[camp["customer_id"].isin(tl.index)]
    idle = (CUTOFF - tl.loc[inside["customer_id"], "last_active_on"]).dt.days.to_numpy()
    gone = inside[idle > 60]
    assert len(gone) > 10 and (gone["converted"] == 0).all() and (gone["opted_out"] == 0).all()
    active = tl[tl["closed_on"].isna() & ((CUTOFF - tl["last_active_on"]).dt.days <= 60)]
    assert len(active) > 1000


def test_the_customer_value_lesson_reads_the_one_transaction_history_and_module_03_s_ltv(module05):
    """Calibration and holdout cover transactions.csv's year; the LTV convention and the margin model
    are module 03's (same rows as retention_params and acquisition_params)."""
    p = load("value_params").set_index("key")["value"]
    tx = module05["transactions"]
    assert pd.Timestamp(p["calibration_start"]) == tx["txn_date"].min().normalize()
    assert pd.Timestamp(p["observation_end"]) == CUTOFF >= tx["txn_date"].max()
    assert pd.Timestamp(p["calibration_start"]) < pd.Timestamp(p["calibration_end"]) < CUTOFF
    retention = load("retention_params").set_index("key")["value"]
    acquisition = load("acquisition_params").set_index("key")["value"]
    for key in ("discount_rate_monthly", "ltv_horizon_months"):
        assert float(p[key]) == float(retention[key])
    for key in ("margin_net_spread", "margin_card_income", "margin_loan_income", "margin_mortgage_income",
                "margin_cost_to_serve"):
        assert float(p[key]) == float(acquisition[key])
    assert [float(p["tier_affluent_min"]), float(p["tier_high_net_worth_min"])] == [500_000.0, 6_000_000.0]


def test_complaints_come_after_what_they_dispute_and_escalations_after_the_decision(history):
    """Module 05 lesson 3 (review rev05l3, H1 and L3): a complaint is received after the record it
    disputes (the end of the call or the SMS of contact_log, the sale of suitability_sales), a
    regulator's 12378 transfer at least 3 days after the contact; an escalation to 12378 comes after
    the decision, or after the missed deadline when the complaint was late (as the data dictionary
    says). The customer's history is test_every_complaint_lies_in_the_complainant_s_history."""
    q = load("complaints")
    k = q.merge(history["contacts"], left_on="related_id", right_on="contact_id", suffixes=("", "_k"))
    assert len(k) == int(q["related_id"].astype(str).str.startswith("K").sum()) > 100, "every K... names a contact"
    end = k["ended_at"].fillna(k["started_at"])
    assert (k["received_at"] > end).all(), f"{int((k['received_at'] <= end).sum())} complaints before the contact ended"
    reg = k["channel"].astype(str) == "regulator_12378"
    lag = (k.loc[reg, "received_at"].dt.normalize() - k.loc[reg, "started_at"].dt.normalize()).dt.days
    assert reg.any() and (lag >= 3).all(), "a 12378 transfer reaches the bank days after the contact, not the same day"
    s = q.merge(load("suitability_sales"), left_on="related_id", right_on="sale_id", suffixes=("", "_s"))
    assert len(s) == int(q["related_id"].astype(str).str.startswith("S").sum()) > 20, "every S... names a sale"
    assert (s["customer_id"] == s["customer_id_s"]).all() and (s["received_at"] > s["sold_at"]).all()
    esc = q[q["escalated_on"].notna()]
    deadline = esc["received_at"].dt.normalize() + pd.to_timedelta(esc["extended_to_days"], unit="D")
    late = esc["resolved_at"].isna() | (esc["resolved_at"].dt.normalize() > deadline)
    after = esc["escalated_on"] > esc["resolved_at"].dt.normalize()
    assert len(esc) > 20 and (after | (late & (esc["escalated_on"] > deadline))).all(), (
        "an escalation comes after the decision, or after the missed deadline of a late complaint")
