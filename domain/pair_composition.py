"""Who may form a pair of a given form (000 §4, 004 §6.2): checked before a pair is created."""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.forms import MENTEE_KINDS, MENTOR_KINDS, SAME_ORGANISATION_FORMS, Form
from domain.participants import ParticipantFacts


def composition_valid(
    form: Form, mentors: list[ParticipantFacts], mentees: list[ParticipantFacts], organisation_id: str
) -> None:
    if not mentors:
        raise InvalidInput("pair_has_mentor", "В паре или группе нужен хотя бы один наставник.", "mentor_ids")
    if not mentees:
        raise InvalidInput(
            "pair_has_mentee", "В паре или группе нужен хотя бы один наставляемый.", "mentee_ids"
        )
    mentor_ids = {m.participant_id for m in mentors}
    both = sorted(mentor_ids & {m.participant_id for m in mentees})
    if both:
        raise InvalidInput(
            "not_both_sides",
            "Один человек не может быть в паре и наставником, и наставляемым: " + ", ".join(both) + ".",
            "mentee_ids",
        )
    for side, people, allowed, field in (
        ("наставником", mentors, MENTOR_KINDS[form], "mentor_ids"),
        ("наставляемым", mentees, MENTEE_KINDS[form], "mentee_ids"),
    ):
        for person in people:
            if person.kind not in allowed:
                raise InvalidInput(
                    "form_allows_participant",
                    f"В форме «{form.value}» участник {person.participant_id} ({person.kind.value}) "
                    f"не может быть {side}.",
                    field,
                )
            if form in SAME_ORGANISATION_FORMS and person.organisation_id != organisation_id:
                raise InvalidInput(
                    "same_organisation",
                    f"В форме «{form.value}» участники — из одной организации; "
                    f"{person.participant_id} из другой.",
                    field,
                )
