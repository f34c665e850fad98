"""Request and response models of the API (English field names; Russian text in messages)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field, computed_field

from domain import bounds
from domain.forms import Form, Kind, ParticipantKind
from domain.labels import (
    ACTION_LABELS,
    FORM_LABELS,
    KIND_LABELS,
    MEETING_FORMAT_LABELS,
    MEETING_KIND_LABELS,
    ROLE_LABELS,
    STAGE_LABELS_BY_CODE,
    TERMINATION_REASON_LABELS,
    label_of,
)
from domain.pair import (
    ConsentGiver,
    ConsentKind,
    MeetingFormat,
    MeetingKind,
    ReflectionKind,
    TerminationReason,
)
from domain.role_models import role_model_label
from domain.stages import Stage

T = TypeVar("T")


def labelled(labels: Mapping[Any, str], code: str, description: str = "") -> Any:
    """A response field with the Russian label of the code held in field `code` (declared before it):
    codes come with Russian labels next to them (`labelled_codes`, issue 12 point 22)."""
    table = {str(getattr(key, "value", key)): text for key, text in labels.items()}
    return Field(
        default_factory=lambda data: label_of(table, data.get(code)),
        description=description or f"«{code}» по-русски",
    )


Id = Annotated[str, Field(min_length=1, max_length=64)]
MAX_MEMBERS = 30  # a group: one or two mentors and up to a class of mentees


class OrganisationCreate(BaseModel):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1, max_length=300)
    district: str = Field(min_length=1, max_length=64)


class OrganisationRead(OrganisationCreate):
    pass


class UserCreate(BaseModel):
    display_name: str = Field(min_length=1, max_length=200)
    role: str = Field(pattern=r"^(curator|mentor|mentee|head|coordinator)$")
    organisation_id: str | None = Field(default=None, max_length=64)
    district: str | None = Field(default=None, max_length=64)
    participant_id: str | None = Field(default=None, max_length=64)


class UserCreated(BaseModel):
    id: str
    role: str
    display_name: str
    organisation_id: str | None
    district: str | None
    participant_id: str | None
    token: str = Field(description="Показывается один раз; храните его как пароль.")


class Me(BaseModel):
    user_id: str
    role: str
    organisation_id: str | None
    district: str | None
    participant_id: str | None


class ParticipantCreate(BaseModel):
    external_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Ключ школы: табельный номер или номер в списке; по нему узнаётся строка при импорте",
    )
    kind: ParticipantKind
    full_name: str = Field(min_length=1, max_length=300)
    birth_date: Annotated[date, AfterValidator(bounds.rule(bounds.birth_date))] | None = None
    grade: int | None = Field(default=None, ge=1, le=11)
    grade_year: str | None = Field(
        default=None,
        pattern=r"^\d{4}/\d{2}$",
        description="Учебный год, к которому относится класс (по умолчанию текущий); класс растёт 1 сентября",
    )
    years_of_experience: float | None = Field(default=None, ge=0, le=70)
    new_hire: bool = False
    stated_difficulty: bool = False
    home_organisation: str | None = Field(
        default=None,
        max_length=300,
        description="Для наставника из другой организации: её название (школа, вуз, колледж, предприятие)",
    )
    partner_agreement: str | None = Field(
        default=None,
        max_length=300,
        description="Соглашение о сотрудничестве или согласование работодателя, по которому он приглашён",
    )


class ParticipantRead(ParticipantCreate):
    id: str
    organisation_id: str
    minor: bool
    kind_label: str = Field(default="", description="Кто это: ученик, педагог, родитель…")
    external: bool = Field(default=False, description="Наставник из другой организации")
    erased_at: datetime | None = Field(default=None, description="Данные удалены по запросу (152-ФЗ)")


class ErasureBody(BaseModel):
    basis: str = Field(
        min_length=5,
        max_length=500,
        description="Основание: заявление об отзыве согласия на обработку персональных данных, его дата",
        examples=["Заявление законного представителя об отзыве согласия от 20.11.2026"],
    )


class ConsentCreate(BaseModel):
    kind: ConsentKind
    given_by: ConsentGiver
    guardian_name: str | None = Field(default=None, max_length=300)
    text_accepted: str = Field(
        min_length=10, max_length=20000, description="Текст согласия, который подписан"
    )
    signed_at: bounds.EraInstant


class ConsentRead(ConsentCreate):
    id: str
    participant_id: str
    recorded_by: str
    recorded_at: datetime


class PairCreate(BaseModel):
    form: Form
    kind: Kind = Kind.TRADITIONAL
    role_model: str = Field(
        default="",
        max_length=200,
        description="Ролевая модель из перечня формы: код или название («равный – равному»)",
    )
    programme_id: str | None = Field(default=None, max_length=64)
    mentor_ids: list[Id] = Field(min_length=1, max_length=MAX_MEMBERS)
    mentee_ids: list[Id] = Field(min_length=1, max_length=MAX_MEMBERS)
    planned_start: bounds.EraDate
    planned_end: bounds.EraDate


class MemberRead(BaseModel):
    participant_id: str
    role: str
    full_name: str
    role_label: str | None = labelled(ROLE_LABELS, "role")


class PairRead(BaseModel):
    id: str
    workflow_id: str
    organisation_id: str
    programme_id: str | None
    form: Form
    kind: Kind
    role_model: str
    stage: Stage
    stage_since: datetime | None
    planned_start: date
    planned_end: date
    order_number: str | None
    order_date: date | None
    termination_reason: TerminationReason | None
    meetings_held: int
    last_meeting_on: date | None
    members: list[MemberRead]

    # Russian labels next to the codes (`labelled_codes`, issue 12 point 22).
    @computed_field  # type: ignore[prop-decorator]
    @property
    def stage_label(self) -> str | None:
        return label_of(STAGE_LABELS_BY_CODE, self.stage)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def form_label(self) -> str | None:
        return label_of(FORM_LABELS, self.form)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str | None:
        return label_of(KIND_LABELS, self.kind)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def termination_reason_label(self) -> str | None:
        return label_of(TERMINATION_REASON_LABELS, self.termination_reason)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def role_model_label(self) -> str | None:
        """The role model of the catalogue (000 §4.2.5, §4.3.4, §4.4.4), in Russian."""
        return role_model_label(self.role_model)


class Blocker(BaseModel):
    rule: str
    message: str
    field: str | None


class NextStep(BaseModel):
    to_stage: Stage
    allowed: bool
    blocked_by: Blocker | None = None
    to_stage_label: str | None = labelled(STAGE_LABELS_BY_CODE, "to_stage")


class AuditRead(BaseModel):
    seq: int
    workflow_id: str
    subject_type: str
    subject_id: str
    action: str
    actor_id: str
    actor_role: str
    at: datetime
    from_stage: Stage | None
    to_stage: Stage | None
    reason: str
    details: dict[str, Any]
    action_label: str | None = labelled(ACTION_LABELS, "action")
    actor_role_label: str | None = labelled(ROLE_LABELS, "actor_role")
    from_stage_label: str | None = labelled(STAGE_LABELS_BY_CODE, "from_stage")
    to_stage_label: str | None = labelled(STAGE_LABELS_BY_CODE, "to_stage")


class MeetingRead(BaseModel):
    id: str
    kind: MeetingKind
    held_on: bounds.EraDate
    format: MeetingFormat
    duration_minutes: int
    recorded_by: str
    kind_label: str | None = labelled(MEETING_KIND_LABELS, "kind")
    format_label: str | None = labelled(MEETING_FORMAT_LABELS, "format")


class PairDetail(PairRead):
    next_step: NextStep | None
    consents_recorded: int
    plan_fulfilled: bool
    reflections: list[ReflectionKind]
    meetings: list[MeetingRead]
    timeline: list[AuditRead]


class TransitionRequest(BaseModel):
    to_stage: Stage
    comment: str = Field(default="", max_length=2000)


class TerminationBody(BaseModel):
    reason: TerminationReason
    comment: str = Field(max_length=2000)


class ExtensionBody(BaseModel):
    new_end: bounds.EraDate
    mentor_agrees: bool
    mentee_agrees: bool
    override_reason: str | None = Field(default=None, max_length=2000)


class OrderBody(BaseModel):
    number: str = Field(min_length=1, max_length=64)
    signed_on: bounds.EraDate
    agreement_ids: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Дополнительные соглашения к трудовым договорам наставников, на которые ссылается приказ",
    )


class PlanBody(BaseModel):
    """The individual plan with the parts of 001 §4.8 (its intermediate results are recorded later)."""

    problem: bounds.PlanText = Field(default="", description="Описание проблемы")
    goals: list[bounds.Text] = Field(
        max_length=bounds.MAX_LIST_ITEMS, description="Цели и задачи индивидуального плана"
    )
    content: bounds.PlanText = Field(
        default="", description="Содержание деятельности наставника и наставляемого"
    )
    planned_results: bounds.PlanText = Field(default="", description="Планируемые результаты")
    kind: Kind | None = Field(
        default=None,
        description="Вид наставничества, на который пара переходит с этим планом (с согласия обеих сторон)",
    )
    schedule: list[bounds.EraDate] = Field(
        max_length=bounds.MAX_LIST_ITEMS, description="График встреч: плановые даты"
    )
    cadence_days: int | None = Field(
        default=None,
        ge=1,
        le=92,
        description="Периодичность встреч, дней (нет у ситуационного наставничества)",
    )
    format: MeetingFormat
    starts_on: bounds.EraDate
    ends_on: bounds.EraDate


class PlanFulfilledBody(BaseModel):
    comment: str = Field(default="", max_length=2000)


class MeetingBody(BaseModel):
    kind: MeetingKind
    held_on: bounds.EraDate
    format: MeetingFormat
    duration_minutes: int = Field(default=45, ge=5, le=600)


class ReflectionBody(BaseModel):
    kind: ReflectionKind
    text: str = Field(min_length=1, max_length=20000)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ParticipantCorrection(BaseModel):
    """A correction of a participant's card: the fields given replace the stored ones (audited)."""

    kind: ParticipantKind | None = None
    full_name: str | None = Field(default=None, min_length=1, max_length=300)
    birth_date: Annotated[date, AfterValidator(bounds.rule(bounds.birth_date))] | None = None
    grade: int | None = Field(default=None, ge=1, le=11)
    grade_year: str | None = Field(
        default=None,
        pattern=r"^\d{4}/\d{2}$",
        description="Учебный год, к которому относится класс (по умолчанию текущий); класс растёт 1 сентября",
    )
    years_of_experience: float | None = Field(default=None, ge=0, le=70)
    new_hire: bool | None = None
    stated_difficulty: bool | None = None
