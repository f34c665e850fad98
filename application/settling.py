"""Settle the overdue item a submission answers (the questionnaire, the assessment) on its workflow."""

from __future__ import annotations

import logging

from temporalio.service import RPCError

from activities.items import SettleItems, settle_items_with
from application.temporal import TemporalLink
from domain.actors import Actor

log = logging.getLogger(__name__)


async def settle_submitted(temporal: TemporalLink, item_id: str, actor: Actor) -> None:
    """What was submitted is stored already; if Temporal cannot take the settlement now, say so in the log
    rather than fail the submission (the operator sees the item still open)."""
    try:
        await settle_items_with(
            temporal.client, SettleItems(item_ids=[item_id], actor=actor, reason="submitted")
        )
    except RPCError as error:
        log.warning("item %s submitted but not settled: %s", item_id, error.message)
