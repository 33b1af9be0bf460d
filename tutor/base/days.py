"""Learning days: a day runs from 4 a.m. to 4 a.m. local time, so a late session counts for
the day it belongs to."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY_STARTS_AT = 4  # hour, local time
DAY_US = 86_400_000_000
# Stores and caches keep instants as integer microseconds since 1970 (UTC): exact and sortable.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def from_us(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def learning_day(moment: datetime, zone: tzinfo | None = None) -> date:
    """The learning day `moment` (timezone-aware) falls in."""
    local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    return (local - timedelta(hours=DAY_STARTS_AT)).date()


def day_start(day: date, zone: tzinfo | None = None) -> datetime:
    """The instant `day` begins (4 a.m. local), in UTC."""
    naive = datetime.combine(day, time(DAY_STARTS_AT))
    local = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return local.astimezone(UTC)


def zone_name(zone: tzinfo | None) -> str:
    """A name that changes when the zone's rules do: part of derived caches' keys."""
    if zone is None:
        import os
        import time as _time

        return f"local:{os.environ.get('TZ', '')}:{_time.tzname}:{_time.timezone}:{_time.altzone}"
    return f"{type(zone).__name__}:{zone}"
