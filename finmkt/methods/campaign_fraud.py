"""Campaign fraud (lesson 04_compliance/04_campaign_fraud): referral rings.

COURSE.md's convention: a bipartite graph of accounts and their identifiers (device, IP,
phone) built with networkx; the public identifiers are dropped: those on the bank's register
of known public identifiers (by id: the branch tablets, known Wi-Fi addresses) and the IP
addresses shared by more than K accounts (carrier NAT, public Wi-Fi: :data:`MAX_SHARE`). A
device or phone is never dropped for its count: one shared by more than K accounts is a
farm signal, kept in the graph and reviewed. A ring is a connected component with at least
two accounts, and its id is its smallest account id.
"""

from __future__ import annotations

import pandas as pd

#: K: identifiers shared by more than K accounts are dropped from the graph.
MAX_SHARE = 15
#: Identifier columns of the accounts table and their node prefixes.
IDENTIFIERS = {"device_id": "device", "ip": "ip", "phone": "phone"}


def ring_table(accounts: pd.DataFrame, max_share: int = MAX_SHARE, public=()) -> pd.Series:
    """account_id -> ring_id (the smallest account id of its component with >= 2 accounts) in the
    bipartite graph of accounts and their identifiers (``device_id``, ``ip``, ``phone``), without the
    identifiers named in ``public`` (node names "device:<id>", "ip:<ip>", "phone:<phone>") and the
    IP addresses shared by more than ``max_share`` accounts. Accounts in no ring are left out; the
    Series is sorted by account."""
    import networkx as nx

    a = accounts.astype({"account_id": str, "device_id": str, "ip": str, "phone": str})
    g = nx.Graph()
    g.add_nodes_from(a["account_id"])
    public = set(public)
    for col, kind in IDENTIFIERS.items():
        counts = a.groupby(col)["account_id"].nunique()
        node = kind + ":" + a[col]
        drop = node.isin(public) | ((kind == "ip") & (a[col].map(counts) > max_share))
        g.add_edges_from(zip(a.loc[~drop, "account_id"], node[~drop], strict=True))
    out = {}
    accounts_set = set(a["account_id"])
    for comp in nx.connected_components(g):
        members = sorted(comp & accounts_set)
        if len(members) >= 2:
            out.update(dict.fromkeys(members, members[0]))
    return pd.Series(out, name="ring_id", dtype=object).rename_axis("account_id").sort_index()
