import pytest
from pydantic import ValidationError

from exercise import Label, label_with_repair

TEXT = "The checkout flow is fast now, but support never answered my emails."
MESSAGES = [
    {"role": "system", "content": "Label the sentiment of the feedback. Reply with JSON only."},
    {"role": "user", "content": TEXT},
]

# Recorded replies of a model on this prompt.
GOOD = '{"label": "negative", "confidence": 0.85, "evidence": "support never answered my emails"}'
BAD_LABEL = '{"label": "mixed", "confidence": 0.7, "evidence": "fast now, but support never answered"}'
BAD_PERCENT = '{"label": "negative", "confidence": 85, "evidence": "support never answered"}'
BAD_TWO = '{"label": "Negative", "confidence": -0.2, "evidence": "never answered"}'
PROSE = 'Sure! Here is the label: {"label": "negative", "confidence": 0.85, "evidence": "never answered"}'
TRUNCATED = '{"label": "negative", "confidence": 0.85, "evid'


class TooManyCalls(BaseException):
    """Raised by the fake model when the loop does not stop (a BaseException: `except Exception` can't swallow it)."""


class FakeModel:
    """Replays recorded replies; records a copy of the messages of each call."""

    def __init__(self, *replies, limit=25):
        self.replies, self.calls, self.limit = list(replies), [], limit

    def __call__(self, messages):
        self.calls.append([dict(m) for m in messages])
        if len(self.calls) > self.limit:
            raise TooManyCalls(f"the model was called {len(self.calls)} times")
        reply = self.replies[min(len(self.calls), len(self.replies)) - 1]
        if isinstance(reply, BaseException):
            raise reply
        return reply


def run(model, max_attempts=3, messages=None):
    messages = [dict(m) for m in MESSAGES] if messages is None else messages
    try:
        return label_with_repair(model, messages, max_attempts=max_attempts)
    except TooManyCalls:
        pytest.fail(
            f"At most max_attempts={max_attempts} calls of the model, but it was called "
            f"{model.limit + 1} times and the loop was still going: bound the loop."
        )


def feedback_of(model, call):
    """The messages the loop added before call number `call` (1-based)."""
    before = model.calls[call - 2]
    after = model.calls[call - 1]
    assert after[: len(before)] == before, (
        f"call {call} must continue the conversation of call {call - 1} (its messages, then the new ones)"
    )
    return after[len(before):]


def test_a_valid_first_reply():
    model = FakeModel(GOOD)
    result = run(model)
    assert isinstance(result, Label) and result.label == "negative", f"expected a Label, got {result!r}"
    assert len(model.calls) == 1, f"a valid first reply needs one call, got {len(model.calls)}"
    assert model.calls[0] == MESSAGES, f"the first call gets the messages as given, got {model.calls[0]}"


def test_one_repair():
    model = FakeModel(BAD_LABEL, GOOD)
    result = run(model)
    assert isinstance(result, Label) and result.confidence == 0.85, f"expected the second reply, got {result!r}"
    assert len(model.calls) == 2, f"expected 2 calls, got {len(model.calls)}"
    added = feedback_of(model, 2)
    assert [m.get("role") for m in added] == ["assistant", "user"], (
        "after an invalid reply, add the model's reply as an 'assistant' message, then the errors "
        f"as a 'user' message; the loop added roles {[m.get('role') for m in added]}"
    )
    assert added[0].get("content") == BAD_LABEL, "the assistant message is the model's invalid reply, unchanged"
    text = added[1].get("content", "")
    assert "label" in text and "Input should be 'positive', 'negative' or 'neutral'" in text, (
        "the feedback must name each error's field and pydantic's message, got:\n" + text
    )


def test_every_error_is_fed_back():
    model = FakeModel(BAD_TWO, GOOD)
    run(model)
    text = feedback_of(model, 2)[-1].get("content", "")
    for field, msg in [
        ("label", "Input should be 'positive', 'negative' or 'neutral'"),
        ("confidence", "Input should be greater than or equal to 0"),
    ]:
        assert field in text and msg in text, (
            f"the feedback must list every error: {field!r} with {msg!r} is missing from:\n{text}"
        )


@pytest.mark.parametrize("bad", [PROSE, TRUNCATED])
def test_malformed_json_is_repaired_too(bad):
    model = FakeModel(bad, GOOD)
    result = run(model)
    assert isinstance(result, Label), f"expected a Label after one repair, got {result!r}"
    text = feedback_of(model, 2)[-1].get("content", "")
    assert "Invalid JSON" in text, f"the feedback must include pydantic's 'Invalid JSON' message, got:\n{text}"


def test_gives_up_after_max_attempts_with_the_last_error():
    model = FakeModel(BAD_LABEL, BAD_TWO, BAD_PERCENT, GOOD)
    with pytest.raises(ValidationError) as info:
        result = run(model, max_attempts=3)
        pytest.fail(f"after 3 invalid replies, raise the last ValidationError; got {result!r}")
    assert len(model.calls) == 3, f"max_attempts=3 means 3 calls of the model in all, got {len(model.calls)}"
    locs = [e["loc"] for e in info.value.errors()]
    assert locs == [("confidence",)], f"raise the last reply's ValidationError (confidence=85), got errors at {locs}"


@pytest.mark.parametrize("max_attempts, calls", [(1, 1), (2, 2), (5, 5)])
def test_max_attempts_counts_every_call(max_attempts, calls):
    model = FakeModel(BAD_PERCENT)
    with pytest.raises(ValidationError):
        run(model, max_attempts=max_attempts)
    assert len(model.calls) == calls, (
        f"max_attempts={max_attempts} allows {calls} calls in all, the loop made {len(model.calls)}"
    )


def test_the_fourth_reply_is_used_when_allowed():
    model = FakeModel(BAD_LABEL, BAD_TWO, BAD_PERCENT, GOOD)
    result = run(model, max_attempts=4)
    assert isinstance(result, Label) and len(model.calls) == 4, (
        f"with max_attempts=4, the fourth reply is valid: expected a Label after 4 calls, "
        f"got {result!r} after {len(model.calls)}"
    )


def test_a_model_that_never_complies_stops():
    model = FakeModel(BAD_LABEL, limit=25)
    with pytest.raises(ValidationError):
        run(model, max_attempts=3)


def test_other_errors_are_not_retried():
    model = FakeModel(RuntimeError("429: rate limited"), GOOD)
    with pytest.raises(RuntimeError, match="rate limited"):
        run(model)
    assert len(model.calls) == 1, (
        "only ValidationErrors are repaired: an error of the call itself (here a RuntimeError) "
        f"must propagate at once, but the model was called {len(model.calls)} times"
    )


def test_the_callers_messages_are_not_modified():
    messages = [dict(m) for m in MESSAGES]
    run(FakeModel(BAD_LABEL, BAD_PERCENT, GOOD), messages=messages)
    assert messages == MESSAGES, (
        f"the caller's messages list must not be modified: it now has {len(messages)} messages"
    )
