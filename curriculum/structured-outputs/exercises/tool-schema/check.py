import json

import pytest
from pydantic import ValidationError

from exercise import LaunchTraining, tool_definition

# Recorded tool-call arguments, as a model sent them (the `arguments` string of a tool call).
GOOD = [
    '{"model_name": "resnet50", "dataset": "imagenet-1k", "gpus": 8, "learning_rate": 0.1,'
    ' "schedule": {"kind": "cosine", "warmup_steps": 500}}',
    '{"model_name": "gpt2-small", "dataset": "wikitext-103", "gpus": 1, "learning_rate": null,'
    ' "schedule": {"kind": "constant", "warmup_steps": 0}}',
    '{"model_name": "vit-b16", "dataset": "cifar10", "gpus": 2, "learning_rate": 3e-4,'
    ' "schedule": {"kind": "cosine", "warmup_steps": 1000}}',
]
BASE = json.loads(GOOD[0])
BAD = {
    "gpus above 8": {**BASE, "gpus": 16},
    "gpus of 0": {**BASE, "gpus": 0},
    "an unknown dataset": {**BASE, "dataset": "imagenet"},
    "an empty model_name": {**BASE, "model_name": ""},
    "a learning_rate of 0": {**BASE, "learning_rate": 0},
    "learning_rate left out": {k: v for k, v in BASE.items() if k != "learning_rate"},
    "an extra key": {**BASE, "priority": "high"},
    "an extra key in schedule": {**BASE, "schedule": {"kind": "cosine", "warmup_steps": 5, "decay": 0.1}},
    "negative warmup_steps": {**BASE, "schedule": {"kind": "cosine", "warmup_steps": -1}},
    "an unknown schedule kind": {**BASE, "schedule": {"kind": "linear", "warmup_steps": 5}},
    "schedule left out": {k: v for k, v in BASE.items() if k != "schedule"},
}


# --- A small JSON Schema validator: the subset pydantic emits for these models -----------------
def schema_errors(value, schema, root, path="$"):
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), f"only local $refs are expected, got {ref}"
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        return schema_errors(value, target, root, path)
    if "anyOf" in schema:
        branches = [schema_errors(value, s, root, path) for s in schema["anyOf"]]
        return [] if any(not b for b in branches) else [f"{path}: matches no anyOf branch"]
    errors = []
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "array": lambda v: isinstance(v, list),
    }
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(checks[k](value) for k in kinds):
            return [f"{path}: not of type {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: not in enum")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: not the const")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for key, ok in (
            ("minimum", lambda b: value >= b), ("maximum", lambda b: value <= b),
            ("exclusiveMinimum", lambda b: value > b), ("exclusiveMaximum", lambda b: value < b),
        ):
            if key in schema and not ok(schema[key]):
                errors.append(f"{path}: {key} {schema[key]}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{path}: shorter than minLength")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{path}: longer than maxLength")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key}")
        for key, item in value.items():
            if key in props:
                errors += schema_errors(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: additional property {key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], root, f"{path}[{i}]")
    return errors


def object_schemas(schema, path="parameters"):
    """Every object schema inside `schema` (the root, $defs, nested properties), with its path."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "properties" in schema:
            yield path, schema
        for key, value in schema.items():
            yield from object_schemas(value, f"{path}.{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from object_schemas(value, f"{path}[{i}]")


def parameters():
    tool = tool_definition()
    params = tool.get("function", {}).get("parameters") if isinstance(tool, dict) else None
    assert isinstance(params, dict), (
        "tool_definition()['function']['parameters'] must be the JSON Schema as a dict "
        f"(LaunchTraining.model_json_schema()), got {type(params).__name__}"
    )
    return params


def test_tool_definition_format():
    tool = tool_definition()
    assert isinstance(tool, dict) and tool.get("type") == "function", (
        f"the tool is a dict with 'type': 'function', got {tool!r:.200}"
    )
    fn = tool.get("function")
    assert isinstance(fn, dict), "the tool needs a 'function' dict"
    assert fn.get("name") == "launch_training", f"the function's name is 'launch_training', got {fn.get('name')!r}"
    assert fn.get("strict") is True, f"the function sets 'strict': True, got {fn.get('strict')!r}"
    assert isinstance(fn.get("description"), str) and fn["description"].strip(), (
        "the function needs a non-empty 'description' (the LaunchTraining docstring): it tells "
        "the model when to call the tool"
    )
    json.dumps(tool)  # the whole definition must be plain JSON


def test_every_object_forbids_extra_keys_and_requires_every_key():
    params = parameters()
    objects = list(object_schemas(params))
    assert any("schedule" in o.get("properties", {}) for _, o in objects), (
        "the parameters must describe LaunchTraining, with its schedule"
    )
    assert any("warmup_steps" in o.get("properties", {}) for _, o in objects), (
        "the parameters must describe the nested Schedule object too"
    )
    for path, obj in objects:
        props = set(obj.get("properties", {}))
        assert obj.get("additionalProperties") is False, (
            f"Strict schemas: every object sets additionalProperties: false, but {path} "
            f"(properties {sorted(props)}) has {obj.get('additionalProperties', 'nothing')!r}. "
            "extra='forbid' on every model, nested ones included."
        )
        missing = props - set(obj.get("required", []))
        assert not missing, (
            f"Strict schemas: every property is required, but {path} does not require {sorted(missing)}. "
            "A field with a default is left out of 'required'; make learning_rate required but "
            "nullable (float | None, no default)."
        )


def test_every_property_has_a_description():
    for path, obj in object_schemas(parameters()):
        for name, prop in obj.get("properties", {}).items():
            text = prop.get("description")
            assert isinstance(text, str) and text.strip(), (
                f"every property needs a description the model can read: {path}.{name} has none. "
                "A # comment never reaches the schema; use Field(description=...)."
            )


@pytest.mark.parametrize("text", GOOD)
def test_recorded_good_arguments_pass_the_schema_and_the_model(text):
    errors = schema_errors(json.loads(text), parameters(), parameters())
    assert not errors, f"the schema rejects valid arguments {text}: {errors}"
    try:
        LaunchTraining.model_validate_json(text)
    except ValidationError as err:
        pytest.fail(f"LaunchTraining rejects valid arguments {text}:\n{err}")


@pytest.mark.parametrize("what", sorted(BAD))
def test_recorded_bad_arguments_fail_the_schema_and_the_model(what):
    raw = BAD[what]
    assert schema_errors(raw, parameters(), parameters()), (
        f"the schema accepts arguments with {what}: {json.dumps(raw)}. The schema must state "
        "the rules (constraints, enums, required keys, no extra keys), so the model can follow them."
    )
    with pytest.raises(ValidationError):
        LaunchTraining.model_validate_json(json.dumps(raw))
        pytest.fail(f"LaunchTraining accepts arguments with {what}: {json.dumps(raw)}")
