"""Observability: JSON log lines and Prometheus metrics, shared by the API and the worker.

Every log record becomes one JSON object on one line (`ts`, `level`, `logger`, `message`, `service` and the
record's `extra` fields). The metrics live in this module's own `REGISTRY`, which the API serves at `/metrics`
and the worker at its own port (`start_metrics_server`): request latency, transitions by stage, and the open
escalated items by level, counted in the database at scrape time.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from config import settings
from db.models import OverdueItemRow
from db.session import engine
from domain.escalation import Level

__all__ = [
    "HTTP_REQUEST_DURATION",
    "REGISTRY",
    "TRANSITIONS",
    "JsonFormatter",
    "OverdueItemsCollector",
    "configure_logging",
    "log_transition",
    "register_overdue_collector",
    "start_metrics_server",
]

# ---------------------------------------------------------------------------------------------- logging

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record; `extra` fields are kept, values JSON cannot hold are written as str."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
        }
        line.update((k, v) for k, v in record.__dict__.items() if k not in _RECORD_ATTRS and k not in line)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


_HANDLER_MARK = "_nastavnik_json"


def configure_logging(service: str, level: str | int | None = None, stream: TextIO | None = None) -> None:
    """Root logger → JSON lines on stderr (or `stream`). Idempotent: replaces only the handler it installed.

    uvicorn's own loggers are routed through the same handler, and its access log is switched off: the
    request middleware (api/observability.py) writes one JSON line per request instead.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level if level is not None else settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True


# ---------------------------------------------------------------------------------------------- metrics

# Our own registry (not prometheus_client's global one): re-importing this module makes a fresh registry
# instead of failing on duplicated names, and /metrics serves exactly what is defined here.
REGISTRY = CollectorRegistry(auto_describe=True)
# The process (RSS, CPU, open fds), platform and gc metrics the global registry would have.
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

HTTP_REQUEST_DURATION = Histogram(
    "nastavnik_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route template and status.",
    ["method", "route", "status"],
    registry=REGISTRY,
)

TRANSITIONS = Counter(
    "nastavnik_transitions",  # exposed as nastavnik_transitions_total
    "Audited events of pairs and programmes written to the read model, by subject and stages.",
    ["subject", "from_stage", "to_stage"],
    registry=REGISTRY,
)

_transition_log = logging.getLogger("nastavnik.transitions")


def log_transition(
    workflow_id: str,
    subject_type: str,
    action: str,
    from_stage: str,
    to_stage: str,
    actor_role: str,
) -> None:
    """One JSON line and one count per audited event; call it once the event's row is committed."""
    TRANSITIONS.labels(subject=subject_type, from_stage=from_stage, to_stage=to_stage).inc()
    _transition_log.info(
        "%s %s: %s -> %s",
        subject_type,
        action,
        from_stage,
        to_stage,
        extra={
            "workflow_id": workflow_id,
            "subject": subject_type,
            "action": action,
            "from_stage": from_stage,
            "to_stage": to_stage,
            "actor_role": actor_role,
        },
    )


_OVERDUE_NAME = "nastavnik_overdue_items"
_OVERDUE_HELP = "Open escalated items (a level reached, not settled), by the highest level reached."
_collector_log = logging.getLogger("nastavnik.metrics")


class OverdueItemsCollector(Collector):
    """Counts the open escalated items in the database at each scrape; reports nothing if that fails."""

    def describe(self) -> Iterable[Metric]:
        # Named without touching the database, so registering it needs no connection.
        return [GaugeMetricFamily(_OVERDUE_NAME, _OVERDUE_HELP, labels=["level"])]

    def collect(self) -> Iterable[Metric]:
        query = (
            select(OverdueItemRow.level, func.count())  # type: ignore[call-overload]
            .where(OverdueItemRow.level.is_not(None), OverdueItemRow.settled_at.is_(None))  # type: ignore[union-attr]
            .group_by(OverdueItemRow.level)
        )
        try:
            with engine().connect() as connection:
                rows = connection.execute(query).all()
        except Exception:
            _collector_log.warning("overdue items not counted: the database did not answer", exc_info=True)
            return []
        counts = {level.value: 0 for level in Level} | {str(level): int(n) for level, n in rows}
        gauge = GaugeMetricFamily(_OVERDUE_NAME, _OVERDUE_HELP, labels=["level"])
        for level, n in counts.items():
            gauge.add_metric([level], n)
        return [gauge]


_overdue_collector: OverdueItemsCollector | None = None


def register_overdue_collector() -> OverdueItemsCollector:
    """Only the API registers it (one place counts the database); calling it again changes nothing."""
    global _overdue_collector
    if _overdue_collector is None:
        _overdue_collector = OverdueItemsCollector()
        REGISTRY.register(_overdue_collector)
    return _overdue_collector


def start_metrics_server(port: int, addr: str = "0.0.0.0") -> None:
    """The worker's /metrics (transitions are counted in the worker process): a thread serving REGISTRY."""
    start_http_server(port, addr=addr, registry=REGISTRY)
