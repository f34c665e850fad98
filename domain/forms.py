"""Forms of mentoring (форма), the kinds (вид) that combine with them, and who may be on each side."""

from __future__ import annotations

from enum import StrEnum


class Form(StrEnum):
    STUDENT_STUDENT = "student_student"  # ученик–ученик, 000 §4.2
    TEACHER_TEACHER = "teacher_teacher"  # учитель–учитель, 000 §4.3
    TEACHER_STUDENT = "teacher_student"  # учитель–ученик, 000 §4.4
    STUDENT_TEACHER = "student_teacher"  # ученик–учитель (reverse), 003 §2.3
    EMPLOYER_STUDENT = "employer_student"  # работодатель–ученик, 004 §6.2.3
    UNIVERSITY_STUDENT_PUPIL = "university_student_pupil"  # студент–ученик, 004 §6.2.4
    HEAD_TEACHER = "head_teacher"  # руководитель ОО–учитель, 001 §4.2


class Kind(StrEnum):
    """Вид наставничества, 001 §4.4."""

    TRADITIONAL = "traditional"
    VIRTUAL = "virtual"
    GROUP = "group"
    SHORT_TERM = "short_term"
    REVERSE = "reverse"
    SITUATIONAL = "situational"
    SPEED = "speed"


class ParticipantKind(StrEnum):
    PUPIL = "pupil"
    TEACHER = "teacher"
    EMPLOYER_STAFF = "employer_staff"
    UNIVERSITY_STUDENT = "university_student"
    PARENT = "parent"
    ALUMNUS = "alumnus"
    HEAD = "head"


# Which participant kinds may stand on each side of a form (000 §4, 004 §6.2).
MENTOR_KINDS: dict[Form, frozenset[ParticipantKind]] = {
    Form.STUDENT_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.TEACHER_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.TEACHER_STUDENT: frozenset({ParticipantKind.TEACHER}),
    Form.STUDENT_TEACHER: frozenset({ParticipantKind.PUPIL}),
    Form.EMPLOYER_STUDENT: frozenset({ParticipantKind.EMPLOYER_STAFF}),
    Form.UNIVERSITY_STUDENT_PUPIL: frozenset({ParticipantKind.UNIVERSITY_STUDENT}),
    Form.HEAD_TEACHER: frozenset({ParticipantKind.HEAD}),
}
MENTEE_KINDS: dict[Form, frozenset[ParticipantKind]] = {
    Form.STUDENT_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.TEACHER_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.TEACHER_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.STUDENT_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.EMPLOYER_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.UNIVERSITY_STUDENT_PUPIL: frozenset({ParticipantKind.PUPIL}),
    Form.HEAD_TEACHER: frozenset({ParticipantKind.TEACHER}),
}

# Forms whose both sides belong to the same school (external mentors come from outside it).
SAME_ORGANISATION_FORMS: frozenset[Form] = frozenset(
    {
        Form.STUDENT_STUDENT,
        Form.TEACHER_TEACHER,
        Form.TEACHER_STUDENT,
        Form.STUDENT_TEACHER,
        Form.HEAD_TEACHER,
    }
)

EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS = 5  # 004 §6.2.3
YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS = 3  # 000 §4.3: молодой специалист, стаж 0–3 года
