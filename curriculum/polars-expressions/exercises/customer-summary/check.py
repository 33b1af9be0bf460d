import math

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from exercise import customer_summary

COLUMNS = ["customer", "n_orders", "revenue", "cancel_rate", "largest_order"]
NAN = float("nan")


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


def test_many_customers_against_a_reference():
    rng = np.random.default_rng(7)
    n = 2000
    names = [f"c{i:03d}" for i in rng.integers(0, 150, size=n)]
    amounts = np.round(rng.gamma(2.0, 30.0, size=n), 2)
    missing = rng.random(n)
    statuses = rng.choice(["completed", "cancelled", "refunded"], size=n, p=[0.7, 0.2, 0.1])
    rows = []
    for name, amount, m, status in zip(names, amounts, missing, statuses, strict=True):
        value = None if m < 0.05 else NAN if m < 0.1 else float(amount)
        rows.append((name, value, str(status)))

    by_customer = {}
    for name, value, status in rows:
        by_customer.setdefault(name, []).append((value, status))
    reference = []
    for name in sorted(by_customer):
        items = by_customer[name]
        paid = [v for v, s in items if s == "completed" and v is not None and not math.isnan(v)]
        cancelled = sum(s == "cancelled" for _, s in items)
        reference.append(
            (name, len(items), sum(paid), cancelled / len(items), max(paid) if paid else None)
        )

    result = summarise(orders_frame(rows))
    expected = expected_frame(reference)
    assert_same(result, expected, f"{n} random orders of {len(reference)} customers")
    assert_sorted(result["customer"].to_list())


def test_empty_input():
    result = summarise(orders_frame([]))
    assert result.height == 0, f"no orders must give no rows, got {result.height}"
