"""The current time, in one place: `TUTOR_NOW` (an ISO 8601 time with an offset) pins it, so
that scripts and tests can ask what the tutor would say on another day."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from tutor.base.errors import ConfigError

NOW_ENV = "TUTOR_NOW"


def now() -> datetime:
    pinned = os.environ.get(NOW_ENV)
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ConfigError(
            f"{NOW_ENV}={pinned!r} is not an ISO 8601 time with an offset",
            hint=f"use e.g. {NOW_ENV}=2026-01-31T09:00:00+01:00, or unset it",
        )
    return moment.astimezone(UTC)
