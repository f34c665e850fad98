"""Insert a row unless its key is taken — one statement, so two racing writers never collide."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession


def insert_if_absent(session: OrmSession, table: Table, values: dict[str, Any], key: list[str]) -> None:
    """`INSERT … ON CONFLICT DO NOTHING` on both dialects: a get-then-add would race (two writers both
    find nothing, the second fails on the unique key)."""
    connection = session.connection()
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(dialect_insert(table).values(**values).on_conflict_do_nothing(index_elements=key))
