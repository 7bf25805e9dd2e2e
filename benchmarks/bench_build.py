"""Speed and peak memory of read + validate + build on synthetic organisations.

Usage::

    python benchmarks/bench_build.py                 # 10k, 100k and 1M people
    python benchmarks/bench_build.py 10000 100000    # chosen sizes

Each size is generated once into a temporary folder (``--keep DIR`` keeps them), then
measured in a fresh process so that peak memory (max RSS) belongs to read + validate +
build alone. Help nominations average 15 per respondent (at most 45), so 100k people give about a
million help edges (the scale of the champions benchmark).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import base_folder, bench_parser, in_fresh_process, organisation, peak_mib  # noqa: E402


def measure(folder: str) -> dict:
    import stakeholder_graph as sg

    start = time.perf_counter()
    org = sg.read_org(folder)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    net = sg.build_network(org)
    for layer in net.layers:
        net.matrix(layer)
    summary = net.summary()
    build_s = time.perf_counter() - start
    return dict(people=net.n_people, nomination_rows=int(sum(1 for _ in open(Path(folder) / "nominations.csv")) - 1),
                help_edges=int(summary.set_index("layer").loc["help", "ties"]),
                quality_findings=len(org.quality), read_validate_s=round(read_s, 2),
                build_s=round(build_s, 2), total_s=round(read_s + build_s, 2), peak_mib=round(peak_mib()))


def main() -> None:
    parser = bench_parser(__doc__)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    base = base_folder(args.keep)
    print(f"{'people':>9} {'rows':>10} {'help':>10} {'synth_s':>8} {'read+validate_s':>16} "
          f"{'build_s':>8} {'total_s':>8} {'peak_MiB':>9} {'findings':>9}", flush=True)
    for n in args.sizes:
        folder, synth_s = organisation(base, n)
        r = in_fresh_process(__file__, "--measure", str(folder))
        print(f"{r['people']:>9} {r['nomination_rows']:>10} {r['help_edges']:>10} {synth_s:>8.1f} "
              f"{r['read_validate_s']:>16.2f} {r['build_s']:>8.2f} {r['total_s']:>8.2f} "
              f"{r['peak_mib']:>9} {r['quality_findings']:>9}", flush=True)


if __name__ == "__main__":
    main()
