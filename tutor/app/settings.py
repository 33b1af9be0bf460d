"""The learner's settings (display name, daily budget, track), kept in a small TOML file."""

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from tutor.base.errors import ConfigError

CONFIG_ENV = "TUTOR_CONFIG"
HANDLE = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
DEFAULT_BUDGET = 20


class Config(NamedTuple):
    name: str = ""
    handle: str = ""
    budget: int = DEFAULT_BUDGET  # minutes a day
    track: str = ""  # empty: the curriculum's first track
    new_per_day: int = 10  # new exercises a day at most
    reviews_per_day: int = 50  # reviews a day at most; over it, new exercises wait
    workspace: str = ""  # empty: the default workspace folder

    def with_changes(self, **changes: Any) -> "Config":
        return self._replace(**{k: v for k, v in changes.items() if v is not None})


def default_config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    from tutor.base.userdirs import user_dir

    return user_dir("config") / "config.toml"


def handle_from_name(name: str) -> str:
    """A slug usable as a learner handle: `Ada Lovelace` -> `ada-lovelace`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48]
    return slug or "learner"


def load_config(path: Path) -> Config | None:
    """The saved config, or None before the first run."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}", _FIX.format(path=path)) from exc
    data = _simple_toml(text)
    if data is None:
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = f"config {path} is not valid TOML ({exc})"
            raise ConfigError(message, _FIX.format(path=path)) from exc
    known = set(Config._fields)
    unknown = sorted(set(data) - known)
    if unknown:
        message = f"config {path} has unknown settings: {', '.join(map(str, unknown))}"
        raise ConfigError(message, _FIX.format(path=path))
    config = Config(**data)
    validate_config(config, path)
    return config


_SIMPLE_LINE = re.compile(r'([a-z_]+) = (?:"([^"\\\x00-\x1f]*)"|(0|[1-9][0-9]{0,8}))')


def _simple_toml(text: str) -> dict[str, Any] | None:
    """The file as `save_config` writes it (`key = "plain text"` or `key = 123` lines), read
    without importing tomllib, which costs a few ms of every start; None for anything else."""
    data: dict[str, Any] = {}
    for line in text.splitlines():
        found = _SIMPLE_LINE.fullmatch(line)
        if found is None or found[1] in data:
            return None
        name, string, number = found.groups()
        data[name] = string if number is None else int(number)
    return data


def validate_config(config: Config, path: Path) -> None:
    if not isinstance(config.budget, int) or isinstance(config.budget, bool) or config.budget < 1:
        raise ConfigError(f"config {path}: budget must be a positive number of minutes")
    for name in ("new_per_day", "reviews_per_day"):
        value = getattr(config, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"config {path}: {name} must be a whole number, 0 or more")
    for name in ("name", "handle", "track", "workspace"):
        if not isinstance(getattr(config, name), str):
            raise ConfigError(f"config {path}: {name} must be text")
    if config.handle and not HANDLE.match(config.handle):
        raise ConfigError(
            f"config {path}: handle {config.handle!r} must be lowercase letters, digits and '-'"
        )


def save_config(config: Config, path: Path) -> None:
    """Write the settings whole (an interrupted save never leaves half a file), or raise
    FileWriteError."""
    import json

    from tutor.base.files import write_atomic

    # Every setting is a string or an integer; JSON's escapes are valid TOML basic strings.
    text = "".join(f"{key} = {json.dumps(value)}\n" for key, value in config._asdict().items())
    write_atomic(path, text, hint=f"set {CONFIG_ENV} to a file in a folder you can write to")


_FIX = "fix or delete {path}: without it, `tutor today` asks for your name and writes a new one"
