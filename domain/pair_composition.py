"""Who may form a pair of a given form (000 §4, 004 §6.2): checked before a pair is created.

The rules between a mentor and a mentee are matching's hard rules (domain.matching.rules), written once:
a pair the curator forms by hand passes the same rules as a proposed one.
"""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.forms import Form
from domain.matching.model import MenteeEntry, MentorEntry
from domain.matching.rules import RuleScope, first_broken_rule
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
    for mentee in mentees:
        entry = MenteeEntry(facts=mentee, form=form)
        for mentor in mentors:
            broken = first_broken_rule(entry, MentorEntry(facts=mentor))
            if broken is not None:
                rule, reason = broken
                field = "mentee_ids" if rule.scope is RuleScope.MENTEE else "mentor_ids"
                raise InvalidInput(rule.code, reason, field)
