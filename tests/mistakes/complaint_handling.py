"""Typical mistakes of lesson 05_customer_operations/03_complaint_handling (see the exercise registry)."""

LESSON = "05_customer_operations/03_complaint_handling"

MISTAKES = {
    # the cumulative share taken in alphabetical order, before sorting by count
    "pareto_table": [('out["cumulative"] = out["share"].cumsum()',
                      'out["cumulative"] = out["share"].sort_index().cumsum()')],
    # the year's top fixable cause, though it was fixed in July
    "fix_first": [('present = roots.index[(roots["fixable"] == 1) & roots["fixed_on"].isna()]',
                   'present = roots.index[roots["fixable"] == 1]')],
    # whole days between the times, not calendar days between the days
    "resolution_days": [('rec = complaints["received_at"].dt.normalize()', 'rec = complaints["received_at"]'),
                        ('res = complaints["resolved_at"].dt.normalize()', 'res = complaints["resolved_at"]')],
    # the open complaints dropped: the slow categories look faster
    "km_by_category": [("sel = labels == cat", "sel = (labels == cat) & done")],
    # every complaint judged against 15 days, the notified extensions ignored
    "deadline_status": [('deadline = complaints["extended_to_days"].astype(int).to_numpy()',
                         "deadline = np.full(len(complaints), 15)")],
    # the complaints the regulator transferred kept in the denominator
    "escalation_rate": [("keep = done & direct", "keep = done")],
    # the window counted from the receipt, not from the decision
    "repeat_rates": [('first = q[["customer_id", "category"]].assign(start=res).reset_index()',
                      'first = q[["customer_id", "category"]].assign(start=q["received_at"]).reset_index()')],
}
