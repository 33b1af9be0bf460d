import math
import re
import sys
import threading

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

import exercise
from exercise import customer_summary

COLUMNS = ["customer", "n_orders", "revenue", "cancel_rate", "largest_order"]
NAN = float("nan")
# A loop over 150 customers or 2000 rows takes far more steps than this; expressions take none more.
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


def orders_frame(rows):
    return pl.DataFrame(
        rows,
        schema={"customer": pl.String, "amount": pl.Float64, "status": pl.String},
        orient="row",
    )


def expected_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "customer": pl.String,
            "n_orders": pl.Int64,
            "revenue": pl.Float64,
            "cancel_rate": pl.Float64,
            "largest_order": pl.Float64,
        },
        orient="row",
    )


def summarise(orders):
    result = customer_summary(orders)
    assert isinstance(result, pl.DataFrame), (
        f"expected a polars DataFrame, got {type(result).__name__}"
    )
    assert result.columns == COLUMNS, (
        f"expected the columns {COLUMNS} in this order, got {result.columns}"
    )
    return result


def fmt(value):
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


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


def assert_same(result, expected, what, key="customer"):
    result = result.select(expected.columns)
    try:
        assert_frame_equal(result, expected, check_dtypes=False, check_row_order=key is None)
    except AssertionError as error:
        reason = str(error).splitlines()[0]
        raise AssertionError(
            f"{what}: {reason}\ncolumns: {', '.join(expected.columns)}\n{differences(result, expected, key)}"
        ) from None


def assert_sorted(customers):
    if customers != sorted(customers):
        shown = ", ".join(customers[:6]) + (", ..." if len(customers) > 6 else "")
        raise AssertionError(
            f"rows must be sorted by customer, got the order {shown}: polars' group_by does not sort "
            "its groups (pandas' groupby does), so sort the result"
        )


def test_small_example():
    orders = orders_frame(
        [
            ("bob", 5.0, "cancelled"),
            ("ann", 20.0, "completed"),
            ("bob", 8.0, "completed"),
            ("ann", 30.0, "refunded"),
            ("ann", 12.0, "completed"),
            ("cy", 12.5, "cancelled"),
        ]
    )
    expected = expected_frame(
        [
            ("ann", 3, 32.0, 0.0, 20.0),
            ("bob", 2, 8.0, 0.5, 8.0),
            ("cy", 1, 0.0, 1.0, None),
        ]
    )
    result = summarise(orders)
    assert_same(result, expected, "the summary of six orders")
    assert_sorted(result["customer"].to_list())


def test_dtypes():
    orders = orders_frame([("ann", 20.0, "completed"), ("bob", 5.0, "cancelled")])
    schema = summarise(orders).schema
    assert schema["customer"] == pl.String, f"customer must stay a string, got {schema['customer']}"
    assert schema["n_orders"].is_integer(), (
        f"n_orders must be an integer count, got {schema['n_orders']}"
    )
    for name in ["revenue", "cancel_rate", "largest_order"]:
        assert schema[name].is_float(), f"{name} must be a float column, got {schema[name]}"


def test_null_amounts_are_ignored():
    orders = orders_frame(
        [
            ("ann", None, "completed"),
            ("ann", 10.0, "completed"),
            ("dan", None, "completed"),
            ("dan", 4.0, "cancelled"),
        ]
    )
    expected = expected_frame(
        [
            ("ann", 2, 10.0, 0.0, 10.0),
            ("dan", 2, 0.0, 0.5, None),
        ]
    )
    assert_same(
        summarise(orders),
        expected,
        "null amounts must be skipped; a customer whose completed amounts are all missing has revenue 0.0 "
        "and largest_order null",
    )


def test_nan_amounts_count_as_missing():
    orders = orders_frame(
        [
            ("ann", NAN, "completed"),
            ("ann", 10.0, "completed"),
            ("eve", NAN, "completed"),
            ("eve", NAN, "refunded"),
        ]
    )
    result = summarise(orders)
    revenue = result["revenue"].to_list()
    if any(isinstance(v, float) and math.isnan(v) for v in revenue):
        raise AssertionError(
            f"revenue contains NaN ({revenue}): NaN is a float value, not a missing value, and it "
            "poisons a sum. Convert it to null first (fill_nan(None))"
        )
    expected = expected_frame(
        [
            ("ann", 2, 10.0, 0.0, 10.0),
            ("eve", 2, 0.0, 0.0, None),
        ]
    )
    assert_same(result, expected, "NaN amounts must be treated exactly like null amounts")


def test_orders_that_are_not_completed_do_not_count_as_revenue():
    orders = orders_frame(
        [
            ("fay", 100.0, "refunded"),
            ("fay", 50.0, "cancelled"),
            ("fay", 1.5, "completed"),
        ]
    )
    expected = expected_frame([("fay", 3, 1.5, 1 / 3, 1.5)])
    assert_same(
        summarise(orders),
        expected,
        "only completed orders count for revenue and largest_order; cancel_rate counts every order",
    )


def random_rows(n, seed, customers=150):
    """n orders of up to `customers` customers, with null and NaN amounts, in random order."""
    rng = np.random.default_rng(seed)
    names = [f"c{i:03d}" for i in rng.integers(0, customers, size=n)]
    amounts = np.round(rng.gamma(2.0, 30.0, size=n), 2)
    missing = rng.random(n)
    statuses = rng.choice(["completed", "cancelled", "refunded"], size=n, p=[0.7, 0.2, 0.1])
    rows = []
    for name, amount, m, status in zip(names, amounts, missing, statuses, strict=True):
        value = None if m < 0.05 else NAN if m < 0.1 else float(amount)
        rows.append((name, value, str(status)))
    return rows


def reference(rows):
    by_customer = {}
    for name, value, status in rows:
        by_customer.setdefault(name, []).append((value, status))
    expected = []
    for name in sorted(by_customer):
        items = by_customer[name]
        paid = [v for v, s in items if s == "completed" and v is not None and not math.isnan(v)]
        cancelled = sum(s == "cancelled" for _, s in items)
        expected.append(
            (name, len(items), sum(paid), cancelled / len(items), max(paid) if paid else None)
        )
    return expected


def test_many_customers_against_a_reference():
    n = 2000
    rows = random_rows(n, seed=7)
    expected = expected_frame(reference(rows))
    result = summarise(orders_frame(rows))
    assert_same(result, expected, f"{n} random orders of {expected.height} customers")
    assert_sorted(result["customer"].to_list())


def test_customers_listed_in_reverse_order_come_back_sorted():
    rows = sorted(random_rows(300, seed=8, customers=40), key=lambda r: r[0], reverse=True)
    result = summarise(orders_frame(rows))
    assert_sorted(result["customer"].to_list())
    assert_same(result, expected_frame(reference(rows)), "300 orders listed by customer, z to a")


def test_rule_expressions_not_python_loops_or_functions():
    small_rows = [
        ("bob", 5.0, "cancelled"),
        ("ann", NAN, "completed"),
        ("bob", None, "completed"),
        ("ann", 30.0, "refunded"),
        ("ann", 12.0, "completed"),
        ("cy", 12.5, "cancelled"),
    ]
    big_rows = random_rows(2000, seed=9)
    _, small = watched(customer_summary, orders_frame(small_rows))
    _, big = watched(customer_summary, orders_frame(big_rows))
    functions = sorted(small.udf_calls | big.udf_calls) + big.udf_nodes()
    assert not functions, (
        "rule: expressions only, no Python functions. Your summary ran Python code inside polars "
        f"({', '.join(functions)}): polars calls it once per customer or per row, outside its engine. "
        "Write each output column as an expression inside .agg(...)"
    )
    customers = len({r[0] for r in big_rows})
    assert big.steps <= small.steps + STEP_SLACK, (
        f"rule: no Python loops. exercise.py took {small.steps} Python steps for {len(small_rows)} orders of 3 "
        f"customers, but {big.steps} steps for {len(big_rows)} orders of {customers} customers: "
        "your code loops over the rows or the customers in Python. Let polars do the work: "
        "group_by(\"customer\").agg(...) with one expression per column"
    )


def test_empty_input():
    result = summarise(orders_frame([]))
    assert result.height == 0, f"no orders must give no rows, got {result.height}"
