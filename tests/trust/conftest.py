"""Shared helpers for the trust tests: a small hostile organisation and leak scanners."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stakeholder_graph.synth import make_org, write_org


@pytest.fixture(scope="module")
def hostile_org(tmp_path_factory) -> Path:
    """A 40-person synthetic organisation with hostile touches: a name full of regex
    characters, a name written with a comma in a nomination, a real name and an e-mail
    inside free text of impact.csv (which flows into the plan and its prompts)."""
    folder = write_org(make_org(40, seed=2), tmp_path_factory.mktemp("hostile") / "org")
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    people.loc[5, "name"] = "Zoë (Ann) O'Brien+Smith"
    people.to_csv(folder / "people.csv", index=False)
    impact = pd.read_csv(folder / "impact.csv", dtype=str, keep_default_na=False)
    other = people.loc[7]
    impact.loc[0, "what_changes"] += f"; ask {other['name']} ({other['email']}) for the old macros"
    impact.to_csv(folder / "impact.csv", index=False)
    with open(folder / "nominations.csv", "a", encoding="utf-8") as handle:
        last, first = people.loc[5, "name"].rsplit(" ", 1)[1], people.loc[5, "name"].rsplit(" ", 1)[0]
        handle.write(f'{people.loc[2, "id"]},help,"{last}, {first}",1\n')
    return folder


