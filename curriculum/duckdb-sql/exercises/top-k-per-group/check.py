"""Checks for top-k-per-group.

PYTEST_DONT_REWRITE: every assertion carries its own message; pytest's rewriting would
add the repr of whole DataFrames and relations to it.
"""

import contextlib
import duckdb
import numpy as np
import polars as pl
import pytest
import secrets

from exercise import top_k_per_user


# One DuckDB instance for the whole check: a new one builds its catalog of functions, tens of
# milliseconds each time, while a database attached to it costs almost nothing.
INSTANCE = duckdb.connect()


@contextlib.contextmanager
def new_database():
    """A connection whose default database is new and empty, as `duckdb.connect()` gives."""
    name = f"db_{secrets.token_hex(6)}"
    INSTANCE.execute(f"ATTACH ':memory:' AS {name}")
    con = INSTANCE.cursor()
    try:
        con.execute(f"USE {name}")
        yield con
    finally:
        con.close()
        INSTANCE.execute(f"DETACH {name}")


COLUMNS = ["user_id", "item", "score", "rank"]


def reference(scores, k):
    by_user = {}
    for user, item, score in scores.iter_rows():
        if score is not None:
            by_user.setdefault(user, []).append((item, score))
    rows = []
    for user in sorted(by_user):
        ranked = sorted(by_user[user], key=lambda t: (-t[1], t[0]))[:k]
        rows += [(user, item, score, i + 1) for i, (item, score) in enumerate(ranked)]
    return rows


def random_scores(seed, n=400):
    rng = np.random.default_rng(seed)
    score = np.round(rng.normal(size=n), 1)  # one decimal: many ties
    frame = pl.DataFrame(
        {
            "user_id": rng.choice([f"u{i:02d}" for i in range(15)], size=n),
            "item": [f"item-{i:03d}" for i in rng.permutation(n)],
            "score": score,
        }
    )
    return frame.with_columns(
        pl.when(pl.Series(rng.random(n) < 0.1)).then(None).otherwise(pl.col("score")).alias("score")
    )


def order_hint(got, want):
    """A hint when the right rows come back in the wrong order."""
    if got != want and sorted(got, key=lambda r: (r[0], r[3])) == want:
        return " (the right rows, in the wrong order: sort the result by user_id, then rank)"
    return ""


def run(scores, k):
    with new_database() as con:
        out = top_k_per_user(con, scores, k)
    assert isinstance(out, pl.DataFrame), f"expected a polars.DataFrame, got {type(out).__name__}"
    assert out.columns == COLUMNS, f"expected the columns {COLUMNS}, got {out.columns}"
    assert out.schema["rank"].is_integer(), f"rank must be an integer column, got {out.schema['rank']}"
    return [tuple(row) for row in out.iter_rows()]


def test_small_example_with_a_tie_and_a_null():
    scores = pl.DataFrame(
        {
            "user_id": ["ana", "ana", "ana", "ana", "ben", "ben"],
            "item": ["d", "b", "c", "a", "x", "y"],
            "score": [0.9, 0.7, 0.9, None, 0.1, 0.3],
        }
    )
    got = run(scores, 2)
    want = [("ana", "c", 0.9, 1), ("ana", "d", 0.9, 2), ("ben", "y", 0.3, 1), ("ben", "x", 0.1, 2)]
    assert got == want, (
        f"expected {want}\ngot      {got}\n"
        "ana's items c and d tie at 0.9: the tie goes to the item first in alphabetical order; "
        "her null score is ignored"
    )


def test_matches_the_definition_on_random_data():
    scores = random_scores(0)
    for k in (1, 3, 10):
        got = run(scores, k)
        want = reference(scores, k)
        assert len(got) == len(want), f"k={k}: expected {len(want)} rows, got {len(got)}"
        bad = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), None)
        assert bad is None, f"k={k}: row {bad} should be {want[bad]}, got {got[bad]}{order_hint(got, want)}"


@pytest.mark.parametrize("order", ["z to a", "a to z", "shuffled"])
def test_ties_go_to_the_first_item_alphabetically_in_any_insertion_order(order):
    # Every user has six items in three pairs of equal scores; the rows go in in the given order, so
    # a sort without a tie-break returns the tied items in an order the check does not expect.
    rows = [
        (user, f"{user}-item-{letter}", score)
        for user in ["ana", "ben", "cy", "dee"]
        for letter, score in zip("abcdef", [0.5, 0.5, 0.9, 0.9, 0.1, 0.1])
    ]
    if order == "z to a":
        rows.sort(key=lambda r: r[1], reverse=True)
    elif order == "a to z":
        rows.sort(key=lambda r: r[1])
    else:
        rows = [rows[i] for i in np.random.default_rng(5).permutation(len(rows))]
    scores = pl.DataFrame(rows, schema={"user_id": pl.String, "item": pl.String, "score": pl.Float64}, orient="row")
    for k in (1, 3, 5):
        got = run(scores, k)
        want = reference(scores, k)
        assert got == want, (
            f"items inserted {order}, k={k}: tied scores must go to the item first in alphabetical order "
            f"(add item to the window's ORDER BY){order_hint(got, want)}.\n"
            f"expected {want[:6]}...\ngot      {got[:6]}..."
        )


def test_nulls_never_get_a_rank():
    scores = pl.DataFrame(
        {"user_id": ["ana", "ana", "ana"], "item": ["a", "b", "c"], "score": [None, 0.5, None]},
        schema={"user_id": pl.String, "item": pl.String, "score": pl.Float64},
    )
    got = run(scores, 3)
    assert got == [("ana", "b", 0.5, 1)], (
        f"only the scored item gets a rank: expected [('ana', 'b', 0.5, 1)], got {got}"
    )


def test_fewer_items_than_k_and_k_zero():
    scores = random_scores(1, n=60)
    got = run(scores, 1000)
    want = reference(scores, 1000)
    assert len(got) == len(want), (
        f"with k larger than any user's item count every scored row is kept: expected {len(want)} rows, "
        f"got {len(got)}"
    )
    bad = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), None)
    assert bad is None, f"k=1000: row {bad} should be {want[bad]}, got {got[bad]}"
    assert run(scores, 0) == [], "k = 0 must give no rows"


def test_input_is_not_changed():
    scores = random_scores(2, n=50)
    before = scores.clone()
    run(scores, 2)
    assert scores.equals(before), "the input frame was modified"


@pytest.mark.parametrize("k", [2, 5])
def test_k_is_used(k):
    scores = random_scores(3, n=200)
    got = run(scores, k)
    counts = {}
    for user, *_ in got:
        counts[user] = counts.get(user, 0) + 1
    assert max(counts.values()) == k, f"with k={k} the busiest user should have {k} rows, got {max(counts.values())}"
