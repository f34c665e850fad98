"""Instants stay timezone-aware end to end (issue 13, point 3).

Every timestamp column is `DateTime(timezone=True)`; PostgreSQL keeps the offset, SQLite does not: it
stores the wall time it is given and hands back a naive datetime. So, for every mapped class, an aware
value is turned into UTC before it is written, and a naive value read back is marked as the UTC it is.
A consent signed at 10:00+03:00 is then 07:00Z in both databases and in every answer of the API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, event, inspect
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import SQLModel


def _instant_columns(mapper: Mapper[Any]) -> list[str]:
    return [
        attr.key
        for attr in mapper.column_attrs
        if any(isinstance(column.type, DateTime) and column.type.timezone for column in attr.columns)
    ]


def _in_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _before_write(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    for key in _instant_columns(mapper):
        value = target.__dict__.get(key)
        if isinstance(value, datetime):
            setattr(target, key, _in_utc(value))


def _after_read(target: Any, _context: Any, *_attrs: Any) -> None:
    for key in _instant_columns(inspect(type(target))):
        value = target.__dict__.get(key)
        if isinstance(value, datetime) and value.tzinfo is None:
            set_committed_value(target, key, value.replace(tzinfo=UTC))


_installed: list[bool] = []


def install() -> None:
    """Once per process, for every table class (present and future: `propagate`)."""
    if _installed:
        return
    event.listen(SQLModel, "before_insert", _before_write, propagate=True)
    event.listen(SQLModel, "before_update", _before_write, propagate=True)
    event.listen(SQLModel, "load", _after_read, propagate=True)
    event.listen(SQLModel, "refresh", _after_read, propagate=True)
    _installed.append(True)
