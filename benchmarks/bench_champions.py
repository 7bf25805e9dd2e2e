"""Speed and peak memory of metrics + champion selection, against plain networkx.

Usage::

    python benchmarks/bench_champions.py                  # 10k, 100k and 1M people
    python benchmarks/bench_champions.py 10000 --no-networkx

For each size a synthetic organisation (15 help nominations per respondent: 100k people
give about 0.9 million help edges) is generated once, then measured in a fresh process:
read + build (not counted), then ``compute_metrics`` + ``select_champions`` (3 percent
of headcount, managers penalised). Peak memory is the process's peak resident set size
*during* metrics + selection (the kernel's high-water mark is reset after loading).

The networkx column runs the same metrics in plain networkx in a separate process with
a 10-minute limit: in-degree, PageRank (tol=1e-10), betweenness (exact or the same
number of sampled pivots), Burt's constraint and effective size, and reach within 2
steps. networkx has no diffusion centrality nor coverage selection, so those are not in
its time (the ratio favours networkx).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import base_folder, bench_parser, in_fresh_process, organisation, peak_mib, reset_peak  # noqa: E402

NETWORKX_LIMIT_S = 600


def measure_ours(folder: str) -> dict:
    import stakeholder_graph as sg

    start = time.perf_counter()
    net = sg.build_network(sg.read_org(folder))
    net.matrix("help")
    load_s = time.perf_counter() - start
    reset_peak()
    start = time.perf_counter()
    metrics = sg.compute_metrics(net, "help")
    metrics_s = time.perf_counter() - start
    start = time.perf_counter()
    chosen = sg.select_champions(net, share=0.03, metrics=metrics)
    select_s = time.perf_counter() - start
    return dict(people=net.n_people, help_edges=len(net.edges("help")), load_s=round(load_s, 1),
                metrics_s=round(metrics_s, 2), select_s=round(select_s, 2),
                total_s=round(metrics_s + select_s, 2), peak_mib=round(peak_mib()),
                pivots=metrics.attrs["betweenness_pivots"], champions=len(chosen.champions),
                coverage=round(chosen.coverage, 3))


def measure_networkx(folder: str, pivots: str) -> dict:
    import networkx as nx

    import stakeholder_graph as sg

    net = sg.build_network(sg.read_org(folder))
    edges = net.edges("help")
    start = time.perf_counter()
    G = nx.DiGraph()
    G.add_nodes_from(range(net.n_people))
    G.add_edges_from(zip(edges["source"].tolist(), edges["target"].tolist()))
    dict(G.in_degree())
    nx.pagerank(G, tol=1e-10)
    k = None if pivots == "None" else int(pivots)
    nx.betweenness_centrality(G, k=k, seed=0)
    nx.constraint(G)
    nx.effective_size(G, nodes=list(G))
    R = G.reverse(copy=False)
    for v in R:
        nx.single_source_shortest_path_length(R, v, cutoff=2)
    return dict(networkx_s=round(time.perf_counter() - start, 1))


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx comparison")
    parser.add_argument("--networkx", help=argparse.SUPPRESS)
    parser.add_argument("--pivots", default="None", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_ours(args.measure)))
        return
    if args.networkx:
        print(json.dumps(measure_networkx(args.networkx, args.pivots)))
        return
    base = base_folder(args.keep)
    print(f"{'people':>9} {'help_edges':>10} {'metrics_s':>9} {'select_s':>8} {'total_s':>8} {'peak_MiB':>8} "
          f"{'pivots':>6} {'coverage':>8} {'networkx_s':>10} {'ratio':>6}", flush=True)
    for n in args.sizes:
        folder, _ = organisation(base, n)
        r = in_fresh_process(__file__, "--measure", str(folder))
        nx_s, ratio = "skipped", ""
        if not args.no_networkx:
            try:
                nx_time = in_fresh_process(__file__, "--networkx", str(folder), "--pivots", str(r["pivots"]),
                                           timeout=NETWORKX_LIMIT_S)["networkx_s"]
                nx_s, ratio = f"{nx_time:.1f}", f"{nx_time / r['metrics_s']:.0f}x"
            except subprocess.TimeoutExpired:
                nx_s, ratio = f">{NETWORKX_LIMIT_S}", f">{NETWORKX_LIMIT_S / r['metrics_s']:.0f}x"
        print(f"{r['people']:>9} {r['help_edges']:>10} {r['metrics_s']:>9.2f} {r['select_s']:>8.2f} "
              f"{r['total_s']:>8.2f} {r['peak_mib']:>8} {str(r['pivots']):>6} {r['coverage']:>8.3f} "
              f"{nx_s:>10} {ratio:>6}", flush=True)


if __name__ == "__main__":
    main()
