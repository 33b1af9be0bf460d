import numpy as np
import pandas as pd

from exercise import to_epoch_seconds

STRINGS = ["1970-01-01 00:00:00", "2024-01-01 00:00:00", "2001-09-09 01:46:40.750"]
EXPECTED = [0, 1704067200, 1000000000]


def values_of(result):
    return [None if pd.isna(v) else int(v) for v in result.tolist()]


def check_result(result, expected, what):
    assert isinstance(result, pd.Series), f"{what}: expected a Series, got {type(result).__name__}"
    assert pd.api.types.is_integer_dtype(result.dtype), (
        f"{what}: expected an integer dtype, got {result.dtype}"
    )
    got = values_of(result)
    assert got == expected, f"{what}: expected {expected} (None = missing), got {got}"


def test_parsed_strings_are_microseconds_now():
    ts = pd.Series(pd.to_datetime(STRINGS, format="ISO8601"))
    check_result(to_epoch_seconds(ts), EXPECTED, f"timestamps parsed from strings (dtype {ts.dtype})")


def test_every_resolution_gives_the_same_seconds():
    base = pd.Series(pd.to_datetime(STRINGS, format="ISO8601"))
    for unit in ["s", "ms", "us", "ns"]:
        ts = base.dt.as_unit(unit)
        check_result(to_epoch_seconds(ts), EXPECTED, f"dtype datetime64[{unit}]")


def test_numpy_second_resolution_input():
    ts = pd.Series(np.array(["2038-01-19T03:14:08", "2262-04-12T00:00:00"], dtype="datetime64[s]"))
    check_result(
        to_epoch_seconds(ts), [2**31, 9223372800],
        "datetime64[s] from NumPy, including a date past 2262 (out of range for nanoseconds)",
    )


def test_nat_becomes_missing_not_a_huge_negative_number():
    ts = pd.Series(pd.to_datetime(["2024-01-01 00:00:00", None, "1970-01-02 00:00:00"], format="ISO8601"))
    check_result(
        to_epoch_seconds(ts), [1704067200, None, 86400],
        "a column with NaT (astype('int64') silently turns NaT into -9223372036854775808)",
    )


def test_before_1970_rounds_down():
    ts = pd.Series(pd.to_datetime(["1969-12-31 23:59:59.500", "1969-12-31 23:59:59"], format="ISO8601"))
    check_result(to_epoch_seconds(ts), [-1, -1], "timestamps just before the epoch (round towards minus infinity)")


def test_timezone_aware_input_is_converted_to_utc():
    ts = pd.Series(pd.to_datetime(["2024-01-01 01:00:00+01:00", "2024-01-01 02:30:00+01:00"], format="ISO8601"))
    check_result(to_epoch_seconds(ts), [1704067200, 1704072600], f"timezone-aware input (dtype {ts.dtype})")
    utc = pd.Series(pd.to_datetime(["2024-01-01 00:00:00"])).dt.tz_localize("UTC")
    check_result(to_epoch_seconds(utc), [1704067200], f"UTC input (dtype {utc.dtype})")


def test_index_is_kept_and_empty_input_works():
    ts = pd.Series(pd.to_datetime(["2024-01-01 00:00:00", "1970-01-01 00:00:10"]), index=["a", "b"])
    out = to_epoch_seconds(ts)
    assert out.index.tolist() == ["a", "b"], f"keep the input's index, got {out.index.tolist()}"
    check_result(out, [1704067200, 10], "labelled input")
    empty = to_epoch_seconds(pd.Series([], dtype="datetime64[us]"))
    assert len(empty) == 0, f"an empty input gives an empty result, got {len(empty)} values"
    assert pd.api.types.is_integer_dtype(empty.dtype), f"even when empty, the dtype must be integer, got {empty.dtype}"
