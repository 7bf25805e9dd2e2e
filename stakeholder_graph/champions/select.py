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

__all__ = ["ChampionSet", "select_champions", "match_members", "coverage_by_group"]

MANAGER_OPTIONS = ("include", "exclude", "penalise")


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
    parameters : dict
        The options used.
    """

    champions: pd.DataFrame
    assignment: pd.DataFrame
    coverage: float
    coverage_by_department: pd.DataFrame
    unmet_quotas: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)

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


def select_champions(net: OrgNetwork, k: int | None = None, *, share: float | None = None,
                     quotas: dict | None = None, max_members_per_champion: int | None = None,
                     managers: str = "penalise", manager_penalty: float = 0.5,
                     relation: str = "help", steps: int = 2, metrics: pd.DataFrame | None = None,
                     exclude: list[str] | None = None, min_group_size: int = 5,
                     seed: int | None = 0) -> ChampionSet:
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
    seed : int or None, default=0
        Breaks exact ties (same gain and score) at random, reproducibly.

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
    """
    n = net.n_people
    budget = _budget(n, k, share)
    if managers not in MANAGER_OPTIONS:
        raise InvalidParameterError("managers", f"one of {MANAGER_OPTIONS}", managers)
    if not 0 <= manager_penalty <= 1:
        raise InvalidParameterError("manager_penalty", "a number in [0, 1]", manager_penalty)
    cap = max_members_per_champion
    if cap is not None and (not isinstance(cap, (int, np.integer)) or cap < 1):
        raise InvalidParameterError("max_members_per_champion", "an integer >= 1 or None", cap)
    relation = net.resolve_relation(relation)
    if metrics is None:
        metrics = compute_metrics(net, relation, include_betweenness=False, seed=seed)
    scores = champion_scores(metrics)
    people = net.people
    is_manager = people["is_manager"].to_numpy(dtype=bool)

    eligible = np.ones(n, dtype=bool)
    if managers == "exclude":
        eligible &= ~is_manager
    if exclude:
        eligible &= ~net.ids.isin([str(x) for x in exclude])
    factor = np.where(is_manager & (managers == "penalise"), manager_penalty, 1.0)

    groups = _quota_groups(people, quotas)
    if sum(m for _, _, m in groups) > budget:
        raise InvalidParameterError(
            "quotas", f"at most {budget} champions in total (the budget)",
            f"{sum(m for _, _, m in groups)} required by {quotas}")

    R = reach_matrix(net, relation, steps=steps)
    R = (R + sp.identity(n, format="csr", dtype=np.int8)).tocsr()  # a champion covers themself
    R1 = reach_matrix(net, relation, steps=1)
    covered = np.zeros(n, dtype=bool)
    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(n)  # exact ties in gain and score: seeded, not by position
    score_values = scores["score"].to_numpy()

    def new_people(c: int) -> np.ndarray:
        members = R.indices[R.indptr[c]:R.indptr[c + 1]]
        return members[~covered[members]]

    def gain(c: int) -> float:
        fresh = new_people(c)
        count = len(fresh)
        if cap is not None:
            count = min(count, cap + int(not covered[c]))  # the champion themself plus cap members
        return count * factor[c]

    chosen: list[int] = []
    new_reach: list[int] = []
    is_chosen = np.zeros(n, dtype=bool)

    def take(c: int) -> None:
        fresh = new_people(c)
        if cap is not None:
            # Direct ties first, so a capped champion covers those who come to them.
            direct = np.zeros(n, dtype=bool)
            direct[R1.indices[R1.indptr[c]:R1.indptr[c + 1]]] = True
            order = np.lexsort((fresh, ~direct[fresh], fresh != c))
            fresh = fresh[order][: cap + int(not covered[c])]
        covered[fresh] = True
        covered[c] = True
        chosen.append(c)
        is_chosen[c] = True
        new_reach.append(len(fresh))

    def key(c: int, g: float) -> tuple:
        return (-g, -score_values[c], tiebreak[c])

    unmet: list[str] = []
    # Phase 1: quotas. Each time, the best candidate among groups still short of their quota.
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

    # Phase 2: lazy greedy (CELF) for the rest of the budget; gains only shrink.
    # Every candidate's first gain in one sparse product, not one call per person.
    pool = np.flatnonzero(eligible & ~is_chosen)
    counts = (R @ (~covered).astype(np.int64))[pool].astype(np.int64)
    if cap is not None:
        counts = np.minimum(counts, cap + (~covered[pool]).astype(np.int64))
    gains = counts * factor[pool]
    heap = list(zip((-gains).tolist(), (-score_values[pool]).tolist(), tiebreak[pool].tolist(), pool.tolist()))
    heapq.heapify(heap)
    while len(chosen) < budget and heap:
        entry = heapq.heappop(heap)
        c = entry[-1]
        fresh_key = key(c, gain(c))
        if heap and fresh_key > heap[0][:-1]:
            heapq.heappush(heap, fresh_key + (c,))
            continue
        take(c)

    assignment = match_members(net, chosen, R, R1, cap=cap)
    champions = people.iloc[chosen][["id", "name", "department", "title", "is_manager"]].reset_index(drop=True)
    champions.insert(0, "rank", np.arange(1, len(chosen) + 1))
    champions = pd.concat([champions, scores.iloc[chosen].reset_index(drop=True).round(1)], axis=1)
    champions["new_reach"] = new_reach
    champions["coverage"] = (np.cumsum(new_reach) / n).round(4)
    champions["reasons"] = explain(metrics, chosen, relation=relation,
                                   n_reports=people["n_reports"]).to_numpy()
    covered_final = assignment["assigned_champion"].ne("").to_numpy()
    return ChampionSet(
        champions=champions, assignment=assignment, coverage=float(covered_final.mean()) if n else 0.0,
        coverage_by_department=coverage_by_group(people, covered_final, "department",
                                                 min_group_size=min_group_size),
        unmet_quotas=unmet,
        parameters=dict(k=budget, share=share, quotas=quotas, max_members_per_champion=cap,
                        managers=managers, manager_penalty=manager_penalty, relation=relation,
                        steps=steps, seed=seed))


def match_members(net: OrgNetwork, champions: list[int], R: sp.csr_matrix, R1: sp.csr_matrix, *,
                  cap: int | None = None) -> pd.DataFrame:
    """Match every person to one champion who reaches them (Valente and Davis 1999).

    People with the fewest reachable champions are placed first; each goes to a champion
    they go to directly if possible, otherwise within two steps, choosing the least-loaded
    one, and never beyond ``cap``. Champions are matched to themselves.

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
        member, champ, pos = member[keep], champ[keep], reach_rows.row[keep].astype(np.int64)
        direct = np.isin(pos * n + member, direct_rows.row.astype(np.int64) * n + direct_rows.col)
        options = np.bincount(member, minlength=n)
        order = np.lexsort((champ, ~direct, member, options[member]))
        member, champ, direct = member[order], champ[order], direct[order]
        load = np.zeros(n, dtype=np.int64)
        limit = np.iinfo(np.int64).max if cap is None else cap
        starts = np.flatnonzero(np.r_[True, member[1:] != member[:-1]]) if len(member) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(member)]
        for start, end in zip(starts, ends):
            m = member[start]
            cands, is_direct = champ[start:end], direct[start:end]
            open_ = load[cands] < limit
            if not open_.any():
                continue
            # Direct ties first, then the least-loaded champion, then the lower position.
            pick = np.lexsort((cands[open_], load[cands[open_]], ~is_direct[open_]))[0]
            c = cands[open_][pick]
            assigned[m] = c
            steps[m] = 1 if is_direct[open_][pick] else 2
            load[c] += 1
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
