"""An indexed view of the mentee and mentor bases that both solvers share.

Matching a district (tens of thousands of people) cannot check every hard rule for every pair, so the
market uses the scopes of the rules (see `rules.py`):

- mentee rules are checked once per mentee, mentor rules once per mentor and form;
- pair rules are checked once per *mentee profile* — the facts pair rules read: the form, the kind, the
  organisation where the form is bound to one, the grade where a pupil may mentor a pupil — against the
  mentors that passed the mentor rules. The result is a `Pool`, shared by all mentees of the profile;
- identity rules (self, excluded partners) are applied when a mentee walks its pool.

The rules stay the only judges: the index merely skips mentors of other schools for organisation-bound
forms, which `same_organisation_where_form_requires` would reject anyway (tests compare pools with a
brute-force check of every rule).

Within a pool mentors are grouped by their competences (`Pool.groups`); for a given mentee every mentor
of a group has the same coverage, so a mentee sees its pool as a few *coverage classes*, best first.
Everything is indexed by position in the bases sorted by id, which makes the result independent of the
order the bases came in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from domain.errors import InvalidInput
from domain.forms import Form
from domain.matching.model import MatchingInput, MatchingMode, MenteeEntry, MentorEntry
from domain.matching.rules import (
    HardRule,
    RuleScope,
    organisation_bound,
    pupil_grade_matters,
    rules_of,
)
from domain.matching.scoring import coverage_points, normalise_tag, preference_points

# Spreads mentees over mentors they rank equally (Knuth's multiplicative hash): without it every
# mentee would look at the same few mentors of a large class first.
_ROTATION_MULTIPLIER = 2654435761
# Equally competent mentors are kept in groups of at most this many: stable mode passes over a group
# whose every mentor would say no, and a group's bar is only as high as its weakest member's.
GROUP_SIZE = 32


@dataclass(frozen=True)
class CoverageClass:
    """Mentors of a pool who cover a mentee's requests equally well, in groups of equal competences."""

    points: int
    groups: tuple[tuple[int, ...], ...]
    group_ids: tuple[int, ...]  # numbers of the groups, unique in the market, for per-group bookkeeping
    size: int


@dataclass
class Pool:
    """Mentors who pass every mentee, mentor and pair rule for the mentees of one profile."""

    members: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    group_masks: tuple[int, ...]
    # How many mentors each rule turned away (the first rule broken), over the whole mentor base.
    blocked_by: dict[str, int]
    number: int  # its place in `Market.pools`
    first_group_id: int  # its groups are numbered from here on, across the market
    member_set: frozenset[int] = field(init=False)
    _split: dict[int, dict[int, list[int]]] = field(default_factory=dict, init=False)
    _classes: dict[tuple[tuple[int, int], ...], list[CoverageClass]] = field(default_factory=dict, init=False)
    _layouts: dict[
        tuple[int, tuple[tuple[int, ...], ...]],
        list[tuple[tuple[tuple[int, ...], ...], tuple[int, ...], int]],
    ] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.member_set = frozenset(self.members)

    def projections(self, request_mask: int) -> dict[int, list[int]]:
        """The pool's groups (by index) split by which of the requested tags they have; shared by every
        weighting of the same requests."""
        split = self._split.get(request_mask)
        if split is None:
            split = {}
            for index, mask in enumerate(self.group_masks):
                split.setdefault(mask & request_mask, []).append(index)
            self._split[request_mask] = split
        return split

    def classes(self, requests: tuple[tuple[int, int], ...], request_mask: int) -> list[CoverageClass]:
        """Coverage classes for requests given as (tag bit, weight), best coverage first."""
        known = self._classes.get(requests)
        if known is not None:
            return known
        split = self.projections(request_mask)
        total = sum(weight for _, weight in requests)
        by_points: dict[int, list[int]] = {}
        for covered_tags in split:
            covered = sum(weight for bit, weight in requests if covered_tags & bit)
            by_points.setdefault(coverage_points(covered, total), []).append(covered_tags)
        levels = sorted(by_points, reverse=True)
        # Weightings that rank the subsets of tags alike share the groups of their classes.
        shape = (request_mask, tuple(tuple(sorted(by_points[points])) for points in levels))
        layout = self._layouts.get(shape)
        if layout is None:
            layout = []
            # Built in C (chain, map) rather than by generators: a district's mentees with different
            # weightings ask for thousands of layouts of hundreds of groups each.
            for subsets in shape[1]:
                indices = sorted(chain.from_iterable(map(split.__getitem__, subsets)))
                groups = tuple(map(self.groups.__getitem__, indices))
                ids = tuple(map(self.first_group_id.__add__, indices))
                layout.append((groups, ids, sum(map(len, groups))))
            self._layouts[shape] = layout
        classes = [
            CoverageClass(points, groups, ids, size)
            for points, (groups, ids, size) in zip(levels, layout, strict=True)
        ]
        self._classes[requests] = classes
        return classes


@dataclass(frozen=True)
class RequestedTag:
    bit: int
    weight: int
    label: str  # as the mentee wrote it


def segments(coverage_class: CoverageClass, start: int) -> Iterator[tuple[tuple[int, ...], int, int]]:
    """The members of a class from position `start` of their concatenation, wrapping around, as
    (group, from, to) slices, so that a caller can pass over a whole group at once."""
    groups = coverage_class.groups
    index = 0
    while start >= len(groups[index]):
        start -= len(groups[index])
        index += 1
    first = groups[index]
    yield first, start, len(first)
    for group in groups[index + 1 :]:
        yield group, 0, len(group)
    for group in groups[:index]:
        yield group, 0, len(group)
    if start:
        yield first, 0, start


def _ranks(ids: list[str], known: dict[str, int]) -> dict[int, int]:
    """Positions (1 = first) of the known ids in a questionnaire, repeats ignored; unknown ids (people
    no longer in the base) keep their place so that «вторым» means what the person wrote."""
    ranks: dict[int, int] = {}
    seen: set[str] = set()
    for named in ids:
        if named in seen:
            continue
        seen.add(named)
        index = known.get(named)
        if index is not None:
            ranks[index] = len(seen)
    return ranks


def _unique_ids(ids: list[str], base: str) -> None:
    repeated = sorted(identifier for identifier, count in Counter(ids).items() if count > 1)
    if repeated:
        raise InvalidInput(
            f"unique_{base}",
            f"В базе {'наставляемых' if base == 'mentees' else 'наставников'} участники повторяются: "
            + ", ".join(repeated[:10])
            + ".",
            field=base,
            details={"repeated": repeated},
        )


class Market:
    def __init__(self, data: MatchingInput) -> None:
        _unique_ids([entry.mentee_id for entry in data.mentees], "mentees")
        _unique_ids([entry.mentor_id for entry in data.mentors], "mentors")
        self.mentees: list[MenteeEntry] = sorted(data.mentees, key=lambda entry: entry.mentee_id)
        self.mentors: list[MentorEntry] = sorted(data.mentors, key=lambda entry: entry.mentor_id)
        self.mentee_index = {entry.mentee_id: i for i, entry in enumerate(self.mentees)}
        self.mentor_index = {entry.mentor_id: j for j, entry in enumerate(self.mentors)}
        self.need = [entry.mentors_needed for entry in self.mentees]
        self.capacity = [entry.capacity for entry in self.mentors]
        self.returning = [entry.returning for entry in self.mentees]
        self._index_requests()
        self._index_questionnaires()
        nobody: frozenset[int] = frozenset()
        self.excluded: list[frozenset[int]] = [
            frozenset(self.mentor_index[e] for e in entry.excluded_mentor_ids if e in self.mentor_index)
            if entry.excluded_mentor_ids
            else nobody
            for entry in self.mentees
        ]
        self.self_as_mentor = [self.mentor_index.get(entry.mentee_id, -1) for entry in self.mentees]
        self.mode = data.mode or (MatchingMode.STABLE if self.has_questionnaires else MatchingMode.OPTIMAL)
        self._build_pools()

    # Indexing

    def _index_requests(self) -> None:
        normal: dict[str, str] = {}  # tags repeat across thousands of entries: normalise each once

        def normalised(tag: str) -> str:
            known = normal.get(tag)
            if known is None:
                known = normal[tag] = normalise_tag(tag)
            return known

        # Only requested tags matter: a competence nobody asked for earns no points.
        tags = sorted({normalised(r.tag) for entry in self.mentees for r in entry.requests})
        bit_of = {tag: 1 << position for position, tag in enumerate(tags)}
        self.requested: list[tuple[RequestedTag, ...]] = []
        self.request_key: list[tuple[tuple[int, int], ...]] = []
        self.request_mask: list[int] = []
        self.request_weight: list[int] = []
        for entry in self.mentees:
            merged: dict[int, RequestedTag] = {}
            for request in entry.requests:
                bit = bit_of[normalised(request.tag)]
                earlier = merged.get(bit)
                # A tag asked twice counts once, with the larger weight.
                if earlier is None or request.weight > earlier.weight:
                    label = earlier.label if earlier else request.tag.strip()
                    merged[bit] = RequestedTag(bit, request.weight, label)
            ordered = tuple(merged[bit] for bit in sorted(merged))
            self.requested.append(ordered)
            self.request_key.append(tuple((tag.bit, tag.weight) for tag in ordered))
            self.request_mask.append(sum(merged))
            self.request_weight.append(sum(tag.weight for tag in ordered))
        self.competence_mask = [
            sum({bit_of[t] for t in map(normalised, entry.competences) if t in bit_of})
            for entry in self.mentors
        ]

    def _index_questionnaires(self) -> None:
        self.mentee_rank = [_ranks(e.preferred_mentor_ids, self.mentor_index) for e in self.mentees]
        self.mentor_rank = [_ranks(e.preferred_mentee_ids, self.mentee_index) for e in self.mentors]
        named_by: list[list[int]] = [[] for _ in self.mentees]
        for j, ranks in enumerate(self.mentor_rank):
            for i in ranks:
                named_by[i].append(j)
        # Mentors a mentee named or who named the mentee: their score carries preference points,
        # so the solvers look at them one by one rather than through coverage classes.
        self.named: list[frozenset[int]] = [
            frozenset(self.mentee_rank[i]) | frozenset(named_by[i]) for i in range(len(self.mentees))
        ]
        self.has_questionnaires = any(self.mentee_rank) or any(self.mentor_rank)

    def _build_pools(self) -> None:
        n_mentors = len(self.mentors)
        mentee_rules = rules_of(RuleScope.MENTEE)
        self.blocked: list[tuple[HardRule, str] | None] = []
        for entry in self.mentees:
            self.blocked.append(
                next(((r, why) for r in mentee_rules if (why := r.check_mentee(entry)) is not None), None)
            )
        eligible: dict[Form, list[int]] = {}
        by_organisation: dict[Form, dict[str, list[int]]] = {}
        mentor_counts: dict[Form, Counter[str]] = {}
        mentor_rules = rules_of(RuleScope.MENTOR)
        for form in sorted({entry.form for entry in self.mentees}):
            passed, counts, schools = [], Counter[str](), dict[str, list[int]]()
            for j, mentor in enumerate(self.mentors):
                broken = next((r for r in mentor_rules if r.check_mentor(mentor, form) is not None), None)
                if broken is None:
                    passed.append(j)
                    schools.setdefault(mentor.facts.organisation_id, []).append(j)
                else:
                    counts[broken.code] += 1
            eligible[form], mentor_counts[form], by_organisation[form] = passed, counts, schools
        pair_rules = rules_of(RuleScope.PAIR)
        same_organisation = "same_organisation_where_form_requires"
        pools: dict[tuple[object, ...], Pool] = {}
        self.pool: list[Pool | None] = []
        self.group_count = 0
        for entry, blocked in zip(self.mentees, self.blocked, strict=True):
            if blocked is not None:
                self.pool.append(None)
                continue
            form, facts = entry.form, entry.facts
            bound = organisation_bound(form)
            profile = (
                form,
                facts.kind,
                facts.organisation_id if bound else None,
                facts.grade if pupil_grade_matters(form, entry) else None,
            )
            pool = pools.get(profile)
            if pool is None:
                counts = Counter(mentor_counts[form])
                candidates = eligible[form]
                if bound:
                    candidates = by_organisation[form].get(facts.organisation_id, [])
                    if len(candidates) < len(eligible[form]):
                        counts[same_organisation] += len(eligible[form]) - len(candidates)
                members = []
                for j in candidates:
                    broken = next(
                        (r for r in pair_rules if r.check(entry, self.mentors[j]) is not None), None
                    )
                    if broken is None:
                        members.append(j)
                    else:
                        counts[broken.code] += 1
                pool = self._pool(members, dict(counts), len(pools))
                pools[profile] = pool
            self.pool.append(pool)
        self.pools: list[Pool] = list(pools.values())
        assert all(sum(p.blocked_by.values()) + len(p.members) == n_mentors for p in pools.values())

    def _pool(self, members: list[int], blocked_by: dict[str, int], number: int) -> Pool:
        by_mask: dict[int, list[int]] = {}
        for j in members:
            by_mask.setdefault(self.competence_mask[j], []).append(j)
        groups, masks = [], []
        for mask, group in by_mask.items():  # in order of each group's first member
            # Small groups: the solvers pass over or take in a group at once.
            for start in range(0, len(group), GROUP_SIZE):
                groups.append(tuple(group[start : start + GROUP_SIZE]))
                masks.append(mask)
        pool = Pool(tuple(members), tuple(groups), tuple(masks), blocked_by, number, self.group_count)
        self.group_count += len(groups)
        return pool

    # Questions the solvers and explanations ask

    @property
    def n_mentees(self) -> int:
        return len(self.mentees)

    @property
    def n_mentors(self) -> int:
        return len(self.mentors)

    def acceptable(self, i: int, j: int) -> bool:
        """Whether mentor j passes every hard rule with mentee i."""
        pool = self.pool[i]
        return (
            pool is not None
            and j in pool.member_set
            and j not in self.excluded[i]
            and j != self.self_as_mentor[i]
        )

    def covered_weight(self, i: int, j: int) -> int:
        mask = self.competence_mask[j]
        return sum(weight for bit, weight in self.request_key[i] if mask & bit)

    def coverage(self, i: int, j: int) -> int:
        return coverage_points(self.covered_weight(i, j), self.request_weight[i])

    @staticmethod
    def coverage_points(covered_weight: int, total_weight: int) -> int:
        return coverage_points(covered_weight, total_weight)

    def score(self, i: int, j: int) -> int:
        return (
            self.coverage(i, j)
            + preference_points(self.mentee_rank[i].get(j))
            + preference_points(self.mentor_rank[j].get(i))
        )

    def classes(self, i: int) -> list[CoverageClass]:
        pool = self.pool[i]
        if pool is None:
            return []
        return pool.classes(self.request_key[i], self.request_mask[i])

    def named_acceptable(self, i: int) -> list[int]:
        """Mentors the mentee named or who named the mentee, who pass the hard rules, by mentor index."""
        return sorted(j for j in self.named[i] if self.acceptable(i, j))

    def walk(self, i: int) -> Iterator[tuple[int, int]]:
        """(coverage points, mentor) over the acceptable mentors outside `named[i]`, best coverage
        first; within a class from a place that depends on the mentee, so that mentees who rank a
        class equally spread over it."""
        skip = self.avoid(i)
        for coverage_class in self.classes(i):
            points = coverage_class.points
            for group, start, stop in segments(coverage_class, self.rotation(i, coverage_class)):
                for j in group[start:stop]:
                    if j not in skip:
                        yield points, j

    def rotation(self, i: int, coverage_class: CoverageClass) -> int:
        return (i * _ROTATION_MULTIPLIER) % coverage_class.size

    def avoid(self, i: int) -> frozenset[int]:
        """Mentors a walk over the coverage classes passes by: named on either side (their score carries
        preference points, so they are looked at one by one), excluded, and the mentee itself."""
        return self.named[i] | self.excluded[i] | {self.self_as_mentor[i]}

    def compatible_count(self, i: int) -> int:
        pool = self.pool[i]
        if pool is None:
            return 0
        passed_over = (self.excluded[i] | {self.self_as_mentor[i]}) & pool.member_set
        return len(pool.members) - len(passed_over)

    def blocked_by(self, i: int) -> dict[str, int]:
        """How many mentors each rule turned away from mentee i (the first rule each mentor breaks)."""
        blocked = self.blocked[i]
        if blocked is not None:
            return {blocked[0].code: self.n_mentors}
        pool = self.pool[i]
        assert pool is not None
        counts = dict(pool.blocked_by)
        if self.self_as_mentor[i] in pool.member_set:
            counts["mentor_is_not_the_mentee"] = 1
        excluded = len((self.excluded[i] & pool.member_set) - {self.self_as_mentor[i]})
        if excluded:
            counts["partner_not_excluded"] = excluded
        return counts
