import os

import pytest
from pydantic import SecretStr, ValidationError

import exercise

KEY = "sk-live-9f8e7d6c5b4a"
FIELDS = ("API_KEY", "MODEL", "TEMPERATURE", "MAX_ATTEMPTS")


@pytest.fixture(autouse=True)
def clean_environment(tmp_path, monkeypatch):
    """Each test runs in an empty folder, with no LABELER_ variable set."""
    for name in list(os.environ):
        if name.upper().startswith("LABELER_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def settings():
    try:
        return exercise.get_settings()
    except ValidationError:
        raise
    except Exception as exc:
        pytest.fail(f"get_settings() raised {type(exc).__name__}: {exc}")


def about(name, loc):
    """Whether an error's loc names the field `name` (or its variable, LABELER_<NAME>)."""
    return bool(loc) and str(loc[0]).upper() in (name, f"LABELER_{name}")


def write_env(text):
    with open(".env", "w") as f:
        f.write(text)


def test_reads_prefixed_environment_variables(monkeypatch):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    monkeypatch.setenv("LABELER_MODEL", "large-v2")
    monkeypatch.setenv("LABELER_TEMPERATURE", "0.7")
    monkeypatch.setenv("LABELER_MAX_ATTEMPTS", "5")
    s = settings()
    assert (s.model, s.temperature, s.max_attempts) == ("large-v2", 0.7, 5), (
        f"expected model='large-v2', temperature=0.7, max_attempts=5 from LABELER_* variables, got {s!r}"
    )
    assert isinstance(s.api_key, SecretStr) and s.api_key.get_secret_value() == KEY, (
        "api_key must be a SecretStr holding LABELER_API_KEY (read it with get_secret_value())"
    )


def test_defaults(monkeypatch):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    s = settings()
    assert (s.model, s.temperature, s.max_attempts) == ("small-v1", 0.0, 3), f"expected the defaults, got {s!r}"


def test_names_are_case_insensitive(monkeypatch):
    monkeypatch.setenv("labeler_api_key", KEY)
    monkeypatch.setenv("Labeler_Model", "tiny")
    s = settings()
    assert s.model == "tiny" and s.api_key.get_secret_value() == KEY, (
        f"variable names are matched in any case: labeler_api_key, Labeler_Model; got {s!r}"
    )


def test_unprefixed_variables_are_not_read(monkeypatch):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    monkeypatch.setenv("MODEL", "someone-elses-model")
    assert settings().model == "small-v1", "only LABELER_-prefixed variables configure the service"


def test_the_api_key_is_required():
    with pytest.raises(ValidationError) as info:
        s = settings()
        pytest.fail(f"without LABELER_API_KEY, get_settings() must raise a ValidationError, got {s!r}")
    locs = [e["loc"] for e in info.value.errors()]
    assert any(about("API_KEY", loc) for loc in locs), f"the error names api_key, got errors at {locs}"


@pytest.mark.parametrize("name, value", [("TEMPERATURE", "2.5"), ("TEMPERATURE", "-0.1"), ("MAX_ATTEMPTS", "0")])
def test_bad_values_are_rejected(monkeypatch, name, value):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    monkeypatch.setenv(f"LABELER_{name}", value)
    with pytest.raises(ValidationError) as info:
        s = settings()
        pytest.fail(f"LABELER_{name}={value} must be rejected (temperature 0 to 2, max_attempts >= 1), got {s!r}")
    locs = [e["loc"] for e in info.value.errors()]
    assert len(locs) == 1 and about(name, locs[0]), f"expected one error, naming {name.lower()}; got errors at {locs}"


def test_bounds_are_inclusive(monkeypatch):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    monkeypatch.setenv("LABELER_TEMPERATURE", "2")
    monkeypatch.setenv("LABELER_MAX_ATTEMPTS", "1")
    s = settings()
    assert (s.temperature, s.max_attempts) == (2.0, 1), (
        f"0 <= temperature <= 2 and max_attempts >= 1 include their bounds: expected 2.0 and 1, got {s!r}"
    )
    monkeypatch.setenv("LABELER_TEMPERATURE", "0")
    assert settings().temperature == 0.0


def test_reads_the_dotenv_file_of_the_working_directory():
    write_env(f"LABELER_API_KEY={KEY}\nLABELER_MODEL=medium-v1\n")
    s = settings()
    assert s.model == "medium-v1" and s.api_key.get_secret_value() == KEY, (
        f"values in ./.env must be read: expected model='medium-v1' and the key, got {s!r}"
    )


def test_environment_beats_dotenv(monkeypatch):
    write_env(f"LABELER_API_KEY={KEY}\nLABELER_MODEL=medium-v1\n")
    monkeypatch.setenv("LABELER_MODEL", "large-v2")
    assert settings().model == "large-v2", "an environment variable wins over the same key in .env"


def test_a_shared_dotenv_file():
    write_env(
        "# shared with docker compose\n"
        "POSTGRES_PASSWORD=hunter2\n"
        f"LABELER_API_KEY={KEY}\n"
        "LABELER_TEMPERATURE=0.3\n"
        "WANDB_PROJECT=labels\n"
    )
    s = settings()
    assert s.temperature == 0.3, (
        f"keys of other tools in .env (POSTGRES_PASSWORD, WANDB_PROJECT) are ignored; got {s!r}"
    )


def test_reads_the_environment_at_each_call(monkeypatch):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    monkeypatch.setenv("LABELER_MODEL", "first")
    first = settings()
    monkeypatch.setenv("LABELER_MODEL", "second")
    monkeypatch.setenv("LABELER_API_KEY", "sk-rotated")
    second = settings()
    assert (first.model, second.model) == ("first", "second"), (
        "get_settings() reads the environment each time it is called (a test or a key rotation "
        f"changes it): got model {first.model!r}, then {second.model!r}. Nothing is read at import "
        "time or cached."
    )
    assert second.api_key.get_secret_value() == "sk-rotated"


def test_the_key_never_shows(monkeypatch, capsys):
    monkeypatch.setenv("LABELER_API_KEY", KEY)
    s = settings()
    print(s)
    for where, text in [
        ("repr(settings)", repr(s)),
        ("str(settings)", str(s)),
        ("print(settings)", capsys.readouterr().out),
        ("settings.model_dump_json()", s.model_dump_json()),
        ("str(settings.model_dump())", str(s.model_dump())),
    ]:
        assert KEY not in text, f"the API key leaks in {where}: {text}"
