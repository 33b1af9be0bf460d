import functools
import json
import sys
import types
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import exercise
from exercise import TrainingConfig

VALID = {"learning_rate": 3e-4, "batch_size": 64}

# --- Validation that survives `python -O` --------------------------------------------------
# `python -O` removes every `assert` statement, so a rule written as an assert (even inside a
# validator, where pydantic turns the AssertionError into a ValidationError) silently stops being
# checked in production. The checks compile exercise.py again as -O does (optimize=1: no assert
# statements, __debug__ is False), run it as a module of its own and feed it inputs that must be
# rejected.
@functools.cache
def exercise_under_python_O():
    """A second copy of exercise.py, compiled and run as `python -O` would."""
    path = Path(exercise.__file__)
    module = types.ModuleType("exercise_under_python_O")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module  # where pydantic resolves the models' annotations
    try:
        code = compile(path.read_bytes(), str(path), "exec", optimize=1, dont_inherit=True)
        exec(code, module.__dict__)
    except Exception as error:
        raise AssertionError(
            f"exercise.py could not be loaded under `python -O`: {type(error).__name__}: {error}"
        ) from None
    return module


def accepted_under_python_O(model_name, bad_inputs):
    """The inputs among `bad_inputs` that exercise.<model_name>.model_validate accepts under -O."""
    model = getattr(exercise_under_python_O(), model_name)
    accepted = []
    for raw in json.loads(json.dumps(bad_inputs)):  # fresh copies, as the inputs are given
        try:
            model.model_validate(raw)
        except ValidationError:
            continue
        accepted.append(raw)
    return accepted


def rejected_only_with_asserts(model_name, bad_inputs):
    """The inputs that model_validate rejects here but accepts under `python -O`."""
    model = getattr(exercise, model_name)
    rejected_here = []
    for raw in bad_inputs:
        try:
            model.model_validate(raw)
        except ValidationError:
            rejected_here.append(raw)
    if not rejected_here:
        return []  # the other checks report inputs that are accepted even without -O
    return accepted_under_python_O(model_name, rejected_here)
# ---------------------------------------------------------------------------------------------


def errors_of(raw):
    """The (loc, type) of every error TrainingConfig.model_validate(raw) raises, or None."""
    try:
        TrainingConfig.model_validate(raw)
    except ValidationError as err:
        return [(tuple(e["loc"]), e["type"]) for e in err.errors()]
    return None


def locs_of(raw):
    errors = errors_of(raw)
    return None if errors is None else [loc for loc, _ in errors]


def test_is_a_pydantic_model():
    assert isinstance(TrainingConfig, type) and issubclass(TrainingConfig, BaseModel), (
        "TrainingConfig must be a pydantic BaseModel subclass"
    )


def test_valid_config_loads_with_defaults():
    cfg = TrainingConfig.model_validate(VALID)
    got = (
        cfg.learning_rate,
        cfg.batch_size,
        cfg.epochs,
        cfg.dropout,
        cfg.mixed_precision,
        cfg.seed,
    )
    expected = (3e-4, 64, 10, 0.1, False, None)
    assert got == expected, (
        f"expected (learning_rate, batch_size, epochs, dropout, mixed_precision, seed) = {expected}, got {got}"
    )


def test_lax_fields_convert_strings_to_the_right_types():
    raw = {
        "learning_rate": "0.01",
        "batch_size": 32,
        "epochs": "20",
        "dropout": "0",
        "mixed_precision": "true",
        "seed": "7",
    }
    try:
        cfg = TrainingConfig.model_validate(raw)
    except ValidationError as err:
        pytest.fail(
            f"only batch_size is strict; strings from a CLI must load into the other fields:\n{err}"
        )
    for name, value, kind in [
        ("learning_rate", 0.01, float),
        ("epochs", 20, int),
        ("dropout", 0.0, float),
        ("mixed_precision", True, bool),
        ("seed", 7, int),
    ]:
        got = getattr(cfg, name)
        assert type(got) is kind and got == value, (
            f"{name}: expected {value!r} ({kind.__name__}), got {got!r} ({type(got).__name__})"
        )


@pytest.mark.parametrize(
    "field, value",
    [
        ("learning_rate", 0),
        ("learning_rate", -1e-3),
        ("learning_rate", 1.5),
        ("batch_size", 0),
        ("batch_size", -8),
        ("epochs", 0),
        ("dropout", 1.0),
        ("dropout", -0.1),
    ],
)
def test_out_of_range_values_fail_at_their_field(field, value):
    raw = {**VALID, field: value}
    locs = locs_of(raw)
    assert locs is not None, f"{field}={value!r} must raise a ValidationError, but it loaded"
    assert locs == [(field,)], (
        f"{field}={value!r}: expected one error at loc ({field!r},), got errors at {locs}"
    )


def test_boundaries_that_are_allowed():
    for field, value in [("learning_rate", 1), ("dropout", 0.0), ("epochs", 1), ("batch_size", 1)]:
        raw = {**VALID, field: value}
        assert errors_of(raw) is None, (
            f"{field}={value!r} is allowed, but it raised {errors_of(raw)}"
        )


@pytest.mark.parametrize("value", [True, "64", 64.0])
def test_batch_size_is_strict(value):
    locs = locs_of({**VALID, "batch_size": value})
    assert locs is not None, (
        f"batch_size={value!r} must be rejected (batch_size is strict), but it loaded as "
        f"{TrainingConfig.model_validate({**VALID, 'batch_size': value}).batch_size!r}"
    )
    assert locs == [("batch_size",)], (
        f"batch_size={value!r}: expected one error at ('batch_size',), got {locs}"
    )


def test_seed_may_be_null():
    errors = errors_of({**VALID, "seed": None})
    assert errors is None, (
        f"seed is an int or None: seed=None must load, but it raised {errors} "
        "(a default of None does not make the type optional)"
    )
    cfg = TrainingConfig.model_validate({**VALID, "seed": None})
    assert cfg.seed is None, f"seed=None must load as None, got {cfg.seed!r}"


def test_missing_required_fields_are_reported():
    errors = errors_of({})
    assert errors is not None, (
        "an empty config must fail: learning_rate and batch_size are required"
    )
    assert sorted(errors) == [(("batch_size",), "missing"), (("learning_rate",), "missing")], (
        f"expected 'missing' errors for learning_rate and batch_size only, got {errors}"
    )


def test_unknown_keys_are_rejected():
    errors = errors_of({"learning_rte": 0.1, "batch_size": 64})
    assert errors is not None, (
        "a misspelled key (learning_rte) must be an error, not silently ignored"
    )
    assert ("learning_rte",) in [loc for loc, _ in errors], (
        f"unknown keys are rejected: expected an error at ('learning_rte',), got {errors}"
    )
    assert (("learning_rate",), "missing") in errors, (
        f"learning_rate is still missing; got {errors}"
    )


def test_every_error_is_reported_at_once():
    locs = locs_of({"learning_rate": 2.0, "batch_size": "64", "dropout": 1.0, "colour": "red"})
    expected = [("batch_size",), ("colour",), ("dropout",), ("learning_rate",)]
    assert locs is not None and sorted(locs) == expected, (
        f"expected errors at {expected}, got {locs}"
    )


def test_frozen():
    cfg = TrainingConfig.model_validate(VALID)
    try:
        cfg.learning_rate = 0.5
    except Exception:
        pass
    else:
        pytest.fail("the config is frozen: assigning cfg.learning_rate = 0.5 must raise")
    assert cfg.learning_rate == 3e-4, (
        f"the frozen config changed: learning_rate is now {cfg.learning_rate}"
    )


def test_equal_configs_hash_equal():
    a = TrainingConfig.model_validate(VALID)
    b = TrainingConfig.model_validate({**VALID, "epochs": 10})
    c = TrainingConfig.model_validate({**VALID, "epochs": 11})
    try:
        results = {a: "run-1"}
    except TypeError as err:
        pytest.fail(f"a frozen config must be hashable, to key a cache of results: {err}")
    assert results.get(b) == "run-1", (
        "two configs with the same values must be equal and hash equal"
    )
    assert c not in results, "configs with different values must not be equal"


BAD_VALUES = [
    ("learning_rate", 0),
    ("learning_rate", 1.5),
    ("batch_size", 0),
    ("batch_size", True),
    ("epochs", 0),
    ("dropout", 1.0),
    ("dropout", -0.1),
]


def test_rules_hold_under_python_O():
    bad = [{**VALID, field: value} for field, value in BAD_VALUES]
    accepted = rejected_only_with_asserts("TrainingConfig", bad)
    assert not accepted, (
        "the rules must hold under `python -O`, which strips `assert` statements: with -O these "
        f"invalid configs, rejected without -O, loaded without error: {accepted}. Use Field constraints, or raise "
        "ValueError in a validator, instead of assert."
    )
