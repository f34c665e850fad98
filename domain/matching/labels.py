"""Russian words for forms and participant kinds, as a curator reads them in proposals."""

from __future__ import annotations

from domain.forms import Form, ParticipantKind
from domain.plural import years_of

FORM_LABELS: dict[Form, str] = {
    Form.STUDENT_STUDENT: "ученик–ученик",
    Form.TEACHER_TEACHER: "учитель–учитель",
    Form.TEACHER_STUDENT: "учитель–ученик",
    Form.STUDENT_TEACHER: "ученик–учитель",
    Form.EMPLOYER_STUDENT: "работодатель–ученик",
    Form.UNIVERSITY_STUDENT_PUPIL: "студент–ученик",
    Form.HEAD_TEACHER: "руководитель ОО–учитель",
    Form.EMPLOYER_COLLEGE_STUDENT: "работодатель–студент",
    Form.UNIVERSITY_TEACHER_YOUNG_TEACHER: "педагог вуза или колледжа–молодой педагог",
}

KIND_LABELS: dict[ParticipantKind, str] = {
    ParticipantKind.PUPIL: "ученик",
    ParticipantKind.TEACHER: "педагог",
    ParticipantKind.EMPLOYER_STAFF: "сотрудник предприятия",
    ParticipantKind.UNIVERSITY_STUDENT: "студент вуза или колледжа",
    ParticipantKind.PARENT: "родитель",
    ParticipantKind.ALUMNUS: "выпускник",
    ParticipantKind.HEAD: "руководитель ОО",
    ParticipantKind.ENTREPRENEUR: "предприниматель или общественный деятель",
    ParticipantKind.VETERAN_TEACHER: "ветеран педагогического труда",
    ParticipantKind.UNIVERSITY_TEACHER: "педагог вуза или колледжа",
}

# «первым», «вторым» … as in «наставляемый указал наставника вторым в анкете».
_ORDINALS = ("первым", "вторым", "третьим", "четвёртым", "пятым", "шестым", "седьмым", "восьмым", "девятым")


def form_label(form: Form) -> str:
    return f"«{FORM_LABELS[form]}»"


def kinds_label(kinds: frozenset[ParticipantKind]) -> str:
    return ", ".join(sorted(KIND_LABELS[kind] for kind in kinds))


def ordinal(rank: int) -> str:
    """1 → «первым»; past the ninth place, «на 12-м месте»."""
    return _ORDINALS[rank - 1] if rank <= len(_ORDINALS) else f"на {rank}-м месте"


def years_label(years: float) -> str:
    return years_of(years)
