"""A referral campaign and an uncapped coupon, with planted fraud rings (module 04, lesson 4: campaign fraud).

Minghu Bank's 2025 **invite-a-friend campaign (邀请好友开户有礼)** for its mobile app, from
2025-05-01 to 2025-07-31: an app user shares an invitation link; a friend who opens an app
account through it and makes a first payment within 7 days earns the referrer a bonus of
¥50 and the new account a welcome bonus of ¥20 (``referral_params``). The campaign is part
of the app channel of ``channel_spend.csv``: its media spend and its rewards are inside the
app channel's media and incentive spend of May-July 2025.

Five tables:

* ``referral_accounts``: every account of the campaign, bank-wide (fraud detection needs the
  whole graph, so this table is not a sample): the existing customers who shared a link
  (``new_account`` 0) and the new accounts opened through a link (``new_account`` 1), with the
  referrer, the sign-up time, the device, IP address and (masked) phone number the app
  recorded, the reward paid and the activity in the 90 days after sign-up. The genuine new
  customers of the campaign who are in the customer extract (still customers at 2025-12-31,
  a 4% sample: about 1 in 25) carry their ``customers.csv`` id; they are app-channel customers
  of ``retention_customers.csv`` / ``channel_customers.csv`` acquired on the sign-up day, with
  the same last active day. A few existing referrers are extract customers too.
* ``coupon_redemptions``: every redemption of the app's **Singles' Day payment coupon
  (双十一立减金)**, ¥30 off a card payment of ¥50 or more through the app, launched on
  2025-11-10 at 20:00 **without a per-user cap (未设置单用户领取上限)**, over its 72 hours.
* ``referral_params``: the bonuses, the campaign's media spend, the fraud rules' parameters
  (K, the velocity threshold) and the coupon's terms.
* ``referral_public_identifiers``: the anti-fraud team's register of known public identifiers
  (the branch tablet, the campus and mall Wi-Fi addresses).

Planted fraud (``truth/referrals.json``; the planted labels in ``truth/referral_fraud.csv``):

* **rings (团伙)**: groups of 2 to 30 accounts run by one organiser (an existing account).
  Each new member was referred by an earlier member and shares one identifier (device, phone
  or IP) with one earlier member, chosen at random: the accounts are linked in chains, so a
  ring is a connected component of the account-identifier graph, not a set of accounts with
  one common identifier. No identifier is shared by more than 6 accounts of a ring. A few
  ring members signed up on a carrier's NAT address, which bridges rings to the public
  addresses' crowds when those are not dropped.
* **self-referrals (自己推荐自己)**: existing customers who opened a second account through
  their own link, on the same device or with the same phone number (and the same IP).
* **a velocity burst (短时集中注册)**: one organiser's link posted to a deal-hunters' group
  (羊毛群): 34 sign-ups from 21:40 to 02:20 the next night, half before and half after
  midnight, each on its own device, proxy IP and virtual-operator phone number (170/171/165/
  167): only the velocity rule sees them.
* every fraudulent new account qualifies for the reward (a ¥10 first payment); most are dormant
  afterwards (``txn_90d`` = 1, last active within 3 days of sign-up), but 30% of ring members and
  25% of the second accounts are kept warm with 2-6 small payments over a few weeks (养号), and
  12% of the genuine qualified new accounts also make only the qualifying payment in 90 days:
  inactivity points at fraud without proving it.

Public identifiers: genuine accounts share only identifiers that many unrelated people use:
ten carrier-grade NAT addresses of the mobile networks (198.51.100.1-10), Minghu University's
campus Wi-Fi (203.0.113.10: students refer classmates), a shopping mall's free Wi-Fi
(203.0.113.77) and a branch's account-opening tablet (移动展业 Pad), each used by more than
K = 15 accounts; the tablet and the two Wi-Fi addresses are on the anti-fraud team's register
of known public identifiers (``referral_public_identifiers``), the NAT addresses are public
by their type (an IP above K); every other genuine identifier is the account's own (home broadband on
IPv6, 2001:db8::/32). All addresses are documentation ranges (RFC 5737, RFC 3849); every
device id and phone number is fictional, phone numbers masked as 138****1234 (two accounts
with the same masked number have the same number).

The coupon: about 3,600 genuine users redeem it once or twice (a few three or four times)
over the 72 hours; 14 accounts found the missing cap within the first hour and redeemed it
every few minutes for two to four hours, on ¥50 purchases at two gift-card merchants (套现).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from finmkt.data import spec
from finmkt.data.schema import Dataset, cols, param_cols

CAMPAIGN_START = np.datetime64("2025-05-01T00:00:00")
CAMPAIGN_DAYS = 92  # 2025-05-01 to 2025-07-31
COUPON_LAUNCH = np.datetime64("2025-11-10T20:00:00")
COUPON_HOURS = 72
CUTOFF = np.datetime64(spec.AS_OF.date().isoformat())

REFERRER_BONUS, WELCOME_BONUS = 50.0, 20.0
MEDIA_SPEND = 120_000.0
MAX_SHARE = 15  # K: identifiers shared by more than K accounts are dropped
VELOCITY_THRESHOLD = 20  # flag a referrer with more than this many sign-ups in a rolling 24 h
COUPON_VALUE, COUPON_MIN_PURCHASE = 30.0, 50.0
CAP_KEEP_SHARE = 0.99
MAX_CAP = 10

N_REFERRERS = 620
#: Planted ring sizes (accounts, organiser included).
RING_SIZES = [2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 22, 26, 30]
RING_SHARE_CAP = 6
N_SELF = 24
BURST_SIZE = 34
QUALIFY_RATE = 0.85  # genuine new accounts that make the qualifying first payment
DORMANT_RATE = 0.12  # genuine new accounts that stop using the account after a while
#: fraud accounts kept warm with a few payments (ring members, second accounts of self-referrers)
WARM_RING, WARM_SELF = 0.3, 0.25
#: genuine qualified new accounts that made only the qualifying payment in their first 90 days
QUIET_GENUINE = 0.12
NAT_IPS = [f"198.51.100.{i}" for i in range(1, 11)]
CAMPUS_IP, MALL_IP = "203.0.113.10", "203.0.113.77"
BRANCH_PAD = "dv-pad-minghu-0451"
GENUINE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                    "156", "158", "159", "180", "182", "186", "187", "188", "189", "199"]
VIRTUAL_PREFIXES = ["165", "167", "170", "171"]
N_COUPON_USERS = 3_600
COUPON_R_P = [0.86, 0.137, 0.002, 0.001]  # genuine users: 1, 2, 3 or 4 redemptions
N_EXPLOITERS = 14
EXPLOIT_MERCHANTS = ["M0017", "M0042"]

PARAMS = [
    ("referrer_bonus", REFERRER_BONUS, "RMB per qualified referral",
     "Minghu Bank app campaign rules, May 2025",
     "Paid to the referrer when the friend's new account makes a first payment within 7 days"),
    ("welcome_bonus", WELCOME_BONUS, "RMB per qualified new account", "Minghu Bank app campaign rules, May 2025",
     "Paid to the new account itself on the same condition"),
    ("campaign_media_spend", MEDIA_SPEND, "RMB", "Minghu Bank marketing budget 2025 (app channel)",
     "The campaign's media and operating spend (app banners and push, landing page, the agency), rewards excluded"),
    ("max_accounts_per_identifier", float(MAX_SHARE), "accounts", "Minghu Bank anti-fraud rules (2025)",
     "K: an IP address used by more than K accounts is public (a carrier's NAT, a Wi-Fi) and is dropped from the ring "
     "graph. A device or phone is dropped only when it is on the register of known public identifiers "
     "(referral_public_identifiers); one used by more than K accounts that is not on it stays in the graph and goes "
     "to manual review (a device farm looks like that)"),
    ("velocity_threshold", float(VELOCITY_THRESHOLD), "sign-ups per 24 h", "Minghu Bank anti-fraud rules (2025)",
     "A referrer with more than this many referred sign-ups in any rolling 24 hours is flagged"),
    ("velocity_window_hours", 24.0, "hours", "Minghu Bank anti-fraud rules (2025)",
     "Length of the rolling window of the velocity rule"),
    ("coupon_value", COUPON_VALUE, "RMB per redemption", "Minghu Bank app promotion, Singles' Day 2025",
     "Discount of one redemption of the payment coupon (立减金)"),
    ("coupon_min_purchase", COUPON_MIN_PURCHASE, "RMB", "Minghu Bank app promotion, Singles' Day 2025",
     "Smallest card payment the coupon applies to"),
    ("cap_keep_share", CAP_KEEP_SHARE, "share of users", "Minghu Bank promotion design rule (after the incident)",
     "The per-user cap is the smallest number of redemptions that at least this share of users stay within"),
    ("max_cap_considered", float(MAX_CAP), "redemptions per user", "Minghu Bank promotion design rule",
     "Largest per-user cap the review tabulates"),
]

REFERRAL_ACCOUNTS = Dataset(
    "referral_accounts",
    "Invite-a-friend campaign 2025 (邀请好友开户有礼): every account, with its identifiers and rewards",
    "One row per account of Minghu Bank's app referral campaign of 2025-05-01 to 2025-07-31, bank-wide (not a "
    "sample): the existing customers who shared an invitation link and the new accounts opened through one. A "
    "qualified new account (a first payment within 7 days) earned its referrer ¥50 and itself ¥20. Account ids "
    "follow the sign-up time. Genuine new customers of the campaign who are in the customer extract carry their "
    "customers.csv id (about 1 in 25 of those still customers at 2025-12-31). IP addresses, device ids and phone "
    "numbers are fictional (documentation address ranges); phones are masked, and two accounts with the same masked "
    "number have the same number.",
    cols(
        ("account_id", "str", "", "Account identifier A000001, A000002, ... in order of sign-up"),
        ("customer_id", "str", "", "customers.csv id when the account's owner is in the customer extract, else empty"),
        ("new_account", "int", "0/1", "1 = a new account opened through an invitation link; 0 = an existing "
                                      "customer who shared a link"),
        ("referrer_id", "str", "", "account_id of the referrer whose link the new account used (empty for existing "
                                   "customers)"),
        ("signed_up_at", "date", "date and time", "New account: when it was opened; existing customer: when the "
                                                  "customer first shared a link (to the second)"),
        ("device_id", "str", "", "Device the app recorded at sign-up (or when the link was shared)"),
        ("ip", "str", "", "IP address at sign-up (IPv4 or IPv6)"),
        ("phone", "str", "", "Mobile number, masked (first 3 and last 4 digits)"),
        ("reward_paid", "float", "RMB", "Rewards paid because of this new account's sign-up: the referrer's bonus "
                                        "plus the welcome bonus (0 if it did not qualify; 0 for existing customers)"),
        ("txn_90d", "int", "transactions", "Transactions of the account in the 90 days after sign-up"),
        ("last_active_on", "date", "", "Last day with a transaction up to 2025-12-31"),
    ),
)

COUPON_REDEMPTIONS = Dataset(
    "coupon_redemptions",
    "Singles' Day payment coupon (双十一立减金) without a per-user cap: every redemption",
    "One row per redemption of the app's ¥30-off coupon on card payments of ¥50 or more, launched on "
    "2025-11-10 at 20:00 for 72 hours, bank-wide. The promotion had no per-user cap (单用户领取上限): any user "
    "could redeem it on every qualifying payment.",
    cols(
        ("redemption_id", "str", "", "Redemption identifier, in time order"),
        ("user_id", "str", "", "App user (pseudonymous id of this table)"),
        ("redeemed_at", "date", "date and time", "When the coupon was redeemed (to the second)"),
        ("merchant_id", "str", "", "Merchant of the payment"),
        ("purchase_amount", "float", "RMB", "Card payment before the discount"),
        ("discount", "float", "RMB", "Discount paid by the bank for this redemption"),
    ),
)

REFERRAL_PARAMS = Dataset(
    "referral_params",
    "Referral campaign and coupon: rewards, fraud-rule parameters, coupon terms",
    "The campaign's bonuses and media spend, the parameters of the bank's anti-fraud rules (the identifier "
    "share limit K and the velocity threshold) and the coupon's terms, with where each comes from.",
    param_cols(),
)

REFERRAL_PUBLIC_IDS = Dataset(
    "referral_public_identifiers",
    "Register of known public identifiers (公共标识名单) of Minghu Bank's anti-fraud team",
    "Identifiers the anti-fraud team has checked and registered as shared by unrelated people: the bank's own "
    "account-opening tablets and the public Wi-Fi addresses it knows. Registered identifiers are dropped from the "
    "ring graph by id; any other device or phone stays in it whatever the number of accounts using it.",
    cols(
        ("identifier_type", "str", "", "device, ip or phone"),
        ("identifier", "str", "", "The identifier, as in referral_accounts"),
        ("description", "str", "", "What it is and why it is public"),
    ),
)

#: The register: the branch tablet and the two public Wi-Fi addresses (the carriers' NAT
#: addresses are not registered one by one: an IP above K is public by its type)
PUBLIC_REGISTER = [
    ("device", BRANCH_PAD, "Account-opening tablet (移动展业Pad) of a Minghu Bank branch: walk-in customers sign up on it"),
    ("ip", CAMPUS_IP, "Minghu University campus Wi-Fi (校园网出口)"),
    ("ip", MALL_IP, "Free Wi-Fi of a shopping mall"),
]

SCHEMAS = [REFERRAL_ACCOUNTS, COUPON_REDEMPTIONS, REFERRAL_PARAMS, REFERRAL_PUBLIC_IDS]


# --- identifiers ------------------------------------------------------------------------------

class _Ids:
    """Fresh fictional identifiers, never repeated."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.devices = iter(rng.choice(16**9, 20_000, replace=False))
        self.genuine_phones = iter(rng.choice(len(GENUINE_PREFIXES) * 10_000, 8_000, replace=False))
        self.virtual_phones = iter(rng.choice(len(VIRTUAL_PREFIXES) * 10_000, 2_000, replace=False))
        self.homes = iter(rng.choice(2**40, 8_000, replace=False))
        proxies = [f"192.0.2.{i}" for i in range(1, 255)] + [f"198.51.100.{i}" for i in range(101, 255)]
        self.proxies = iter(rng.permutation(proxies).tolist())

    def device(self) -> str:
        return f"dv-{int(next(self.devices)):09x}"

    def phone(self, virtual: bool = False) -> str:
        prefixes = VIRTUAL_PREFIXES if virtual else GENUINE_PREFIXES
        code = int(next(self.virtual_phones if virtual else self.genuine_phones))
        return f"{prefixes[code // 10_000]}****{code % 10_000:04d}"

    def home_ip(self) -> str:
        h = int(next(self.homes))
        return f"2001:db8:{h >> 32:x}:{(h >> 16) & 0xFFFF:x}:{h & 0xFFFF:x}::1"

    def proxy(self) -> str:
        return next(self.proxies)


def _stamp(seconds: np.ndarray, origin: np.datetime64) -> np.ndarray:
    """'YYYY-MM-DD HH:MM:SS' strings of whole seconds after ``origin``."""
    t = origin + np.asarray(seconds, dtype=np.int64).astype("timedelta64[s]")
    return np.char.replace(np.datetime_as_string(t, unit="s"), "T", " ")


def _day_time(rng, n: int) -> np.ndarray:
    """Seconds into a day, mostly 08:00-23:00 (genuine sign-ups)."""
    hour = np.where(rng.random(n) < 0.9, rng.uniform(8, 23, n), rng.uniform(0, 24, n))
    return np.floor(hour * 3600).astype(np.int64)


# --- the referral campaign ----------------------------------------------------------------------

def _accounts(rng: np.random.Generator, frames: dict, scale: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = _Ids(rng)
    day = 86_400
    span = CAMPAIGN_DAYS * day
    rows: list[dict] = []

    def add(**kw) -> int:
        rows.append(kw)
        return len(rows) - 1

    # genuine referrers (existing customers) and their friends -----------------------------------
    n_ref = N_REFERRERS
    campus = rng.random(n_ref) < 0.08
    n_friends = 1 + rng.geometric(0.55, n_ref) - 1
    n_friends[0] = 26  # a popular referrer (a campus ambassador): many friends over the weeks
    campus[0] = True
    n_friends[1] = 9  # a class group chat: nine friends within six hours
    first_friend = rng.integers(0, span - 10 * day, n_ref)
    genuine_new: list[int] = []
    referrer_rows = []
    for r in range(n_ref):
        ref = add(kind="referrer", new=0, parent=-1, t=-1, campus=bool(campus[r]), scheme="", ring=-1)
        referrer_rows.append(ref)
        k = int(n_friends[r])
        if r == 0:
            times = np.sort(rng.integers(0, span - day, k))
        elif r == 1:
            times = np.sort(first_friend[r] + rng.integers(0, 6 * 3600, k))
        else:
            days = np.sort(rng.integers(0, 21, k))
            times = first_friend[r] - first_friend[r] % day + days * day + _day_time(rng, k)
        times = np.minimum(times, span - 1)
        for t in times:
            genuine_new.append(add(kind="genuine", new=1, parent=ref, t=int(t),
                                   campus=bool(campus[r] and rng.random() < 0.8), scheme="", ring=-1))
    # a second generation: some new customers invite friends too
    second = [g for g in genuine_new if rng.random() < 0.10 and rows[g]["t"] < span - 5 * day]
    for g in second:
        k = 1 + int(rng.random() < 0.3)
        for _ in range(k):
            t = rows[g]["t"] + int(rng.integers(3600, 14 * day))
            if t < span:
                genuine_new.append(add(kind="genuine", new=1, parent=g, t=t,
                                       campus=bool(rows[g]["campus"] and rng.random() < 0.8), scheme="", ring=-1))
    # genuine identifiers: own device and phone; IP: campus Wi-Fi, a carrier NAT, the mall or home
    genuine = [i for i in range(len(rows))]
    for i in genuine:
        rows[i]["device"] = ids.device()
        rows[i]["phone"] = ids.phone()
        if rows[i]["campus"]:
            rows[i]["ip"] = CAMPUS_IP
        elif rng.random() < 0.55:
            rows[i]["ip"] = NAT_IPS[int(rng.choice(len(NAT_IPS), p=np.linspace(2, 1, len(NAT_IPS)) / 15))]
        else:
            rows[i]["ip"] = ids.home_ip()
    others = [i for i in genuine if not rows[i]["campus"] and not rows[i]["ip"].startswith("198.51.100.")]
    for i in rng.choice(others, 28, replace=False):
        rows[int(i)]["ip"] = MALL_IP
    new_ok = [i for i in genuine_new if rows[i]["t"] < span - 3 * day]
    for i in rng.choice(new_ok, 24, replace=False):  # opened at a branch on the staff's tablet
        rows[int(i)]["device"] = BRANCH_PAD

    # self-referrals: an existing customer opens a second account through the own link ------------
    self_refs = rng.choice(np.arange(2, n_ref), N_SELF, replace=False)
    for j, r in enumerate(self_refs):
        ref = referrer_rows[int(r)]
        for _ in range(2 if j < 3 else 1):
            t = int(rng.integers(0, span))
            dup = add(kind="self", new=1, parent=ref, t=t, campus=False, scheme="self_referral", ring=-1,
                      ip=rows[ref]["ip"])
            if rng.random() < 0.6:  # the same phone handset, another number
                rows[dup]["device"], rows[dup]["phone"] = rows[ref]["device"], ids.phone(virtual=True)
            else:  # the same number on another device
                rows[dup]["device"], rows[dup]["phone"] = ids.device(), rows[ref]["phone"]
        rows[ref]["scheme"] = "self_referral"

    # rings ------------------------------------------------------------------------------------------
    for g, size in enumerate(RING_SIZES):
        start = int(rng.integers(0, span - 8 * day))
        length = int((1 + size / 6) * day)
        times = np.sort(start + rng.integers(3600, length, size - 1))
        members = [add(kind="organiser", new=0, parent=-1, t=start, campus=False, scheme="ring", ring=g,
                       device=ids.device(), phone=ids.phone(virtual=rng.random() < 0.5), ip=ids.proxy())]
        for t in times:
            m = add(kind="ring", new=1, parent=members[int(rng.integers(0, len(members)))], t=int(t), campus=False,
                    scheme="ring", ring=g, device=None, phone=None, ip=None)
            # share one identifier with one earlier member (a chain), at most RING_SHARE_CAP accounts each
            for _ in range(20):
                partner = members[int(rng.integers(0, len(members)))]
                kind = ("device", "phone", "ip")[int(rng.choice(3, p=[0.4, 0.3, 0.3]))]
                value = rows[partner][kind]
                if sum(rows[x][kind] == value for x in members) < RING_SHARE_CAP:
                    rows[m][kind] = value
                    break
            else:  # pragma: no cover (never needed with these sizes)
                raise RuntimeError("ring identifiers exhausted")
            rows[m]["device"] = rows[m]["device"] or ids.device()
            rows[m]["phone"] = rows[m]["phone"] or ids.phone(virtual=rng.random() < 0.6)
            rows[m]["ip"] = rows[m]["ip"] or ids.proxy()
            members.append(m)
        if size >= 8 and g % 2 == 1:  # a member on mobile data: a carrier NAT address
            lone = [x for x in members[1:] if sum(rows[y]["ip"] == rows[x]["ip"] for y in members) == 1]
            if lone:
                rows[lone[0]]["ip"] = NAT_IPS[g % len(NAT_IPS)]

    # the velocity burst -----------------------------------------------------------------------------
    night = int(rng.integers(20, 70)) * day
    organiser = add(kind="burst_organiser", new=0, parent=-1, t=night - int(rng.integers(2, 5)) * day, campus=False,
                    scheme="burst", ring=-1, device=ids.device(), phone=ids.phone(virtual=True), ip=ids.proxy())
    half = BURST_SIZE // 2
    before = night + 21 * 3600 + 40 * 60 + np.sort(rng.integers(0, 2 * 3600 + 20 * 60, half))
    after = night + day + np.sort(rng.integers(0, 2 * 3600 + 20 * 60, BURST_SIZE - half))
    for t in np.concatenate([before, after]):
        add(kind="burst", new=1, parent=organiser, t=int(t), campus=False, scheme="burst", ring=-1,
            device=ids.device(), phone=ids.phone(virtual=True), ip=ids.proxy())

    # times of the existing customers: shortly before their first friend -----------------------------
    kids: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if row["parent"] >= 0:
            kids.setdefault(row["parent"], []).append(i)
    for i, row in enumerate(rows):
        if row["new"] == 0 and row["kind"] == "referrer":
            first = min(rows[k]["t"] for k in kids[i])
            row["t"] = first - int(rng.integers(1, max(2, min(3 * day, first))))
    frame = pd.DataFrame(rows)
    frame["t"] = frame["t"].astype(np.int64)
    return frame, kids


def _link_extract(rng, frame: pd.DataFrame, kids: dict, frames: dict, scale: int | None) -> pd.DataFrame:
    """customers.csv ids for the genuine new customers (and existing referrers) in the extract."""
    frac = spec.sampling_fraction(scale)
    frame["customer_id"] = ""
    frame["last_day"] = -1
    start_day = CAMPAIGN_START.astype("datetime64[D]")
    rc = frames["retention_customers"]
    acq = pd.to_datetime(rc["acquired_on"].astype(str))
    cand = rc[(rc["channel"].astype(str) == "app") & rc["customer_id"].astype(str).str.startswith("C")
              & (acq >= pd.Timestamp(str(start_day))) & (acq < pd.Timestamp(str(start_day)) + pd.Timedelta(days=CAMPAIGN_DAYS))]
    # survivors: genuine new accounts still active, without friends of their own, referred by an existing customer
    parent_new = frame["parent"].map(frame["new"]).fillna(1).to_numpy()
    ok = ((frame["kind"] == "genuine") & frame["active"] & ~frame.index.isin(list(kids))
          & (parent_new == 0)).to_numpy()
    pool = np.flatnonzero(ok)
    k = min(int(rng.binomial(len(pool), frac)), len(cand))
    chosen = np.sort(rng.choice(pool, k, replace=False))
    picked = cand.sample(n=k, random_state=np.random.RandomState(int(rng.integers(2**31)))) if k else cand.iloc[:0]
    cust_day = ((pd.to_datetime(picked["acquired_on"].astype(str)) - pd.Timestamp(str(start_day))).dt.days).to_numpy()
    last = ((pd.to_datetime(picked["last_active_on"].astype(str)) - pd.Timestamp("1970-01-01")).dt.days).to_numpy()
    frame.loc[chosen, "t"] = cust_day * 86_400 + frame.loc[chosen, "t"].to_numpy() % 86_400
    frame.loc[chosen, "customer_id"] = picked["customer_id"].astype(str).to_numpy()
    frame.loc[chosen, "last_day"] = last
    # the referrer joined before the first friend (again, after the moves)
    for i in frame.index[frame["kind"] == "referrer"]:
        first = int(frame.loc[kids[i], "t"].min())
        if frame.at[i, "t"] >= first:
            frame.at[i, "t"] = first - int(rng.integers(1, max(2, min(3 * 86_400, first))))
    # existing referrers in the extract: app customers of at least a year
    c = frames["customers"]
    taken = set(rc["customer_id"].astype(str))
    olds = c[(c["preferred_channel"].astype(str) == "app") & (c["tenure_years"] >= 1.0)]["customer_id"].astype(str)
    olds = olds[~olds.isin(taken)].to_numpy()
    refs = np.flatnonzero((frame["kind"] == "referrer").to_numpy())
    k2 = min(int(rng.binomial(len(refs), frac)), len(olds))
    frame.loc[np.sort(rng.choice(refs, k2, replace=False)), "customer_id"] = np.sort(rng.choice(olds, k2, replace=False))
    return frame


def _referral_table(rng: np.random.Generator, frames: dict, scale: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame, kids = _accounts(rng, frames, scale)
    n = len(frame)
    fraud = frame["kind"].isin(["self", "ring", "burst"]).to_numpy()
    new = frame["new"].to_numpy() == 1
    genuine_new = new & ~fraud
    frame["active"] = ~(genuine_new & (rng.random(n) < DORMANT_RATE)) & ~fraud & ~frame["kind"].isin(
        ["organiser", "burst_organiser"]).to_numpy()
    frame = _link_extract(rng, frame, kids, frames, scale)
    qualified = fraud | (genuine_new & (rng.random(n) < QUALIFY_RATE))
    reward = np.where(new & qualified, REFERRER_BONUS + WELCOME_BONUS, 0.0)
    day = 86_400
    signup_day = frame["t"].to_numpy() // day + (CAMPAIGN_START.astype("datetime64[D]") - np.datetime64("1970-01-01")).astype(int)
    cutoff_day = int((CUTOFF - np.datetime64("1970-01-01")).astype(int))
    txn = np.where(fraud, np.where(new, 1, 0), np.where(frame["active"], rng.poisson(16, n), rng.poisson(2, n)))
    txn = np.where(frame["kind"].isin(["organiser", "burst_organiser"]), rng.poisson(1.5, n), txn)
    txn = np.where(new & qualified, np.maximum(txn, 1), txn)
    last = np.where(frame["active"], cutoff_day - np.floor(rng.exponential(8, n)).clip(0, 60).astype(int),
                    signup_day + np.floor(rng.uniform(0, 60, n)).astype(int))
    last = np.where(fraud, signup_day + rng.integers(0, 4, n), last)
    # less clean than "every fraud account goes dormant": a stream of its own (the other draws
    # stay as they were) lets some ring members and second accounts keep the account warm with
    # a few small payments (养号), and some genuine new accounts use theirs once in 90 days
    noise = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])
    kind = frame["kind"].to_numpy()
    u = noise.random(n)
    warm = ((kind == "ring") & (u < WARM_RING)) | ((kind == "self") & (u < WARM_SELF))
    txn = np.where(warm, noise.integers(2, 7, n), txn)
    last = np.where(warm, signup_day + noise.integers(5, 46, n), last)
    quiet = genuine_new & qualified & (noise.random(n) < QUIET_GENUINE)
    txn = np.where(quiet, 1, txn)
    last = np.where(frame["last_day"].to_numpy() >= 0, frame["last_day"].to_numpy(), last)
    last = np.clip(np.maximum(last, signup_day), None, cutoff_day)
    order = np.lexsort((np.arange(n), frame["t"].to_numpy()))
    acc_id = np.empty(n, dtype=object)
    acc_id[order] = [f"A{k:06d}" for k in range(1, n + 1)]
    parent = frame["parent"].to_numpy()
    table = pd.DataFrame({
        "account_id": acc_id,
        "customer_id": frame["customer_id"].to_numpy(),
        "new_account": frame["new"].to_numpy().astype(np.int64),
        "referrer_id": np.where(parent >= 0, acc_id[np.maximum(parent, 0)], ""),
        "signed_up_at": _stamp(frame["t"].to_numpy(), CAMPAIGN_START),
        "device_id": frame["device"].to_numpy(),
        "ip": frame["ip"].to_numpy(),
        "phone": frame["phone"].to_numpy(),
        "reward_paid": reward,
        "txn_90d": txn.astype(np.int64),
        "last_active_on": np.datetime_as_string(last.astype("datetime64[D]")),
    }).iloc[order].reset_index(drop=True)
    planted = pd.DataFrame({"account_id": acc_id, "scheme": frame["scheme"].to_numpy(),
                            "planted_ring": frame["ring"].to_numpy().astype(np.int64),
                            "fraud_new_account": (fraud & new).astype(np.int64)})
    planted = planted[planted["scheme"] != ""].sort_values("account_id").reset_index(drop=True)
    return table, planted


# --- the coupon -----------------------------------------------------------------------------------

def _coupon(rng: np.random.Generator) -> pd.DataFrame:
    horizon = COUPON_HOURS * 3600
    r = 1 + rng.choice(len(COUPON_R_P), N_COUPON_USERS, p=COUPON_R_P)
    user = np.repeat(np.arange(N_COUPON_USERS), r)
    first = np.minimum(rng.exponential(18 * 3600, N_COUPON_USERS), horizon - 3600)
    k = np.arange(len(user)) - np.repeat(np.cumsum(r) - r, r)
    t = first[user] + np.where(k > 0, rng.exponential(9 * 3600, len(user)) * k, 0.0)
    t = np.minimum(t, horizon - 1)
    merchant = np.char.add("M", np.char.zfill((1 + rng.integers(0, 60, len(user))).astype(str), 4))
    amount = np.round(COUPON_MIN_PURCHASE + rng.lognormal(np.log(60), 0.8, len(user)), 2)
    # the exploiters: every few minutes for two to four hours, ¥50 gift-card purchases
    ex_t, ex_u = [], []
    for e in range(N_EXPLOITERS):
        s = rng.uniform(5, 50) * 60
        stop = s + rng.uniform(2, 4) * 3600
        gaps = 30 + rng.exponential(150, 400)
        times = s + np.cumsum(gaps)
        times = times[times < stop]
        ex_t.append(times)
        ex_u.append(np.full(len(times), N_COUPON_USERS + e))
    ex_t, ex_u = np.concatenate(ex_t), np.concatenate(ex_u)
    ex_m = np.array(EXPLOIT_MERCHANTS)[(ex_u % 2)]
    ex_a = np.round(COUPON_MIN_PURCHASE + rng.integers(0, 100, len(ex_u)) / 100, 2)
    all_t = np.floor(np.concatenate([t, ex_t])).astype(np.int64)
    all_u = np.concatenate([user, ex_u])
    all_m = np.concatenate([merchant, ex_m])
    all_a = np.concatenate([amount, ex_a])
    codes = rng.choice(900_000, N_COUPON_USERS + N_EXPLOITERS, replace=False) + 100_000
    uid = np.char.add("U", codes.astype(str))
    o = np.lexsort((all_u, all_t))
    n = len(o)
    return pd.DataFrame({
        "redemption_id": np.char.add("R", np.char.zfill(np.arange(1, n + 1).astype(str), 6)),
        "user_id": uid[all_u[o]],
        "redeemed_at": _stamp(all_t[o], COUPON_LAUNCH),
        "merchant_id": all_m[o],
        "purchase_amount": all_a[o],
        "discount": np.full(n, COUPON_VALUE),
    }), uid[N_COUPON_USERS:]


def generate(rng: np.random.Generator, frames: dict, scale: int | None = None) -> dict:
    accounts, planted = _referral_table(rng, frames, scale)
    coupon, exploiters = _coupon(rng)
    planted = pd.concat([planted, pd.DataFrame({"account_id": np.sort(exploiters), "scheme": "coupon_exploit",
                                                "planted_ring": -1, "fraud_new_account": 0})], ignore_index=True)
    params = pd.DataFrame(PARAMS, columns=REFERRAL_PARAMS.column_names)
    public = pd.DataFrame(PUBLIC_REGISTER, columns=REFERRAL_PUBLIC_IDS.column_names)
    return {"referral_accounts": accounts, "coupon_redemptions": coupon, "referral_params": params,
            "referral_public_identifiers": public, "_truth_referral_fraud": planted}


# --- reference method and planted truth --------------------------------------------------------------

def public_nodes(register: pd.DataFrame) -> list[str]:
    """The register's identifiers as graph node names ("device:<id>", "ip:<ip>", "phone:<phone>")."""
    return sorted(register["identifier_type"].astype(str) + ":" + register["identifier"].astype(str))


def truth(frames: dict) -> dict:
    """Planted answers: ring membership by the convention, the fraud accounts, the loss, the CACs and the coupon
    loss by cap."""
    from finmkt.methods.campaign_fraud import ring_table

    a = frames["referral_accounts"].copy()
    for c in ("account_id", "referrer_id", "signed_up_at"):
        a[c] = a[c].astype(str)
    planted = frames["_truth_referral_fraud"].copy()
    planted["account_id"] = planted["account_id"].astype(str)
    rings = ring_table(a, MAX_SHARE, public_nodes(frames["referral_public_identifiers"]))
    fraud_new = sorted(planted.loc[planted["fraud_new_account"] == 1, "account_id"])
    reward = a.set_index("account_id")["reward_paid"]
    new = a[a["new_account"] == 1]
    spend = MEDIA_SPEND + float(a["reward_paid"].sum())
    genuine = len(new) - len(fraud_new)
    burst = planted[(planted["scheme"] == "burst") & (planted["fraud_new_account"] == 1)]["account_id"]
    burst_ref = sorted(set(a.set_index("account_id").loc[burst, "referrer_id"]) - {""})
    coupon = frames["coupon_redemptions"]
    per_user = coupon.groupby(coupon["user_id"].astype(str)).size()
    caps = {str(n): {"paid": float(COUPON_VALUE * np.minimum(per_user, n).sum()),
                     "avoided": float(COUPON_VALUE * np.maximum(per_user - n, 0).sum())} for n in range(1, MAX_CAP + 1)}
    share_within = {n: float((per_user <= n).mean()) for n in range(1, MAX_CAP + 1)}
    chosen = min(n for n, s in share_within.items() if s >= CAP_KEEP_SHARE)
    exploiters = sorted(planted.loc[planted["scheme"] == "coupon_exploit", "account_id"])
    planted_rings = planted[planted["planted_ring"] >= 0].groupby("planted_ring")["account_id"].apply(sorted)
    return {
        "params": {r[0]: r[1] for r in PARAMS},
        "rings": rings.to_dict(),
        "n_rings": int(rings.nunique()),
        "planted_ring_members": {str(k): v for k, v in planted_rings.items()},
        "ring_sizes": sorted(RING_SIZES),
        "self_referral_referees": sorted(planted.loc[(planted["scheme"] == "self_referral")
                                                     & (planted["fraud_new_account"] == 1), "account_id"]),
        "burst_referrers": burst_ref,
        "burst_referees": sorted(burst),
        "fraud_new_accounts": fraud_new,
        "planted_loss": float(reward.reindex(fraud_new).sum()),
        "new_accounts": int(len(new)),
        "genuine_new_accounts": int(genuine),
        "spend": spend,
        "naive_cac": spend / len(new),
        "fraud_adjusted_cac": spend / genuine,
        "coupon": {"users": int(len(per_user)), "redemptions": int(per_user.sum()), "exploiters": exploiters,
                   "exploiter_redemptions": int(per_user.reindex(exploiters).sum()),
                   "paid_without_cap": float(COUPON_VALUE * per_user.sum()), "by_cap": caps,
                   "share_within": {str(k): v for k, v in share_within.items()}, "chosen_cap": int(chosen),
                   "avoided_at_chosen_cap": caps[str(chosen)]["avoided"]},
    }
