import math
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from exercise import add_user_features

SCHEMA = {"user_id": pl.String, "ts": pl.Datetime("us"), "amount": pl.Float64}
NEW = ["user_total", "share", "prev_amount", "event_number"]
T0 = datetime(2024, 5, 1)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def events_frame(rows):
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def expected_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            **SCHEMA,
            "user_total": pl.Float64,
            "share": pl.Float64,
            "prev_amount": pl.Float64,
            "event_number": pl.Int64,
        },
        orient="row",
    )


def fmt(value):
    if isinstance(value, datetime):
        return f"{value:%m-%d %H:%M}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return repr(value)


def features(events):
    result = add_user_features(events)
    if not isinstance(result, pl.DataFrame):
        raise AssertionError(f"expected a polars DataFrame, got {type(result).__name__}")
    if result.columns[:3] != events.columns or set(result.columns[3:]) != set(NEW):
        raise AssertionError(
            f"expected the columns {events.columns} followed by {NEW}, got {result.columns}"
        )
    return result


def row_text(row):
    return "(" + ", ".join(fmt(v) for v in row) + ")"


def same_value(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return a == b


def differences(result, expected, key):
    """The first rows that differ, as text; `key` orders both sides (None compares row by row)."""
    if key is not None:
        result, expected = result.sort(key), expected.sort(key)
    if result.height != expected.height:
        lines = [f"expected {expected.height} rows, got {result.height}; expected rows:"]
        lines += [row_text(row) for row in expected.head(3).rows()]
        lines += ["got rows:"] + [row_text(row) for row in result.head(3).rows()]
        return "\n".join(lines)
    lines = []
    for want, got in zip(expected.rows(), result.rows(), strict=True):
        if not all(same_value(a, b) for a, b in zip(want, got, strict=True)):
            lines += [f"expected {row_text(want)}", f"     got {row_text(got)}"]
            if len(lines) >= 6:
                break
    return "\n".join(lines)


def assert_same(result, expected, what, key=None):
    result = result.select(expected.columns)
    try:
        assert_frame_equal(result, expected, check_dtypes=False, check_row_order=key is None)
    except AssertionError as error:
        reason = str(error).splitlines()[0]
        raise AssertionError(
            f"{what}: {reason}\ncolumns: {', '.join(expected.columns)}\n{differences(result, expected, key)}"
        ) from None


SMALL = events_frame(
    [
        ("ann", at(30), 30.0),
        ("bob", at(5), 5.0),
        ("ann", at(10), 10.0),
        ("cy", at(1), 7.0),
        ("ann", at(20), None),
        ("bob", at(2), 15.0),
    ]
)
SMALL_EXPECTED = expected_frame(
    [
        ("ann", at(30), 30.0, 40.0, 0.75, None, 3),
        ("bob", at(5), 5.0, 20.0, 0.25, 15.0, 2),
        ("ann", at(10), 10.0, 40.0, 0.25, None, 1),
        ("cy", at(1), 7.0, 7.0, 1.0, None, 1),
        ("ann", at(20), None, 40.0, None, 10.0, 2),
        ("bob", at(2), 15.0, 20.0, 0.75, None, 1),
    ]
)


def test_small_example():
    assert_same(features(SMALL), SMALL_EXPECTED, "six events of three users")


def test_rows_keep_their_input_order():
    result = features(SMALL)
    if result.select(SMALL.columns).rows() != SMALL.rows():
        raise AssertionError(
            "the rows must come back in their input order, with the input values unchanged. "
            "Polars has no index to realign rows: instead of sorting the frame, give the window its "
            "own order with .over(..., order_by=...)\n"
            + "\n".join(
                f"row {i}: input {row_text(want)}, got {row_text(got)}"
                for i, (want, got) in enumerate(
                    zip(SMALL.rows(), result.select(SMALL.columns).rows(), strict=True)
                )
                if want != got
            )
        )


def test_previous_and_number_follow_time_not_row_order():
    events = events_frame([("dan", at(m), float(m)) for m in [50, 40, 30, 20, 10]])
    result = features(events)
    prev = result["prev_amount"].to_list()
    number = result["event_number"].to_list()
    if prev != [40.0, 30.0, 20.0, 10.0, None] or number != [5, 4, 3, 2, 1]:
        raise AssertionError(
            "rows listed newest first: the previous event in time is the next row, not the one above.\n"
            f"expected prev_amount [40.0, 30.0, 20.0, 10.0, None] and event_number [5, 4, 3, 2, 1],\n"
            f"got prev_amount {prev} and event_number {number}"
        )


def test_dtypes():
    schema = features(SMALL).schema
    assert schema["event_number"].is_integer(), (
        f"event_number must be an integer, got {schema['event_number']}"
    )
    for name in ["user_total", "share", "prev_amount"]:
        assert schema[name].is_float(), f"{name} must be a float column, got {schema[name]}"


def test_empty_input():
    result = features(events_frame([]))
    assert result.height == 0, f"no events must give no rows, got {result.height}"


def test_many_users_against_a_reference():
    rng = np.random.default_rng(3)
    rows = []
    for u in range(120):
        count = int(rng.integers(1, 40))
        minutes = rng.choice(100_000, size=count, replace=False)
        for m in minutes:
            amount = (
                None if rng.random() < 0.05 else float(np.round(rng.gamma(2.0, 10.0) + 0.01, 2))
            )
            rows.append((f"u{u:03d}", at(int(m)), amount))
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]

    by_user = {}
    for index, (user, ts, amount) in enumerate(rows):
        by_user.setdefault(user, []).append((ts, amount, index))
    extra = [None] * len(rows)
    for items in by_user.values():
        total = sum(a for _, a, _ in items if a is not None)
        items.sort()
        previous = None
        for number, (_, amount, index) in enumerate(items, start=1):
            share = None if amount is None else amount / total
            extra[index] = (total, share, previous, number)
            previous = amount
    reference = expected_frame([row + more for row, more in zip(rows, extra, strict=True)])

    assert_same(
        features(events_frame(rows)), reference, f"{len(rows)} shuffled events of 120 users"
    )
