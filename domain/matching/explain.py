"""Why a pair was proposed and why a mentee was left waiting, in Russian, as a curator reads it."""

from __future__ import annotations

from domain.forms import (
    EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS,
    YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS,
    YOUNG_TEACHER_FORMS,
    ParticipantKind,
)
from domain.matching.labels import form_label, ordinal, years_label
from domain.matching.market import Market
from domain.matching.model import MatchingMode, UnmatchedCode, UnmatchedMentee
from domain.matching.rules import RULES_BY_CODE, organisation_bound
from domain.matching.scoring import COVERAGE_POINTS, preference_points
from domain.plural import out_of


def _listing(labels: list[str]) -> str:
    return ", ".join(labels)


def coverage_reason(market: Market, i: int, j: int) -> str:
    requested = market.requested[i]
    if not requested:
        return "Наставляемый не указал запросов: совпадение компетенций не оценивалось (0 баллов)."
    mask = market.competence_mask[j]
    covered = [tag.label for tag in requested if tag.bit & mask]
    missing = [tag.label for tag in requested if not tag.bit & mask]
    points = market.coverage(i, j)
    of_requests = out_of(len(requested), "запроса", "запросов")  # «из 1 запроса», «из 5 запросов»
    if not covered:
        return (
            f"Компетенции наставника не покрывают ни одного из {of_requests} ({_listing(missing)}): 0 баллов."
        )
    text = f"Компетенции наставника покрывают {len(covered)} из {of_requests}"
    text += f": {_listing(covered)}"
    if missing:
        text += f"; не покрыт{'ы' if len(missing) > 1 else ''}: {_listing(missing)}"
    if len({tag.weight for tag in requested}) > 1:
        return text + f". С учётом важности запросов это {points} из {COVERAGE_POINTS} баллов."
    return text + f" ({points} из {COVERAGE_POINTS} баллов)."


def rules_reason(market: Market, i: int, j: int) -> str:
    """The hard rules this pair passes, with the facts that make it pass."""
    mentee, mentor = market.mentees[i], market.mentors[j]
    form = mentee.form
    facts: list[str] = []
    if organisation_bound(form):
        facts.append("одна организация")
    pupils = mentee.facts.kind is ParticipantKind.PUPIL and mentor.facts.kind is ParticipantKind.PUPIL
    if pupils and mentor.facts.grade is not None and mentee.facts.grade is not None:
        facts.append(f"наставник учится в {mentor.facts.grade} классе, наставляемый — в {mentee.facts.grade}")
    if form in YOUNG_TEACHER_FORMS and mentee.facts.kind is ParticipantKind.TEACHER:
        why = []
        years = mentee.facts.years_of_experience
        if years is not None and years <= YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS:
            why.append(f"молодой специалист (стаж {years_label(years)})")
        if mentee.facts.new_hire:
            why.append("новый сотрудник")
        if mentee.facts.stated_difficulty:
            why.append("заявил профессиональные затруднения")
        facts.append("наставляемый — " + ", ".join(why))
    if mentor.facts.kind is ParticipantKind.EMPLOYER_STAFF and mentor.facts.years_of_experience is not None:
        experience = years_label(mentor.facts.years_of_experience)
        facts.append(f"стаж наставника {experience} (не менее {EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS} лет)")
    detail = f": {'; '.join(facts)}" if facts else ""
    return f"Правила формы {form_label(form)} соблюдены{detail}."


def pair_reasons(market: Market, i: int, j: int, mode: MatchingMode) -> list[str]:
    reasons = [coverage_reason(market, i, j)]
    mentee_rank = market.mentee_rank[i].get(j)
    if mentee_rank is not None:
        reasons.append(
            f"Наставляемый указал наставника {ordinal(mentee_rank)} в анкете "
            f"(+{preference_points(mentee_rank)} баллов)."
        )
    mentor_rank = market.mentor_rank[j].get(i)
    if mentor_rank is not None:
        reasons.append(
            f"Наставник указал наставляемого {ordinal(mentor_rank)} в анкете "
            f"(+{preference_points(mentor_rank)} баллов)."
        )
    reasons.append(rules_reason(market, i, j))
    if market.returning[i]:
        excluded = " прежний наставник исключён;" if market.excluded[i] else ""
        reasons.append(
            f"Наставляемый возвращается после пары, которая не сложилась:{excluded} "
            "подбирается в первую очередь."
        )
    if market.need[i] > 1:
        reasons.append(f"Наставляемому нужно наставников: {market.need[i]}; это один из них.")
    if mode is MatchingMode.STABLE:
        reasons.append(
            "Распределение по анкетам взаимных предпочтений устойчиво: нет наставляемого и наставника, "
            "которые оба предпочли бы друг друга своим парам."
        )
    else:
        reasons.append(
            "Анкеты предпочтений не собирались: пары подобраны по наибольшему суммарному соответствию."
        )
    return reasons


# Why the places of every compatible mentor went to others, as each mode decides it.
_TAKEN = {
    MatchingMode.STABLE: "их места заняты наставляемыми, которых наставники ставят выше (по анкетам или по "
    "соответствию запросам)",
    MatchingMode.OPTIMAL: "их места заняты: так суммарное соответствие всех пар наибольшее",
}


def unmatched(market: Market, i: int, matched: int, mode: MatchingMode) -> UnmatchedMentee:
    mentee = market.mentees[i]
    missing = market.need[i] - matched
    compatible = market.compatible_count(i)
    if compatible > 0:
        if matched:
            reason = (
                f"Подобрано наставников: {matched} из {market.need[i]}. Подходящих по правилам формы "
                f"наставников: {compatible}; кроме уже подобранных, {_TAKEN[mode]}. "
                "Поиск наставника продолжается."
            )
        else:
            reason = (
                f"Подходящих по правилам формы {form_label(mentee.form)} наставников: {compatible}, "
                f"но все {_TAKEN[mode]}. "
                "Поиск наставника продолжается, наставляемому нужна поддержка педагога-психолога."
            )
        return UnmatchedMentee(
            mentee_id=mentee.mentee_id,
            code=UnmatchedCode.NO_MENTOR_WITH_CAPACITY,
            reason=reason,
            missing=missing,
            compatible_mentors=compatible,
        )
    blocked_by = market.blocked_by(i)
    blocked = market.blocked[i]
    if blocked is not None:
        reason = f"Подобрать наставника нельзя: {blocked[1]}"
    elif not blocked_by:
        reason = "В базе наставников нет ни одного наставника."
    else:
        ranked = sorted(blocked_by.items(), key=lambda item: (-item[1], item[0]))
        parts = [f"«{RULES_BY_CODE[code].requirement}» не выполнено у {count}" for code, count in ranked]
        reason = (
            f"Ни один из {out_of(market.n_mentors, 'наставника', 'наставников')} не проходит правила формы "
            f"{form_label(mentee.form)}. "
            f"Чаще всего мешает правило: {parts[0]}"
            + (f"; затем: {'; '.join(parts[1:])}" if len(parts) > 1 else "")
            + ". Поиск наставника продолжается."
        )
    return UnmatchedMentee(
        mentee_id=mentee.mentee_id,
        code=UnmatchedCode.NO_FIT,
        reason=reason,
        missing=missing,
        compatible_mentors=0,
        blocked_by=blocked_by,
    )
