"""Medical Innovation (Coleman, Katz and Menzel 1966): spread and adoption of the shortlist."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "medical_innovation.py"


def load_script():
    spec = importlib.util.spec_from_file_location("medical_innovation", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shortlist_spreads_further_and_adopted_earlier(shared_datasets):
    script = load_script()
    result, adoption = script.adoption_table(shared_datasets / "medical_innovation", "coverage")
    print(result.spread.to_string(index=False))
    print(adoption.to_string(index=False))
    spread = result.spread.set_index("set")
    assert len(result.champions.champions) == 13  # 5 percent of 246, rounded up
    # Three of each set's standard errors apart: not simulation noise.
    for other in ("PageRank top-k", "in-degree top-k"):
        gap = spread.loc["shortlist", "expected_spread"] - spread.loc[other, "expected_spread"]
        assert gap > 3 * (spread.loc["shortlist", "standard_error"] + spread.loc[other, "standard_error"])
    months = adoption.set_index("group")["mean_month"]
    assert months.filter(like="shortlist").iloc[0] < months["diffusion sample (125)"] - 1
