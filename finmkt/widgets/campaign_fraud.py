"""Referral-ring explorer (lesson 04_compliance/04_campaign_fraud).

The rings are yours: a table account_id -> ring_id from the lesson's exercise
``find_rings`` (the course convention: a bipartite graph of accounts and their device, IP
and phone; identifiers used by more than K accounts dropped; a ring is a connected component
with at least two accounts; its id is its smallest account id). :func:`ring_summary` is the plain computation of the readout
(unit-tested): a ring's accounts, the identifiers they share, the rewards paid and how
active its new accounts were. :func:`ring_chart` draws the ring with networkx and
matplotlib (accounts as circles, devices as squares, IPs as triangles, phones as
diamonds; ASCII labels only), and :func:`ring_graph_widget` wraps both in a dropdown of
the rings, largest first.
"""

from __future__ import annotations

import pandas as pd

from finmkt.widgets._live import live_box

#: CSS class of the readout (browser tests read the figures from it).
READOUT_CLASS = "finmkt-ring-readout"
#: Identifier columns of the accounts table and their node prefixes.
IDENTIFIERS = {"device_id": "device", "ip": "ip", "phone": "phone"}
_SHAPES = {"device": "s", "ip": "^", "phone": "D"}


def _members(rings: pd.Series, ring_id: str) -> list[str]:
    r = pd.Series(rings).astype(str)
    r.index = r.index.astype(str)
    return sorted(r.index[r == str(ring_id)])


def ring_summary(accounts: pd.DataFrame, rings: pd.Series, ring_id: str) -> dict:
    """The readout's figures for one ring, as plain Python values.

    Keys: ``ring_id``, ``accounts`` (sorted ids), ``n_accounts``, ``n_new`` (new accounts),
    ``shared`` ({kind: [values used by two or more of the ring's accounts]}), ``n_shared``,
    ``rewards_paid`` (RMB, each new account's reward once), ``dormant_share`` (share of its new
    accounts with at most one transaction in 90 days) and ``internal_referrals`` (new accounts
    referred by another account of the ring).
    """
    members = _members(rings, ring_id)
    if not members:
        raise ValueError(f"no ring {ring_id!r}")
    a = accounts.astype({"account_id": str}).set_index("account_id").loc[members]
    shared = {}
    for col, kind in IDENTIFIERS.items():
        counts = a[col].astype(str).value_counts()
        shared[kind] = sorted(counts.index[counts >= 2])
    new = a[a["new_account"].astype(int) == 1]
    return {
        "ring_id": str(ring_id), "accounts": members, "n_accounts": len(members), "n_new": int(len(new)),
        "shared": shared, "n_shared": int(sum(len(v) for v in shared.values())),
        "rewards_paid": float(new["reward_paid"].astype(float).sum()),
        "dormant_share": float((new["txn_90d"].astype(int) <= 1).mean()) if len(new) else 0.0,
        "internal_referrals": int(new["referrer_id"].astype(str).isin(members).sum()),
    }


def ring_graph(accounts: pd.DataFrame, members: list[str]):
    """The ring's accounts and the identifiers two or more of them share, as a networkx Graph
    (node attribute ``kind``: account, device, ip or phone)."""
    import networkx as nx

    a = accounts.astype({"account_id": str}).set_index("account_id").loc[members]
    g = nx.Graph()
    g.add_nodes_from(members, kind="account")
    for col, kind in IDENTIFIERS.items():
        values = a[col].astype(str)
        counts = values.value_counts()
        for acc, v in values.items():
            if counts[v] >= 2:
                node = f"{kind}:{v}"
                g.add_node(node, kind=kind)
                g.add_edge(acc, node)
    return g


def ring_chart(accounts: pd.DataFrame, rings: pd.Series, ring_id: str):
    """Draw one ring. Returns (fig, ax); the legend sits outside the axes."""
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    from finmkt.plotting import BANK_COLOR, PALETTE, place_legend

    s = ring_summary(accounts, rings, ring_id)
    g = ring_graph(accounts, s["accounts"])
    new = set(accounts.loc[accounts["new_account"].astype(int) == 1, "account_id"].astype(str))
    pos = nx.spring_layout(g, seed=7, k=1.2 / max(1, len(g)) ** 0.5)
    fig, ax = plt.subplots(figsize=(8, 5.2))
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#999999", width=1.0)
    accs = [n for n, d in g.nodes(data=True) if d["kind"] == "account"]
    colors = [PALETTE[1] if n in new else BANK_COLOR for n in accs]
    nx.draw_networkx_nodes(g, pos, nodelist=accs, node_shape="o", node_color=colors, node_size=260, ax=ax)
    for kind, color in zip(_SHAPES, (PALETTE[2], PALETTE[3], PALETTE[4]), strict=True):
        nodes = [n for n, d in g.nodes(data=True) if d["kind"] == kind]
        nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_shape=_SHAPES[kind], node_color=color, node_size=200,
                               ax=ax)
    labels = {}
    for n in g.nodes:
        v = n if n in accs else n.split(":", 1)[1]
        labels[n] = v if len(v) <= 15 else ".." + v[-11:]
    nx.draw_networkx_labels(g, pos, labels=labels, font_size=7, ax=ax)
    ax.set_title(f"Ring {s['ring_id']}: {s['n_accounts']} accounts linked by {s['n_shared']} shared identifiers")
    ax.set_axis_off()
    handles = [Line2D([], [], marker="o", linestyle="", color=PALETTE[1], label="new account"),
               Line2D([], [], marker="o", linestyle="", color=BANK_COLOR, label="existing customer"),
               Line2D([], [], marker="s", linestyle="", color=PALETTE[2], label="device"),
               Line2D([], [], marker="^", linestyle="", color=PALETTE[3], label="IP address"),
               Line2D([], [], marker="D", linestyle="", color=PALETTE[4], label="phone")]
    place_legend(ax, handles=handles)
    fig.tight_layout()
    return fig, ax


def readout_html(s: dict) -> str:
    """The readout: accounts, shared identifiers and rewards paid."""
    shared = "; ".join(f"{kind} {', '.join(v)}" for kind, v in s["shared"].items() if v) or "none"
    return (f"<b>Ring {s['ring_id']}</b>: {s['n_accounts']} accounts ({s['n_new']} new, "
            f"{s['internal_referrals']} referred from inside the ring) &nbsp;|&nbsp; <b>Rewards paid</b> "
            f"¥{s['rewards_paid']:,.0f} &nbsp;|&nbsp; <b>Dormant</b> (at most one transaction in 90 days) "
            f"{s['dormant_share']:.0%} of its new accounts<br><b>Accounts</b>: {', '.join(s['accounts'])}"
            f"<br><b>Shared identifiers</b> ({s['n_shared']}): {shared}")


def ring_graph_widget(accounts: pd.DataFrame, rings: pd.Series, *, chart: bool = True):
    """An ipywidgets VBox: a dropdown of the rings (largest first), a live readout and the ring's graph.

    ``rings``: a table account_id -> ring_id (yours, from the exercise ``find_rings``). The box exposes ``.sliders`` ({"ring": the dropdown}), ``.readout``,
    ``.chart`` and ``.summary()``.
    """
    import ipywidgets as w

    rings = pd.Series(rings).astype(str)
    rings.index = rings.index.astype(str)
    sizes = rings.value_counts()
    order = sorted(sizes.index, key=lambda r: (-int(sizes[r]), r))
    if not order:
        raise ValueError("no ring to show")
    dropdown = w.Dropdown(options=[(f"{r} ({int(sizes[r])} accounts)", r) for r in order], value=order[0],
                          description="Ring (团伙)", style={"description_width": "90px"},
                          layout=w.Layout(width="340px"))

    def summary() -> dict:
        return ring_summary(accounts, rings, dropdown.value)

    return live_box({"ring": dropdown}, summary, readout_html,
                    (lambda s: ring_chart(accounts, rings, s["ring_id"])[0]) if chart else None, READOUT_CLASS)
