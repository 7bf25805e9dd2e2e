"""What the benchmark scripts share: the synthetic organisations and fresh-process measuring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Help nominations per respondent: 100k people give about 0.9 million help edges.
HELP_PER_RESPONDENT = 15.0


def organisation(base: Path, n: int, help_per_respondent: float = HELP_PER_RESPONDENT) -> tuple[Path, float]:
    """The synthetic organisation of ``n`` people under ``base`` (generated once), and the
    seconds it took to generate (NaN when it was already there)."""
    from stakeholder_graph.synth import make_org, write_org

    folder = base / (f"org_{n}" if help_per_respondent == HELP_PER_RESPONDENT else f"org_{n}_h{help_per_respondent:g}")
    if (folder / "people.csv").exists():
        return folder, float("nan")
    start = time.perf_counter()
    write_org(make_org(n, seed=0, help_per_respondent=help_per_respondent), folder)
    return folder, time.perf_counter() - start


def base_folder(keep: Path | None) -> Path:
    """Where organisations are kept; sets OMP_WAIT_POLICY for the measuring processes."""
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    return keep or Path(tempfile.mkdtemp(prefix="sg-bench-"))


def in_fresh_process(script: str, *args: str, timeout: float | None = None) -> dict:
    """Run ``script`` with ``args`` in a new Python process and parse the JSON it prints."""
    done = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, check=True,
                          timeout=timeout)
    return json.loads(done.stdout)


def reset_peak() -> None:
    """Reset the kernel's high-water mark of resident memory (Linux), so the peak covers what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mib() -> float:
    """Peak resident set size of this process in MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_parser(doc: str):
    """Arguments every benchmark takes: sizes, --keep, and the internal --measure."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep generated organisations in this folder")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    return parser


def machine(*packages: str) -> str:
    """The machine in one line: CPUs, memory, system, Python and the given packages' versions."""
    import importlib
    import os
    import platform

    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        memory = f"{mem / 1024 ** 2:.0f} GiB RAM"
    except (OSError, StopIteration):
        memory = "unknown RAM"
    versions = ", ".join(f"{name} {importlib.import_module(name).__version__}" for name in packages)
    return (f"{os.cpu_count()} logical CPUs ({cpu}), {memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}" + (f"; {versions}" if versions else ""))


class Report:
    """Print each line at once and keep it, to write the same text to a Markdown file."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, path) -> None:
        Path(path).write_text("\n".join(self.lines) + "\n", encoding="utf-8")

