import pandas as pd

from exercise import spend_per_user

BIG = 2**53 + 1  # 9007199254740993: the first integer a float64 cannot hold

CSV = (
    "user_id,event,amount_cents\n"
    f"{BIG},click,1\n"
    ",view,5\n"
    "42,view,\n"
    f"{BIG},buy,{BIG}\n"
    "7,buy,300\n"
    "7,refund,-100\n"
)


def values_of(result):
    return [None if pd.isna(v) else int(v) for v in result.tolist()]


def ids_of(result):
    return [None if pd.isna(i) else int(i) for i in result.index.tolist()]


def test_returns_integer_series_indexed_by_integer_ids():
    out = spend_per_user(CSV)
    assert isinstance(out, pd.Series), f"expected a Series (totals indexed by user_id), got {type(out).__name__}"
    assert pd.api.types.is_integer_dtype(out.index.dtype), (
        f"the user ids in the index must keep an integer dtype, got {out.index.dtype} "
        "(an empty cell made the column float64: use a nullable integer dtype)"
    )
    assert pd.api.types.is_integer_dtype(out.dtype), f"the totals must have an integer dtype, got {out.dtype}"


def test_ids_are_exact_and_sorted():
    out = spend_per_user(CSV)
    ids = ids_of(out)
    assert ids == [7, 42, BIG], (
        f"expected the ids [7, 42, {BIG}] (sorted, the row without an id left out), got {ids} "
        f"(None = a missing id); "
        f"through float64, {BIG} becomes {int(float(BIG))}"
    )


def test_totals_are_exact():
    out = spend_per_user(CSV)
    totals = dict(zip(ids_of(out), values_of(out)))
    assert totals.get(7) == 200, f"user 7 has 300 and -100, expected 200, got {totals.get(7)}"
    assert totals.get(42) == 0, f"user 42's only amount is missing, so the total is 0, got {totals.get(42)}"
    assert totals.get(BIG) == BIG + 1, (
        f"user {BIG} has 1 and {BIG}: expected exactly {BIG + 1}, got {totals.get(BIG)} "
        "(a float64 sum rounds to a multiple of 2)"
    )


def test_no_missing_values_at_all():
    csv = "user_id,event,amount_cents\n3,a,10\n1,b,20\n3,c,5\n"
    out = spend_per_user(csv)
    assert pd.api.types.is_integer_dtype(out.dtype), f"totals must be integers, got {out.dtype}"
    assert ids_of(out) == [1, 3], f"expected the ids [1, 3], sorted, got {ids_of(out)}"
    assert values_of(out) == [20, 15], f"expected totals [20, 15], got {values_of(out)}"


def test_largest_int64_id_survives():
    top = 2**63 - 1
    csv = f"user_id,event,amount_cents\n{top},a,\n{top},b,4\n,c,1\n"
    out = spend_per_user(csv)
    assert ids_of(out) == [top], (
        f"expected the single id {top} (the row without an id left out), got {ids_of(out)}"
    )
    assert values_of(out) == [4], f"expected the total [4], got {values_of(out)}"
