"""What every lifecycle workflow shares: domain refusals as update failures, and a bounded history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from domain.actors import Actor, Role
    from domain.errors import DomainError
    from workflows.errors import to_application_error

T = TypeVar("T")

SYSTEM = Actor(user_id="system", role=Role.SYSTEM)  # a timer's step is audited as the system

RECORD_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200), maximum_interval=timedelta(seconds=10)
)


# Audit rows and read models are written by a regular activity, after the event is in the history.
RECORD_WHEN_DURABLE = "record-when-durable-v1"
# The record, the programme's report and the items of one event are issued together (one round trip).
WRITES_AT_ONCE = "writes-at-once-v1"


def event_key(step: int) -> str:
    """What an event is, not where it falls: the Update that caused it, or the run's own step (no
    Update can take a run's step: the run claims it before any Update is handled)."""
    info = workflow.info()
    update = workflow.current_update_info()
    if update is not None:
        return f"{info.workflow_id}/{info.run_id}/update/{update.id}"
    return f"{info.workflow_id}/{info.run_id}/step/{step}"


def refusing(check: Callable[[], T]) -> T:
    """Run a domain decision; its refusal fails the Update (or rejects it in a validator) with the rule."""
    try:
        return check()
    except DomainError as error:
        raise to_application_error(error) from error


def history_too_long(limit: int) -> bool:
    """Time to continue as new: Temporal suggests it, or this run's history passed our own limit."""
    info = workflow.info()
    return info.is_continue_as_new_suggested() or info.get_current_history_length() > limit
