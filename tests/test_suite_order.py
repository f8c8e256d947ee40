"""The suite's own test order for pytest-xdist (``tests/conftest.py``): long tests shared
out over the workers' first blocks, short ones after them."""

from __future__ import annotations

from tests.conftest import balanced_order


def test_long_tests_open_both_blocks_and_their_time_is_shared():
    seconds = {"catch": 110, "g04": 115, "g05": 100, "g03": 75, "g02": 72, "hub": 60, "g01": 58,
               "b1": 18, "b2": 18, "b3": 18}
    items = [f"t{i}" for i in range(20)] + list(seconds) + [f"u{i}" for i in range(21)]
    order = balanced_order(items, 2, lambda i: seconds.get(i, 0))
    assert sorted(order) == sorted(items)
    first, second = order[:len(items) // 2], order[len(items) // 2:]  # worksteal's first split
    loads = [sum(seconds.get(i, 0) for i in block) for block in (first, second)]
    assert abs(loads[0] - loads[1]) <= 60, loads
    for block in (first, second):  # each block starts with its long tests, longest first
        n_long = sum(i in seconds for i in block)
        assert all(i in seconds for i in block[:n_long])
        assert [seconds[i] for i in block[:n_long]] == sorted((seconds[i] for i in block[:n_long]), reverse=True)
    short = [i for i in order if i not in seconds]
    assert short == [i for i in items if i not in seconds]  # the short ones keep their order


def test_one_worker_or_no_long_test_keeps_the_order():
    items = list("abcdef")
    assert balanced_order(items, 2, lambda i: 0) == items
    assert balanced_order(items, 1, lambda i: 5 if i == "d" else 0) == ["d", "a", "b", "c", "e", "f"]


def test_tests_sharing_a_fixture_stay_together():
    seconds = {"a1": 10, "a2": 10, "a3": 10, "big": 25, "c": 20}
    items = ["a1", "x", "a2", "big", "y", "a3", "c", "z"]
    order = balanced_order(items, 2, lambda i: seconds.get(i, 0), lambda i: "a" if i.startswith("a") else None)
    first, second = order[:4], order[4:]
    assert {"a1", "a2", "a3"} <= set(first) or {"a1", "a2", "a3"} <= set(second)
    assert [i for i in order if i.startswith("a")] == ["a1", "a2", "a3"]
    assert sorted(order) == sorted(items)
