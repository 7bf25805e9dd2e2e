"""Speed and peak memory of the resistance pipeline on synthetic organisations.

Usage::

    python benchmarks/bench_resistance.py                 # 10k, 100k and 1M people
    python benchmarks/bench_resistance.py 10000 --keep /tmp/orgs

Each size is generated once (same organisations as bench_champions.py when ``--keep``
points at the same folder), then measured in a fresh process: read + build are not
counted; then attitude scoring, the Friedkin-Johnsen model, exposure, Leiden
communities and cluster risk (``assess_resistance``). Peak memory is the process's peak
resident set size during that step (the high-water mark is reset after loading).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import base_folder, bench_parser, in_fresh_process, organisation, peak_mib, reset_peak  # noqa: E402


def measure(folder: str) -> dict:
    import stakeholder_graph as sg
    from stakeholder_graph.resistance import assess_resistance

    org = sg.read_org(folder)
    net = sg.build_network(org)
    reset_peak()
    start = time.perf_counter()
    result = assess_resistance(net, org)
    elapsed = time.perf_counter() - start
    counts = result.clusters["risk"].value_counts()
    return dict(people=net.n_people, influence_edges=len(net.edges("influence")), seconds=round(elapsed, 2),
                peak_mib=round(peak_mib()), clusters=len(result.clusters), high=int(counts.get("high", 0)),
                suppressed=result.suppressed_clusters)


def main() -> None:
    parser = bench_parser(__doc__)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    base = base_folder(args.keep)
    print(f"{'people':>9} {'influence':>10} {'seconds':>8} {'peak_MiB':>8} {'clusters':>8} {'high':>5} "
          f"{'small':>6}", flush=True)
    for n in args.sizes:
        folder, _ = organisation(base, n)
        r = in_fresh_process(__file__, "--measure", str(folder))
        print(f"{r['people']:>9} {r['influence_edges']:>10} {r['seconds']:>8.2f} {r['peak_mib']:>8} "
              f"{r['clusters']:>8} {r['high']:>5} {r['suppressed']:>6}", flush=True)


if __name__ == "__main__":
    main()
