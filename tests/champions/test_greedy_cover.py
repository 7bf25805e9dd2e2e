"""``greedy_cover`` against a from-scratch greedy: every gain recounted at every pick."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from stakeholder_graph.champions.select import greedy_cover


def reference_greedy(R, R1, budget, *, eligible, tier, factor, score, tiebreak, cap, gap, second_weight,
                     targets=()):
    """The textbook greedy: recount every candidate's new people at every pick."""
    n = R.shape[0]
    dense, direct = R.toarray() > 0, R1.toarray() > 0
    champion_of = np.full(n, -1)
    picks, needed = [], {t: None for t in targets}
    while True:
        best, best_key = None, None
        for c in np.flatnonzero(eligible):
            if c in picks:
                continue
            fresh = np.flatnonzero(dense[c] & (champion_of < 0))
            count = len(fresh)
            weighted = float(count)
            if count and tier[c] == 1:
                in_gap = int(gap[fresh].sum())
                weighted = in_gap + second_weight * (count - in_gap)
            if count and cap is not None:
                weighted *= min(count, cap + int(champion_of[c] < 0)) / count
            key = (-weighted * factor[c], tier[c], -score[c], tiebreak[c])
            if best_key is None or key < best_key:
                best, best_key = c, key
        past_budget = len(picks) >= budget
        if best is None or (past_budget and (best_key[0] >= 0 or all(v is not None for v in needed.values()))):
            break
        fresh = np.flatnonzero(dense[best] & (champion_of < 0))
        if cap is not None:
            keep = np.lexsort((fresh, ~direct[best, fresh], fresh != best))[: cap + int(champion_of[best] < 0)]
            fresh = fresh[keep]
        champion_of[fresh] = best
        champion_of[best] = best
        picks.append(int(best))
        for t in needed:
            if needed[t] is None and (champion_of >= 0).sum() >= t * n - 1e-9:
                needed[t] = len(picks)
    return picks[:budget], needed


@pytest.mark.parametrize("trial", range(60))
def test_the_kept_gains_pick_as_the_greedy_that_recounts_them(trial):
    # Second-choice candidates (tier 1) count gap people in full and the others at a weight:
    # gains that a pick lowers through both counts. Cap and tiers are not mixed, since a
    # capped second-choice gain can grow (then the lazy greedy is no longer the textbook one).
    rng = np.random.default_rng(trial)
    n = int(rng.integers(8, 40))
    A = sp.random(n, n, density=rng.uniform(0.05, 0.25), random_state=trial, format="csr", dtype=np.int8)
    A.data[:] = 1
    A.setdiag(0)
    A.eliminate_zeros()
    R1 = A.tocsr()
    R = ((R1 + R1 @ R1 + sp.identity(n, format="csr", dtype=np.int8)) > 0).astype(np.int8).tocsr()
    tier = rng.choice([0, 1, -1], size=n, p=[0.4, 0.4, 0.2])
    eligible = tier >= 0
    tiered = trial % 2 == 0
    if not tiered:
        tier = np.zeros(n, dtype=np.int64)
    cap = None if tiered else [None, 1, 2][trial % 3]
    args = dict(eligible=eligible, tier=tier, factor=rng.choice([1.0, 0.5], size=n),
                score=rng.integers(0, 3, size=n).astype(float), tiebreak=rng.permutation(n), cap=cap,
                gap=rng.random(n) < 0.5, second_weight=[0.0, 0.25][trial % 4 // 2])
    budget = int(rng.integers(1, 6))
    cover = greedy_cover(R, R1, budget, targets=(0.8, 0.9), **args)
    picks, needed = reference_greedy(R, R1, budget, targets=(0.8, 0.9), **args)
    assert cover.picks == picks
    assert cover.needed == needed
