import functools
import json
import sys
import types
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import exercise
from exercise import SGD, AdamW, Experiment

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
    try:
        return Experiment.model_validate(raw)
    except ValidationError as err:
        pytest.fail(f"{raw} is a valid experiment, but it raised:\n{err}")


def errors_of(raw):
    """[(loc, type), ...] of Experiment.model_validate(raw), or None if it loaded."""
    try:
        Experiment.model_validate(raw)
    except ValidationError as err:
        return [(tuple(e["loc"]), e["type"]) for e in err.errors()]
    return None


def with_optimizer(opt):
    return {"name": "run", "optimizer": opt}


def test_classes_are_models_with_their_kind():
    for cls, kind in [(SGD, "sgd"), (AdamW, "adamw")]:
        assert isinstance(cls, type) and issubclass(cls, BaseModel), (
            f"{cls.__name__} must be a pydantic BaseModel"
        )
        got = getattr(cls(), "kind", None)
        assert got == kind, f"{cls.__name__}().kind must default to {kind!r}, got {got!r}"


def test_sgd_is_chosen_by_its_kind():
    exp = load(with_optimizer({"kind": "sgd", "lr": "0.05", "nesterov": True}))
    opt = exp.optimizer
    assert type(opt) is SGD, f"kind='sgd' must give an SGD, got {type(opt).__name__}: {opt!r}"
    assert (opt.lr, opt.momentum, opt.nesterov) == (0.05, 0.9, True), (
        f"expected lr=0.05, momentum=0.9 (default), nesterov=True, got {opt!r}"
    )
    assert exp.max_grad_norm is None, f"max_grad_norm defaults to None, got {exp.max_grad_norm!r}"


def test_adamw_is_chosen_by_its_kind():
    exp = load(with_optimizer({"kind": "adamw", "betas": [0.9, 0.95]}))
    opt = exp.optimizer
    assert type(opt) is AdamW, f"kind='adamw' must give an AdamW, got {type(opt).__name__}: {opt!r}"
    assert opt.betas == (0.9, 0.95) and type(opt.betas) is tuple, (
        f"betas must load as the tuple (0.9, 0.95), got {opt.betas!r}"
    )
    assert (opt.lr, opt.weight_decay) == (1e-3, 0.01), (
        f"expected the defaults lr=0.001, weight_decay=0.01, got {opt!r}"
    )


def test_an_optimizer_instance_is_accepted():
    exp = Experiment(name="run", optimizer=AdamW(lr=3e-4))
    assert type(exp.optimizer) is AdamW and exp.optimizer.lr == 3e-4, f"got {exp.optimizer!r}"


@pytest.mark.parametrize(
    "opt, expected",
    [
        ({"kind": "sgd", "momentum": 1.5}, ("optimizer", "sgd", "momentum")),
        ({"kind": "sgd", "momentum": 1.0}, ("optimizer", "sgd", "momentum")),
        ({"kind": "sgd", "momentum": -0.1}, ("optimizer", "sgd", "momentum")),
        ({"kind": "sgd", "lr": 0}, ("optimizer", "sgd", "lr")),
        ({"kind": "adamw", "lr": -1e-3}, ("optimizer", "adamw", "lr")),
        ({"kind": "adamw", "betas": [0.9, 1.0]}, ("optimizer", "adamw", "betas")),
        ({"kind": "adamw", "betas": [-0.1, 0.999]}, ("optimizer", "adamw", "betas")),
        ({"kind": "adamw", "betas": [0.9]}, ("optimizer", "adamw", "betas")),
        ({"kind": "adamw", "betas": [0.9, 0.99, 0.999]}, ("optimizer", "adamw", "betas")),
        ({"kind": "adamw", "weight_decay": -0.1}, ("optimizer", "adamw", "weight_decay")),
        ({"kind": "sgd", "betas": [0.9, 0.99]}, ("optimizer", "sgd", "betas")),
        ({"kind": "adam"}, ("optimizer",)),
        ({"lr": 0.1}, ("optimizer",)),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else "at " + repr(value),
)
def test_errors_name_the_variant_and_the_field(opt, expected):
    errors = errors_of(with_optimizer(opt))
    assert errors is not None, f"optimizer={opt} must be rejected"
    got_locs = [loc for loc, _ in errors]
    exact = len(expected) < 3 or expected[-1] != "betas"
    matches = len(got_locs) == 1 and (
        got_locs[0] == expected if exact else got_locs[0][: len(expected)] == expected
    )
    where = f"at {expected}" if exact else f"at {expected} (or below it, e.g. {expected + (1,)})"
    assert matches, (
        f"optimizer={opt}: expected exactly one error {where}, got {errors}. A discriminated union "
        "reports the errors of the chosen variant, under its tag, not one per member of the union."
    )


@pytest.mark.parametrize(
    "opt",
    [
        {"kind": "sgd", "momentum": 0.0},
        {"kind": "sgd", "momentum": 0.999},
        {"kind": "sgd", "lr": 1e-12},
        {"kind": "adamw", "betas": [0.0, 0.0]},
        {"kind": "adamw", "betas": (0.5, 0.999999)},
        {"kind": "adamw", "weight_decay": 0.0},
    ],
    ids=json.dumps,
)
def test_values_on_the_allowed_side_of_each_bound_load(opt):
    errors = errors_of(with_optimizer(opt))
    assert errors is None, (
        f"optimizer={opt} is valid (0 <= momentum < 1, lr > 0, 0 <= each beta < 1, "
        f"weight_decay >= 0), but it was rejected: {errors}"
    )


def test_experiment_fields():
    empty_name = errors_of({"name": "", "optimizer": {"kind": "sgd"}})
    assert empty_name is not None and [loc for loc, _ in empty_name] == [("name",)], (
        f"name is a non-empty string: an empty name must fail at ('name',), got {empty_name}"
    )
    bad_clip = errors_of({"name": "a", "optimizer": {"kind": "sgd"}, "max_grad_norm": 0})
    assert bad_clip is not None and [loc for loc, _ in bad_clip] == [("max_grad_norm",)], (
        f"max_grad_norm=0 must fail at ('max_grad_norm',), got {bad_clip}"
    )
    exp = load({"name": "a", "optimizer": {"kind": "sgd"}, "max_grad_norm": "1.0"})
    assert exp.max_grad_norm == 1.0, (
        f"max_grad_norm='1.0' must load as 1.0, got {exp.max_grad_norm!r}"
    )


def test_unknown_keys_are_rejected():
    errors = errors_of({"name": "a", "optimiser": {"kind": "sgd"}})
    assert errors is not None, "a misspelled key ('optimiser') must be rejected"
    assert sorted(loc for loc, _ in errors) == [("optimiser",), ("optimizer",)], (
        f"unknown keys are rejected: expected one error at ('optimiser',) (unknown) and one at "
        f"('optimizer',) (missing), got {errors}"
    )


CONFIGS = [
    {"name": "sgd-run", "optimizer": {"kind": "sgd", "lr": 0.2, "momentum": 0.0, "nesterov": True}},
    {
        "name": "adamw-run",
        "optimizer": {"kind": "adamw", "betas": [0.8, 0.99], "weight_decay": 0.0},
        "max_grad_norm": 1.0,
    },
    {"name": "defaults", "optimizer": {"kind": "adamw"}},
]


@pytest.mark.parametrize("raw", CONFIGS, ids=["sgd", "adamw", "defaults"])
def test_json_round_trip_is_lossless(raw):
    exp = load(raw)
    text = exp.model_dump_json()
    back = Experiment.model_validate_json(text)
    assert back == exp and type(back.optimizer) is type(exp.optimizer), (
        f"the JSON round trip changed the config:\nbefore {exp!r}\njson   {text}\nafter  {back!r}"
    )
    assert json.loads(text)["optimizer"]["kind"] == raw["optimizer"]["kind"], (
        f"the JSON must keep the kind tag: {text}"
    )
    via_dict = Experiment.model_validate(json.loads(json.dumps(exp.model_dump(mode="json"))))
    assert via_dict == exp, (
        f"model_dump(mode='json') -> json -> model_validate changed the config: {via_dict!r}"
    )


def test_rules_hold_under_python_O():
    bad = [
        {"name": "run", "optimizer": {"kind": "sgd", "momentum": 1.0}},
        {"name": "run", "optimizer": {"kind": "sgd", "lr": 0}},
        {"name": "run", "optimizer": {"kind": "adamw", "betas": [0.9, 1.0]}},
        {"name": "run", "optimizer": {"kind": "adamw", "betas": [0.9, 0.99, 0.999]}},
        {"name": "run", "optimizer": {"kind": "adamw", "weight_decay": -0.1}},
        {"name": "", "optimizer": {"kind": "sgd"}},
        {"name": "run", "optimizer": {"kind": "sgd"}, "max_grad_norm": 0},
    ]
    accepted = rejected_only_with_asserts("Experiment", bad)
    assert not accepted, (
        "the rules must hold under `python -O`, which strips `assert` statements: with -O these "
        f"invalid experiments, rejected without -O, loaded without error: {accepted}. Use Field "
        "constraints, or raise ValueError in a validator, instead of assert."
    )
