"""Guards of the programme lifecycle, each from a clause of the documents (listed in README)."""

from __future__ import annotations

from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused
from domain.plural import PAIRS, count_of
from domain.programme import CompletionFact, HeadAct, ProgrammeState
from domain.stages import Stage


def _refuse(rule: str, message: str, field: str) -> GuardRefused:
    return GuardRefused(rule, message, field=field)


def curator_appointed(programme: ProgrammeState) -> None:
    """001 §3.8: the head appoints the curator."""
    if programme.curator_id is None:
        raise _refuse("curator_appointed", "Не назначен куратор программы.", "curator_id")


def forms_chosen(programme: ProgrammeState) -> None:
    """004 §6.1 stage 1: the forms of mentoring are chosen."""
    if not programme.forms:
        raise _refuse("forms_chosen", "Не выбраны формы наставничества.", "forms")


def roadmap_approved(programme: ProgrammeState) -> None:
    """004 §6.1 stage 1; 001 §3.8: a roadmap approved by the head."""
    if programme.roadmap is None:
        raise _refuse("roadmap_approved", "Не утверждена дорожная карта программы.", "roadmap")


def mentee_base_with_requests(programme: ProgrammeState) -> None:
    """004 §6.1 stage 2: a mentee base with their requests."""
    if programme.base.mentees_with_requests < 1:
        raise _refuse("mentee_base_with_requests", "В базе наставляемых нет ни одного запроса.", "mentees")


def mentors_selected_and_trained(programme: ProgrammeState) -> None:
    """004 §6.1 stages 3–4; 002 items 1–2: mentors selected (questionnaire and interview), and trained
    «при необходимости» — every mentor in a pair whose training the curator requires; a reserve mentor
    left in the base is not held against the programme."""
    base = programme.base
    if base.mentors_selected < 1:
        raise _refuse(
            "mentors_selected",
            "Нет отобранных наставников (анкета и собеседование).",
            "mentors",
        )
    if programme.training_required and base.mentors_in_pairs_untrained > 0:
        raise _refuse(
            "mentors_trained",
            f"Не прошли обязательное обучение наставники в парах: {base.mentors_in_pairs_untrained}.",
            "mentors",
        )


_HEAD_ACT_TEXT = {
    HeadAct.MENTOR_REGISTRY: (
        "mentor_registry_approved",
        "Руководитель не утвердил приказом реестр наставников.",
    ),
    HeadAct.MENTEES: ("mentees_approved", "Руководитель не утвердил отобранных наставляемых."),
}


def head_approved_mentors_and_mentees(programme: ProgrammeState) -> None:
    """001 §3.8 («утверждает их»), 002 item 12 (приказ об утверждении реестра наставников): the head
    approves the mentor registry by an order and the selected mentees — for programmes under these rules."""
    if not programme.rules_v2:
        return
    for act, (rule, message) in _HEAD_ACT_TEXT.items():
        if act not in programme.head_approvals:
            raise _refuse(rule, message, "head_approvals")


def head_act_by_head(actor: Actor, act: str) -> None:
    """001 §3.8, §3.9: the head appoints the curator, approves the roadmap, the mentor registry and the
    selected mentees — acts of the head, recorded with the head as the actor, not a curator's tick box."""
    if actor.role is not Role.HEAD:
        raise Forbidden(
            "head_acts_by_head",
            f"{act.capitalize()} — решение руководителя образовательной организации.",
            "role",
        )


def pairs_fixed(programme: ProgrammeState) -> None:
    """004 §6.1 stage 5; 000 §2.7: pairs formed and fixed by the head's order."""
    if not programme.pairs:
        raise _refuse("pairs_fixed", "Ни одна пара не закреплена приказом.", "pairs")


def pairs_planned(programme: ProgrammeState) -> None:
    """000 §V stage 2: every working pair has its individual plan (has left design)."""
    waiting = programme.pairs_in(Stage.PREPARATORY, Stage.DESIGN)
    if waiting:
        raise _refuse(
            "pairs_planned",
            f"{count_of(waiting, *PAIRS)} ещё без утверждённого индивидуального плана.",
            "pairs",
        )


def pairs_implemented(programme: ProgrammeState) -> None:
    """000 §V stage 3: every working pair has finished its meetings (has left implementation)."""
    working = programme.pairs_in(Stage.PREPARATORY, Stage.DESIGN, Stage.IMPLEMENTATION)
    if working:
        raise _refuse(
            "pairs_implemented", f"{count_of(working, *PAIRS)} ещё на реализационном этапе.", "pairs"
        )


def _needs(programme: ProgrammeState, fact: CompletionFact, rule: str, message: str) -> None:
    """A fact the stage needs (the final group meeting); see `completion_recorded_when_it_happens`."""
    if fact not in programme.completion:
        raise _refuse(rule, message, "completion")


def reflection_collected(programme: ProgrammeState) -> None:
    """004 §6.1 stage 7; 002 (May): the final group meeting of all pairs and the participants' feedback."""
    _needs(
        programme,
        CompletionFact.FINAL_GROUP_MEETING,
        "final_group_meeting",
        "Не проведена итоговая встреча всех пар программы.",
    )
    if programme.base.feedback_questionnaires < 1:
        raise _refuse("feedback_collected", "Не собрана обратная связь участников (анкеты).", "feedback")


def completion_recorded_when_it_happens(programme: ProgrammeState) -> None:
    """000 §3.3–3.5 («могут быть»), 004 §6.1 stage 7, 001 §4.15: awards, best practices and the alumni offer
    are recorded when they happen (`CompletionFact` with whom); they never hold a programme back."""
    return None


def programme_active(programme: ProgrammeState) -> None:
    if programme.stage in (Stage.COMPLETED, Stage.TERMINATED):
        raise _refuse("programme_active", "Программа завершена: изменения не принимаются.", "stage")
