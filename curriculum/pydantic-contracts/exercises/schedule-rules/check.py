import copy
import functools
import json
import sys
import types
from pathlib import Path

import pytest
from pydantic import ValidationError

import exercise
from exercise import LRSchedule

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


def load(raw):
    """LRSchedule.model_validate(raw), failing the test if it is not a valid LRSchedule."""
    try:
        result = LRSchedule.model_validate(raw)
    except ValidationError as err:
        pytest.fail(f"{raw} is valid, but it raised:\n{err}")
    assert isinstance(result, LRSchedule), (
        f"model_validate({raw}) returned {result!r} instead of an LRSchedule: "
        "does your model validator `return self`?"
    )
    return result


def errors_of(raw):
    """The errors of LRSchedule.model_validate(raw) as dicts, or None if it loaded."""
    try:
        LRSchedule.model_validate(raw)
    except ValidationError as err:
        return err.errors()
    return None


def test_valid_schedule_loads():
    s = load({"total_steps": 1000, "warmup_steps": 100, "milestones": [300, 600]})
    assert (s.total_steps, s.warmup_steps, s.milestones) == (1000, 100, [300, 600]), (
        f"expected total_steps=1000, warmup_steps=100, milestones=[300, 600], got {s!r}"
    )
    s = load({"total_steps": 10})
    assert (s.warmup_steps, s.milestones) == (0, []), (
        f"defaults: expected warmup_steps=0, milestones=[], got {s!r}"
    )


def test_model_validate_json_returns_a_model():
    s = LRSchedule.model_validate_json(
        '{"total_steps": 500, "warmup_steps": 50, "milestones": [100]}'
    )
    assert isinstance(s, LRSchedule), (
        f"model_validate_json returned {s!r}: does your model validator `return self`?"
    )


@pytest.mark.parametrize(
    "text, expected",
    [("300, 600", [300, 600]), ("300,600,900", [300, 600, 900]), (" 450 ", [450]), ("", [])],
)
def test_milestones_from_a_string(text, expected):
    s = load({"total_steps": 1000, "warmup_steps": 100, "milestones": text})
    assert s.milestones == expected and all(type(m) is int for m in s.milestones), (
        f"milestones={text!r} must load as the list of ints {expected}, got {s.milestones!r}"
    )


def test_milestones_list_input_still_works():
    s = load({"total_steps": 1000, "milestones": ["300", 600]})
    assert s.milestones == [300, 600], (
        f"a list input must still load (lax ints), got {s.milestones!r}"
    )


def test_bad_milestone_text_is_a_validation_error():
    errors = errors_of({"total_steps": 1000, "milestones": "300, abc"})
    assert errors, "milestones='300, abc' must raise a ValidationError"
    assert all(e["loc"][:1] == ("milestones",) for e in errors), (
        f"the error must be located under 'milestones', got {[e['loc'] for e in errors]}"
    )


@pytest.mark.parametrize("milestones", [[600, 300], [300, 300], [200, 500, 400]])
def test_milestones_must_strictly_increase(milestones):
    errors = errors_of({"total_steps": 1000, "warmup_steps": 100, "milestones": milestones})
    assert errors, f"milestones={milestones} must be rejected: they do not strictly increase"
    locs = [e["loc"] for e in errors]
    assert locs == [("milestones",)], (
        f"milestones={milestones}: expected one error at ('milestones',), got {locs}"
    )


@pytest.mark.parametrize("warmup", [1000, 1500])
def test_warmup_must_end_before_training(warmup):
    errors = errors_of({"total_steps": 1000, "warmup_steps": warmup})
    assert errors, f"warmup_steps={warmup} with total_steps=1000 must be rejected"
    assert [e["loc"] for e in errors] == [()], (
        f"a cross-field error belongs to the model: expected one error at loc (), got {[e['loc'] for e in errors]}"
    )
    msg = errors[0]["msg"]
    assert "warmup_steps" in msg and "total_steps" in msg, (
        f"the message must name warmup_steps and total_steps, got {msg!r}"
    )


@pytest.mark.parametrize("milestones", [[300, 1000], [1200], [50, 600], [100]])
def test_milestones_must_lie_inside_the_schedule(milestones):
    errors = errors_of({"total_steps": 1000, "warmup_steps": 100, "milestones": milestones})
    assert errors, (
        f"milestones={milestones} must be rejected: each must be > warmup_steps=100 and < total_steps=1000"
    )
    assert [e["loc"] for e in errors] == [()], (
        f"expected one error at loc (), got {[e['loc'] for e in errors]}"
    )
    assert "milestones" in errors[0]["msg"], (
        f"the message must name milestones, got {errors[0]['msg']!r}"
    )


@pytest.mark.parametrize(
    "raw, loc",
    [
        ({"total_steps": 0}, ("total_steps",)),
        ({"total_steps": 100, "warmup_steps": -1}, ("warmup_steps",)),
        ({"warmup_steps": 10}, ("total_steps",)),
    ],
)
def test_field_errors_stay_at_their_field(raw, loc):
    errors = errors_of(raw)
    assert errors, f"{raw} must be rejected"
    assert [e["loc"] for e in errors] == [loc], (
        f"{raw}: expected one error at {loc}, got {[e['loc'] for e in errors]}"
    )


def test_cross_field_rule_does_not_crash_when_a_field_is_invalid():
    raw = {"total_steps": "ten", "warmup_steps": 50, "milestones": [20]}
    try:
        errors = errors_of(raw)
    except Exception as err:  # e.g. a KeyError from info.data in a field validator
        pytest.fail(f"{raw} must raise a ValidationError, not {type(err).__name__}: {err}")
    locs = [e["loc"] for e in errors] if errors else errors
    assert locs == [("total_steps",)], (
        f"only total_steps is wrong: expected one error at ('total_steps',), got {locs}"
    )


def test_input_dict_is_not_modified():
    raw = {"total_steps": 1000, "warmup_steps": 100, "milestones": "300, 600"}
    before = copy.deepcopy(raw)
    load(raw)
    assert raw == before, f"validation must not modify the caller's dict: it became {raw}"


def test_rules_hold_under_python_O():
    bad = [
        {"total_steps": 1000, "warmup_steps": 100, "milestones": [600, 300]},
        {"total_steps": 1000, "warmup_steps": 100, "milestones": "300, 300"},
        {"total_steps": 1000, "warmup_steps": 1000},
        {"total_steps": 1000, "warmup_steps": 100, "milestones": [50, 600]},
        {"total_steps": 1000, "warmup_steps": 100, "milestones": [300, 1000]},
    ]
    accepted = rejected_only_with_asserts("LRSchedule", bad)
    assert not accepted, (
        "the rules must hold under `python -O`, which strips `assert` statements: with -O these "
        f"invalid schedules, rejected without -O, loaded without error: {accepted}. Raise ValueError in your validators "
        "instead of using assert."
    )
