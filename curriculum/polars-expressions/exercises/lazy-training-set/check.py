import math
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from exercise import build_training_set

EVENTS = {"user_id": pl.Int64, "ts": pl.Datetime("us"), "event": pl.String, "value": pl.Float64}
LABELS = {"user_id": pl.Int64, "churned": pl.Boolean}
RESULT = {
    "user_id": pl.Int64,
    "churned": pl.Boolean,
    "n_events": pl.Int64,
    "n_purchases": pl.Int64,
    "spend": pl.Float64,
    "last_seen": pl.Datetime("us"),
}
CUTOFF = datetime(2024, 3, 1)


def day(n, hour=12):
    return datetime(2024, 2, 1, hour) + timedelta(days=n)


def events_frame(rows):
    return pl.DataFrame(rows, schema=EVENTS, orient="row")


def labels_frame(rows):
    return pl.DataFrame(rows, schema=LABELS, orient="row")


def expected_frame(rows):
    return pl.DataFrame(rows, schema=RESULT, orient="row")


def deferred(frame):
    """A LazyFrame that counts how often its data is actually read."""
    reads = []

    def read():
        reads.append(1)
        return frame

    def passthrough(df):
        reads.append(1)
        return df

    if hasattr(pl, "defer"):  # Polars >= 1.25
        return pl.defer(read, schema=frame.schema), reads
    return frame.lazy().map_batches(passthrough, schema=frame.schema), reads


def build(events, labels, cutoff=CUTOFF):
    query = build_training_set(events, labels, cutoff)
    if not isinstance(query, pl.LazyFrame):
        raise AssertionError(
            f"build_training_set must return a pl.LazyFrame (the query), got {type(query).__name__}: "
            "do not call .collect(), the caller does"
        )
    return query


def collect(query):
    result = query.collect()
    if set(result.columns) != set(RESULT):
        raise AssertionError(f"expected the columns {sorted(RESULT)}, got {sorted(result.columns)}")
    return result


def fmt(value):
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else repr(value)


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


def assert_same(result, expected, what, key="user_id"):
    result = result.select(expected.columns)
    try:
        assert_frame_equal(result, expected, check_dtypes=False, check_row_order=key is None)
    except AssertionError as error:
        reason = str(error).splitlines()[0]
        raise AssertionError(
            f"{what}: {reason}\ncolumns: {', '.join(expected.columns)}\n{differences(result, expected, key)}"
        ) from None


SMALL_EVENTS = events_frame(
    [
        (1, day(0), "view", None),
        (1, day(3), "purchase", 20.0),
        (1, day(5), "purchase", 5.5),
        (1, day(27), "cart", None),
        (2, day(1), "view", None),
        (2, day(2), "purchase", None),  # a purchase whose amount is unknown
        (1, CUTOFF, "purchase", 99.0),  # at the cutoff: the future, must be ignored
        (2, day(40), "purchase", 50.0),  # after the cutoff
        (9, day(4), "purchase", 7.0),  # a user without a label
        (3, day(35), "view", None),  # user 3's only event is after the cutoff
    ]
)
SMALL_LABELS = labels_frame([(1, False), (2, True), (3, True), (4, False)])
SMALL_EXPECTED = expected_frame(
    [
        (1, False, 4, 2, 25.5, day(27)),
        (2, True, 2, 1, 0.0, day(2)),
        (3, True, 0, 0, 0.0, None),
        (4, False, 0, 0, 0.0, None),
    ]
)


def test_returns_a_lazyframe():
    build(SMALL_EVENTS.lazy(), SMALL_LABELS.lazy())


def test_small_example():
    result = collect(build(SMALL_EVENTS.lazy(), SMALL_LABELS.lazy()))
    assert_same(
        result,
        SMALL_EXPECTED,
        "the training set of four labelled users (one row per row of labels)",
    )


def test_dtypes():
    schema = collect(build(SMALL_EVENTS.lazy(), SMALL_LABELS.lazy())).schema
    for name in ["n_events", "n_purchases"]:
        assert schema[name].is_integer(), f"{name} must be an integer count, got {schema[name]}"
    assert schema["spend"].is_float(), f"spend must be a float, got {schema['spend']}"
    assert schema["last_seen"] == pl.Datetime("us"), (
        f"last_seen must stay a datetime, got {schema['last_seen']}"
    )
    assert schema["churned"] == pl.Boolean, f"churned must stay a boolean, got {schema['churned']}"


def test_the_data_is_read_only_when_the_caller_collects():
    events, event_reads = deferred(SMALL_EVENTS)
    labels, label_reads = deferred(SMALL_LABELS)
    query = build(events, labels)
    if event_reads or label_reads:
        raise AssertionError(
            "build_training_set read its input while building the query (a .collect(), or something that "
            "needs the data, such as .height or iterating over rows): only describe the query, nothing "
            "should run before the caller calls .collect()"
        )
    assert_same(collect(query), SMALL_EXPECTED, "the training set built from deferred inputs")


def test_the_cutoff_is_a_parameter():
    cutoff = day(4)
    result = collect(build(SMALL_EVENTS.lazy(), SMALL_LABELS.lazy(), cutoff))
    expected = expected_frame(
        [
            (1, False, 2, 1, 20.0, day(3)),
            (2, True, 2, 1, 0.0, day(2)),
            (3, True, 0, 0, 0.0, None),
            (4, False, 0, 0, 0.0, None),
        ]
    )
    assert_same(result, expected, f"with cutoff={cutoff} only events strictly before it count")


def test_no_events_at_all():
    result = collect(build(events_frame([]).lazy(), SMALL_LABELS.lazy()))
    expected = expected_frame([(u, c, 0, 0, 0.0, None) for u, c in SMALL_LABELS.rows()])
    assert_same(result, expected, "without any events every user gets 0, 0, 0.0 and null")


def test_parquet_files_against_a_reference(tmp_path):
    rng = np.random.default_rng(11)
    n = 5000
    user_ids = rng.integers(0, 400, size=n)
    offsets = rng.integers(0, 60 * 24 * 60, size=n)  # minutes within 60 days from Feb 1
    kinds = rng.choice(["view", "cart", "purchase"], size=n, p=[0.6, 0.25, 0.15])
    amounts = np.round(rng.gamma(2.0, 20.0, size=n), 2)
    start = datetime(2024, 2, 1)
    rows = []
    for user, minutes, kind, amount in zip(user_ids, offsets, kinds, amounts, strict=True):
        value = float(amount) if kind == "purchase" else None
        rows.append((int(user), start + timedelta(minutes=int(minutes)), str(kind), value))
    label_rows = [(int(u), bool(u % 3 == 0)) for u in range(0, 450, 2)]  # some users never appear

    events_frame(rows).write_parquet(tmp_path / "events.parquet")
    labels_frame(label_rows).write_parquet(tmp_path / "labels.parquet")

    by_user = {}
    for row in rows:
        if row[1] < CUTOFF:
            by_user.setdefault(row[0], []).append(row)
    reference = []
    for user, churned in label_rows:
        mine = by_user.get(user, [])
        purchases = [r for r in mine if r[2] == "purchase"]
        reference.append(
            (
                user,
                churned,
                len(mine),
                len(purchases),
                sum(r[3] for r in purchases if r[3] is not None),
                max((r[1] for r in mine), default=None),
            )
        )

    query = build(
        pl.scan_parquet(tmp_path / "events.parquet"), pl.scan_parquet(tmp_path / "labels.parquet")
    )
    assert_same(
        collect(query),
        expected_frame(reference),
        f"{n} events of 400 users read from Parquet files",
    )
