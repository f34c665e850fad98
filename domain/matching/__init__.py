"""Matching mentees with mentors (формирование пар, 001 §4.3, 004 stage 5 and roadmap 16–19).

Pure and deterministic, run by an activity. Modules:

- `model` — input and output models (pydantic, so they pass through Temporal);
- `rules` — the hard rules of the forms, each a named function giving a reason in Russian;
- `scoring` — the fit score of a pair in 0..100 points;
- `market` — the bases indexed for matching: pools of mentors passing the rules, coverage classes;
- `preferences` — how incomplete questionnaires are completed into rankings (stable mode);
- `stable` — deferred acceptance with capacities; `optimal` — the largest total fit, a min-cost flow
  solved by OR-Tools;
- `explain` — reasons a curator reads; `propose` — runs a mode and builds the proposal;
- `stability` — blocking pairs of a proposal, for tests and the benchmark.
"""

from domain.matching.model import (
    MatchingInput,
    MatchingMode,
    MenteeEntry,
    MenteeRequest,
    MentorEntry,
    Proposal,
    ProposedPair,
    UnmatchedCode,
    UnmatchedMentee,
)
from domain.matching.propose import propose_pairs
from domain.matching.rules import HARD_RULES, HardRule, broken_rules, ensure_pair_allowed, first_broken_rule
from domain.matching.stability import blocking_pairs

__all__ = [
    "HARD_RULES",
    "HardRule",
    "MatchingInput",
    "MatchingMode",
    "MenteeEntry",
    "MenteeRequest",
    "MentorEntry",
    "Proposal",
    "ProposedPair",
    "UnmatchedCode",
    "UnmatchedMentee",
    "blocking_pairs",
    "broken_rules",
    "ensure_pair_allowed",
    "first_broken_rule",
    "propose_pairs",
]
