import numpy as np
import pandas as pd

from exercise import clean_labels


def assert_str_dtype(result, what):
    assert isinstance(result, pd.Series), f"{what}: expected a Series, got {type(result).__name__}"
    dtype = result.dtype
    assert isinstance(dtype, pd.StringDtype) and dtype == "str", (
        f"{what}: expected pandas 3's default string dtype `str` (StringDtype with NaN as missing value), "
        f"got {dtype!r}"
    )


def assert_labels(result, expected, what):
    got = [None if pd.isna(v) else v for v in result.tolist()]
    assert got == expected, f"{what}: expected {expected} (None = missing), got {got}"


def test_object_input_becomes_str():
    labels = pd.Series(["  Cat", "DOG ", None, "Bird"], dtype=object, name="animal")
    out = clean_labels(labels)
    assert_str_dtype(out, "object input")
    assert_labels(out, ["cat", "dog", None, "bird"], "object input")
    assert out.name == "animal", f"keep the Series name 'animal', got {out.name!r}"


def test_missing_is_nan_never_the_text_nan():
    out = clean_labels(pd.Series(["x", None, np.nan], dtype=object))
    assert_str_dtype(out, "input with None and NaN")
    assert out.isna().tolist() == [False, True, True], (
        f"None and NaN must stay missing (isna() == [False, True, True]), got {out.isna().tolist()}"
    )
    texts = {v for v in out.tolist() if isinstance(v, str)}
    assert not texts & {"nan", "none", "<na>"}, f"missing values turned into text: {sorted(texts)}"


def test_blank_labels_become_missing():
    labels = pd.Series(["ok", "", "   ", "\tTab\n"], dtype="str")
    out = clean_labels(labels)
    assert_str_dtype(out, "str input")
    assert_labels(out, ["ok", None, None, "tab"], "empty and whitespace-only labels")


def test_numbers_in_a_legacy_object_column_become_text():
    out = clean_labels(pd.Series([" A", 3, 4.5, None], dtype=object))
    assert_str_dtype(out, "mixed object input")
    assert_labels(out, ["a", "3", "4.5", None], (
        "numbers must become their text (hint: on an object column .str methods "
        "return missing for anything that is not a string)"
    ))


def test_na_flavoured_string_input():
    labels = pd.Series([" Yes", pd.NA, "NO "], dtype="string")
    out = clean_labels(labels)
    assert_str_dtype(out, 'input of dtype "string" (missing = pd.NA)')
    assert_labels(out, ["yes", None, "no"], '"string" input')
    assert out.isna().tolist() == [False, True, False], "pd.NA must become a missing value"


def test_index_kept_input_untouched_and_empty():
    labels = pd.Series(["B ", " a"], index=["r1", "r2"], dtype=object)
    before = labels.copy()
    out = clean_labels(labels)
    assert out.index.tolist() == ["r1", "r2"], f"keep the input's index, got {out.index.tolist()}"
    pd.testing.assert_series_equal(labels, before, obj="the input Series after the call")

    empty = clean_labels(pd.Series([], dtype=object))
    assert_str_dtype(empty, "empty object input")
    assert len(empty) == 0, f"an empty input gives an empty result, got {len(empty)} values"
