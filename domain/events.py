"""The audited event shape shared by pairs and programmes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from domain.actors import Actor
from domain.stages import Stage


class LifecycleEvent(BaseModel):
    """One audited change: who, when, from which stage to which, why. Ids and facts only."""

    seq: int
    actor: Actor
    at: datetime
    from_stage: Stage
    to_stage: Stage
    reason: str = ""  # histories of earlier releases only: free text now stays in the database
    reason_text_id: str | None = None  # the comment or reason, kept as an audit text
    details: dict[str, Any] = Field(default_factory=dict)
