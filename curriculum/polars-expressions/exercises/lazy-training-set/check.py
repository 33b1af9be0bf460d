import math
import re
import sys
import threading
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

import exercise
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

# How the rules on *how* the result is computed are checked: by watching the code run, never by
# reading its source. While the learner's function runs, a trace counts its Python steps: the lines
# executed in exercise.py (its functions, lambdas and comprehensions; in this thread and in threads
# started with `threading`) and the Python functions called from there. A loop over rows or groups
# takes steps once per item; expressions take the same few steps whatever the data.
# The trace also notes calls of polars' APIs that run a Python function (UDF_APIS), and every
# query polars runs meanwhile (eager DataFrame methods run as queries too) is kept with its plan,
# where Python functions show as UDF_NODES even when polars calls them from its own threads.

UDF_APIS = frozenset({"map_elements", "map_batches", "map_groups", "map_rows", "rolling_map"})
UDF_NODES = ("python_udf", "MAP_GROUPS", "OPAQUE_PYTHON", "rolling_map")
COLLECTORS = ("collect", "_collect_eager", "collect_async", "collect_batches")
EXERCISE_GLOBALS = vars(exercise)


class Watch:
    """Python steps in exercise.py, polars UDF API calls and query plans, while the block runs."""

    def __init__(self):
        self.steps = 0
        self.udf_calls = set()
        self.plans = []
        self._saved = []
        self._traces = (None, None)

    def __enter__(self):
        self._saved = [(n, vars(pl.LazyFrame)[n]) for n in COLLECTORS if n in vars(pl.LazyFrame)]
        for name, original in self._saved:
            setattr(pl.LazyFrame, name, self._recording(original))
        self._traces = (sys.gettrace(), threading.gettrace())
        sys.settrace(self._on_call)
        threading.settrace(self._on_call)
        return self

    def __exit__(self, *exc_info):
        sys.settrace(self._traces[0])
        threading.settrace(self._traces[1])
        for name, original in self._saved:
            setattr(pl.LazyFrame, name, original)
        return False

    def _recording(self, original):
        plans = self.plans

        def run(lf, *args, **kwargs):
            try:
                plans.append(lf.explain())
            except Exception as error:  # the query itself will say what is wrong with it
                plans.append(f"<no plan: {error}>")
            return original(lf, *args, **kwargs)

        return run

    def _on_call(self, frame, event, arg):
        if frame.f_globals is EXERCISE_GLOBALS:
            self.steps += 1
            return self._on_line
        caller = frame.f_back
        if caller is not None and caller.f_globals is EXERCISE_GLOBALS:
            self.steps += 1  # a function of polars (or of any module) called from exercise.py
        name = frame.f_code.co_name
        if name in UDF_APIS and frame.f_globals.get("__name__", "").startswith("polars"):
            self.udf_calls.add(name)
        return None

    def _on_line(self, frame, event, arg):
        if event == "line":
            self.steps += 1
        return self._on_line

    def udf_nodes(self):
        return sorted({node for plan in self.plans for node in UDF_NODES if node in plan})

    def has_node(self, pattern):
        return any(re.search(pattern, plan) for plan in self.plans)


def _watch_works():
    """The watch sees what it must on this polars version; otherwise the check itself is broken."""
    frame = pl.DataFrame({"g": [1, 1, 2], "x": [1.0, 2.0, 3.0]})
    with Watch() as watch:
        frame.group_by("g").agg(pl.col("x").map_batches(lambda s: s.abs(), return_dtype=pl.Float64).sum())
    assert watch.has_node(r"AGGREGATE") and watch.udf_nodes() and "map_batches" in watch.udf_calls, (
        f"this check cannot observe polars {pl.__version__} (plans seen: {watch.plans}): "
        "report it to the curriculum's maintainers"
    )


def watched(function, *args):
    """The function's result, and the Watch of its run."""
    _watch_works()
    with Watch() as watch:
        result = function(*args)
    return result, watch


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


def test_rule_one_query_without_python_functions():
    query, watch = watched(build_training_set, SMALL_EVENTS.lazy(), SMALL_LABELS.lazy(), CUTOFF)
    if not isinstance(query, pl.LazyFrame):
        raise AssertionError(
            f"build_training_set must return a pl.LazyFrame (the query), got {type(query).__name__}"
        )
    plan = query.explain()
    functions = sorted(watch.udf_calls) + [node for node in UDF_NODES if node in plan]
    if functions:
        raise AssertionError(
            f"rule: expressions only, no Python functions in the query. It calls Python "
            f"({', '.join(functions)}), once per user or per batch, which the optimiser cannot look "
            "into. Count and sum with expressions inside .agg(...)\nthe plan:\n" + plan
        )


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
