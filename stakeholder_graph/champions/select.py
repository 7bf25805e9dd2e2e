"""Choose a champion *set* that together reaches the organisation, then match members to it.

Greedy maximum coverage (Borgatti's KPP-Pos): a champion covers themself and everyone
who goes to them within ``steps`` nominations (the transpose of the layer: their word
reaches those who ask them). Each pick adds the candidate with the most people not yet
covered; greedy coverage is within (1 - 1/e) of the best possible set. Constraints:

* **budget**: ``k`` champions, or ``share`` of headcount (default 3 percent);
* **quotas**: at least N champions per department, site or any people column, chosen
  first (each time the best candidate among groups still short of their quota);
* **load cap**: a champion counts for at most ``max_members_per_champion`` new people,
  and matching never gives them more;
* **managers**: ``"include"``, ``"exclude"`` (never chosen) or ``"penalise"`` (their
  gain counts ``manager_penalty`` times; informal influence is the point).

Then every person is matched to one champion who reaches them (Valente and Davis 1999):
people with the fewest options first, a direct tie before a two-step one, then the
least-loaded champion, never beyond the cap.
"""

from __future__ import annotations

import heapq
import math
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._groups import count_share_by_group
from ..exceptions import InvalidParameterError
from ..metrics.centrality import reach_matrix
from ..metrics.table import compute_metrics
from ..network.orgnetwork import OrgNetwork
from .score import champion_scores, explain

__all__ = ["ChampionSet", "Cover", "greedy_cover", "select_champions", "match_members", "coverage_by_group"]

MANAGER_OPTIONS = ("include", "exclude", "penalise")
METHODS = ("coverage", "influence")
#: Coverage shares for which the report says how many champions the same greedy needs.
TARGETS = (0.8, 0.9)
#: With ``prefer-believer``: weight of the new people a neutral or unknown-stance candidate
#: reaches outside the gap (the gap: colleagues a believers-only shortlist of the same size
#: leaves unreached). 0: such candidates are picked only for people no affordable believer
#: covers, and flagged "ask before recruiting".
SECOND_TIER_WEIGHT = 0.0


@dataclass
class ChampionSet:
    """A chosen champion set and what it reaches.

    Attributes
    ----------
    champions : pandas.DataFrame
        One row per champion in the order chosen: ``rank, id, name, department, title,
        is_manager, score`` and its ``score_*`` components, ``new_reach`` (people newly
        covered by this pick), ``coverage`` (cumulative share of the organisation covered)
        and ``reasons`` (one sentence).
    assignment : pandas.DataFrame
        One row per person: ``id, assigned_champion`` (empty if no champion reaches them
        within the cap) and ``steps`` (0 for champions, 1 or 2).
    coverage : float
        Share of the organisation covered by the set.
    coverage_by_department : pandas.DataFrame
        Headcount, covered and coverage per department (small groups merged).
    unmet_quotas : list of str
        Quotas that could not be met (a group with no eligible candidate).
    summary : dict
        Method and stance policy, coverage, what the policy cost in coverage against the
        stance-blind shortlist of the same size, sceptics it would have held, people to ask
        before recruiting, and champions needed for 80 and 90 percent coverage.
    stance_blind : list of str or None
        Ids of the stance-blind shortlist (None when stance is ignored or absent).
    parameters : dict
        The options used.
    """

    champions: pd.DataFrame
    assignment: pd.DataFrame
    coverage: float
    coverage_by_department: pd.DataFrame
    unmet_quotas: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    stance_blind: list[str] | None = None
    parameters: dict = field(default_factory=dict)
    #: What :meth:`settle` still has to fill in (results of second processes), if anything.
    _unsettled: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def settle(self) -> ChampionSet:
        """Wait for what second processes still compute (the stance-blind comparison and the
        count of champions for 80% and 90% coverage) and fill it in; then return the set.

        Only needed after ``select_champions(..., settle=False)``; harmless otherwise.
        """
        if self._unsettled is not None:
            finish, self._unsettled = self._unsettled, None
            finish()
        return self

    def __repr__(self) -> str:
        return (f"ChampionSet({len(self.champions)} champions covering {self.coverage:.0%} "
                f"of {len(self.assignment)} people)")


def _budget(n: int, k: int | None, share: float | None) -> int:
    if k is not None and share is not None:
        raise InvalidParameterError("k", "given alone (not together with share)", k)
    if k is not None:
        if not isinstance(k, (int, np.integer)) or k < 1:
            raise InvalidParameterError("k", "an integer >= 1", k)
        return int(min(k, n))
    share = 0.03 if share is None else share
    if not 0 < share <= 1:
        raise InvalidParameterError("share", "a number in (0, 1]", share)
    return max(1, math.ceil(share * n))


def _quota_groups(people: pd.DataFrame, quotas: dict | None) -> list[tuple[str, np.ndarray, int]]:
    """(label, member mask, minimum) per quota group."""
    groups: list[tuple[str, np.ndarray, int]] = []
    for column, rule in (quotas or {}).items():
        if column not in people:
            raise InvalidParameterError("quotas", "keys that are people columns such as "
                                        "'department' or 'location'", column)
        values = people[column].astype(str)
        if isinstance(rule, dict):
            targets = {str(v): m for v, m in rule.items()}
            unknown = sorted(set(targets) - set(values))
            if unknown:
                raise InvalidParameterError("quotas", f"{column} values present in the organisation", unknown)
        else:
            targets = {v: rule for v in sorted(values.unique())}
        for value, minimum in targets.items():
            if not isinstance(minimum, (int, np.integer)) or minimum < 0:
                raise InvalidParameterError("quotas", "minimum counts that are integers >= 0", minimum)
            if minimum:
                groups.append((f"{column}={value}", (values == value).to_numpy(), int(minimum)))
    return groups


@dataclass
class Cover:
    """One greedy cover: the picks, in order, and whom each pick covers.

    Every coverage figure (pick by pick, final, per department, the programme sizing) and
    the member matching derive from this one object, so they cannot disagree.

    Attributes
    ----------
    picks : list of int
        Chosen people (node positions), in order.
    new_reach : list of int
        People newly covered by each pick (the pick included when not covered before).
    champion_of : numpy.ndarray
        Per person, the position of the champion covering them (-1: not covered).
    steps : numpy.ndarray
        Per person, 0 (a champion), 1 (goes to their champion directly) or 2.
    unmet_quotas : list of str
    needed : dict
        Coverage target (0.8, 0.9) -> picks the same greedy needs to reach it, or None
        when the eligible people cannot reach it (only with ``targets``).
    """

    picks: list[int]
    new_reach: list[int]
    champion_of: np.ndarray
    steps: np.ndarray
    unmet_quotas: list[str] = field(default_factory=list)
    needed: dict = field(default_factory=dict)
    #: The sizing still being counted in a second process (``greedy_cover(background_sizing=True)``).
    pending_needed: object = field(default=None, repr=False)

    def sizing(self) -> dict:
        """``needed``, once the second process (if any) has counted it."""
        if self.pending_needed is not None:
            self.needed, self.pending_needed = self.pending_needed.result(), None
        return self.needed

    @property
    def covered(self) -> np.ndarray:
        return self.champion_of >= 0


def greedy_cover(R: sp.csr_matrix, R1: sp.csr_matrix, budget: int, *, eligible: np.ndarray,
                 tier: np.ndarray | None = None, factor: np.ndarray | None = None,
                 score: np.ndarray | None = None, tiebreak: np.ndarray | None = None,
                 cap: int | None = None, groups: list | None = None, order: list[int] | None = None,
                 targets: tuple[float, ...] = (), second_weight: float = SECOND_TIER_WEIGHT,
                 gap: np.ndarray | None = None, background_sizing: bool = False,
                 reached_by: sp.csr_matrix | None = None) -> Cover:
    """Greedy maximum coverage under a load cap, quotas and stance tiers; returns the cover.

    Parameters
    ----------
    R, R1 : scipy.sparse.csr_matrix
        Row c: the people c reaches within the allowed steps (``R``, the diagonal
        included) and directly (``R1``).
    budget : int
        Number of picks.
    eligible : numpy.ndarray of bool
        Who may be picked.
    tier : numpy.ndarray, optional
        0 first choice; 1 second choice: of a tier-1 candidate's new people, those in
        ``gap`` count in full, the others at ``second_weight``.
    second_weight : float, default=0.0
    gap : numpy.ndarray of bool, optional
        The people whom tier-1 candidates count in full (default: those no eligible tier-0
        candidate reaches).
    factor : numpy.ndarray, optional
        Multiplier on a candidate's gain (manager penalty).
    score, tiebreak : numpy.ndarray, optional
        Equal gains: tier, then higher score, then the lower tiebreak value.
    cap : int, optional
        Most members (besides themself) one pick covers.
    groups : list of (label, mask, minimum), optional
        Quotas, filled first.
    order : list of int, optional
        Fixed picks (e.g. from influence maximisation): only the cover is computed.
    targets : tuple of float
        Keep picking past the budget (greedily, no quotas left) to record how many picks
        reach these coverage shares.
    background_sizing : bool, default=False
        Count the picks past the budget in a second process (Linux), so the cover returns
        at the budget; ``Cover.sizing()`` waits for the count.
    reached_by : scipy.sparse.csr_matrix, optional
        ``R`` transposed (row p: who reaches p), when several covers share one ``R``.

    Returns
    -------
    Cover

    Examples
    --------
    >>> R = sp.csr_matrix(np.array([[1, 1, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1]]))
    >>> cover = greedy_cover(R, R, 2, eligible=np.ones(4, bool), targets=(0.8,))
    >>> cover.picks, cover.new_reach, cover.champion_of.tolist(), cover.needed
    ([0, 3], [3, 1], [0, 0, 0, 3], {0.8: 2})
    """
    n = R.shape[0]
    tier = np.zeros(n, dtype=np.int64) if tier is None else np.asarray(tier)
    factor = np.ones(n) if factor is None else np.asarray(factor, dtype=float)
    score = np.zeros(n) if score is None else np.asarray(score, dtype=float)
    tiebreak = np.arange(n) if tiebreak is None else np.asarray(tiebreak)
    champion_of = np.full(n, -1, dtype=np.int64)
    steps = np.zeros(n, dtype=np.int64)
    is_chosen = np.zeros(n, dtype=bool)
    if gap is None:  # people no eligible first-choice candidate reaches
        gap = np.ones(n, dtype=bool)
        first = eligible & (tier == 0)
        if (tier == 1).any() and first.any():
            gap[R[first].indices] = False
    picks: list[int] = []
    new_reach: list[int] = []
    snapshot: dict = {}
    needed: dict = {t: None for t in targets}
    covered_count = 0

    indptr, indices = R.indptr.tolist(), R.indices
    marker = np.zeros(n, dtype=bool)
    tier_of, factor_of = tier.tolist(), factor.tolist()
    # Every candidate's count of uncovered people it reaches (and of those in the gap), kept
    # up to date pick by pick: a pick lowers the counts of whoever reaches its new people
    # (R's columns). A gain is then two array reads, not a pass over the candidate's reach:
    # the lazy greedy evaluates hundreds of thousands of gains at 100,000 people.
    tracking = order is None
    tracking_gap = tracking and bool((tier == 1).any())  # only second-choice gains count the gap
    uncovered_count = uncovered_in_gap = None
    if tracking:
        reached_by = R.T.tocsr() if reached_by is None else reached_by
        uncovered_count = np.diff(R.indptr).astype(np.int64)  # nobody is covered yet
        uncovered_in_gap = np.bincount(np.repeat(np.arange(n), np.diff(R.indptr)),
                                       weights=gap[R.indices], minlength=n).astype(np.int64) \
            if tracking_gap else uncovered_count

    def new_people(c: int) -> np.ndarray:
        members = indices[indptr[c]:indptr[c + 1]]
        return members[champion_of[members] < 0]

    def gain(c: int) -> float:
        count = int(uncovered_count[c])
        if not count:
            return 0.0
        weighted = float(count)
        if tier_of[c] == 1:
            in_gap = int(uncovered_in_gap[c])
            weighted = in_gap + second_weight * (count - in_gap)
        if cap is not None:
            limit = cap + int(champion_of[c] < 0)  # the champion themself plus cap members
            weighted *= min(count, limit) / count
        return weighted * factor_of[c]

    def take(c: int) -> None:
        nonlocal covered_count
        c = int(c)
        fresh = new_people(c)
        direct = R1.indices[R1.indptr[c]:R1.indptr[c + 1]]
        marker[direct] = True  # a scratch mask: np.isin per pick cost more than the rest of take()
        is_direct = marker[fresh]
        marker[direct] = False
        if cap is not None:
            # Direct ties first, so a capped champion covers those who come to them.
            keep = np.lexsort((fresh, ~is_direct, fresh != c))[: cap + int(champion_of[c] < 0)]
            fresh, is_direct = fresh[keep], is_direct[keep]
        champion_of[fresh] = c
        steps[fresh] = np.where(is_direct, 1, 2)
        if tracking:
            reachers, lengths = _row_members(reached_by, fresh)
            np.subtract.at(uncovered_count, reachers, 1)
            if tracking_gap:
                np.subtract.at(uncovered_in_gap, reachers[np.repeat(gap[fresh], lengths)], 1)
        champion_of[c] = c  # a champion covered earlier now stands for themself
        steps[c] = 0
        picks.append(c)
        is_chosen[c] = True
        new_reach.append(len(fresh))
        covered_count += len(fresh)
        for t in needed:
            if needed[t] is None and covered_count >= t * n - 1e-9:
                needed[t] = len(picks)
        if len(picks) == budget:
            snapshot.update(champion_of=champion_of.copy(), steps=steps.copy())

    # Equal gains: tier, then higher score, then the lower tiebreak, folded into one rank
    # (tiebreak is unique). A heap entry is one integer, smaller first: the gain's bit pattern
    # (which grows with a non-negative float) turned round, then the rank. The heap sifts
    # plain integers about three times faster than (-gain, rank) tuples, at the same order.
    by_rank = np.lexsort((tiebreak, -score, tier))
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[by_rank] = np.arange(n)
    rank_list, who = rank_of.tolist(), by_rank.tolist()
    rank_bits = max(n, 1).bit_length()
    rank_mask = (1 << rank_bits) - 1
    float_bytes, bytes_bits = struct.Struct("<d").pack, struct.Struct("<q").unpack

    def key(c: int, g: float) -> int:
        return ((_HIGHEST_BITS - bytes_bits(float_bytes(g))[0]) << rank_bits) | rank_list[c]

    unmet: list[str] = []
    if order is not None:
        for c in order:
            take(int(c))
    else:
        groups = groups or []
        counts = [0] * len(groups)
        while True:
            short = [i for i, (_, mask, minimum) in enumerate(groups) if counts[i] < minimum]
            if not short:
                break
            pool = np.zeros(n, dtype=bool)
            for i in short:
                pool |= groups[i][1]
            pool &= eligible & ~is_chosen
            candidates = np.flatnonzero(pool)
            if len(candidates) == 0:
                for i in short:
                    unmet.append(f"{groups[i][0]}: {counts[i]} of {groups[i][2]} (no eligible candidate left)")
                    counts[i] = groups[i][2]
                continue
            best = min(candidates, key=lambda c: key(c, gain(c)))
            take(best)
            for i, (_, mask, _) in enumerate(groups):
                if mask[best]:
                    counts[i] += 1
        # Lazy greedy (CELF) for the rest of the budget; gains only shrink. The first gains of
        # every candidate at once (the same arithmetic as gain(), so the same floats).
        candidates = np.flatnonzero(eligible & ~is_chosen)
        gains = _all_gains(uncovered_count, uncovered_in_gap, champion_of, tier, second_weight, cap,
                           factor)[candidates]
        turned = (_HIGHEST_BITS - np.ascontiguousarray(gains, dtype=np.float64).view(np.int64)).tolist()
        heap = [(high << rank_bits) | rank for high, rank in zip(turned, rank_of[candidates].tolist())]
        heapq.heapify(heap)
        pop, push = heapq.heappop, heapq.heappush

        def lazy_greedy(stop_at_budget: bool) -> dict:
            while heap:
                past_budget = len(picks) >= budget
                if past_budget and (stop_at_budget or all(v is not None for v in needed.values())):
                    break
                c = who[pop(heap) & rank_mask]
                fresh_gain = gain(c)
                fresh_key = key(c, fresh_gain)
                if heap and fresh_key > heap[0]:
                    push(heap, fresh_key)
                    continue
                if past_budget and fresh_gain <= 0:
                    break  # nobody adds coverage any more: the targets are out of reach
                take(c)
            return needed

        if background_sizing and targets:
            # Past the budget the greedy only counts picks for the coverage targets: a second
            # process goes on from here while this one returns the shortlist (same counts).
            lazy_greedy(stop_at_budget=True)
            if any(v is None for v in needed.values()) and heap:
                from .._parallel import LATE_CHILD_NICENESS, Background

                pending = Background(lazy_greedy, False, enabled=True, niceness=LATE_CHILD_NICENESS)
                if pending.in_background:
                    return Cover(picks=picks, new_reach=new_reach, champion_of=champion_of, steps=steps,
                                 unmet_quotas=unmet, needed={}, pending_needed=pending)
        lazy_greedy(stop_at_budget=False)
    k = min(budget, len(picks))
    if len(picks) > k:
        champion_of, steps = snapshot["champion_of"], snapshot["steps"]
    return Cover(picks=picks[:k], new_reach=new_reach[:k], champion_of=champion_of, steps=steps,
                 unmet_quotas=unmet, needed=needed)


#: The bit pattern of the largest float: gains turned round into ascending heap keys.
_HIGHEST_BITS = int(np.array(np.finfo(np.float64).max).view(np.int64))


def _all_gains(count: np.ndarray, in_gap: np.ndarray, champion_of: np.ndarray, tier: np.ndarray,
               second_weight: float, cap: int | None, factor: np.ndarray) -> np.ndarray:
    """``greedy_cover``'s gain of every candidate at once (the same arithmetic, so the same
    floats), from the counts of uncovered people each reaches (in the gap: ``in_gap``)."""
    weighted = np.where((tier == 1) & (count > 0), in_gap + second_weight * (count - in_gap), count)
    if cap is not None:
        limit = cap + (champion_of < 0).astype(np.int64)
        share = np.minimum(count, limit) / np.maximum(count, 1)
        weighted = np.where(count > 0, weighted * share, weighted)
    return weighted * factor


def _row_members(M: sp.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The column indices of the given rows of ``M``, concatenated, and each row's length."""
    starts = M.indptr[rows]
    lengths = M.indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    return M.indices[np.repeat(starts - ends + lengths, lengths) + np.arange(ends[-1] if len(ends) else 0)], lengths


def select_champions(net: OrgNetwork, k: int | None = None, *, share: float | None = None,
                     quotas: dict | None = None, max_members_per_champion: int | None = None,
                     managers: str = "penalise", manager_penalty: float = 0.5,
                     relation: str = "help", steps: int = 2, metrics: pd.DataFrame | None = None,
                     exclude: list[str] | None = None, min_group_size: int = 5,
                     stance: pd.Series | np.ndarray | None = None, stance_policy: str = "prefer-believer",
                     method: str = "coverage", probability: str | float = "weighted-cascade",
                     epsilon: float = 0.5, seed: int | None = 0, settle: bool = True) -> ChampionSet:
    """Choose champions who together reach the organisation.

    Parameters
    ----------
    net : OrgNetwork
    k : int, optional
        Number of champions. Give ``k`` or ``share``; default ``share=0.03``.
    share : float, optional
        Budget as a share of headcount (rounded up).
    quotas : dict, optional
        Minimum champions per group: ``{"department": 1}`` (every department),
        ``{"location": 2}``, or ``{"department": {"Finance": 2}}`` (named groups).
    max_members_per_champion : int, optional
        Load cap: most people one champion is matched with.
    managers : {"include", "exclude", "penalise"}, default="penalise"
    manager_penalty : float, default=0.5
        Factor on a manager's gain with ``managers="penalise"``.
    relation : str, default="help"
    steps : {1, 2}, default=2
        Reach within 1 or 2 steps.
    metrics : pandas.DataFrame, optional
        Output of :func:`~stakeholder_graph.metrics.compute_metrics` (computed if absent,
        without betweenness, which the selection does not need).
    exclude : list of str, optional
        Ids that must not be chosen (people who left, declined, ...).
    min_group_size : int, default=5
        Departments smaller than this are merged in ``coverage_by_department``.
    stance : sequence of str, optional
        Stance per person in node order (believer, neutral, sceptic, unknown; see
        :mod:`~stakeholder_graph.champions.stance`). None: network position only.
    stance_policy : {"prefer-believer", "require-believer", "ignore"}, default="prefer-believer"
        Sceptics are never shortlisted unless ``"ignore"``; with ``"prefer-believer"``
        neutral and unknown people count only colleagues a believers-only shortlist of
        the same size would leave unreached (no believer the budget affords covers them),
        and are flagged "ask before recruiting".
    method : {"coverage", "influence"}, default="coverage"
        Greedy coverage of reach within ``steps``, or influence maximisation (IMM) under
        the independent cascade (:mod:`~stakeholder_graph.champions.influence_max`);
        coverage figures and matching come from the same cover either way.
    probability : "weighted-cascade" or float
        Edge probabilities of the cascade (``method="influence"``).
    epsilon : float, default=0.5
        IMM approximation slack (``method="influence"``).
    seed : int or None, default=0
        Breaks exact ties (same gain and score) at random, reproducibly; seeds IMM.
    settle : bool, default=True
        Wait for the stance-blind comparison and the 80%/90% sizing, which a large
        organisation computes in second processes. With ``False`` the set returns as soon as
        the shortlist and matching are done, so the caller can go on meanwhile; its
        ``summary`` and ``stance_blind`` are complete only after ``.settle()``.

    Returns
    -------
    ChampionSet

    Examples
    --------
    >>> net = build_network(OrgData.example())
    >>> chosen = select_champions(net, k=2, managers="include")
    >>> chosen.champions[["rank", "name", "new_reach", "coverage"]].values.tolist()
    [[1, 'Ana Diaz', 4, 0.8], [2, 'Ed Gray', 1, 1.0]]
    >>> chosen.assignment["assigned_champion"].tolist()
    ['1', '1', '1', '1', '5']

    Ana Diaz is the hub but a sceptic: never a champion. Bo Chen believes in the change;
    nobody knows about Ed Gray, whom no believer reaches:

    >>> stance = ["sceptic", "believer", "neutral", "unknown", "unknown"]
    >>> believers = select_champions(net, k=2, managers="include", stance=stance)
    >>> believers.champions[["name", "stance", "recruit"]].values.tolist()
    [['Bo Chen', 'believer', ''], ['Ed Gray', 'unknown', 'ask before recruiting']]
    """
    from .._parallel import LATE_CHILD_NICENESS, Background, parallel_enabled
    from .influence_max import cascade_probabilities, imm
    from .stance import stance_tiers

    n = net.n_people
    budget = _budget(n, k, share)
    if managers not in MANAGER_OPTIONS:
        raise InvalidParameterError("managers", f"one of {MANAGER_OPTIONS}", managers)
    if not 0 <= manager_penalty <= 1:
        raise InvalidParameterError("manager_penalty", "a number in [0, 1]", manager_penalty)
    if method not in METHODS:
        raise InvalidParameterError("method", f"one of {METHODS}", method)
    cap = max_members_per_champion
    if cap is not None and (not isinstance(cap, (int, np.integer)) or cap < 1):
        raise InvalidParameterError("max_members_per_champion", "an integer >= 1 or None", cap)
    if method == "influence" and quotas:
        raise InvalidParameterError("quotas", "none with method='influence' (use method='coverage' for quotas)",
                                    quotas)
    relation = net.resolve_relation(relation)
    stance_labels = None if stance is None else np.asarray(stance, dtype=object)
    tier = stance_tiers(stance_labels, n, stance_policy)
    if metrics is None:
        metrics = compute_metrics(net, relation, include_betweenness=False, seed=seed)
    scores = champion_scores(metrics)
    people = net.people
    is_manager = people["is_manager"].to_numpy(dtype=bool)

    base_eligible = np.ones(n, dtype=bool)
    if managers == "exclude":
        base_eligible &= ~is_manager
    if exclude:
        base_eligible &= ~np.asarray(net.ids.isin([str(x) for x in exclude]))
    eligible = base_eligible & (tier >= 0)
    factor = np.where(is_manager & (managers == "penalise"), manager_penalty, 1.0)

    groups = _quota_groups(people, quotas)
    if sum(m for _, _, m in groups) > budget:
        raise InvalidParameterError(
            "quotas", f"at most {budget} champions in total (the budget)",
            f"{sum(m for _, _, m in groups)} required by {quotas}")

    R = reach_matrix(net, relation, steps=steps)
    R = (R + sp.identity(n, format="csr", dtype=np.int8)).tocsr()  # a champion covers themself
    R1 = reach_matrix(net, relation, steps=1)
    # The stance-blind comparison and the count of picks for 80% and 90% coverage can run in
    # second processes (large organisations).
    parallel = parallel_enabled(n)
    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(n)  # exact ties in gain and score: seeded, not by position
    score_values = scores["score"].to_numpy()
    common = dict(factor=factor, score=score_values, tiebreak=tiebreak, cap=cap, groups=groups,
                  reached_by=R.T.tocsr())

    imm_result = None
    second = bool(((tier == 1) & eligible).any())
    believers = eligible & (tier == 0)
    P = cascade_probabilities(net, relation, probability) if method == "influence" else None

    def stance_blind() -> Cover:
        """What the policy cost: the stance-blind shortlist of the same size and method."""
        if method == "influence":
            blind_picks = imm(P, budget, epsilon=epsilon, tier=np.where(base_eligible, 0, -1), seed=seed).seeds
            return greedy_cover(R, R1, budget, eligible=base_eligible, order=blind_picks, **common)
        return greedy_cover(R, R1, budget, eligible=base_eligible, **common)

    # Independent of the shortlist: for a large organisation, chosen in a second process meanwhile.
    pending_blind = Background(stance_blind, enabled=parallel, niceness=LATE_CHILD_NICENESS) \
        if stance_labels is not None and stance_policy != "ignore" else None
    if method == "influence":
        reserved = None
        if second:
            # The believers the budget can afford: a believers-only shortlist of the same size.
            reserved = np.zeros(n, dtype=bool)
            reserved[imm(P, budget, epsilon=epsilon, tier=np.where(believers, 0, -1), seed=seed).seeds] = True
        imm_result = imm(P, budget, epsilon=epsilon, tier=np.where(eligible, tier, -1), seed=seed,
                         second_weight=SECOND_TIER_WEIGHT, reserved=reserved)
        gap = _affordable_gap(R, R1, budget, believers, common) if second else None
        cover = greedy_cover(R, R1, budget, eligible=eligible, tier=tier, order=imm_result.seeds, gap=gap,
                             second_weight=SECOND_TIER_WEIGHT, **common)
        sizing = greedy_cover(R, R1, budget, eligible=eligible, tier=tier, targets=TARGETS, gap=gap,
                              second_weight=SECOND_TIER_WEIGHT, background_sizing=parallel, **common)
    else:
        gap = _affordable_gap(R, R1, budget, believers, common) if second else None
        cover = greedy_cover(R, R1, budget, eligible=eligible, tier=tier, targets=TARGETS, gap=gap,
                             second_weight=SECOND_TIER_WEIGHT, background_sizing=parallel, **common)
        sizing = cover
    chosen = cover.picks
    covered = cover.covered

    assignment = _matching(net, cover, R, R1, cap)
    champions = people.iloc[chosen][["id", "name", "department", "title", "is_manager"]].reset_index(drop=True)
    champions.insert(0, "rank", np.arange(1, len(chosen) + 1))
    champions = pd.concat([champions, scores.iloc[chosen].reset_index(drop=True).round(1)], axis=1)
    from .credibility import nominations_by_line

    line = nominations_by_line(net, relation)
    champions["sought_out_by_reports"] = line["sought_out_by_reports"].to_numpy()[chosen]
    champions["sought_out_across_line"] = line["sought_out_across_line"].to_numpy()[chosen]
    if stance_labels is not None:
        champions["stance"] = stance_labels[chosen]
        champions["recruit"] = np.where(stance_labels[chosen] == "believer", "",
                                        np.where(stance_labels[chosen] == "sceptic", "sceptic: stance ignored",
                                                 "ask before recruiting"))
    champions["new_reach"] = cover.new_reach
    champions["coverage"] = (np.cumsum(cover.new_reach) / n).round(4) if n else []
    champions["reasons"] = explain(metrics, chosen, relation=relation, n_reports=people["n_reports"],
                                   by_reports=line["sought_out_by_reports"]).to_numpy()
    summary = {
        "method": method, "stance_policy": stance_policy if stance_labels is not None else "no stance data",
        "coverage": float(covered.mean()) if n else 0.0,
        # the stance-blind comparison and the sizing are filled in by settle() (second processes)
        "stance_blind_coverage": None, "coverage_cost": None, "sceptics_on_stance_blind_shortlist": None,
        "sceptics_shortlisted": None if stance_labels is None else int((stance_labels[chosen] == "sceptic").sum()),
        "ask_before_recruiting": None if stance_labels is None else
        int(np.isin(stance_labels[chosen], ["neutral", "unknown"]).sum()),
        "champions_for_80_percent": None, "champions_for_90_percent": None,
    }
    if imm_result is not None:
        summary.update(imm_rr_sets=imm_result.rr_sets, imm_epsilon=epsilon)
    result = ChampionSet(
        champions=champions, assignment=assignment, coverage=summary["coverage"],
        coverage_by_department=coverage_by_group(people, covered, "department", min_group_size=min_group_size),
        unmet_quotas=cover.unmet_quotas, summary=summary,
        parameters=dict(k=budget, share=share, quotas=quotas, max_members_per_champion=cap,
                        managers=managers, manager_penalty=manager_penalty, relation=relation,
                        steps=steps, method=method, stance_policy=stance_policy,
                        probability=probability if method == "influence" else None,
                        epsilon=epsilon if method == "influence" else None, seed=seed))

    def finish() -> None:
        if pending_blind is not None:
            blind = pending_blind.result()
            summary.update(stance_blind_coverage=float(blind.covered.mean()),
                           coverage_cost=round(float(blind.covered.mean() - covered.mean()), 4),
                           sceptics_on_stance_blind_shortlist=int((stance_labels[blind.picks] == "sceptic").sum()))
            result.stance_blind = people["id"].to_numpy()[blind.picks].tolist()
        counts = sizing.sizing()
        summary.update(champions_for_80_percent=counts.get(0.8), champions_for_90_percent=counts.get(0.9))

    result._unsettled = finish
    return result.settle() if settle else result


def _affordable_gap(R: sp.csr_matrix, R1: sp.csr_matrix, budget: int, believers: np.ndarray,
                    common: dict) -> np.ndarray:
    """People a believers-only shortlist of the same size leaves uncovered: the only people a
    neutral or unknown-stance candidate is picked for ("no believer covers the same people")."""
    alone = greedy_cover(R, R1, budget, eligible=believers, **dict(common, groups=None))
    return ~alone.covered


def _matching(net: OrgNetwork, cover: Cover, R: sp.csr_matrix, R1: sp.csr_matrix, cap: int | None) -> pd.DataFrame:
    """The member matching of a cover: balanced (Valente and Davis) when it places exactly the
    covered people, otherwise the cover's own assignment."""
    ids = net.ids.to_numpy()
    balanced = match_members(net, cover.picks, R, R1, cap=cap, members=cover.covered)
    if np.array_equal(balanced["assigned_champion"].ne("").to_numpy(), cover.covered):
        return balanced
    champion_of = cover.champion_of
    return pd.DataFrame({"id": ids, "assigned_champion": np.where(champion_of >= 0, ids[np.maximum(champion_of, 0)], ""),
                         "steps": cover.steps})


def match_members(net: OrgNetwork, champions: list[int], R: sp.csr_matrix, R1: sp.csr_matrix, *,
                  cap: int | None = None, members: np.ndarray | None = None) -> pd.DataFrame:
    """Match every person to one champion who reaches them (Valente and Davis 1999).

    People with the fewest reachable champions are placed first; each goes to a champion
    they go to directly if possible, otherwise within two steps, choosing the least-loaded
    one, and never beyond ``cap``. Champions are matched to themselves. ``members``
    (a boolean mask) limits who may be matched.

    Returns
    -------
    pandas.DataFrame
        ``id, assigned_champion, steps`` (``""`` and 0 when no champion can take them).
    """
    n = net.n_people
    ids = net.ids.to_numpy()
    assigned = np.full(n, -1, dtype=np.int64)
    steps = np.zeros(n, dtype=np.int64)
    champions = np.asarray(champions, dtype=np.int64)
    assigned[champions] = champions
    if len(champions):
        reach_rows = R[champions].tocoo()
        direct_rows = R1[champions].tocoo()
        member = reach_rows.col.astype(np.int64)
        champ = champions[reach_rows.row]
        keep = (assigned[member] == -1)
        if members is not None:
            keep &= np.asarray(members, dtype=bool)[member]
        member, champ, pos = member[keep], champ[keep], reach_rows.row[keep].astype(np.int64)
        direct = np.isin(pos * n + member, direct_rows.row.astype(np.int64) * n + direct_rows.col)
        options = np.bincount(member, minlength=n)
        order = np.lexsort((champ, ~direct, member, options[member]))
        member, champ, direct = member[order], champ[order], direct[order]
        limit = np.iinfo(np.int64).max if cap is None else cap
        starts = np.flatnonzero(np.r_[True, member[1:] != member[:-1]]) if len(member) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(member)]
        # Sequential by nature (each placement changes the loads the next one sees): plain
        # Python numbers over each member's few candidates, no numpy call per member.
        load = [0] * n
        champ_of, direct_of = champ.tolist(), direct.tolist()
        member_of = member.tolist()
        chosen_champion, chosen_steps = [], []
        for start, end in zip(starts.tolist(), ends.tolist()):
            best = None
            for j in range(start, end):
                c = champ_of[j]
                if load[c] < limit:
                    # Direct ties first, then the least-loaded champion, then the lower position.
                    option = (not direct_of[j], load[c], c)
                    if best is None or option < best:
                        best = option
            if best is None:
                continue
            chosen_champion.append((member_of[start], best[2]))
            chosen_steps.append(2 if best[0] else 1)
            load[best[2]] += 1
        if chosen_champion:
            placed = np.asarray(chosen_champion, dtype=np.int64)
            assigned[placed[:, 0]] = placed[:, 1]
            steps[placed[:, 0]] = chosen_steps
    return pd.DataFrame({"id": ids, "assigned_champion": np.where(assigned >= 0, ids[np.maximum(assigned, 0)], ""),
                         "steps": steps})


def coverage_by_group(people: pd.DataFrame, covered: np.ndarray, by: str = "department", *,
                      min_group_size: int = 5) -> pd.DataFrame:
    """Headcount, covered people and coverage share per group (small groups merged).

    Groups under ``min_group_size`` are merged into one "Other" row; if that row is still
    under the minimum, its figures are suppressed.

    Examples
    --------
    >>> people = pd.DataFrame({"department": ["A"] * 5 + ["B"] * 2})
    >>> coverage_by_group(people, np.array([1, 1, 1, 0, 0, 1, 0], bool), min_group_size=5)
                          department  headcount  covered  coverage
    0                              A          5        3     0.600
    1  Other (groups under 5 people)          2     <NA>       NaN
    2                            All          7        4     0.571
    """
    return count_share_by_group(people[by], covered, by=by, count="covered", share="coverage",
                                min_group_size=min_group_size, order="name")
