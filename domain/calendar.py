"""Date arithmetic of the rules (terms in months)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Russia spans UTC+2 to UTC+12: a date is "not in the future" if it has begun somewhere in the country.
_EASTERNMOST_OFFSET = timedelta(hours=12)


def latest_local_date(now: datetime) -> date:
    return (now.astimezone(UTC) + _EASTERNMOST_OFFSET).date()
