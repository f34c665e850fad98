"""Alembic environment: the URL comes from the service's settings, the schema from db.models."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from db.session import engine_for

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    from config import settings

    return config.attributes.get("database_url") or settings.database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with engine_for(_url()).connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
