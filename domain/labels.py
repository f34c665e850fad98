"""Russian labels a curator reads, in one place."""

from __future__ import annotations

from domain.stages import Stage

STAGE_LABELS: dict[Stage, str] = {
    Stage.PREPARATORY: "подготовительный",
    Stage.DESIGN: "проектировочный",
    Stage.IMPLEMENTATION: "реализационный",
    Stage.REFLECTIVE: "рефлексивно-аналитический",
    Stage.RESULT: "результативный",
    Stage.COMPLETED: "завершена",
    Stage.TERMINATED: "завершена досрочно",
}

ROLE_LABELS: dict[str, str] = {
    "curator": "куратор",
    "mentor": "наставник",
    "mentee": "наставляемый",
    "head": "руководитель ОО",
    "coordinator": "координатор",
    "admin": "оператор",
    "system": "система",
}


# Meetings of a pair by kind (004 roadmap 20–26), keyed by MeetingKind's values.
MEETING_KIND_LABELS: dict[str, str] = {
    "introduction": "встреча-знакомство",
    "trial": "пробная рабочая встреча",
    "planning": "встреча-планирование",
    "regular": "регулярная встреча",
    "final": "итоговая встреча",
    "acute": "встреча по острой ситуации",
}


def stage_label(stage: Stage | str) -> str:
    return STAGE_LABELS[Stage(stage)]


# Forms of mentoring (000 §4, 004 §6.2), keyed by Form's values.
FORM_LABELS: dict[str, str] = {
    "student_student": "ученик – ученик",
    "teacher_teacher": "учитель – учитель",
    "teacher_student": "учитель – ученик",
    "student_teacher": "ученик – учитель",
    "employer_student": "работодатель – ученик",
    "university_student_pupil": "студент – ученик",
    "head_teacher": "руководитель ОО – учитель",
    "employer_college_student": "работодатель – студент",  # 001 §4.2
    "university_teacher_young_teacher": "педагог вуза или колледжа – молодой педагог",  # 001 §4.2
}

# Kinds of mentoring (001 §4.4), keyed by Kind's values.
KIND_LABELS: dict[str, str] = {
    "traditional": "традиционное (долгосрочное)",
    "virtual": "виртуальное (дистанционное)",
    "group": "групповое",
    "short_term": "краткосрочное (целеполагающее)",
    "reverse": "реверсивное",
    "situational": "ситуационное",
    "speed": "скоростное",
}

# Who a person in the bases is, keyed by ParticipantKind's values.
PARTICIPANT_KIND_LABELS: dict[str, str] = {
    "pupil": "обучающийся",
    "teacher": "педагог",
    "employer_staff": "представитель работодателя",
    "university_student": "студент",
    "parent": "родитель",
    "alumnus": "выпускник",
    "head": "руководитель ОО",
    "entrepreneur": "предприниматель или общественный деятель",  # 004 §5.2
    "veteran_teacher": "ветеран педагогического труда",  # 004 §5.2
    "university_teacher": "педагог вуза или колледжа",  # 001 §4.2
}

MEETING_FORMAT_LABELS: dict[str, str] = {"in_person": "очно", "online": "онлайн", "mixed": "смешанный"}

REFLECTION_KIND_LABELS: dict[str, str] = {
    "mentor_report": "отчёт наставника",
    "mentee_reflection": "рефлексия наставляемого",
}

# What happened, as a pair's or a programme's history shows it (keyed by the audit rows' `action`).
ACTION_LABELS: dict[str, str] = {
    "created": "создана",
    "stage_changed": "переход этапа",
    "terminated": "досрочное завершение",
    "term_changed": "изменён срок",
    "meeting_recorded": "отмечена встреча",
    "order_fixed": "внесён приказ",
    "plan_approved": "утверждён индивидуальный план",
    "plan_agreed": "согласие с проектом индивидуального плана",
    "plan_fulfilled": "план отмечен выполненным",
    "consent_recorded": "внесено согласие",
    "reflection_recorded": "внесён отчёт или рефлексия",
    "configured": "настроена",
    "pairs_fixed": "закреплены пары",
    "completion_recorded": "отмечено завершение",
    "matching_run": "выполнен подбор пар",
    "erased": "данные удалены по запросу",
    "corrected": "исправлена карточка",
    "settled": "пункт закрыт",
    "participant_created": "внесена карточка участника",
    "base_imported": "загружена база из файла",
    "reconciled": "записи сверены с ходом пары",
    "swot_saved": "сохранён SWOT-анализ",
    "final_report_saved": "сохранён итоговый отчёт",
    "mentor_base_changed": "изменена база наставников",
    "mentee_base_changed": "изменена база наставляемых",
}

# A proposal of pairs: how it was matched and what the curator decided.
PROPOSAL_MODE_LABELS: dict[str, str] = {
    "stable": "устойчивый подбор по анкетам предпочтений",
    "optimal": "наилучший подбор по соответствию",
}
PROPOSAL_STATUS_LABELS: dict[str, str] = {
    "proposed": "предложено",
    "accepted": "принято",
    "rejected": "отклонено",
}

TERMINATION_REASON_LABELS: dict[str, str] = {
    "plan_fulfilled_early": "план выполнен досрочно",
    "mentor_initiative": "по инициативе наставника",
    "mentee_initiative": "по инициативе наставляемого",
    "mutual_decision": "по обоюдному решению",
    "curator_improper_execution": "по инициативе куратора: программа не выполняется надлежащим образом",
    "mentor_replacement_petition": "замена наставника по ходатайству наставляемого",
}


# The source documents as a school knows them (issue 12 point 23): user-facing texts name the document and
# its item, never the internal file numbers that docstrings and the README cite (`000 §2.7`).
DOCUMENT_NAMES: dict[str, str] = {
    "000": "Положение о целевой модели наставничества педагогических работников и обучающихся",
    "001": "Положение о системе наставничества педагогических работников",
    "002": "Программа наставничества «Учитель – учитель»",
    "003": "Положение о наставничестве",
    "004": "Программа целевой модели наставничества",
}


def document_reference(document: str, item: str) -> str:
    """`document_named_as_a_school_knows_it`: «Положение о наставничестве, п. 4.10» for ("003", "4.10")."""
    return f"{DOCUMENT_NAMES[document]}, п. {item}"


def label_of(labels: dict[str, str], code: str | None) -> str | None:
    """The Russian label shown next to a code in API responses; a code without one is shown as it is."""
    if code is None:
        return None
    return labels.get(str(code), str(code))


STAGE_LABELS_BY_CODE: dict[str, str] = {stage.value: label for stage, label in STAGE_LABELS.items()}


# Months in the genitive, for "мониторинг декабря 2026".
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def round_label(round_id: str) -> str:
    """A monitoring round by its month: "2026-12" → "мониторинг декабря 2026"."""
    year, month = round_id.split("-")
    return f"мониторинг {MONTHS_GENITIVE[int(month) - 1]} {year}"


# Why the audit chain's check stopped at a row (db/audit_chain.py), as the head reads it.
AUDIT_PROBLEM_LABELS = {
    "row_missing_or_moved": "запись удалена или переставлена",
    "previous_hash_mismatch": "цепочка разорвана: запись не ссылается на предыдущую",
    "content_changed": "содержание записи изменено",
    "text_missing_or_replaced": "текст записи удалён или подменён",
    "text_changed": "текст записи изменён",
}
