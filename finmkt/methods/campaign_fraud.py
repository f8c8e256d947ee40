"""Campaign fraud (lesson 04_compliance/04_campaign_fraud): referral rings.

COURSE.md's convention: a bipartite graph of accounts and their identifiers (device, IP,
phone) built with networkx; identifiers shared by more than K accounts (public Wi-Fi,
carrier NAT: :data:`MAX_SHARE`) are dropped; a ring is a connected component with at least
two accounts, and its id is its smallest account id.
"""

from __future__ import annotations

import pandas as pd

#: K: identifiers shared by more than K accounts are dropped from the graph.
MAX_SHARE = 15
#: Identifier columns of the accounts table and their node prefixes.
IDENTIFIERS = {"device_id": "device", "ip": "ip", "phone": "phone"}


def ring_table(accounts: pd.DataFrame, max_share: int = MAX_SHARE) -> pd.Series:
    """account_id -> ring_id (the smallest account id of its component with >= 2 accounts) in the
    bipartite graph of accounts and the identifiers (``device_id``, ``ip``, ``phone``) shared by at
    most ``max_share`` accounts. Accounts in no ring are left out; the Series is sorted by account."""
    import networkx as nx

    a = accounts.astype({"account_id": str, "device_id": str, "ip": str, "phone": str})
    g = nx.Graph()
    g.add_nodes_from(a["account_id"])
    for col, kind in IDENTIFIERS.items():
        counts = a.groupby(col)["account_id"].nunique()
        keep = a[a[col].map(counts) <= max_share]
        g.add_edges_from(zip(keep["account_id"], kind + ":" + keep[col], strict=True))
    out = {}
    accounts_set = set(a["account_id"])
    for comp in nx.connected_components(g):
        members = sorted(comp & accounts_set)
        if len(members) >= 2:
            out.update(dict.fromkeys(members, members[0]))
    return pd.Series(out, name="ring_id", dtype=object).rename_axis("account_id").sort_index()
