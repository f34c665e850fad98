"""Engines and sessions, one engine per database URL per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from config import settings
from db import aware_time

aware_time.install()  # SQLite forgets offsets: every instant is written and read as UTC


@cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # No pool: an SQLite connection is cheap to open, and a request that waits on Temporal while
        # holding one must never starve the others (a pool of 15 deadlocked 20 benchmark clients).
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, poolclass=NullPool
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets the API read while the worker writes; foreign keys are off by default in SQLite.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # A transaction left open (e.g. by an activity thread cancelled mid-write) must not hold its row locks
    # forever: PostgreSQL ends it after a minute, and a write waiting on a lock gives up after 30 s (the
    # activity is then retried and finds its claim).
    options = "-c idle_in_transaction_session_timeout=60000 -c lock_timeout=30000"
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=20,
        max_overflow=40,
        pool_timeout=10,
        connect_args={"options": options},
    )


def engine() -> Engine:
    return engine_for(settings.database_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    with Session(engine(), expire_on_commit=False) as session:
        yield session


def release(session: Session) -> None:
    """End the session's transaction before a long await (a Temporal call), returning its connection.

    Loaded objects stay usable (sessions are made with expire_on_commit=False)."""
    session.commit()


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
