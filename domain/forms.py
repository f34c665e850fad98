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
    EMPLOYER_COLLEGE_STUDENT = "employer_college_student"  # работодатель–студент (колледжа), 001 §4.2
    # педагог вуза/колледжа – молодой педагог образовательной организации, 001 §4.2
    UNIVERSITY_TEACHER_YOUNG_TEACHER = "university_teacher_young_teacher"


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
    """Who a person in the bases is (004 §5.2: the mentor base «из числа …»; 001 §4.2)."""

    PUPIL = "pupil"
    TEACHER = "teacher"
    EMPLOYER_STAFF = "employer_staff"
    UNIVERSITY_STUDENT = "university_student"  # студент вуза или колледжа
    PARENT = "parent"
    ALUMNUS = "alumnus"
    HEAD = "head"
    ENTREPRENEUR = "entrepreneur"  # успешный предприниматель или общественный деятель, 004 §5.2
    VETERAN_TEACHER = "veteran_teacher"  # ветеран педагогического труда, 004 §5.2
    UNIVERSITY_TEACHER = "university_teacher"  # педагог вуза или колледжа, 001 §4.2


# Teachers by trade: veteran teachers and teachers of a university or college too (004 §5.2, 001 §4.2).
TEACHING_KINDS: frozenset[ParticipantKind] = frozenset(
    {ParticipantKind.TEACHER, ParticipantKind.VETERAN_TEACHER, ParticipantKind.UNIVERSITY_TEACHER}
)
# Professionals an employer form invites (004 §6.2.3: selection «из числа активных и опытных профессионалов,
# представителей благодарных выпускников, представителей родительского сообщества»; 004 §5.2 entrepreneurs).
PROFESSIONAL_KINDS: frozenset[ParticipantKind] = frozenset(
    {
        ParticipantKind.EMPLOYER_STAFF,
        ParticipantKind.ENTREPRENEUR,
        ParticipantKind.PARENT,
        ParticipantKind.ALUMNUS,
    }
)


# Which participant kinds may stand on each side of a form (000 §4, 004 §5.2, §6.2, 001 §4.2): teachers of
# the school, veteran teachers and teachers of a university or college mentor teachers and pupils (000 §4.4.1:
# «обучающихся общеобразовательного и профессионального учреждений»); employer staff, entrepreneurs, parents
# and alumni mentor in the employer forms; university and college students mentor pupils.
MENTOR_KINDS: dict[Form, frozenset[ParticipantKind]] = {
    Form.STUDENT_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.TEACHER_TEACHER: frozenset({ParticipantKind.TEACHER, ParticipantKind.VETERAN_TEACHER}),
    Form.TEACHER_STUDENT: TEACHING_KINDS,
    Form.STUDENT_TEACHER: frozenset({ParticipantKind.PUPIL}),
    Form.EMPLOYER_STUDENT: PROFESSIONAL_KINDS,
    Form.UNIVERSITY_STUDENT_PUPIL: frozenset({ParticipantKind.UNIVERSITY_STUDENT}),
    Form.HEAD_TEACHER: frozenset({ParticipantKind.HEAD}),
    Form.EMPLOYER_COLLEGE_STUDENT: frozenset({ParticipantKind.EMPLOYER_STAFF, ParticipantKind.ENTREPRENEUR}),
    Form.UNIVERSITY_TEACHER_YOUNG_TEACHER: frozenset({ParticipantKind.UNIVERSITY_TEACHER}),
}
MENTEE_KINDS: dict[Form, frozenset[ParticipantKind]] = {
    Form.STUDENT_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.TEACHER_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.TEACHER_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.STUDENT_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.EMPLOYER_STUDENT: frozenset({ParticipantKind.PUPIL}),
    Form.UNIVERSITY_STUDENT_PUPIL: frozenset({ParticipantKind.PUPIL}),
    Form.HEAD_TEACHER: frozenset({ParticipantKind.TEACHER}),
    Form.EMPLOYER_COLLEGE_STUDENT: frozenset({ParticipantKind.UNIVERSITY_STUDENT}),
    Form.UNIVERSITY_TEACHER_YOUNG_TEACHER: frozenset({ParticipantKind.TEACHER}),
}

# Forms whose mentor belongs to the school itself: pupils mentor pupils and teachers of their own school, the
# head mentors the school's teachers. In every other form a mentor may come from another organisation
# (004 §5.2, §6.1 stage 3; 001 §3.9, §4.2; 000 §4.4.1) — «учитель–учитель» and «учитель–ученик» included.
SAME_ORGANISATION_FORMS: frozenset[Form] = frozenset(
    {Form.STUDENT_STUDENT, Form.STUDENT_TEACHER, Form.HEAD_TEACHER}
)
# Forms whose mentee is a young teacher (000 §4.3.1; 001 §4.2 «молодой педагог»).
YOUNG_TEACHER_FORMS: frozenset[Form] = frozenset(
    {Form.TEACHER_TEACHER, Form.UNIVERSITY_TEACHER_YOUNG_TEACHER}
)
# Forms whose mentor is a professional of at least five years (004 §6.2.3 «от 5 лет»).
PROFESSIONAL_MENTOR_FORMS: frozenset[Form] = frozenset({Form.EMPLOYER_STUDENT, Form.EMPLOYER_COLLEGE_STUDENT})

EMPLOYER_MENTOR_MIN_EXPERIENCE_YEARS = 5  # 004 §6.2.3
MIN_PUPIL_AGE = 10  # 003 §1.1, 000 §1.2: «обучающихся в возрасте от 10 лет»
YOUNG_SPECIALIST_MAX_EXPERIENCE_YEARS = 3  # 000 §4.3: молодой специалист, стаж 0–3 года
