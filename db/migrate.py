"""Bring a database to the newest schema with Alembic (the only owner of the schema)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from config import ROOT, settings


def upgrade(database_url: str | None = None) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "db" / "migrations"))
    config.attributes["database_url"] = database_url or settings.database_url
    command.upgrade(config, "head")


if __name__ == "__main__":
    upgrade()
