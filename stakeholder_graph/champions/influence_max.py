"""Influence maximisation under the independent cascade: reverse-influence sampling with IMM.

Model (Kempe, Kleinberg and Tardos 2003). Help and influence flow *against* the
nominations: if v names u ("v goes to u for help"), an active u gets one chance to win
v over, with probability ``p(u -> v)``. Edge probabilities (:func:`cascade_probabilities`):

* ``"weighted-cascade"`` (default): ``p(u -> v) = w(v names u) / (sum of v's nomination
  weights)``: each person is persuaded, in expectation, by about one of the people they
  turn to, and more likely by those they name with a higher weight;
* a number ``q`` in (0, 1]: the same ``p = q`` on every tie.

People who name nobody (non-respondents) can only be reached as seeds. This is a model
assumption, stated in every report that uses it.

Seeds are chosen by **reverse-influence sampling** (Borgs et al. 2014): draw a random
person v and the random set of people who would reach v (a reverse-reachable or "RR"
set); a person in many RR sets has a large spread, and greedy maximum coverage of RR sets
picks the seeds. The number of RR sets follows **IMM** (Tang, Shi and Xiao 2015): a
martingale-based lower bound on the optimum fixes ``theta`` so that the result is a
``(1 - 1/e - epsilon)``-approximation with probability at least ``1 - n**-ell``.

The same RR sets estimate any set's expected spread: ``n x`` the share of RR sets it
touches (:func:`expected_spread`), which gives one simulator for comparing seed sets.
Everything draws from ``numpy.random.default_rng(seed)`` and is vectorised over many RR sets
at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..exceptions import InvalidParameterError
from ..network.orgnetwork import OrgNetwork

__all__ = ["cascade_probabilities", "RRSets", "sample_rr_sets", "imm", "expected_spread",
           "simulate_cascade", "IMMResult"]

_BATCH = 16384  # RR sets grown together (bounds the memory of one batch)


def cascade_probabilities(net: OrgNetwork, relation: str = "help",
                          model: str | float = "weighted-cascade") -> sp.csr_matrix:
    """Activation probabilities ``P[v, u]`` = chance that an active u wins v over.

    Rows are the people being persuaded, in the nomination orientation (row v lists
    whom v goes to). See the module docstring for the models.

    Examples
    --------
    >>> P = cascade_probabilities(build_network(OrgData.example()))
    >>> P.toarray().round(2).tolist()[3]  # person 4 names persons 1 and 3
    [0.5, 0.0, 0.5, 0.0, 0.0]
    """
    A = net.matrix(net.resolve_relation(relation), weighted=True).tocsr().astype(float)
    A.eliminate_zeros()
    if isinstance(model, str):
        if model != "weighted-cascade":
            raise InvalidParameterError("probability", "'weighted-cascade' or a number in (0, 1]", model)
        total = np.asarray(A.sum(axis=1)).ravel()
        P = sp.diags(np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)) @ A
    else:
        if not 0 < float(model) <= 1:
            raise InvalidParameterError("probability", "'weighted-cascade' or a number in (0, 1]", model)
        P = A.copy()
        P.data[:] = float(model)
    P = sp.csr_matrix(P)
    P.sort_indices()
    return P


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _grow(indptr: np.ndarray, indices: np.ndarray, prob: np.ndarray, sid: np.ndarray, node: np.ndarray,
          n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Everything reached from (sid, node) starts along live edges, per sid (batch BFS).

    Each edge is live independently with its probability; it is tested once, when its
    tail is first reached, which is the live-edge model of the independent cascade.
    """
    keys = _sorted_unique(sid.astype(np.int64) * n + node)
    visited = keys
    parts = [keys]
    frontier = keys
    while len(frontier):
        f_sid, f_node = np.divmod(frontier, n)
        start = indptr[f_node]
        deg = indptr[f_node + 1] - start
        total = int(deg.sum())
        if total == 0:
            break
        owner = np.repeat(np.arange(len(frontier)), deg)
        offset = np.arange(total) - np.repeat(np.cumsum(deg) - deg, deg)
        pos = start[owner] + offset
        live = rng.random(total) < prob[pos]
        cand = _sorted_unique(f_sid[owner[live]] * n + indices[pos[live]])
        at = np.searchsorted(visited, cand)
        seen = at < len(visited)
        seen[seen] = visited[at[seen]] == cand[seen]
        frontier = cand[~seen]
        if len(frontier):
            parts.append(frontier)
            # Two sorted, disjoint runs: timsort ("stable") merges them in linear time.
            visited = np.sort(np.concatenate([visited, frontier]), kind="stable")
    found = np.sort(np.concatenate(parts))
    return np.divmod(found, n)


@dataclass
class RRSets:
    """Reverse-reachable sets in CSR form: set i holds ``members[ptr[i]:ptr[i+1]]``."""

    ptr: np.ndarray
    members: np.ndarray
    n: int

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def extend(self, other: "RRSets") -> "RRSets":
        return RRSets(np.concatenate([self.ptr, other.ptr[1:] + self.ptr[-1]]),
                      np.concatenate([self.members, other.members]), self.n)

    def hit_share(self, seeds: np.ndarray | list[int]) -> float:
        """Share of the sets containing at least one seed."""
        if len(self) == 0:
            return 0.0
        mark = np.zeros(self.n, dtype=bool)
        mark[np.asarray(seeds, dtype=np.int64)] = True
        set_of = np.repeat(np.arange(len(self)), np.diff(self.ptr))
        hit = np.zeros(len(self), dtype=bool)
        hit[set_of[mark[self.members]]] = True
        return float(hit.mean())


def sample_rr_sets(P: sp.csr_matrix, count: int, rng: np.random.Generator) -> RRSets:
    """``count`` RR sets: a uniform random root and everyone who would reach it.

    Examples
    --------
    >>> P = sp.csr_matrix(np.array([[0, 1.0], [0, 0]]))  # 0 names 1, always persuaded
    >>> rr = sample_rr_sets(P, 4, np.random.default_rng(0))
    >>> [sorted(rr.members[rr.ptr[i]:rr.ptr[i + 1]].tolist()) for i in range(len(rr))]
    [[1], [1], [1], [0, 1]]
    """
    n = P.shape[0]
    ptrs, members, done = [np.zeros(1, dtype=np.int64)], [], 0
    offset = 0
    while done < count:
        b = min(_BATCH, count - done)
        roots = rng.integers(0, n, b)
        sid, node = _grow(P.indptr, P.indices, P.data, np.arange(b), roots, n, rng)
        sizes = np.bincount(sid, minlength=b)
        ptrs.append(offset + np.cumsum(sizes))
        offset += int(sizes.sum())
        members.append(node)
        done += b
    return RRSets(np.concatenate(ptrs), np.concatenate(members) if members else np.zeros(0, np.int64), n)


def _max_cover(rr: RRSets, k: int, tier: np.ndarray, second_weight: float = 0.0,
               reserved: np.ndarray | None = None) -> tuple[list[int], float]:
    """Greedy maximum coverage of RR sets by ``k`` people (ties: first tier, then position).

    ``tier`` per person: 0 counts every set in full; 1 counts in full the sets holding no
    tier-0 person (people no eligible believer reaches) and the others at
    ``second_weight``; -1 never chosen. ``reserved`` replaces "tier-0 person" in that rule
    (e.g. the believers a believers-only run picked). Returns the picks and the share of
    sets covered.
    """
    n, m = rr.n, len(rr)
    set_of = np.repeat(np.arange(m), np.diff(rr.ptr))
    # Which sets hold each person: a counting sort (CSC) rather than an argsort.
    incidence = sp.csc_matrix((np.ones(len(set_of), dtype=np.int8), (set_of, rr.members)), shape=(m, n))
    node_ptr, node_sets = incidence.indptr, incidence.indices
    has_first = np.zeros(m, dtype=bool)
    has_first[set_of[((tier == 0) if reserved is None else reserved)[rr.members]]] = True
    weight = np.where(tier[rr.members] == 0, 1.0, np.where(has_first[set_of], second_weight, 1.0))
    gain = np.bincount(rr.members, weights=weight, minlength=n)
    covered = np.zeros(m, dtype=bool)
    # Equal gains: a believer first (the tiny bonus); -1 never.
    value = np.where(tier < 0, -1.0, gain + 1e-7 * (tier == 0))
    picks: list[int] = []
    for _ in range(min(k, int((tier >= 0).sum()))):
        c = int(np.argmax(value))
        picks.append(c)
        value[c] = -1.0
        sets = node_sets[node_ptr[c]:node_ptr[c + 1]]
        sets = sets[~covered[sets]]
        if len(sets):
            covered[sets] = True
            starts, ends = rr.ptr[sets], rr.ptr[sets + 1]
            lengths = ends - starts
            idx = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
            mem = rr.members[idx]
            live = value[mem] > -0.5
            np.subtract.at(value, mem[live], weight[idx[live]])
    return picks, float(covered.mean()) if m else 0.0


@dataclass
class IMMResult:
    """Seeds chosen by IMM and what the sampling used."""

    seeds: list[int]
    spread: float
    rr_sets: int
    epsilon: float
    ell: float
    lower_bound: float

    def __repr__(self) -> str:
        return (f"IMMResult({len(self.seeds)} seeds, estimated spread {self.spread:.1f}, "
                f"{self.rr_sets} RR sets, epsilon={self.epsilon})")


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def imm(P: sp.csr_matrix, k: int, *, epsilon: float = 0.5, ell: float = 1.0, tier: np.ndarray | None = None,
        second_weight: float = 0.0, reserved: np.ndarray | None = None, seed: int | None = 0,
        max_rr_sets: int = 5_000_000) -> IMMResult:
    """Choose ``k`` seeds maximising expected spread (IMM, Tang, Shi and Xiao 2015).

    Parameters
    ----------
    P : scipy.sparse.csr_matrix
        Activation probabilities (:func:`cascade_probabilities`).
    k : int
        Number of seeds.
    epsilon : float, default=0.5
        Approximation slack: the result is within ``1 - 1/e - epsilon`` of the optimum
        with probability at least ``1 - n**-ell``. Smaller is slower (RR sets grow as
        ``1 / epsilon**2``).
    ell : float, default=1
    tier : numpy.ndarray, optional
        Per person: 0 eligible, 1 eligible only for people no tier-0 person reaches
        (RR sets holding no tier-0 person count in full, the others at
        ``second_weight``), -1 never a seed.
    second_weight : float, default=0.0
    reserved : numpy.ndarray of bool, optional
        People whose RR sets tier-1 candidates count at ``second_weight`` (default: the
        tier-0 people).
    seed : int or None, default=0
    max_rr_sets : int, default=5,000,000
        Safety cap on the RR sets drawn (the guarantee needs fewer in practice).

    Returns
    -------
    IMMResult

    Examples
    --------
    >>> P = sp.csr_matrix((np.ones(4), ([1, 2, 3, 4], [0, 0, 0, 0])), shape=(5, 5))
    >>> imm(P, 1, epsilon=0.3, seed=1).seeds  # everyone goes to person 0: 0 reaches all
    [0]
    """
    n = P.shape[0]
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameterError("k", "an integer >= 1", k)
    if not 0 < epsilon < 1:
        raise InvalidParameterError("epsilon", "a number in (0, 1)", epsilon)
    tier = np.zeros(n, dtype=np.int64) if tier is None else np.asarray(tier, dtype=np.int64)
    candidates = int((tier >= 0).sum())
    k = min(int(k), candidates)
    rng = np.random.default_rng(seed)
    if k == 0 or n == 0:
        return IMMResult([], 0.0, 0, epsilon, ell, 0.0)
    if n == 1:
        return IMMResult([0] if tier[0] >= 0 else [], 1.0, 0, epsilon, ell, 1.0)
    ell = ell * (1 + math.log(2) / math.log(n))
    log_c = _log_comb(candidates, k)
    eps2 = math.sqrt(2) * epsilon
    rr = RRSets(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), n)
    lower = 1.0
    lam_prime = (2 + 2 * eps2 / 3) * (log_c + ell * math.log(n) + math.log(math.log2(n))) * n / eps2 ** 2
    for x in range(1, max(2, int(math.log2(n)))):
        x_i = n / 2 ** x
        theta_i = min(int(math.ceil(lam_prime / x_i)), max_rr_sets)
        if theta_i > len(rr):
            rr = rr.extend(sample_rr_sets(P, theta_i - len(rr), rng))
        _, share = _max_cover(rr, k, tier, second_weight, reserved)
        if n * share >= (1 + eps2) * x_i:
            lower = n * share / (1 + eps2)
            break
    alpha = math.sqrt(ell * math.log(n) + math.log(2))
    beta = math.sqrt((1 - 1 / math.e) * (log_c + ell * math.log(n) + math.log(2)))
    lam_star = 2 * n * ((1 - 1 / math.e) * alpha + beta) ** 2 / epsilon ** 2
    theta = min(int(math.ceil(lam_star / lower)), max_rr_sets)
    if theta > len(rr):
        rr = rr.extend(sample_rr_sets(P, theta - len(rr), rng))
    seeds, share = _max_cover(rr, k, tier, second_weight, reserved)
    return IMMResult(seeds=seeds, spread=n * share, rr_sets=len(rr), epsilon=epsilon, ell=ell, lower_bound=lower)


def expected_spread(P: sp.csr_matrix, seed_sets: dict[str, list[int]], *, rr_sets: int = 20000,
                    seed: int | None = 0) -> pd.DataFrame:
    """Expected spread of several seed sets from one common set of RR sets.

    Using the same RR sets for every candidate set makes the comparison fair (common
    random numbers): differences are not sampling noise between separate simulations.

    Returns
    -------
    pandas.DataFrame
        ``set, size, expected_spread`` (people reached, seeds included),
        ``share`` (of the organisation), ``standard_error`` (of expected_spread).

    Examples
    --------
    >>> P = sp.csr_matrix((np.ones(3), ([1, 2, 3], [0, 0, 0])), shape=(4, 4))
    >>> expected_spread(P, {"hub": [0], "hub and leaf": [0, 1]}, rr_sets=4000)
                set  size  expected_spread  share  standard_error
    0           hub     1              4.0    1.0             0.0
    1  hub and leaf     2              4.0    1.0             0.0
    """
    n = P.shape[0]
    rr = sample_rr_sets(P, rr_sets, np.random.default_rng(seed))
    rows = []
    for name, seeds in seed_sets.items():
        share = rr.hit_share(seeds)
        rows.append({"set": name, "size": len(seeds), "expected_spread": round(n * share, 2),
                     "share": round(share, 4),
                     "standard_error": round(n * math.sqrt(share * (1 - share) / max(len(rr), 1)), 2)})
    return pd.DataFrame(rows)


def simulate_cascade(P: sp.csr_matrix, seeds: list[int], *, runs: int = 10000, seed: int | None = 0) -> np.ndarray:
    """Forward Monte Carlo: people activated in each of ``runs`` cascades from ``seeds``.

    Examples
    --------
    >>> P = sp.csr_matrix((np.full(2, 0.5), ([1, 2], [0, 1])), shape=(3, 3))  # 0 -> 1 -> 2
    >>> float(simulate_cascade(P, [0], runs=40000, seed=3).mean().round(2))  # 1 + 0.5 + 0.25
    1.75
    """
    n = P.shape[0]
    rng = np.random.default_rng(seed)
    forward = sp.csr_matrix(P.T)
    forward.sort_indices()
    seeds = np.unique(np.asarray(seeds, dtype=np.int64))
    out = np.zeros(runs, dtype=np.int64)
    per = max(1, _BATCH // max(len(seeds), 1))
    for start in range(0, runs, per):
        b = min(per, runs - start)
        sid, _ = _grow(forward.indptr, forward.indices, forward.data, np.repeat(np.arange(b), len(seeds)),
                       np.tile(seeds, b), n, rng)
        out[start:start + b] = np.bincount(sid, minlength=b)
    return out
