"""A school's own clock: dates and the start of the school day in the organisation's time zone.

Russia spans eleven time zones; an event logged at 00:30 in Novosibirsk belongs to that day there, not to
the day before as in UTC, and a reminder is due at the start of the local school day.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Europe/Moscow"
SCHOOL_MORNING = time(9, 0)  # reminders and escalation steps go out at the start of the school day
# Many things fall due on the same morning (a monitoring round: ~10,000 questionnaires of a district); their
# timers are spread over the school day's first hour instead of all firing at 09:00:00 (issue 10).
MORNING_SPREAD = timedelta(hours=1)


@cache
def zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def valid_time_zone(key: str) -> str:
    """An IANA time zone name such as 'Asia/Novosibirsk'; anything else is refused."""
    try:
        zone(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a directory of the tz database
        example = "например «Asia/Novosibirsk»"
        raise ValueError(f"«{key}» — не название часового пояса по IANA ({example})") from None
    return key


def local_date(moment: datetime, time_zone: str) -> date:
    """The calendar date of an aware moment where the school is."""
    return moment.astimezone(zone(time_zone)).date()


def school_morning(day: date, time_zone: str) -> datetime:
    """09:00 of that day at the school, as an aware moment in UTC."""
    return datetime.combine(day, SCHOOL_MORNING, tzinfo=zone(time_zone)).astimezone(UTC)


def spread_offset(key: str, window: timedelta = MORNING_SPREAD) -> timedelta:
    """A whole number of seconds in [0, window), fixed by `key` (an item's id): the same on every worker and
    every replay — a digest of the key, never Python's `hash`, which is salted per process."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return timedelta(seconds=int.from_bytes(digest, "big") % int(window.total_seconds()))


def spread_morning(day: date, time_zone: str, key: str) -> datetime:
    """`key`'s own moment of that day's school morning: 09:00 at the school plus its `spread_offset` — still
    that day there, before 10:00."""
    return school_morning(day, time_zone) + spread_offset(key)
