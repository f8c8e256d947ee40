"""Exercises of lesson 03_channels/03_attribution (归因分析)."""

from finmkt.exercises import exercise

LESSON = "03_channels/03_attribution"

exercise(
    "single_touch", LESSON, "First-touch and last-touch attribution (首次触点归因 / 末次触点归因)",
    hints=[
        "Only converting journeys have a conversion to give away: keep the rows of `paths` whose journey "
        "converted, then find each journey's first (or last) touch in time.",
        "Do not trust the row order: sort by journey and touch time first; `groupby(\"journey_id\").head(1)` "
        "or `.tail(1)` then picks one touch per journey.",
        "Each of those touches carries one whole conversion: count them by channel (`value_counts`), as floats, "
        "so that the credits add up to the number of converting journeys.",
    ],
    mistake="Crediting the first or last touch of every journey, converted or not, so the credits add up to "
            "the journeys instead of the conversions.",
    points=2,
)

exercise(
    "linear_credit", LESSON, "Linear attribution (线性归因): equal credit to every touch",
    hints=[
        "A converting journey with n touches gives 1/n of its conversion to each touch, repeated touches of a "
        "channel included: three app pushes and one SMS give the app 3/4.",
        "`groupby(\"journey_id\")[\"channel\"].transform(\"size\")` gives every row its journey's number of "
        "touches n; the row's share is 1 / n.",
        "Add the shares up by channel. Check on a toy journey app, app, SMS: 2/3 and 1/3, not 1/2 each.",
    ],
    mistake="Splitting each conversion equally over the journey's distinct channels, which ignores repeated "
            "touches (that is a different rule, met again with Shapley).",
    points=2,
)

exercise(
    "position_based_credit", LESSON, "Position-based attribution (位置归因, U形 40/20/40)",
    hints=[
        "Three cases by the number of touches n: one touch takes 100%; two touches take 50% each; from three "
        "touches on, the first and the last take 40% each and the middle ones share the remaining 20%.",
        "Number the touches of each journey in time order (`cumcount`) and give every row its n; then "
        "`np.where` on n and on the position builds the weight of each touch.",
        "With n = 2 there is no middle touch to take the 20%: check that every converting journey's weights "
        "add up to 1.",
    ],
    mistake="Applying 40/40/20 to two-touch journeys, which loses 20% of each of their conversions.",
    points=2,
)

exercise(
    "time_decay_credit", LESSON, "Time-decay attribution (时间衰减归因), half-life 7 days",
    hints=[
        "A touch Δt days before the conversion weighs 2^(−Δt / 7): a touch a week before counts half as much as "
        "one just before the account was opened.",
        "Δt = conversion time − touch time, in FRACTIONAL DAYS: divide the time difference by "
        "`pd.Timedelta(days=1)` (not hours, and not from the journey's first touch).",
        "Normalise the weights within each conversion (divide by the journey's sum of weights, "
        "`groupby(...).transform(\"sum\")`), then add them up by channel; only converting journeys.",
    ],
    mistake="Measuring Δt in hours, so that a touch a day before the conversion counts for almost nothing and "
            "the rule turns into last-touch.",
    points=2,
)

exercise(
    "markov_credit", LESSON, "Markov removal effect (马尔可夫链归因, 移除效应)",
    hints=[
        "Write every journey as a path start → touch 1 → ... → touch n → conversion (or null); count the "
        "transitions between consecutive states over ALL journeys and divide each row by its total.",
        "With Q the transitions among start and the channels and R those into conversion and null, the "
        "absorption probabilities are (I − Q)^(-1) R (`np.linalg.solve`); P = the start row's conversion "
        "column. Removing channel c moves the probability of every transition INTO c to null.",
        "RE_c = 1 − P(−c) / P. The removal effects add up to more than 1, so the credits are total conversions "
        "× RE_c / Σ RE: check that they add up to the conversions.",
    ],
    mistake="Crediting total × RE_c without dividing by the sum of the removal effects, so the channels are "
            "credited with more conversions than there were.",
    points=3,
)

exercise(
    "set_values", LESSON, "Channel sets (渠道组合) and their conversion rates",
    hints=[
        "A journey's channel set is the set of DISTINCT channels that touched it: app, app, SMS is the set "
        "{app, SMS}, the same set as SMS, app.",
        "Build a key per journey: its distinct channels sorted and joined by \"|\" (e.g. \"app_push|sms\"). "
        "Drop the repeated (journey, channel) rows first, sort by channel, then `groupby(\"journey_id\")` and "
        "join the channels with `agg`.",
        "Then group the journeys by key: the number of journeys, the conversions and their ratio, the "
        "conversion rate; index by the key, named channel_set.",
    ],
    mistake="Building the key from every touch, repeats included, so app, app, SMS becomes a set of its own "
            "and the journeys of one channel set are split over many keys.",
    points=2,
)

exercise(
    "shapley_values", LESSON, "Shapley value (沙普利值) of the exact-set conversion rate",
    hints=[
        "For each player c, go through every subset S of the OTHER players: its marginal contribution is "
        "v(S ∪ {c}) − v(S), weighted by |S|! (n − |S| − 1)! / n!; sets missing from the game are worth 0.",
        "`itertools.combinations(others, k)` for k = 0 .. n − 1 lists the subsets; `math.factorial` gives the "
        "weights; look values up with `game.get(frozenset(S), 0.0)`.",
        "Check on a toy additive game (v(S) = sum of the members' numbers): the Shapley value must give back "
        "each member's number, and the values add up to v(all players). The lesson's game is the conversion "
        "RATE of journeys whose set is exactly S, not the conversions of the journeys inside S.",
    ],
    mistake="Playing the game with v(S) = conversions of the journeys whose set is a subset of S and "
            "presenting it as the exact-set Shapley value: it only splits each conversion equally over its "
            "channels.",
    points=3,
)
