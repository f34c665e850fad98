"""Send commands to pair workflows as Updates and turn refusals back into domain errors."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, col, select
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from application.temporal import TemporalLink
from db.models import Pair, PairMember
from db.session import release
from domain import pair_events as ev
from domain.actors import Actor
from domain.errors import DomainError, GuardRefused, NotFound
from domain.pair import ConsentFact, PairState
from domain.stages import ACTIVE_STAGES
from workflows.errors import from_application_error

log = logging.getLogger("nastavnik.api")
R = TypeVar("R", bound=BaseModel)


class TemporalUnavailable(DomainError):
    status = 503


async def started_anyway(temporal: TemporalLink, workflow_id: str) -> bool:
    """After a start that raised: whether the workflow exists all the same (the start went through and
    only its answer was lost). False when Temporal cannot say either."""
    try:
        await temporal.client.get_workflow_handle(workflow_id).describe()
    except Exception:  # not found, or Temporal unreachable: no workflow we know of
        return False
    return True


async def run_update(
    temporal: TemporalLink,
    workflow_id: str,
    update: Any,
    command: Any,
    result_type: type[R],
    closed_rule: str = "pair_active",
) -> R:
    """Execute an Update and return the new state; a refusal comes back as the domain error it was."""
    handle = temporal.client.get_workflow_handle(workflow_id)
    try:
        result: R = await handle.execute_update(update, command, result_type=result_type)
        return result
    except WorkflowUpdateFailedError as failure:
        cause = failure.cause
        refusal = from_application_error(cause) if isinstance(cause, ApplicationError) else None
        if refusal is not None:
            raise refusal from failure
        raise
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            if "complete" in error.message.lower() or await _closed(handle):
                raise GuardRefused(
                    closed_rule, "Процесс уже завершён: изменения не принимаются.", "stage"
                ) from error
            raise NotFound("not_found", "Процесс пары не найден.") from error
        if error.status in (RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED):
            raise TemporalUnavailable(
                "temporal_unavailable", "Сервер процессов временно недоступен."
            ) from error
        raise


async def _closed(handle: WorkflowHandle[Any, Any]) -> bool:
    """The test server says "update not found" for a closed workflow; ask for its status instead."""
    try:
        description = await handle.describe()
    except RPCError:
        return False
    return description.status is not WorkflowExecutionStatus.RUNNING


async def query_state(temporal: TemporalLink, workflow_id: str) -> PairState | None:
    from workflows.pair import PairWorkflow

    try:
        return await temporal.client.get_workflow_handle(workflow_id).query(PairWorkflow.current)
    except RPCError as error:
        log.warning("query of %s failed: %s", workflow_id, error.message)
        return None


async def tell_pairs_of_consent(
    session: Session, temporal: TemporalLink, actor: Actor, fact: ConsentFact
) -> None:
    """A consent is a fact of every active pair the person belongs to."""
    from workflows.pair import PairWorkflow

    query = (
        select(Pair.workflow_id)
        .join(PairMember, col(PairMember.pair_id) == col(Pair.id))
        .where(PairMember.participant_id == fact.participant_id)
        .where(col(Pair.stage).in_([s.value for s in ACTIVE_STAGES]))
    )
    workflow_ids = list(session.exec(query).all())
    release(session)  # no transaction held while the pairs take it

    async def tell(workflow_id: str) -> None:
        try:
            await run_update(
                temporal,
                workflow_id,
                PairWorkflow.record_consent,
                ev.RecordConsent(actor=actor, consent=fact),
                PairState,
            )
        except TemporalUnavailable:
            raise
        except DomainError as refusal:  # the pair closed meanwhile: the consent stays stored
            log.info("consent %s not applied to %s: %s", fact.consent_id, workflow_id, refusal.rule)

    # Every pair is told before an error is raised: one unreachable pair does not leave others untold.
    outcomes = await asyncio.gather(
        *(tell(workflow_id) for workflow_id in workflow_ids), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
