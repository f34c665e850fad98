"""JSON log lines, the transitions counter, request latency by route template, overdue items by level."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI, Request
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete
from sqlmodel import col

import telemetry
from api.observability import install
from db.models import OverdueItemRow
from db.session import session_scope

HISTOGRAM = "nastavnik_http_request_duration_seconds"


def sample(name: str, **labels: str) -> float:
    return telemetry.REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """configure_logging into a buffer; the root logger is put back as it was afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    buffer = io.StringIO()
    telemetry.configure_logging("test-service", level="INFO", stream=buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.getLogger("uvicorn.access").disabled = False


def parsed(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_the_formatter_writes_one_json_object_with_the_extra_fields() -> None:
    record = logging.getLogger("nastavnik.test").makeRecord(
        "nastavnik.test",
        logging.WARNING,
        __file__,
        1,
        "pair %s moved",
        ("p-1",),
        None,
        extra={"workflow_id": "pair-p-1", "duration_ms": 12.5, "when": date(2025, 9, 1)},
    )
    line = telemetry.JsonFormatter("api").format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "pair p-1 moved"
    assert data["level"] == "WARNING"
    assert data["logger"] == "nastavnik.test"
    assert data["service"] == "api"
    assert data["workflow_id"] == "pair-p-1"
    assert data["duration_ms"] == 12.5
    assert data["when"] == "2025-09-01"  # what JSON cannot hold is written as str
    ts = datetime.fromisoformat(str(data["ts"]))
    assert ts.utcoffset() is not None and ts.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert "args" not in data and "msg" not in data and "levelno" not in data


def test_configure_logging_replaces_only_its_own_handler_and_keeps_exceptions(
    json_lines: io.StringIO,
) -> None:
    telemetry.configure_logging("test-service", level="INFO", stream=json_lines)  # idempotent
    ours = [h for h in logging.getLogger().handlers if isinstance(h.formatter, telemetry.JsonFormatter)]
    assert len(ours) == 1
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("nastavnik.test").exception("failed", extra={"actor_role": "curator"})
    [line] = parsed(json_lines)
    assert line["message"] == "failed" and line["level"] == "ERROR" and line["actor_role"] == "curator"
    assert "RuntimeError: boom" in str(line["exc"])


def test_log_transition_counts_by_subject_and_stages_and_logs_the_workflow_id(
    json_lines: io.StringIO,
) -> None:
    labels = {"subject": "pair", "from_stage": "preparatory", "to_stage": "formation"}
    before = sample("nastavnik_transitions_total", **labels)
    telemetry.log_transition("pair-abc", "pair", "form", "preparatory", "formation", "curator")
    assert sample("nastavnik_transitions_total", **labels) == before + 1
    [line] = [x for x in parsed(json_lines) if x["logger"] == "nastavnik.transitions"]
    assert line["workflow_id"] == "pair-abc"
    assert (line["subject"], line["action"], line["actor_role"]) == ("pair", "form", "curator")
    assert (line["from_stage"], line["to_stage"]) == ("preparatory", "formation")


def tiny_app() -> FastAPI:
    app = FastAPI()

    @app.get("/things/{thing_id}")
    def thing(thing_id: str, request: Request) -> dict[str, str]:
        request.state.actor_role = "mentor"
        return {"id": thing_id}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    install(app)
    return app


async def test_the_middleware_records_requests_by_route_template(json_lines: io.StringIO) -> None:
    app = tiny_app()
    labels = {"method": "GET", "route": "/things/{thing_id}", "status": "200"}
    before = sample(f"{HISTOGRAM}_count", **labels)
    unmatched_before = sample(f"{HISTOGRAM}_count", method="GET", route="unmatched", status="404")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/things/42")).status_code == 200
        assert (await client.get("/things/43")).status_code == 200
        assert (await client.get("/nowhere/1")).status_code == 404
        assert (await client.get("/boom")).status_code == 500
        assert (await client.get("/openapi.json")).status_code == 200  # a plain Starlette route
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "/metrics" not in app.openapi()["paths"]

    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    counts = {
        (s.labels["route"], s.labels["status"]): s.value
        for s in families[HISTOGRAM].samples
        if s.name == f"{HISTOGRAM}_count" and s.labels["method"] == "GET"
    }
    assert counts[("/things/{thing_id}", "200")] == before + 2
    assert counts[("unmatched", "404")] == unmatched_before + 1
    assert counts[("/boom", "500")] >= 1
    assert counts[("/openapi.json", "200")] >= 1
    assert not any(route.startswith("/things/4") for route, _ in counts)  # never the raw path
    assert "nastavnik_overdue_items" in families  # install registered the collector

    lines = [x for x in parsed(json_lines) if x["logger"] == "nastavnik.http"]
    paths = ["/things/42", "/things/43", "/nowhere/1", "/boom", "/openapi.json", "/metrics"]
    assert [x["path"] for x in lines] == paths
    first = lines[0]
    assert first["route"] == "/things/{thing_id}" and first["method"] == "GET" and first["status"] == 200
    assert first["actor_role"] == "mentor" and first["service"] == "test-service"
    assert isinstance(first["duration_ms"], float)
    assert "actor_role" not in lines[2]  # no route stored one
    assert lines[3]["status"] == 500 and lines[3]["level"] == "ERROR"


def overdue_row(level: str | None, settled: bool = False) -> OverdueItemRow:
    now = datetime.now(UTC)
    return OverdueItemRow(
        item_id=f"item-{uuid4().hex}",
        kind="no_meeting",
        organisation_id="school-observability",
        district="district-observability",
        due_on=date(2025, 9, 1),
        level=level,
        level_since=now if level else None,
        settled_at=now if settled else None,
        created_at=now,
    )


def overdue_gauge() -> dict[str, float]:
    return {
        level: telemetry.REGISTRY.get_sample_value("nastavnik_overdue_items", {"level": level}) or 0.0
        for level in ("owner", "curator", "head", "coordinator")
    }


def test_the_overdue_collector_counts_open_escalated_items_by_level() -> None:
    telemetry.register_overdue_collector()
    telemetry.register_overdue_collector()  # a second call registers nothing twice
    before = overdue_gauge()
    rows = [
        overdue_row("curator"),
        overdue_row("curator"),
        overdue_row("head"),
        overdue_row("head", settled=True),  # settled: not open
        overdue_row(None),  # not yet overdue
    ]
    try:
        with session_scope() as session:
            session.add_all(rows)
            session.commit()
        after = overdue_gauge()
        assert after["curator"] == before["curator"] + 2
        assert after["head"] == before["head"] + 1
        assert after["owner"] == before["owner"] and after["coordinator"] == before["coordinator"]
    finally:
        with session_scope() as session:
            session.execute(
                delete(OverdueItemRow).where(col(OverdueItemRow.item_id).in_([r.item_id for r in rows]))
            )
            session.commit()
    assert overdue_gauge() == before


def test_a_failing_database_leaves_out_only_the_overdue_metric(monkeypatch: pytest.MonkeyPatch) -> None:
    telemetry.register_overdue_collector()

    def no_database() -> object:
        raise RuntimeError("database is down")

    monkeypatch.setattr(telemetry, "engine", no_database)
    telemetry.log_transition("programme-x", "programme", "start", "draft", "active", "curator")
    text = generate_latest(telemetry.REGISTRY).decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert "nastavnik_overdue_items" not in families  # nothing reported for it, the rest is there
    assert {"subject": "programme", "from_stage": "draft", "to_stage": "active"} in [
        s.labels for s in families["nastavnik_transitions"].samples if s.name == "nastavnik_transitions_total"
    ]
