"""Commands a programme accepts and the events they produce; `check_*` decide, `apply_*` change."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from domain.actors import Actor
from domain.errors import InvalidInput
from domain.events import LifecycleEvent
from domain.forms import Form
from domain.matching.labels import form_label
from domain.pair import PairState
from domain.pair_guards import consented_before_order
from domain.programme import (
    Award,
    BaseFacts,
    CompletionFact,
    HeadAct,
    HeadApproval,
    ProgrammeState,
    RoadmapFacts,
)
from domain.programme_guards import head_act_by_head, programme_active
from domain.programme_machine import PROGRAMME_MACHINE
from domain.stages import Stage

MAX_PAIRS_PER_COMMAND = 500  # keeps each Update's payload far below Temporal's limits


class ProgrammeAction(StrEnum):
    CREATED = "created"
    STAGE_CHANGED = "stage_changed"
    CONFIGURED = "configured"
    PAIRS_FIXED = "pairs_fixed"
    COMPLETION_RECORDED = "completion_recorded"
    MATCHING_RUN = "matching_run"
    HEAD_APPROVED = "head_approved"


class ProgrammeEvent(LifecycleEvent):
    action: ProgrammeAction


class AdvanceProgramme(BaseModel):
    actor: Actor
    to_stage: Stage
    base: BaseFacts  # counted from the bases by the API at the moment of the command
    comment: str = ""  # histories of earlier releases; free text now stays in the database
    comment_id: str | None = None


class ConfigureProgramme(BaseModel):
    actor: Actor
    curator_id: str | None = None
    forms: list[Form] | None = None
    roadmap: RoadmapFacts | None = None
    training_required: bool | None = None


class FixPairs(BaseModel):
    """Pairs fixed by one order; the programme starts their workflows."""

    actor: Actor
    pairs: list[PairState] = Field(min_length=1, max_length=MAX_PAIRS_PER_COMMAND)


class RecordCompletion(BaseModel):
    """A closing fact with whom it concerns (ids only): who won an award, which pair, which mentees were
    offered to join the mentor base and who joined it (000 §3.3–3.5; 004 §6.1 stage 7)."""

    actor: Actor
    fact: CompletionFact
    base: BaseFacts
    comment: str = ""  # histories of earlier releases; free text now stays in the database
    comment_id: str | None = None
    award: Award | None = None
    participant_ids: list[str] = Field(default_factory=list, max_length=MAX_PAIRS_PER_COMMAND)
    pair_ids: list[str] = Field(default_factory=list, max_length=MAX_PAIRS_PER_COMMAND)
    joined_ids: list[str] = Field(default_factory=list, max_length=MAX_PAIRS_PER_COMMAND)


class ApproveAsHead(BaseModel):
    """The head approves the mentor registry (by order) or the selected mentees (001 §3.8; 002 item 12)."""

    actor: Actor
    act: HeadAct
    number: str = Field(min_length=1, max_length=64)
    signed_on: date
    participant_ids: list[str] = Field(default_factory=list, max_length=5000)


class RunMatchingCommand(BaseModel):
    actor: Actor


def check_run_matching(programme: ProgrammeState, cmd: RunMatchingCommand) -> None:
    """Pairs are formed while preparing, and re-formed later for mentees whose pair failed (004 stage 5)."""
    programme_active(programme)
    if programme.stage is Stage.RESULT:
        raise InvalidInput("matching_stage", "На результативном этапе пары больше не формируются.", "stage")


def matching_run(
    programme: ProgrammeState, cmd: RunMatchingCommand, at: datetime, summary: dict[str, Any]
) -> ProgrammeEvent:
    return _event(programme, ProgrammeAction.MATCHING_RUN, cmd.actor, at, programme.stage, details=summary)


class PairStageReport(BaseModel):
    """Sent by a pair workflow to its programme on every stage change (ids and stage only)."""

    pair_id: str
    seq: int
    stage: Stage


def _event(
    programme: ProgrammeState, action: ProgrammeAction, actor: Actor, at: datetime, before: Stage, **kw: Any
) -> ProgrammeEvent:
    programme.seq += 1
    return ProgrammeEvent(
        seq=programme.seq,
        action=action,
        actor=actor,
        at=at,
        from_stage=before,
        to_stage=programme.stage,
        **kw,
    )


def created(programme: ProgrammeState, actor: Actor, at: datetime) -> ProgrammeEvent:
    programme.stage_since = at
    return _event(programme, ProgrammeAction.CREATED, actor, at, programme.stage)


def check_advance(programme: ProgrammeState, cmd: AdvanceProgramme) -> Stage:
    candidate = programme.model_copy(update={"base": cmd.base})
    return PROGRAMME_MACHINE.stage_after_advance(candidate, cmd.to_stage)


def apply_advance(programme: ProgrammeState, cmd: AdvanceProgramme, at: datetime) -> ProgrammeEvent:
    before = programme.stage
    programme.stage = check_advance(programme, cmd)
    programme.base = cmd.base
    programme.stage_since = at
    return _event(
        programme,
        ProgrammeAction.STAGE_CHANGED,
        cmd.actor,
        at,
        before,
        reason=cmd.comment,
        reason_text_id=cmd.comment_id,
        details={"base": cmd.base.model_dump(), "pairs": len(programme.pairs)},
    )


def check_configure(programme: ProgrammeState, cmd: ConfigureProgramme) -> None:
    programme_active(programme)
    if programme.rules_v2 and cmd.curator_id is not None:
        head_act_by_head(cmd.actor, "назначение куратора")
    if programme.rules_v2 and cmd.roadmap is not None:
        head_act_by_head(cmd.actor, "утверждение дорожной карты")


_HEAD_ACT_NAMES = {
    HeadAct.MENTOR_REGISTRY: "утверждение реестра наставников",
    HeadAct.MENTEES: "утверждение отобранных наставляемых",
}


def check_approve_as_head(programme: ProgrammeState, cmd: ApproveAsHead) -> None:
    programme_active(programme)
    head_act_by_head(cmd.actor, _HEAD_ACT_NAMES[cmd.act])


def apply_approve_as_head(programme: ProgrammeState, cmd: ApproveAsHead, at: datetime) -> ProgrammeEvent:
    check_approve_as_head(programme, cmd)
    approval = HeadApproval(
        number=cmd.number,
        signed_on=cmd.signed_on,
        participant_ids=cmd.participant_ids,
        by_user_id=cmd.actor.user_id,
    )
    programme.head_approvals[cmd.act] = approval
    return _event(
        programme,
        ProgrammeAction.HEAD_APPROVED,
        cmd.actor,
        at,
        programme.stage,
        details={"act": cmd.act.value, **approval.model_dump(mode="json")},
    )


def apply_configure(programme: ProgrammeState, cmd: ConfigureProgramme, at: datetime) -> ProgrammeEvent:
    check_configure(programme, cmd)
    changes = cmd.model_dump(mode="json", exclude={"actor"}, exclude_none=True)
    for name in ("curator_id", "forms", "roadmap", "training_required"):
        value = getattr(cmd, name)
        if value is not None:
            setattr(programme, name, value)
    return _event(programme, ProgrammeAction.CONFIGURED, cmd.actor, at, programme.stage, details=changes)


def check_fix_pairs(programme: ProgrammeState, cmd: FixPairs) -> None:
    programme_active(programme)
    for pair in cmd.pairs:
        if pair.programme_id != programme.programme_id or pair.organisation_id != programme.organisation_id:
            raise InvalidInput(
                "pair_of_programme", "Пара должна относиться к этой программе и этой организации.", "pairs"
            )
        if pair.form not in programme.forms:
            raise InvalidInput(
                "form_of_programme", f"Форма {form_label(pair.form)} не выбрана для этой программы.", "pairs"
            )
        if programme.rules_v2:
            consented_before_order(pair)


def apply_fix_pairs(programme: ProgrammeState, cmd: FixPairs, at: datetime) -> ProgrammeEvent:
    check_fix_pairs(programme, cmd)
    for pair in cmd.pairs:
        programme.pairs.setdefault(pair.pair_id, Stage.PREPARATORY)
    return _event(
        programme,
        ProgrammeAction.PAIRS_FIXED,
        cmd.actor,
        at,
        programme.stage,
        details={"pair_ids": [p.pair_id for p in cmd.pairs]},
    )


def check_record_completion(programme: ProgrammeState, cmd: RecordCompletion) -> None:
    programme_active(programme)


def apply_record_completion(programme: ProgrammeState, cmd: RecordCompletion, at: datetime) -> ProgrammeEvent:
    check_record_completion(programme, cmd)
    if cmd.fact not in programme.completion:
        programme.completion.append(cmd.fact)
    programme.base = cmd.base
    return _event(
        programme,
        ProgrammeAction.COMPLETION_RECORDED,
        cmd.actor,
        at,
        programme.stage,
        reason=cmd.comment,
        reason_text_id=cmd.comment_id,
        details={
            "fact": cmd.fact.value,
            "award": cmd.award.value if cmd.award else None,
            "participant_ids": cmd.participant_ids,
            "pair_ids": cmd.pair_ids,
            "joined_ids": cmd.joined_ids,
        },
    )


def apply_pair_report(programme: ProgrammeState, report: PairStageReport) -> bool:
    """Count a pair's stage once per its event; a repeated or late report changes nothing."""
    if report.seq <= programme.pair_seqs.get(report.pair_id, 0):
        return False
    programme.pair_seqs[report.pair_id] = report.seq
    programme.pairs[report.pair_id] = report.stage
    return True
