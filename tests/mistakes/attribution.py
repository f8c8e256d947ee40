"""Typical mistakes of lesson 03_channels/03_attribution (see the exercise registry)."""

LESSON = "03_channels/03_attribution"

MISTAKES = {
    # every journey's first/last touch credited, converted or not
    "single_touch": [("conv = paths[paths[\"converted\"] == 1]", "conv = paths")],
    # equal split over the distinct channels (repeated touches ignored)
    "linear_credit": [("conv = paths[paths[\"converted\"] == 1]\n",
                       "conv = paths[paths[\"converted\"] == 1].drop_duplicates([\"journey_id\", \"channel\"])\n")],
    # 40/40/20 applied to two-touch journeys
    "position_based_credit": [("np.where(n == 2, 0.5,", "np.where(n == 2, 0.4,")],
    # the age of a touch in hours
    "time_decay_credit": [("/ pd.Timedelta(days=1)", "/ pd.Timedelta(hours=1)")],
    # removal effects not renormalised
    "markov_credit": [("total * re / re.sum()", "total * re")],
    # repeated touches counted in the set key
    "set_values": [("paths.drop_duplicates([\"journey_id\", \"channel\"]).sort_values(\"channel\")",
                    "paths.sort_values(\"channel\")")],
    # the subset game presented as the exact-set value
    "shapley_values": [(
        "v_exact = {frozenset(k.split(\"|\")): float(r) for k, r in set_table[\"rate\"].items()}",
        "v_exact = {frozenset(S): float(sum(n for k, n in set_table[\"conversions\"].items() "
        "if frozenset(k.split(\"|\")) <= frozenset(S))) for r in range(1, len(CHANNELS) + 1) "
        "for S in combinations(CHANNELS, r)}",
    )],
}
