"""Run time of module 05's reference methods on the course data (a lesson must run in 10 s).

    python benchmarks/module05_methods.py

Prints one line per step (seconds, best of ``--repeat`` runs) and the warnings any step raised
(a lesson must run without warnings). Not a test. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from finmkt.data import crosssell, load  # noqa: E402
from finmkt.data.customers import SEGMENTS  # noqa: E402
from finmkt.methods import customer_value as cv  # noqa: E402
from finmkt.methods import uplift as up  # noqa: E402


def _steps():
    params = load("value_params").set_index("key")["value"]
    tx = load("transactions")
    vc = load("value_customers").set_index("customer_id")
    customers = load("customers")
    camp = load("crosssell_campaign")
    cons = load("contact_consents")
    cp = load("crosssell_params").set_index("key")["value"]
    state: dict = {}

    def summary():
        state["s"] = cv.rfm_summary(tx, params["calibration_end"], params["observation_end"])
        state["s"]["segment"] = vc["segment"].reindex(state["s"].index).to_numpy()

    def bg_pooled():
        s = state["s"]
        cv.fit_bgnbd(s["frequency"], s["recency"], s["T"])

    def bg_segments():
        s = state["s"]
        state["bg"] = {g: cv.fit_bgnbd(d["frequency"], d["recency"], d["T"]) for g, d in s.groupby("segment")}

    def predict():
        s = state["s"]
        for g, d in s.groupby("segment"):
            cv.expected_purchases(state["bg"][g], 92.0, d["frequency"], d["recency"], d["T"])
            cv.prob_alive(state["bg"][g], d["frequency"], d["recency"], d["T"])

    def gamma_gamma():
        s = state["s"]
        for _, d in s.groupby("segment"):
            gg = cv.fit_gamma_gamma(d["frequency"], d["monetary_value"])
            cv.expected_spend(gg, d["frequency"], d["monetary_value"])

    def ltv():
        full = cv.rfm_summary(tx, params["observation_end"])
        full["segment"] = vc["segment"].reindex(full.index).to_numpy()
        for g, d in full.groupby("segment"):
            cv.customer_ltv(state["bg"][g], d["frequency"], d["recency"], d["T"],
                            vc["monthly_margin"].reindex(d.index), 0.008, 24)

    def eligible():
        up.eligible(customers, cons, cp["campaign_day"],
                    pd.Timestamp(cp["campaign_day"]) + pd.Timedelta(days=int(cp["window_days"]) - 1), 2, "has_fund")

    def by_segment():
        up.uplift_by_group(camp, "segment")

    def models():
        X = crosssell.features(customers, camp["customer_id"])
        X = pd.concat([X, pd.get_dummies(pd.Categorical(camp["segment"], categories=SEGMENTS), prefix="seg",
                                         drop_first=True, dtype=float).set_index(X.index)], axis=1)
        y, t = camp["converted"].to_numpy(), camp["treated"].to_numpy()
        state["u2"] = up.two_model_uplift(X, y, t)
        state["uct"] = up.class_transformation_uplift(X, y, t)
        state["resp"] = up.response_model(X, y, t)

    def qini():
        y, t = camp["converted"].to_numpy(), camp["treated"].to_numpy()
        for u in (state["u2"], state["uct"], state["resp"]):
            up.qini_area(y, t, u)

    def profit():
        v = np.full(len(camp), 100.0)
        p = up.expected_profit(state["u2"], state["resp"], v, 20.0, 0.1)
        up.campaign_result(camp.assign(value=camp["amount"].fillna(0) * 0.004, treated=camp["treated"].astype(bool))
                           [p > 0], "value", 20.0, 0.1)

    return [("L1 rfm_summary (calibration + holdout)", summary), ("L1 BG/NBD pooled fit", bg_pooled),
            ("L1 BG/NBD fit per segment (5)", bg_segments), ("L1 expected purchases + P(alive)", predict),
            ("L1 Gamma-Gamma per segment", gamma_gamma), ("L1 LTV over T = 24 (survival path)", ltv),
            ("L4 eligible population", eligible), ("L4 uplift by segment", by_segment),
            ("L4 two-model + class transformation + response model", models), ("L4 Qini areas (3)", qini),
            ("L4 targeting profit", profit)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    best: dict[str, float] = {}
    caught: dict[str, set] = {}
    for _ in range(args.repeat):
        for name, step in _steps():
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                t0 = time.perf_counter()
                step()
                dt = time.perf_counter() - t0
            best[name] = min(best.get(name, np.inf), dt)
            caught.setdefault(name, set()).update(f"{x.category.__name__}: {x.message}" for x in w)
    total = {"L1": 0.0, "L4": 0.0}
    print(f"{'step':58s} {'s':>7s}")
    for name, dt in best.items():
        total[name[:2]] += dt
        print(f"{name:58s} {dt:7.2f}")
    for k, v in total.items():
        print(f"{k + ' total':58s} {v:7.2f}")
    for name, ws in caught.items():
        for w in sorted(ws):
            print(f"warning in {name}: {w}")


if __name__ == "__main__":
    main()
