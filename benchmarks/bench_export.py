"""Time the publish step's pseudonymiser and the writers on People tables of 1k to 1M rows.

Prints one line per size: seconds to pseudonymise the table (keyed ids, names replaced in
every text column), to write it as CSV, and to write it as a workbook sheet with XlsxWriter
(constant memory) when it is at most LARGE_TABLE_ROWS rows (above that the workbook gets a
note sheet and the table goes to CSV and Parquet only). Usage:
``python benchmarks/bench_export.py [N ...]`` (default 1000 20000 100000 1000000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.export import write_csv
from stakeholder_graph.export.workbook import LARGE_TABLE_ROWS, write_sheets
from stakeholder_graph.publish import Pseudonymiser


def people_table(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = np.array(["Ana", "Bo", "Cy", "Di", "Ed", "Fe", "Gil", "Hana", "Ivan", "Jo"])
    last = np.array(["Diaz", "Chen", "Ode", "Fox", "Gray", "Lin", "Park", "Khan", "Ito", "Silva"])
    ids = np.array([f"E{i:07d}" for i in range(n)])
    names = [f"{first[i % 10]} {last[(i // 10) % 10]}-{i}" for i in range(n)]
    return pd.DataFrame({
        "id": ids, "name": names, "department": rng.choice(["Finance", "IT", "Sales", "HR"], n),
        "title": rng.choice(["Analyst", "Engineer", "Manager"], n), "manager_id": np.roll(ids, 1),
        "pagerank": rng.random(n), "betweenness": rng.random(n), "reach_2": rng.integers(0, 500, n),
        "role": rng.choice(["regular", "broker", "central connector"], n),
        "assigned_champion": rng.choice(ids[: max(1, n // 30)], n), "community": rng.integers(0, 80, n)})


def main(sizes: list[int]) -> None:
    out = Path(tempfile.mkdtemp(prefix="sg-bench-export-"))
    print(f"{'people':>9} {'pseudonymise s':>15} {'csv s':>7} {'xlsx s':>8}")
    for n in sizes:
        table = people_table(n)
        start = time.perf_counter()
        Pseudonymiser(table[["id", "name"]], b"k" * 32).frame(table)
        pseudo = time.perf_counter() - start
        start = time.perf_counter()
        write_csv(table, out / f"people_{n}.csv")
        csv = time.perf_counter() - start
        xlsx = float("nan")
        if n <= LARGE_TABLE_ROWS:
            start = time.perf_counter()
            write_sheets({"People": table}, out / f"people_{n}.xlsx")
            xlsx = time.perf_counter() - start
        print(f"{n:>9,} {pseudo:>15.2f} {csv:>7.2f} {xlsx:>8.2f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 20_000, 100_000, 1_000_000])
