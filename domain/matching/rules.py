"""Hard rules of the forms: a pair that breaks one is never proposed, in any mode.

Each rule is a named pure function that returns None when the rule holds and, when it is broken, a
sentence in Russian a curator reads. A rule reads only what its scope says, which lets matching check
mentee rules once per mentee and mentor rules once per mentor and form instead of once per pair:

- mentee rules read the mentee and the form;
- mentor rules read the mentor and the form;
- pair rules read the facts of both sides;
- identity rules read only ids.

`HARD_RULES` keeps them in that order; "the rule that turned a mentor away" is the first one broken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput
from domain.forms import (
    EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS,
    MENTEE_KINDS,
    MENTOR_KINDS,
    MIN_PUPIL_AGE,
    PROFESSIONAL_MENTOR_FORMS,
    SAME_ORGANISATION_FORMS,
    YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS,
    YOUNG_TEACHER_FORMS,
    Form,
    ParticipantKind,
)
from domain.matching.labels import KIND_LABELS, form_label, kinds_label, years_label
from domain.matching.model import MenteeEntry, MentorEntry
from domain.named import person, school
from domain.participants import ParticipantFacts, pupil_old_enough
from domain.russian_names import Case

MenteeRule = Callable[[MenteeEntry], str | None]
MentorRule = Callable[[MentorEntry, Form], str | None]
PairRule = Callable[[MenteeEntry, MentorEntry], str | None]


# Mentee rules


def mentee_kind_allowed_by_form(mentee: MenteeEntry) -> str | None:
    """000 §4, 004 §6.2: who may be mentored in each form."""
    allowed = MENTEE_KINDS[mentee.form]
    if mentee.facts.kind in allowed:
        return None
    return (
        f"Наставляемый {mentee.mentee_id} — {KIND_LABELS[mentee.facts.kind]}, а в форме "
        f"{form_label(mentee.form)} наставляемым может быть только: {kinds_label(allowed)}."
    )


def _age(facts: ParticipantFacts) -> str:
    return years_label(facts.age) if facts.age is not None else "возраст не указан"


def _too_young(facts: ParticipantFacts) -> bool:
    return not pupil_old_enough(facts.kind, facts.age)


def pupil_mentee_from_age_ten(mentee: MenteeEntry) -> str | None:
    """003 §1.1, 000 §1.2: pupils take part from the age of 10, on the day the pair starts."""
    if not _too_young(mentee.facts):
        return None
    return (
        f"Наставляемому-ученику {person(mentee.mentee_id, Case.DATIVE)} {_age(mentee.facts)}: "
        "в программах наставничества участвуют обучающиеся "
        f"с {MIN_PUPIL_AGE} лет."
    )


def teacher_mentee_is_young_new_or_struggling(mentee: MenteeEntry) -> str | None:
    """000 §4.3.1; 001 §4.2: in «учитель–учитель» and «педагог вуза/колледжа – молодой педагог» the mentee
    is a young specialist (0–3 years), a new hire or a teacher with a stated difficulty."""
    if mentee.form not in YOUNG_TEACHER_FORMS or mentee.facts.kind is not ParticipantKind.TEACHER:
        return None  # a mentee of another kind breaks `mentee_kind_allowed_by_form` instead
    facts = mentee.facts
    years = facts.years_of_experience
    if facts.new_hire or facts.stated_difficulty:
        return None
    if years is not None and years <= YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS:
        return None
    known = "стаж не указан" if years is None else f"стаж {years_label(years)}"
    return (
        f"Наставляемый {mentee.mentee_id}: в форме {form_label(mentee.form)} наставляемый — "
        f"молодой специалист (стаж 0–{YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS} года), новый сотрудник или "
        f"педагог с заявленными затруднениями; у него {known}, он не новый сотрудник и затруднений не заявил."
    )


# Mentor rules


def mentor_kind_allowed_by_form(mentor: MentorEntry, form: Form) -> str | None:
    """000 §4, 004 §6.2: who may mentor in each form."""
    allowed = MENTOR_KINDS[form]
    if mentor.facts.kind in allowed:
        return None
    return (
        f"Наставник {mentor.mentor_id} — {KIND_LABELS[mentor.facts.kind]}, а в форме {form_label(form)} "
        f"наставником может быть только: {kinds_label(allowed)}."
    )


def mentor_agreed_to_the_form(mentor: MentorEntry, form: Form) -> str | None:
    """A mentor selected for some forms of the programme is not proposed in the others."""
    if not mentor.forms or form in mentor.forms:
        return None
    agreed = ", ".join(form_label(f) for f in sorted(set(mentor.forms)))
    return (
        f"Наставник {mentor.mentor_id} согласился работать только в формах {agreed}, не в {form_label(form)}."
    )


def pupil_mentor_from_age_ten(mentor: MentorEntry, form: Form) -> str | None:
    """003 §1.1, 000 §1.2: a pupil mentor is 10 or older too."""
    if not _too_young(mentor.facts):
        return None
    return (
        f"Наставнику-ученику {person(mentor.mentor_id, Case.DATIVE)} {_age(mentor.facts)}: "
        "в программах наставничества участвуют обучающиеся "
        f"с {MIN_PUPIL_AGE} лет."
    )


def mentor_of_the_school_where_form_requires(mentor: MentorEntry, form: Form) -> str | None:
    """000 §4.2, 003 §2.3, 001 §4.2: pupils mentor in their own school and the head mentors its teachers;
    in the other forms a mentor may come from another organisation (004 §5.2, §6.1 stage 3)."""
    if not (mentor.facts.external and organisation_bound(form)):
        return None
    return (
        f"В форме {form_label(form)} наставник — из самой организации, а наставник "
        f"{mentor.mentor_id} приглашён из другой организации."
    )


def employer_mentor_has_five_years_experience(mentor: MentorEntry, form: Form) -> str | None:
    """004 §6.2.3: the mentor of the employer forms is a professional «с большим (от 5 лет) опытом работы»
    — employer's staff, entrepreneurs, parents and alumni alike; elsewhere an employer's staff too."""
    if form not in PROFESSIONAL_MENTOR_FORMS and mentor.facts.kind is not ParticipantKind.EMPLOYER_STAFF:
        return None
    years = mentor.facts.years_of_experience
    if years is not None and years >= EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS:
        return None
    known = "стаж не указан" if years is None else f"стаж {years_label(years)}"
    return (
        f"Наставник {mentor.mentor_id} в форме {form_label(form)} должен иметь стаж не менее "
        f"{EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS} лет, а у него {known}."
    )


# Pair rules


def organisation_bound(form: Form) -> bool:
    """Both sides of these forms belong to one school; external mentors come only in the others."""
    return form in SAME_ORGANISATION_FORMS


def same_organisation_where_form_requires(mentee: MenteeEntry, mentor: MentorEntry) -> str | None:
    """000 §4.2–4.4, 001 §4.2: school-internal forms pair people of the same organisation."""
    if not organisation_bound(mentee.form) or mentee.facts.organisation_id == mentor.facts.organisation_id:
        return None
    return (
        f"В форме {form_label(mentee.form)} наставник и наставляемый — из одной организации, "
        f"а наставник {mentor.mentor_id} ({school(mentor.facts.organisation_id)}) из другой организации, "
        f"чем наставляемый {mentee.mentee_id} ({school(mentee.facts.organisation_id)})."
    )


def pupil_mentor_grade_not_lower(mentee: MenteeEntry, mentor: MentorEntry) -> str | None:
    """000 §4.2.1, §4.2.5, §4.4.4; 004 §6.2.1: a pupil mentor is at a higher *ступень* or has better
    results — not necessarily in a higher grade: peers of one grade mentor each other («равный – равному»,
    «равный – другому»). Only a mentor in a lower grade is refused; a missing grade refuses nothing."""
    pupil = ParticipantKind.PUPIL
    if mentee.facts.kind is not pupil or mentor.facts.kind is not pupil:
        return None
    mentor_grade, mentee_grade = mentor.facts.grade, mentee.facts.grade
    if mentor_grade is None or mentee_grade is None or mentor_grade >= mentee_grade:
        return None
    return (
        f"Наставник-ученик {mentor.mentor_id} учится в {mentor_grade} классе, а наставляемый "
        f"{mentee.mentee_id} — в {mentee_grade}: наставник не может учиться в более младшем классе."
    )


def pupil_grade_matters(form: Form, mentee: MenteeEntry) -> bool:
    """Whether `pupil_mentor_grade_not_lower` can read the mentee's grade: a pupil may mentor in the form
    and the mentee is a pupil. Matching uses it to share one mentor pool among mentees of one grade."""
    return ParticipantKind.PUPIL in MENTOR_KINDS[form] and mentee.facts.kind is ParticipantKind.PUPIL


# Identity rules


def mentor_is_not_the_mentee(mentee: MenteeEntry, mentor: MentorEntry) -> str | None:
    if mentee.mentee_id != mentor.mentor_id:
        return None
    return f"Участник {mentee.mentee_id} не может быть наставником самому себе."


def partner_not_excluded(mentee: MenteeEntry, mentor: MentorEntry) -> str | None:
    """004 roadmap 21, stage 5: a mentee whose pair did not fit goes back without the earlier partner."""
    if mentor.mentor_id not in mentee.excluded_mentor_ids:
        return None
    return (
        f"Наставник {mentor.mentor_id} исключён для наставляемого {person(mentee.mentee_id, Case.GENITIVE)} "
        "(прежний партнёр или отвод)."
    )


class RuleScope(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"
    PAIR = "pair"
    IDENTITY = "identity"


@dataclass(frozen=True)
class HardRule:
    """A rule with its stable machine code and a short Russian statement of what it requires."""

    code: str
    requirement: str
    scope: RuleScope
    on_mentee: MenteeRule | None = None
    on_mentor: MentorRule | None = None
    on_pair: PairRule | None = None

    def check_mentee(self, mentee: MenteeEntry) -> str | None:
        """A mentee rule on its own (it reads no mentor)."""
        assert self.on_mentee is not None, self.code
        return self.on_mentee(mentee)

    def check_mentor(self, mentor: MentorEntry, form: Form) -> str | None:
        """A mentor rule on its own (it reads no mentee but the form)."""
        assert self.on_mentor is not None, self.code
        return self.on_mentor(mentor, form)

    def check(self, mentee: MenteeEntry, mentor: MentorEntry) -> str | None:
        if self.on_mentee is not None:
            return self.on_mentee(mentee)
        if self.on_mentor is not None:
            return self.on_mentor(mentor, mentee.form)
        assert self.on_pair is not None
        return self.on_pair(mentee, mentor)


HARD_RULES: tuple[HardRule, ...] = (
    HardRule(
        "mentee_kind_allowed_by_form",
        "наставляемый относится к тем, кого форма допускает",
        RuleScope.MENTEE,
        on_mentee=mentee_kind_allowed_by_form,
    ),
    HardRule(
        "pupil_mentee_from_age_ten",
        "наставляемому-ученику не меньше 10 лет",
        RuleScope.MENTEE,
        on_mentee=pupil_mentee_from_age_ten,
    ),
    HardRule(
        "teacher_mentee_is_young_new_or_struggling",
        "наставляемый-педагог — молодой специалист, новый сотрудник или с затруднениями",
        RuleScope.MENTEE,
        on_mentee=teacher_mentee_is_young_new_or_struggling,
    ),
    HardRule(
        "mentor_kind_allowed_by_form",
        "наставник относится к тем, кого форма допускает наставником",
        RuleScope.MENTOR,
        on_mentor=mentor_kind_allowed_by_form,
    ),
    HardRule(
        "mentor_agreed_to_the_form",
        "наставник согласился работать в этой форме",
        RuleScope.MENTOR,
        on_mentor=mentor_agreed_to_the_form,
    ),
    HardRule(
        "pupil_mentor_from_age_ten",
        "наставнику-ученику не меньше 10 лет",
        RuleScope.MENTOR,
        on_mentor=pupil_mentor_from_age_ten,
    ),
    HardRule(
        "mentor_of_the_school_where_form_requires",
        "наставник из самой организации, где форма этого требует",
        RuleScope.MENTOR,
        on_mentor=mentor_of_the_school_where_form_requires,
    ),
    HardRule(
        "employer_mentor_has_five_years_experience",
        "у наставника-профессионала стаж не менее 5 лет",
        RuleScope.MENTOR,
        on_mentor=employer_mentor_has_five_years_experience,
    ),
    # The organisation rule comes first among pair rules: the mentor index relies on it to count the
    # mentors of other schools without checking them one by one.
    HardRule(
        "same_organisation_where_form_requires",
        "наставник из той же организации",
        RuleScope.PAIR,
        on_pair=same_organisation_where_form_requires,
    ),
    HardRule(
        "pupil_mentor_grade_not_lower",
        "наставник-ученик учится не в более младшем классе",
        RuleScope.PAIR,
        on_pair=pupil_mentor_grade_not_lower,
    ),
    HardRule(
        "mentor_is_not_the_mentee",
        "наставник — не сам наставляемый",
        RuleScope.IDENTITY,
        on_pair=mentor_is_not_the_mentee,
    ),
    HardRule(
        "partner_not_excluded",
        "наставник не исключён для наставляемого (прежний партнёр)",
        RuleScope.IDENTITY,
        on_pair=partner_not_excluded,
    ),
)
RULES_BY_CODE: dict[str, HardRule] = {rule.code: rule for rule in HARD_RULES}


def rules_of(scope: RuleScope) -> tuple[HardRule, ...]:
    return tuple(rule for rule in HARD_RULES if rule.scope is scope)


def first_broken_rule(mentee: MenteeEntry, mentor: MentorEntry) -> tuple[HardRule, str] | None:
    for rule in HARD_RULES:
        reason = rule.check(mentee, mentor)
        if reason is not None:
            return rule, reason
    return None


def broken_rules(mentee: MenteeEntry, mentor: MentorEntry) -> list[tuple[HardRule, str]]:
    """Every rule the pair breaks, with its reason; empty when the pair may be proposed."""
    found = []
    for rule in HARD_RULES:
        reason = rule.check(mentee, mentor)
        if reason is not None:
            found.append((rule, reason))
    return found


def ensure_pair_allowed(mentee: MenteeEntry, mentor: MentorEntry) -> None:
    """For a pair the curator puts together by hand: refuse it with the first broken rule."""
    broken = first_broken_rule(mentee, mentor)
    if broken is not None:
        rule, reason = broken
        raise InvalidInput(rule.code, reason, field="mentor_id", details={"mentor_id": mentor.mentor_id})
