import math
import re
import sys
import threading
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

import exercise
from exercise import add_user_features

SCHEMA = {"user_id": pl.String, "ts": pl.Datetime("us"), "amount": pl.Float64}
NEW = ["user_total", "share", "prev_amount", "event_number"]
T0 = datetime(2024, 5, 1)
# A loop over 120 users or 2000 rows takes far more steps than this; expressions take none more.
STEP_SLACK = 20

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


def random_rows(users, seed):
    """Events of `users` users (1 to 39 each, 5% null amounts), shuffled."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(users):
        count = int(rng.integers(1, 40))
        minutes = rng.choice(100_000, size=count, replace=False)
        for m in minutes:
            amount = (
                None if rng.random() < 0.05 else float(np.round(rng.gamma(2.0, 10.0) + 0.01, 2))
            )
            rows.append((f"u{u:03d}", at(int(m)), amount))
    order = rng.permutation(len(rows))
    return [rows[i] for i in order]


def test_many_users_against_a_reference():
    rows = random_rows(120, seed=3)
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


def test_rule_window_expressions_only():
    big_rows = random_rows(120, seed=4)
    _, small = watched(add_user_features, SMALL)
    _, big = watched(add_user_features, events_frame(big_rows))
    functions = sorted(small.udf_calls | big.udf_calls) + big.udf_nodes()
    assert not functions, (
        "rule: window expressions, no Python functions. Your code ran Python inside polars "
        f"({', '.join(functions)}), once per user or per row. Use expressions with .over(...)"
    )
    for pattern, node, habit in [(r"AGGREGATE", "AGGREGATE", "group_by"), (r"\bJOIN\b", "JOIN", "join")]:
        assert not (small.has_node(pattern) or big.has_node(pattern)), (
            f"rule: window expressions, no group_by and no join. Your code ran a query with a {habit} "
            f"(an {node} node in its plan): compute each column on the frame itself with "
            ".over(\"user_id\"), which keeps every row where it is"
        )
    assert big.steps <= small.steps + STEP_SLACK, (
        f"rule: no Python loops. exercise.py took {small.steps} Python steps for the {SMALL.height} events of 3 "
        f"users, but {big.steps} steps for {len(big_rows)} events of 120 users: your code loops over "
        "the rows or the users in Python. Use expressions with .over(...)"
    )
