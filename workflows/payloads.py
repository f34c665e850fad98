"""The pydantic models that cross the workflows' boundary: inputs, signal arguments and query results.

They live apart from the workflow modules so that the sandbox passes them through: a workflow module is
imported afresh for every workflow instance (replaying included), and a model defined in it would be
rebuilt each time — pydantic's schema building was ~15% of the worker's busy time, 8 escalation items a
pair each paying it (README "Performance"). Payloads are JSON, so moving a class changes no history.
Pure: no Temporal, no I/O.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.actors import Actor
from domain.escalation import EscalationPolicy, Level, OverdueItem
from domain.held_items import HeldItem
from domain.local_time import DEFAULT_TIME_ZONE
from domain.monitoring import MonitoringSettings
from domain.pair import PairState
from domain.programme import ProgrammeState
from domain.school_calendar import SchoolCalendar
from domain.stages import Stage


class PairWorkflowInput(BaseModel):
    state: PairState
    created_by: Actor | None = None  # None when the workflow continues as new
    history_limit: int = 500
    policy: EscalationPolicy | None = None  # the organisation's calendar and ladder; None: the defaults
    # Seconds for one recording attempt (and between heartbeats of opening and settling items): what a
    # killed worker's activity costs before it is retried elsewhere.
    record_timeout: int = 10
    # The ladders of the items the pair holds (`ladder-in-pair-v1`), carried over a continue-as-new.
    items: list[HeldItem] = Field(default_factory=list)


class ProgrammeWorkflowInput(BaseModel):
    state: ProgrammeState
    created_by: Actor | None = None
    history_limit: int = 2000
    pair_history_limit: int = 500


class StageCounts(BaseModel):
    programme_id: str
    stage: Stage
    pairs: dict[Stage, int]


class OverdueItemInput(BaseModel):
    item: OverdueItem
    policy: EscalationPolicy
    # Set when a pair ended with the item still owed: the ladder goes on from the pair's level and seq.
    handed_over: HeldItem | None = None


class Settlement(BaseModel):
    actor: Actor
    reason: str = ""


class ItemSettlement(BaseModel):
    """An item a pair holds was answered (a diagnosis submitted): the pair settles it."""

    item_id: str
    actor: Actor
    reason: str = ""


class ItemState(BaseModel):
    item: OverdueItem
    level: Level | None = None
    settled: bool = False
    steps: list[tuple[Level, date]]


class MonitoringInput(BaseModel):
    organisation_id: str
    district: str
    academic_year: str
    settings: MonitoringSettings = MonitoringSettings()
    calendar: SchoolCalendar = SchoolCalendar()
    time_zone: str = DEFAULT_TIME_ZONE  # rounds open at the start of the school's own day
    # Carried over a continue-as-new (`ladder-in-monitoring-v1`): the questionnaires still owed, the rounds
    # opened, the school's policy as stored when the last round opened.
    held: list[HeldItem] = Field(default_factory=list)
    opened: list[str] = Field(default_factory=list)
    continued: bool = False
    policy: EscalationPolicy | None = None
    history_limit: int = 5000
