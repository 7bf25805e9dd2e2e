"""Shared fixtures: the real datasets in ../shared and small organisation folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_datasets_dir() -> Path:
    """``../shared/datasets`` beside the repository (or $STAKEHOLDER_GRAPH_SHARED/datasets)."""
    root = os.environ.get("STAKEHOLDER_GRAPH_SHARED")
    return Path(root) / "datasets" if root else REPO.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    """The real datasets; skip when absent, fail when STAKEHOLDER_GRAPH_REQUIRE_SHARED=1."""
    folder = shared_datasets_dir()
    if not folder.is_dir():
        if os.environ.get("STAKEHOLDER_GRAPH_REQUIRE_SHARED") == "1":
            pytest.fail(f"{folder} is missing and STAKEHOLDER_GRAPH_REQUIRE_SHARED=1")
        pytest.skip(f"{folder} not present")
    return folder


PEOPLE = """id,name,email,manager_id,department,title,location,responded
1,Ana Diaz,ana.diaz@acme.example,,Executive,CEO,Leeds,true
2,Bo Chen,bo.chen@acme.example,1,IT,IT Manager,Leeds,true
3,Cy Ode,cy.ode@acme.example,2,IT,Engineer,York,true
4,Di Fox,di.fox@acme.example,2,IT,Engineer,York,false
5,Robert Gray,robert.gray@acme.example,1,Finance,Controller,Leeds,true
6,José Núñez,jose.nunez@acme.example,5,Finance,Accountant,Leeds,true
"""

NOMINATIONS = """respondent_id,relation,nominee,weight
2,help,1,1
3,help,Bo Chen,2
3,help,bo.chen@acme.example,1
5,help,"Diaz, Ana",
6,help,Bob Gray,1
6,help,jose nunez,1
1,help,Bo Chen,1
"""


@pytest.fixture
def make_folder(tmp_path):
    """Write an organisation folder from ``{filename: text}``; defaults give a valid org."""

    def make(files: dict[str, str | bytes] | None = None, *, defaults: bool = True) -> Path:
        folder = tmp_path / "org"
        folder.mkdir(exist_ok=True)
        contents: dict[str, str | bytes] = {"people.csv": PEOPLE, "nominations.csv": NOMINATIONS} if defaults else {}
        contents.update(files or {})
        for name, text in contents.items():
            if text is None:
                continue
            path = folder / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return folder

    return make
