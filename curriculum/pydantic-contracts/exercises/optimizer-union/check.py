import json

import pytest
from pydantic import BaseModel, ValidationError

from exercise import SGD, AdamW, Experiment


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
        ({"kind": "sgd", "momentum": 1.5}, [(("optimizer", "sgd", "momentum"), None)]),
        ({"kind": "sgd", "lr": 0}, [(("optimizer", "sgd", "lr"), None)]),
        ({"kind": "adamw", "betas": [0.9, 1.0]}, [(("optimizer", "adamw", "betas", 1), None)]),
        ({"kind": "adamw", "weight_decay": -0.1}, [(("optimizer", "adamw", "weight_decay"), None)]),
        (
            {"kind": "sgd", "betas": [0.9, 0.99]},
            [(("optimizer", "sgd", "betas"), "extra_forbidden")],
        ),
        ({"kind": "adam"}, [(("optimizer",), "union_tag_invalid")]),
        ({"lr": 0.1}, [(("optimizer",), "union_tag_not_found")]),
    ],
)
def test_errors_name_the_variant_and_the_field(opt, expected):
    errors = errors_of(with_optimizer(opt))
    assert errors is not None, f"optimizer={opt} must be rejected"
    want_locs = [loc for loc, _ in expected]
    got_locs = [loc for loc, _ in errors]
    assert got_locs == want_locs, (
        f"optimizer={opt}: expected errors at {want_locs}, got {errors}. A discriminated union "
        "reports the errors of the chosen variant, under its tag, not one per member of the union."
    )
    for (loc, want), (_, got) in zip(expected, errors):
        if want is not None:
            assert got == want, (
                f"optimizer={opt}: expected error type {want!r} at {loc}, got {got!r}"
            )


def test_experiment_fields():
    assert errors_of({"name": "", "optimizer": {"kind": "sgd"}}) == [
        (("name",), "string_too_short")
    ], (
        f"an empty name must fail at ('name',), got {errors_of({'name': '', 'optimizer': {'kind': 'sgd'}})}"
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
    assert sorted(errors) == [(("optimiser",), "extra_forbidden"), (("optimizer",), "missing")], (
        f"expected extra_forbidden at ('optimiser',) and missing at ('optimizer',), got {errors}"
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
