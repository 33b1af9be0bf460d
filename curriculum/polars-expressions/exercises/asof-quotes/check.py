import bisect
import math
import re
import sys
import threading
from datetime import datetime, timedelta

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

import exercise
from exercise import attach_quotes

TRADES = {"trade_id": pl.Int64, "ticker": pl.String, "time": pl.Datetime("us"), "qty": pl.Int64}
QUOTES = {"ticker": pl.String, "time": pl.Datetime("us"), "bid": pl.Float64, "ask": pl.Float64}
RESULT = {**TRADES, "bid": pl.Float64, "ask": pl.Float64}
T0 = datetime(2024, 6, 3, 9, 30)
# A loop over 3000 trades takes far more steps than this; polars operations take none more.
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


def at(seconds):
    return T0 + timedelta(seconds=seconds)


def frame(rows, schema):
    return pl.DataFrame(rows, schema=schema, orient="row")


def fmt(value):
    return f"{value:%H:%M:%S}" if isinstance(value, datetime) else repr(value)


def attach(trades, quotes, max_age):
    result = attach_quotes(trades, quotes, max_age)
    if isinstance(result, pl.LazyFrame):
        result = result.collect()
    if not isinstance(result, pl.DataFrame):
        raise AssertionError(f"expected a polars DataFrame, got {type(result).__name__}")
    if result.columns != list(RESULT):
        raise AssertionError(f"expected the columns {list(RESULT)}, got {result.columns}")
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


def assert_same(result, expected, what, key="trade_id"):
    result = result.select(expected.columns)
    try:
        assert_frame_equal(result, expected, check_dtypes=False, check_row_order=key is None)
    except AssertionError as error:
        reason = str(error).splitlines()[0]
        raise AssertionError(
            f"{what}: {reason}\ncolumns: {', '.join(expected.columns)}\n{differences(result, expected, key)}"
        ) from None


SMALL_TRADES = frame(
    [
        (1, "A", at(5), 10),
        (2, "B", at(2), 20),
        (3, "A", at(9), 30),
        (4, "A", at(1), 40),
        (5, "C", at(3), 50),
        (6, "B", at(8), 60),
    ],
    TRADES,
)
SMALL_QUOTES = frame(
    [
        ("B", at(8), 21.0, 22.0),
        ("A", at(3), 10.0, 11.0),
        ("B", at(2), 20.0, 21.0),
        ("A", at(0), 9.0, 10.0),
        ("B", at(4), 20.5, 21.5),
        ("A", at(6), 10.5, 11.5),
    ],
    QUOTES,
)


def test_small_example():
    expected = frame(
        [
            (1, "A", at(5), 10, 10.0, 11.0),  # quote A@3 is 2 s old: exactly max_age, still valid
            (2, "B", at(2), 20, 20.0, 21.0),  # a quote at the very same time counts
            (3, "A", at(9), 30, 10.5, 11.5),  # A@6 is the latest, 3 s old
            (4, "A", at(1), 40, 9.0, 10.0),
            (5, "C", at(3), 50, None, None),  # no quotes for C at all
            (6, "B", at(8), 60, 21.0, 22.0),
        ],
        RESULT,
    )
    assert_same(
        attach(SMALL_TRADES, SMALL_QUOTES, timedelta(seconds=3)),
        expected,
        "six trades, max_age 3 s",
    )


def test_max_age_is_respected():
    expected = frame(
        [
            (1, "A", at(5), 10, 10.0, 11.0),
            (2, "B", at(2), 20, 20.0, 21.0),
            (3, "A", at(9), 30, None, None),  # A@6 is 3 s old: too old for max_age 2 s
            (4, "A", at(1), 40, 9.0, 10.0),
            (5, "C", at(3), 50, None, None),
            (6, "B", at(8), 60, 21.0, 22.0),
        ],
        RESULT,
    )
    assert_same(
        attach(SMALL_TRADES, SMALL_QUOTES, timedelta(seconds=2)),
        expected,
        "with max_age 2 s, a 3-second-old quote must not be used",
    )


def test_only_quotes_of_the_same_ticker_are_used():
    trades = frame([(1, "A", at(10), 1)], TRADES)
    quotes = frame([("A", at(2), 1.0, 2.0), ("B", at(9), 50.0, 51.0)], QUOTES)
    result = attach(trades, quotes, timedelta(seconds=60))
    got = result.select("bid", "ask").rows()
    if got != [(1.0, 2.0)]:
        raise AssertionError(
            "trade A at 09:30:10 must get A's quote from 09:30:02 (bid 1.0, ask 2.0), not B's more "
            f"recent one; got (bid, ask) {got}"
        )


def test_a_trade_never_sees_a_later_quote():
    trades = frame([(1, "A", at(5), 1)], TRADES)
    quotes = frame([("A", at(6), 1.0, 2.0), ("A", at(60), 3.0, 4.0)], QUOTES)
    result = attach(trades, quotes, timedelta(seconds=60))
    got = result.select("bid", "ask").rows()
    if got != [(None, None)]:
        raise AssertionError(
            "the only quotes are after the trade, so bid and ask must be null (a later quote leaks "
            f"the future); got (bid, ask) {got}"
        )


def test_no_quotes_at_all():
    result = attach(SMALL_TRADES, frame([], QUOTES), timedelta(seconds=5))
    expected = SMALL_TRADES.with_columns(bid=pl.lit(None, pl.Float64), ask=pl.lit(None, pl.Float64))
    assert_same(result, expected, "without quotes every trade gets null bid and ask")


def random_market(seed, trades=3000):
    """Quotes of four tickers (800 each, shuffled) and trades of five (one without quotes)."""
    rng = np.random.default_rng(seed)
    tickers = ["AAA", "BBB", "CCC", "DDD"]
    quote_rows = []
    for ticker in tickers:
        seconds = np.sort(rng.choice(20_000, size=800, replace=False))
        mids = 100 + np.cumsum(rng.normal(0, 0.05, size=seconds.size))
        for s, mid in zip(seconds, mids, strict=True):
            quote_rows.append(
                (ticker, at(int(s)), round(float(mid) - 0.01, 4), round(float(mid) + 0.01, 4))
            )
    trade_rows = [
        (
            i,
            str(rng.choice([*tickers, "EEE"])),
            at(int(rng.integers(0, 20_100))),
            int(rng.integers(1, 100)),
        )
        for i in range(trades)
    ]
    shuffled = [quote_rows[i] for i in rng.permutation(len(quote_rows))]
    return trade_rows, shuffled


def test_many_shuffled_trades_against_a_reference():
    trade_rows, quote_rows = random_market(21)
    max_age = timedelta(seconds=30)

    book = {}
    for ticker, time, bid, ask in sorted(quote_rows, key=lambda q: q[1]):
        book.setdefault(ticker, []).append((time, bid, ask))
    expected_rows = []
    for trade_id, ticker, time, qty in trade_rows:
        quotes = book.get(ticker, [])
        i = bisect.bisect_right([q[0] for q in quotes], time) - 1
        if i >= 0 and time - quotes[i][0] <= max_age:
            expected_rows.append((trade_id, ticker, time, qty, quotes[i][1], quotes[i][2]))
        else:
            expected_rows.append((trade_id, ticker, time, qty, None, None))

    result = attach(frame(trade_rows, TRADES), frame(quote_rows, QUOTES), max_age)
    assert_same(
        result,
        frame(expected_rows, RESULT),
        f"{len(trade_rows)} trades against {len(quote_rows)} shuffled quotes (did you sort both inputs by time?)",
    )


def test_rule_polars_operations_not_python_loops():
    trade_rows, quote_rows = random_market(22)
    max_age = timedelta(seconds=30)
    _, small = watched(attach_quotes, SMALL_TRADES, SMALL_QUOTES, max_age)
    _, big = watched(attach_quotes, frame(trade_rows, TRADES), frame(quote_rows, QUOTES), max_age)
    functions = sorted(small.udf_calls | big.udf_calls) + big.udf_nodes()
    assert not functions, (
        f"rule: polars operations, no Python functions. Your code ran Python inside polars "
        f"({', '.join(functions)}), once per trade or per group. An as-of join does this lookup natively"
    )
    assert big.steps <= small.steps + STEP_SLACK, (
        f"rule: no Python loops. exercise.py took {small.steps} Python steps for {SMALL_TRADES.height} trades, "
        f"but {big.steps} steps for {len(trade_rows)} trades: your code loops over the trades or the "
        "quotes in Python. Let polars find the quotes: join_asof(..., by=\"ticker\", tolerance=...)"
    )
