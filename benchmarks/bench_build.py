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

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELP_PER_RESPONDENT = 15.0


def generate(n: int, folder: Path) -> float:
    from stakeholder_graph.synth import make_org, write_org

    start = time.perf_counter()
    write_org(make_org(n, seed=0, help_per_respondent=HELP_PER_RESPONDENT), folder)
    return time.perf_counter() - start


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
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(people=net.n_people, nomination_rows=int(sum(1 for _ in open(Path(folder) / "nominations.csv")) - 1),
                help_edges=int(summary.set_index("layer").loc["help", "ties"]),
                quality_findings=len(org.quality), read_validate_s=round(read_s, 2),
                build_s=round(build_s, 2), total_s=round(read_s + build_s, 2), peak_mib=round(peak_mib))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep generated organisations in this folder")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    base = args.keep or Path(tempfile.mkdtemp(prefix="sg-bench-"))
    print(f"{'people':>9} {'rows':>10} {'help':>10} {'synth_s':>8} {'read+validate_s':>16} "
          f"{'build_s':>8} {'total_s':>8} {'peak_MiB':>9} {'findings':>9}", flush=True)
    for n in args.sizes:
        folder = base / f"org_{n}"
        synth_s = generate(n, folder) if not (folder / "people.csv").exists() else float("nan")
        done = subprocess.run([sys.executable, __file__, "--measure", str(folder)],
                              capture_output=True, text=True, check=True)
        r = json.loads(done.stdout)
        print(f"{r['people']:>9} {r['nomination_rows']:>10} {r['help_edges']:>10} {synth_s:>8.1f} "
              f"{r['read_validate_s']:>16.2f} {r['build_s']:>8.2f} {r['total_s']:>8.2f} "
              f"{r['peak_mib']:>9} {r['quality_findings']:>9}", flush=True)


if __name__ == "__main__":
    main()
