import numpy as np
import pandas as pd

from exercise import apply_discount


def make_orders():
    return pd.DataFrame(
        {
            "sku": ["a", "b", "c", "d"],
            "qty": [1, 10, 5, 20],
            "price": [100.0, 50.0, 8.0, 2.5],
        },
        index=[10, 11, 12, 13],
    )


def test_discount_applied_where_qty_is_large_enough():
    out = apply_discount(make_orders(), min_qty=5, rate=0.2)
    assert isinstance(out, pd.DataFrame), f"expected a DataFrame, got {type(out).__name__}"
    assert "discounted" in out.columns, "the result needs a boolean column `discounted`"
    expected = [100.0, 40.0, 6.4, 2.0]
    assert np.allclose(out["price"].to_numpy(dtype=float), expected), (
        f"prices with qty >= 5 must be multiplied by 0.8: expected {expected}, "
        f"got {out['price'].tolist()} (a chained assignment like out['price'][mask] = ... "
        "does nothing in pandas 3; use .loc[mask, 'price'] or a new column)"
    )
    assert out["discounted"].tolist() == [False, True, True, True], (
        f"`discounted` must be True exactly where qty >= 5, got {out['discounted'].tolist()}"
    )


def test_result_shape_index_and_dtypes():
    orders = make_orders()
    out = apply_discount(orders, min_qty=5, rate=0.2)
    assert out.columns.tolist() == ["sku", "qty", "price", "discounted"], (
        f"expected the input's columns followed by `discounted`, got {out.columns.tolist()}"
    )
    assert out.index.tolist() == [10, 11, 12, 13], f"the index must be kept, got {out.index.tolist()}"
    assert out["discounted"].dtype == bool, f"`discounted` must be bool, got {out['discounted'].dtype}"
    assert out["price"].dtype == "float64", f"`price` must be float64, got {out['price'].dtype}"
    assert out["sku"].tolist() == ["a", "b", "c", "d"] and out["qty"].tolist() == [1, 10, 5, 20], (
        "the other columns must be unchanged"
    )


def test_input_is_not_modified():
    orders = make_orders()
    before = orders.copy()
    out = apply_discount(orders, min_qty=5, rate=0.2)
    assert out is not orders, "return a new DataFrame, not the one you were given"
    assert orders.columns.tolist() == before.columns.tolist(), (
        f"the caller's frame gained columns {sorted(set(orders.columns) - set(before.columns))}: "
        "df['new'] = ... on the argument modifies the caller's object, even with Copy-on-Write"
    )
    pd.testing.assert_frame_equal(orders, before, obj="the caller's `orders` after the call")


def test_integer_prices_become_float():
    orders = pd.DataFrame({"qty": [1, 3], "price": [10, 15]})
    before = orders.copy()
    out = apply_discount(orders, min_qty=2, rate=0.15)
    assert out["price"].dtype == "float64", (
        f"`price` must be float64 in the result, got {out['price'].dtype}"
    )
    assert np.allclose(out["price"].to_numpy(dtype=float), [10.0, 12.75]), (
        f"15 * 0.85 = 12.75 (writing it into an int64 column raises TypeError in pandas 3: "
        f"cast first); got {out['price'].tolist()}"
    )
    pd.testing.assert_frame_equal(orders, before, obj="the caller's integer `orders`")


def test_a_filtered_frame_and_its_parent_are_left_alone():
    big = pd.DataFrame({"region": ["EU", "US", "EU"], "qty": [50, 50, 1], "price": [4.0, 4.0, 4.0]})
    big_before = big.copy()
    eu = big[big["region"] == "EU"]
    eu_before = eu.copy()
    out = apply_discount(eu, min_qty=10, rate=0.5)
    assert out.index.tolist() == [0, 2], f"the filtered frame's index [0, 2] must be kept, got {out.index.tolist()}"
    assert np.allclose(out["price"].to_numpy(dtype=float), [2.0, 4.0]), (
        f"expected prices [2.0, 4.0], got {out['price'].tolist()}"
    )
    pd.testing.assert_frame_equal(eu, eu_before, obj="the filtered frame passed in")
    pd.testing.assert_frame_equal(big, big_before, obj="the frame it was filtered from")


def test_nothing_eligible_and_empty_input():
    orders = make_orders()
    out = apply_discount(orders, min_qty=100, rate=0.5)
    assert np.allclose(out["price"].to_numpy(dtype=float), orders["price"].to_numpy(dtype=float)), (
        "with no row reaching min_qty, every price must stay the same"
    )
    assert not out["discounted"].any(), "no row reaches min_qty=100, so `discounted` must be all False"

    empty = pd.DataFrame({"qty": pd.Series([], dtype="int64"), "price": pd.Series([], dtype="float64")})
    out = apply_discount(empty, min_qty=1, rate=0.1)
    assert len(out) == 0, f"an empty input gives an empty result, got {len(out)} rows"
    assert out.columns.tolist() == ["qty", "price", "discounted"], (
        f"even when empty, the result has the columns qty, price, discounted; got {out.columns.tolist()}"
    )
    assert out["discounted"].dtype == bool, f"`discounted` must be bool even when empty, got {out['discounted'].dtype}"


def test_rows_keep_their_order_and_labels():
    orders = pd.DataFrame(
        {"qty": [7, 1, 9, 2], "price": [10.0, 20.0, 30.0, 40.0]}, index=[42, 7, 99, 3]
    )
    out = apply_discount(orders, min_qty=5, rate=0.5)
    assert out.index.tolist() == [42, 7, 99, 3], (
        "the result keeps the input's rows in the input's order, whatever the labels: expected the "
        f"index [42, 7, 99, 3], got {out.index.tolist()} (sort_index() after a concat reorders them)"
    )
    assert out["price"].tolist() == [5.0, 20.0, 15.0, 40.0], (
        f"expected the prices [5.0, 20.0, 15.0, 40.0], got {out['price'].tolist()}"
    )
    assert out["discounted"].tolist() == [True, False, True, False], (
        f"`discounted` must be True exactly where qty >= 5, got {out['discounted'].tolist()}"
    )
