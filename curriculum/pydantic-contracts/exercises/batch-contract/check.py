import json
import random
from collections import Counter

from pydantic import TypeAdapter

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
    got_ids = [r.user_id for r in valid]
    first = next((i for i, (a, b) in enumerate(zip(got_ids, good_ids)) if a != b), None)
    assert got_ids == good_ids, (
        f"expected the {len(good_ids)} valid rows in input order, got {len(got_ids)} rows"
        + ("" if first is None else f"; the first difference is at position {first}: "
           f"user_id {got_ids[first]} where the input order has {good_ids[first]}")
    )


def test_input_is_not_modified():
    rows = [good_row(0), {**good_row(1), "rating": 7}]
    before = [dict(r) for r in rows]
    run(rows)
    assert rows == before, "validate_batch must not modify the input rows"


def test_valid_rows_of_a_mixed_batch_are_validated_models():
    rows = [
        {"user_id": "7", "item_id": "a", "rating": "4.5", "split": "test"},
        {**good_row(1), "rating": 0},
        {"user_id": 9.0, "item_id": "b", "rating": 2, "split": "valid"},
    ]
    valid, counts = run(rows)
    assert counts == {"rating": 1}, f"expected error counts {{'rating': 1}}, got {counts}"
    got = [(r.user_id, type(r.user_id).__name__, r.rating, type(r.rating).__name__) for r in valid]
    expected = [(7, "int", 4.5, "float"), (9, "int", 2.0, "float")]
    assert got == expected, (
        "the valid rows of a batch that also has bad rows must still be validated (lax conversion "
        f"applies): expected (user_id, type, rating, type) = {expected}, got {got}. "
        "model_construct skips validation."
    )


class AdapterSpy:
    """Counts the TypeAdapters built and records what their validate_* methods receive."""

    def __init__(self, monkeypatch):
        self.built = 0
        self.inputs = []
        spy = self
        build, validate_python, validate_json = (
            TypeAdapter.__init__, TypeAdapter.validate_python, TypeAdapter.validate_json
        )

        def counting_init(adapter, *args, **kwargs):
            spy.built += 1
            build(adapter, *args, **kwargs)

        def recording_validate_python(adapter, value, *args, **kwargs):
            spy.inputs.append(value)
            return validate_python(adapter, value, *args, **kwargs)

        def recording_validate_json(adapter, data, *args, **kwargs):
            try:
                spy.inputs.append(json.loads(data))
            except ValueError:
                pass
            return validate_json(adapter, data, *args, **kwargs)

        monkeypatch.setattr(TypeAdapter, "__init__", counting_init)
        monkeypatch.setattr(TypeAdapter, "validate_python", recording_validate_python)
        monkeypatch.setattr(TypeAdapter, "validate_json", recording_validate_json)


def test_one_type_adapter_built_once_validates_the_whole_batch(monkeypatch):
    spy = AdapterSpy(monkeypatch)
    batches = [
        [good_row(0), {**good_row(1), "rating": 9}, good_row(2)],
        [good_row(i) for i in range(4)],
        [None, good_row(5), {**good_row(6), "split": "dev"}],
    ]
    for rows in batches:
        before = len(spy.inputs)
        run(rows)
        whole = [value for value in spy.inputs[before:] if isinstance(value, list) and value == rows]
        assert whole, (
            "Validate the batch with one TypeAdapter(list[Interaction]): the whole list of rows "
            "must go through one adapter call (adapter.validate_python(rows)), not row by row "
            "(Interaction.model_validate or an adapter per row)."
        )
    assert spy.built <= 1, (
        f"The TypeAdapter must be built once, not per call: {spy.built} TypeAdapters were built "
        f"during {len(batches)} calls of validate_batch. Building one compiles a validator; "
        "create it at module level (or cache it) and reuse it."
    )
