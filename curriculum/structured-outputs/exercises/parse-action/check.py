import pytest
from pydantic import ValidationError

from exercise import Answer, Search, parse_action

DOC_A = "6f1c2a9e-3b7d-4c8e-9a0b-1d2e3f4a5b6c"
DOC_B = "0b5e8f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"

# Recorded replies of an agent, good ones first.
SEARCH = '{"action": "search", "query": "warmup schedule for ViT fine-tuning", "top_k": 8}'
ANSWER = (
    '{"action": "answer", "text": "Use 500 warmup steps, then cosine decay.", '
    f'"confidence": 0.82, "citations": ["{DOC_A}", "{DOC_B}"]}}'
)
FENCED = [
    f"```json\n{ANSWER}\n```",
    f"```\n{SEARCH}\n```",
    f"\n\n  ```json\n{SEARCH}\n```  \n",
]


def parse(reply):
    try:
        return parse_action(reply)
    except ValidationError:
        raise
    except Exception as exc:
        pytest.fail(
            f"parse_action must raise pydantic.ValidationError for an invalid reply, "
            f"but it raised {type(exc).__name__}: {exc}\nreply: {reply!r}"
        )


def errors_of(reply):
    result = None
    try:
        result = parse(reply)
    except ValidationError as err:
        return err.errors()
    pytest.fail(f"parse_action must raise ValidationError for {reply!r}, but it returned {result!r}")


def test_a_search():
    action = parse(SEARCH)
    assert isinstance(action, Search), f"expected a Search, got {action!r}"
    assert (action.query, action.top_k) == ("warmup schedule for ViT fine-tuning", 8), repr(action)


def test_an_answer_with_citations_as_json_strings():
    action = parse(ANSWER)
    assert isinstance(action, Answer), f"expected an Answer, got {action!r}"
    assert [str(c) for c in action.citations] == [DOC_A, DOC_B], repr(action)
    assert action.confidence == 0.82


def test_top_k_default():
    action = parse('{"action": "search", "query": "batch norm"}')
    assert isinstance(action, Search) and action.top_k == 5, repr(action)


@pytest.mark.parametrize("reply", FENCED)
def test_a_reply_in_a_code_fence(reply):
    action = parse(reply)
    assert isinstance(action, (Search, Answer)), (
        f"a reply wrapped in one Markdown code fence must be parsed, got {action!r} for {reply!r}"
    )


def test_strict_json_types():
    errors = errors_of('{"action": "search", "query": "lr", "top_k": "8"}')
    assert [e["loc"] for e in errors] == [("search", "top_k")], (
        "strict: a number in quotes is an error, at ('search', 'top_k'); got "
        f"{[(e['loc'], e['type']) for e in errors]}"
    )
    errors = errors_of('{"action": "answer", "text": "yes", "confidence": "0.9"}')
    assert [e["loc"] for e in errors] == [("answer", "confidence")], (
        f"strict: '0.9' in quotes is an error at ('answer', 'confidence'); got {[e['loc'] for e in errors]}"
    )


@pytest.mark.parametrize(
    "reply, loc",
    [
        ('{"action": "answer", "text": "yes", "confidence": 1.3}', ("answer", "confidence")),
        ('{"action": "answer", "text": "", "confidence": 0.5}', ("answer", "text")),
        ('{"action": "search", "query": "lr", "top_k": 50}', ("search", "top_k")),
        ('{"action": "search", "query": "lr", "k": 3}', ("search", "k")),
        ('{"action": "answer", "text": "yes", "confidence": 0.5, "citations": ["doc-7"]}',
         ("answer", "citations", 0)),
    ],
)
def test_one_error_located_under_the_chosen_action(reply, loc):
    errors = errors_of(reply)
    assert [e["loc"] for e in errors] == [loc], (
        "choose the model by the 'action' tag (a discriminated union): one error, at "
        f"{loc}; got {[(e['loc'], e['type']) for e in errors]}"
    )


@pytest.mark.parametrize(
    "reply, kind",
    [
        ('{"action": "browse", "url": "https://example.com"}', "union_tag_invalid"),
        ('{"query": "lr"}', "union_tag_not_found"),
    ],
)
def test_unknown_or_missing_action(reply, kind):
    errors = errors_of(reply)
    assert [(e["loc"], e["type"]) for e in errors] == [((), kind)], (
        f"an unknown or missing action is one error of type {kind!r} at (); got "
        f"{[(e['loc'], e['type']) for e in errors]}"
    )


@pytest.mark.parametrize(
    "reply",
    [
        '{"action": "answer", "text": "Use 500 warmup st',             # cut off mid-stream
        "Sure! I will search for that.",                                # prose, no JSON
        '{"action": "search", "query": "lr",}',                         # trailing comma
        "",                                                             # empty reply
        "```json\n{\"action\": \"search\", \"query\": \"lr\"\n```",     # fenced, the object never closed
    ],
)
def test_malformed_json_is_a_validation_error(reply):
    errors = errors_of(reply)
    assert errors and errors[0]["type"] == "json_invalid", (
        f"malformed JSON must be a ValidationError of type 'json_invalid', got {errors}"
    )


def test_not_an_object():
    errors = errors_of('["search", "lr"]')
    assert len(errors) == 1, f"a JSON array is one error, got {errors}"
