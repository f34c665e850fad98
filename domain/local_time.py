"""A school's own clock: dates and the start of the school day in the organisation's time zone.

Russia spans eleven time zones; an event logged at 00:30 in Novosibirsk belongs to that day there, not to
the day before as in UTC, and a reminder is due at the start of the local school day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Europe/Moscow"
SCHOOL_MORNING = time(9, 0)  # reminders and escalation steps go out at the start of the school day


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
