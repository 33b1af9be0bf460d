"""Checks for point-in-time-join.

PYTEST_DONT_REWRITE: every assertion carries its own message; pytest's rewriting would
add the repr of whole DataFrames and relations to it.
"""

import contextlib
import secrets
from datetime import datetime, timedelta

import duckdb
import numpy as np
import polars as pl

from exercise import attach_features

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


COLUMNS = ["event_id", "user_id", "ts", "score", "feature_ts"]
T0 = datetime(2024, 6, 1)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def frames(events, snapshots):
    ev = pl.DataFrame(
        events, schema={"event_id": pl.Int64, "user_id": pl.String, "ts": pl.Datetime("us")}, orient="row"
    )
    sn = pl.DataFrame(
        snapshots, schema={"user_id": pl.String, "ts": pl.Datetime("us"), "score": pl.Float64}, orient="row"
    )
    return ev, sn


def assert_sorted_by_event_id(out):
    ids = out["event_id"].to_list()
    assert ids == sorted(ids), (
        f"the rows must be sorted by event_id, got the event_ids in the order {ids[:8]}"
        f"{'...' if len(ids) > 8 else ''}: an ORDER BY e.event_id"
    )


def run(events, snapshots):
    with new_database() as con:
        out = attach_features(con, events, snapshots)
    assert isinstance(out, pl.DataFrame), f"expected a polars.DataFrame, got {type(out).__name__}"
    assert out.columns == COLUMNS, f"expected the columns {COLUMNS}, got {out.columns}"
    return out


def reference(events, snapshots):
    rows = []
    for event_id, user, ts in sorted(events.iter_rows()):
        earlier = [(s_ts, score) for s_user, s_ts, score in snapshots.iter_rows() if s_user == user and s_ts <= ts]
        s_ts, score = max(earlier) if earlier else (None, None)
        rows.append((event_id, user, ts, score, s_ts))
    return rows


def test_small_example():
    events, snapshots = frames(
        [(1, "ana", at(10)), (2, "ana", at(30)), (3, "ben", at(5)), (4, "ana", at(20)), (5, "cy", at(50))],
        [("ana", at(0), 0.1), ("ana", at(20), 0.2), ("ana", at(40), 0.4), ("ben", at(6), 0.9)],
    )
    out = run(events, snapshots)
    got = [tuple(r) for r in out.iter_rows()]
    want = [
        (1, "ana", at(10), 0.1, at(0)),
        (2, "ana", at(30), 0.2, at(20)),
        (3, "ben", at(5), None, None),
        (4, "ana", at(20), 0.2, at(20)),
        (5, "cy", at(50), None, None),
    ]
    assert len(got) == len(want), (
        f"expected one row per event ({len(want)}), got {len(got)}: events 3 and 5 have no earlier "
        "snapshot and must keep their row with nulls"
    )
    assert_sorted_by_event_id(out)
    for g, w in zip(got, want):
        assert g == w, f"event {w[0]}: expected {w}, got {g}"


def test_a_snapshot_at_the_same_instant_counts():
    events, snapshots = frames([(1, "ana", at(20))], [("ana", at(0), 0.1), ("ana", at(20), 0.2)])
    row = run(events, snapshots).row(0)
    assert row[3] == 0.2, (
        f"a snapshot taken at exactly the event's ts is already valid: expected score 0.2, got {row[3]}. "
        "Use >= (at or before), not >"
    )


def test_never_uses_a_future_snapshot():
    events, snapshots = frames([(1, "ana", at(10))], [("ana", at(11), 0.5), ("ana", at(60), 0.6)])
    out = run(events, snapshots)
    assert out.height == 1, (
        f"an event without an earlier snapshot must keep its row (ASOF LEFT JOIN), got {out.height} rows"
    )
    row = out.row(0)
    assert row[3] is None and row[4] is None, (
        f"the only snapshots come after the event, so score and feature_ts must be null; got {row[3:]}: "
        "that value leaks the future into the features"
    )


def test_matches_the_definition_on_random_data():
    rng = np.random.default_rng(0)
    users = [f"u{i}" for i in range(8)]
    snapshots = []
    for user in users[:-1]:  # the last user has no snapshots at all
        minutes = np.sort(rng.choice(10_000, size=30, replace=False))
        snapshots += [(user, at(int(m)), float(np.round(rng.normal(), 3))) for m in minutes]
    order = rng.permutation(len(snapshots))
    snapshots = [snapshots[i] for i in order]  # unsorted on purpose
    events = [(int(i), str(rng.choice(users)), at(int(rng.integers(0, 10_500)))) for i in rng.permutation(300)]
    ev, sn = frames(events, snapshots)
    out = run(ev, sn)
    got = [tuple(r) for r in out.iter_rows()]
    want = reference(ev, sn)
    assert len(got) == len(want), f"expected one row per event ({len(want)}), got {len(got)}"
    assert_sorted_by_event_id(out)
    bad = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), None)
    assert bad is None, f"row {bad} (sorted by event_id) should be {want[bad]}, got {got[bad]}"


def test_types_and_no_events():
    events, snapshots = frames([], [("ana", at(0), 0.1)])
    out = run(events, snapshots)
    assert out.height == 0, f"no events, expected no rows, got {out.height}"
    assert out.schema["score"] == pl.Float64, f"score must be Float64, got {out.schema['score']}"
    assert isinstance(out.schema["feature_ts"], pl.Datetime), (
        f"feature_ts must be a Datetime, got {out.schema['feature_ts']}"
    )
