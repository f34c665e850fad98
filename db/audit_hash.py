"""The audit row's hash: sha256 over a canonical JSON of what the row says (plain values, no models),
so the migration that chains the rows of earlier releases computes exactly what the service does."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "organisation_id",
    "chain_seq",
    "prev_hash",
    "event_key",
    "workflow_id",
    "seq",
    "subject_type",
    "subject_id",
    "action",
    "actor_id",
    "actor_role",
    "at",
    "from_stage",
    "to_stage",
    "reason",
    "reason_text_id",
    "reason_digest",
    "details",
)


def canonical_moment(value: datetime | str) -> str:
    """UTC with microseconds, whatever the driver hands back (SQLite: naive or a string)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def row_hash(row: Mapping[str, Any]) -> str:
    content = {name: row.get(name) for name in HASHED_FIELDS}
    content["at"] = canonical_moment(row["at"])
    details = content["details"]
    content["details"] = json.loads(details) if isinstance(details, str) else (details or {})
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def text_digest(salt: str, body: str) -> str:
    return hashlib.sha256(f"{salt}\x00{body}".encode()).hexdigest()
