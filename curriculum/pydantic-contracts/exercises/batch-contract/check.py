import random
from collections import Counter

from exercise import Interaction, validate_batch


def good_row(i):
    return {"user_id": i + 1, "item_id": f"item-{i}", "rating": 1 + i % 5, "split": "train"}


def run(rows):
    result = validate_batch(rows)
    assert isinstance(result, tuple) and len(result) == 2, (
        f"validate_batch must return a tuple (valid_rows, error_counts), got {result!r}"
    )
    valid, counts = result
    assert isinstance(valid, list), f"valid rows must be a list, got {type(valid).__name__}"
    assert isinstance(counts, dict), f"error counts must be a dict, got {type(counts).__name__}"
    bad_types = [type(r).__name__ for r in valid if not isinstance(r, Interaction)]
    assert not bad_types, f"valid rows must be Interaction objects, got {bad_types[:3]}"
    return valid, {k: v for k, v in counts.items() if v}


def test_clean_batch():
    rows = [good_row(i) for i in range(5)]
    valid, counts = run(rows)
    assert counts == {}, f"a clean batch has no errors, got {counts}"
    assert [r.user_id for r in valid] == [1, 2, 3, 4, 5], (
        f"expected all 5 rows in input order, got {valid}"
    )


def test_empty_batch():
    valid, counts = run([])
    assert valid == [] and counts == {}, f"an empty batch gives ([], {{}}), got ({valid}, {counts})"


def test_valid_rows_are_converted():
    valid, counts = run([{"user_id": "7", "item_id": "a", "rating": "4.5", "split": "test"}])
    assert counts == {}, f"lax conversion of '7' and '4.5' is allowed, got errors {counts}"
    row = valid[0]
    assert (
        (row.user_id, row.rating) == (7, 4.5)
        and type(row.user_id) is int
        and type(row.rating) is float
    ), f"expected user_id=7 (int) and rating=4.5 (float), got {row!r}"


def test_bad_rows_are_dropped_and_errors_counted_per_field():
    rows = [
        good_row(0),
        {**good_row(1), "user_id": 0},  # user_id
        {**good_row(2), "rating": 9, "split": "dev"},  # rating, split
        good_row(3),
        {**good_row(4), "source": "web"},  # unknown key
        {"user_id": 6, "rating": 3, "split": "valid"},  # item_id missing
        {**good_row(6), "item_id": ""},  # item_id
    ]
    valid, counts = run(rows)
    assert [r.user_id for r in valid] == [1, 4], (
        f"only rows 0 and 3 are valid; expected user_ids [1, 4] in order, got {[r.user_id for r in valid]}"
    )
    expected = {"user_id": 1, "rating": 1, "split": 1, "source": 1, "item_id": 2}
    assert counts == expected, f"expected error counts {expected}, got {counts}"


def test_rows_that_are_not_mappings():
    rows = [None, good_row(1), "user_id=3", 42, {**good_row(4), "rating": 0}]
    valid, counts = run(rows)
    assert [r.user_id for r in valid] == [2], (
        f"only row 1 is valid, got {[r.user_id for r in valid]}"
    )
    assert counts == {"<row>": 3, "rating": 1}, (
        f"three rows are not mappings (count them under '<row>') and one has a bad rating; got {counts}"
    )


def test_a_large_seeded_batch():
    rng = random.Random(0)
    rows, expected, good_ids = [], Counter(), []
    for i in range(2000):
        row = good_row(i)
        defects = [
            d for d in ("user_id", "rating", "split", "item_id", "extra") if rng.random() < 0.05
        ]
        if "user_id" in defects:
            row["user_id"] = rng.choice([0, -3, "abc", None])
        if "rating" in defects:
            row["rating"] = rng.choice([0.5, 6, "high"])
        if "split" in defects:
            row["split"] = rng.choice(["dev", "TRAIN", 1])
        if "item_id" in defects:
            del row["item_id"]
        if "extra" in defects:
            row["label"] = 1
            defects[-1] = "label"
        expected.update(defects)
        if not defects:
            good_ids.append(row["user_id"])
        rows.append(row)
    valid, counts = run(rows)
    assert counts == dict(expected), f"expected error counts {dict(expected)}, got {counts}"
    assert [r.user_id for r in valid] == good_ids, (
        f"expected {len(good_ids)} valid rows in input order, got {len(valid)}"
    )


def test_input_is_not_modified():
    rows = [good_row(0), {**good_row(1), "rating": 7}]
    before = [dict(r) for r in rows]
    run(rows)
    assert rows == before, "validate_batch must not modify the input rows"
