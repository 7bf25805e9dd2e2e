"""Medical Innovation (Coleman, Katz and Menzel): the report's spread comparison and when the
shortlisted physicians first prescribed tetracycline, against the average.

Usage::

    python scripts/medical_innovation.py [path/to/medical_innovation]

Runs the same ``analyze`` as the command line on the advice network (246 physicians in four
towns; no readiness survey, so stance is unknown and the stance policy has nothing to gate),
prints the spread comparison the report shows (shortlist, PageRank top-k, in-degree top-k from
one common set of reverse-reachable samples, weighted cascade) for the coverage and the
influence method, and the adoption month (1 = November 1953 ... 17 = February 1955; 18 = not
adopted by then, counted as 18) of the shortlisted physicians in the 125-doctor diffusion
sample against the sample's average.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import stakeholder_graph as sg

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "medical_innovation"


def adoption_table(folder: Path, method: str, share: float = 0.05) -> tuple[sg.Analysis, pd.DataFrame]:
    result = sg.analyze(folder, relation="advice", champion_share=share, method=method)
    people = result.org.people  # the project's loader keeps the dataset's extra columns
    sample = pd.to_numeric(people.loc[pd.to_numeric(people["in_netdiffuser_125"]) == 1].set_index("id")["toa"])
    shortlist = result.champions.champions["id"]
    rows = [{"group": "diffusion sample (125)", "doctors": len(sample), "mean_month": sample.mean(),
             "adopted_by_month_6": (sample <= 6).mean()}]
    for name, ids in {"shortlist": shortlist,
                      "PageRank top-k": result.people.nlargest(len(shortlist), "pagerank")["id"],
                      "in-degree top-k": result.people.nlargest(len(shortlist), "in_degree_advice")["id"]}.items():
        months = sample.reindex(ids).dropna()
        rows.append({"group": f"{name} ({len(ids)}) in the sample", "doctors": len(months),
                     "mean_month": months.mean(), "adopted_by_month_6": (months <= 6).mean()})
    return result, pd.DataFrame(rows).round(2)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    pd.set_option("display.width", 160)
    for method in ("coverage", "influence"):
        result, adoption = adoption_table(folder, method)
        print(f"== method {method}: {len(result.champions.champions)} champions (5 percent of 246) on 'advice'")
        print("Spread comparison (expected physicians reached, independent cascade):")
        print(result.spread.to_string(index=False))
        print("Adoption month of tetracycline (lower = earlier):")
        print(adoption.to_string(index=False))
        print()


if __name__ == "__main__":
    main()
