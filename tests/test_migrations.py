"""The schema belongs to Alembic: upgrading a database made by an earlier release keeps its data, and the
migrations describe exactly the models."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import db.models
import db.notification_models
import db.plan_models
import db.report_models
import db.rules_models
import db.web_models  # noqa: F401
from config import ROOT
from db.session import engine_for

FIRST_RELEASE = "0001"


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "db" / "migrations"))
    config.attributes["database_url"] = url
    return config


@pytest.fixture
def fresh_sqlite() -> str:
    if os.environ.get("NASTAVNIK_TEST_DATABASE_URL"):
        pytest.skip("this test makes its own SQLite file; PostgreSQL runs the rest of the suite")
    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='nastavnik-migrate-')) / 'old.db'}"


def test_upgrading_a_first_release_database_keeps_its_pairs_and_audit(fresh_sqlite: str) -> None:
    config = alembic_config(fresh_sqlite)
    command.upgrade(config, FIRST_RELEASE)
    now = datetime(2026, 10, 1, tzinfo=UTC).isoformat()
    with engine_for(fresh_sqlite).begin() as connection:
        connection.execute(text("INSERT INTO organisations VALUES ('school-1', 'Школа №1', 'district-1')"))
        connection.execute(
            text(
                "INSERT INTO pairs (id, workflow_id, organisation_id, district, form, kind, role_model,"
                " planned_start, planned_end, stage, last_seq, meetings_held, created_at, updated_at)"
                " VALUES ('pair-1', 'pair-pair-1', 'school-1', 'district-1', 'teacher_teacher',"
                " 'traditional', '', :start, :end, 'design', 7, 0, :now, :now)"
            ),
            {"start": date(2026, 10, 1), "end": date(2027, 5, 20), "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO audit_events (workflow_id, seq, subject_type, subject_id, organisation_id,"
                " action, actor_id, actor_role, at, from_stage, to_stage, reason, details)"
                " VALUES ('pair-pair-1', 7, 'pair', 'pair-1', 'school-1', 'stage_changed', 'curator-1',"
                " 'curator', :now, 'preparatory', 'design', '', '{}')"
            ),
            {"now": now},
        )
    command.upgrade(config, "head")
    with engine_for(fresh_sqlite).connect() as connection:
        assert connection.execute(text("SELECT stage, last_seq FROM pairs")).all() == [("design", 7)]
        assert connection.execute(text("SELECT action FROM audit_events")).all() == [("stage_changed",)]
        assert connection.execute(text("SELECT count(*) FROM overdue_items")).scalar() == 0


def test_migrations_describe_exactly_the_models(fresh_sqlite: str) -> None:
    command.upgrade(alembic_config(fresh_sqlite), "head")
    with engine_for(fresh_sqlite).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
