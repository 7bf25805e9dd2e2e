"""Influence maximisation (IMM) speed: k = 3 percent of headcount, weighted cascade on the help layer.

Usage::

    python benchmarks/bench_influence.py                 # 100k people (target: <= 20 s)
    python benchmarks/bench_influence.py 10000 100000 --keep /tmp/orgs

For each size a synthetic organisation (15 help nominations per respondent: 100k people
give about 0.9 million help edges) is generated once, then measured in a fresh process:
read + build (not counted), then edge probabilities + IMM (epsilon 0.5, ell 1) for
k = 3 percent of headcount. Printed: seconds, RR sets drawn, the estimated spread of the
chosen seeds, and peak memory during IMM. A second line gives the spread of the same
number of people by PageRank and by in-degree from one common set of 20,000 RR sets.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import base_folder, bench_parser, in_fresh_process, organisation, peak_mib, reset_peak  # noqa: E402

TARGET_S = 20.0


def measure(folder: str) -> dict:
    import numpy as np

    import stakeholder_graph as sg
    from stakeholder_graph.champions.influence_max import cascade_probabilities, expected_spread, imm
    from stakeholder_graph.metrics.centrality import in_degree, pagerank

    net = sg.build_network(sg.read_org(folder))
    n = net.n_people
    k = math.ceil(0.03 * n)
    reset_peak()
    start = time.perf_counter()
    P = cascade_probabilities(net, "help")
    result = imm(P, k, epsilon=0.5, seed=0)
    seconds = time.perf_counter() - start
    peak = peak_mib()
    ranks = {"IMM": result.seeds,
             "PageRank top-k": np.argsort(-pagerank(net, "help"), kind="stable")[:k].tolist(),
             "in-degree top-k": np.argsort(-in_degree(net, "help"), kind="stable")[:k].tolist()}
    spread = expected_spread(P, ranks, rr_sets=20000, seed=1)
    return {"n": n, "k": k, "ties": int(P.nnz), "seconds": seconds, "rr_sets": result.rr_sets,
            "spread": result.spread, "peak_mib": peak, "comparison": spread.to_dict("records")}


def main() -> None:
    parser = bench_parser(__doc__)
    parser.set_defaults(sizes=[100_000])
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    base = base_folder(args.keep)
    print(f"{'people':>9} {'ties':>9} {'k':>6} {'IMM s':>7} {'RR sets':>9} {'spread':>9} {'peak MiB':>9}  target")
    for n in args.sizes:
        folder, _ = organisation(base, n)
        r = in_fresh_process(__file__, "--measure", str(folder))
        verdict = "ok" if r["seconds"] <= TARGET_S else "SLOW"
        print(f"{r['n']:>9,} {r['ties']:>9,} {r['k']:>6,} {r['seconds']:>7.1f} {r['rr_sets']:>9,} "
              f"{r['spread']:>9,.0f} {r['peak_mib']:>9,.0f}  <= {TARGET_S:.0f} s: {verdict}")
        print("          same simulator (20,000 common RR sets): " + "; ".join(
            f"{c['set']} {c['expected_spread']:,.0f} ({c['share']:.1%})" for c in r["comparison"]))


if __name__ == "__main__":
    main()
