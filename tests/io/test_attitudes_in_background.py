"""A large readiness survey is read in a second process: the same tables, findings and errors."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

import stakeholder_graph.io.org as org_module
from stakeholder_graph.exceptions import InputTableError
from stakeholder_graph.io.org import read_org

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="second processes only on Linux")


def _read_both_ways(folder: Path, monkeypatch):
    monkeypatch.setattr(org_module, "ATTITUDES_BYTES_IN_BACKGROUND", 0)
    results = {}
    for mode in ("0", "1"):
        monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", mode)
        assert org_module._attitudes_in_background(folder) == (mode == "1")
        try:
            results[mode] = read_org(folder)
        except InputTableError as error:
            results[mode] = error
    return results["0"], results["1"]


def test_the_bundled_organisation_reads_the_same(monkeypatch):
    serial, background = _read_both_ways(REPO / "datasets" / "acme", monkeypatch)
    for name in ("people", "nominations", "attitudes", "attitude_waves", "impact"):
        pd.testing.assert_frame_equal(getattr(serial, name), getattr(background, name), check_exact=True)
    pd.testing.assert_frame_equal(serial.quality.to_frame(), background.quality.to_frame())
    assert len(serial.attitudes) > 1000 and len(serial.quality) > 0


def test_findings_and_errors_in_the_survey_are_reported_in_the_same_order(tmp_path, monkeypatch):
    folder = tmp_path / "org"
    shutil.copytree(REPO / "datasets" / "acme", folder)
    attitudes = pd.read_csv(folder / "attitudes.csv", dtype=str, keep_default_na=False)
    attitudes.loc[3, "value"] = "Strongly agree"  # a label: mapped and reported
    attitudes.loc[7, "value"] = "9"  # outside the scale: an error
    attitudes.loc[11, "respondent_id"] = "E99999"  # nobody: reported after the repairs
    attitudes.to_csv(folder / "attitudes.csv", index=False)
    (folder / "people.csv").write_text((folder / "people.csv").read_text(encoding="utf-8")
                                       + "E00001,Duplicate Person,,Finance,Clerk,Leeds,\n", encoding="utf-8")
    serial, background = _read_both_ways(folder, monkeypatch)
    assert isinstance(serial, InputTableError) and type(serial) is type(background)
    # the people file's duplicate id comes before the survey's value outside the scale, both times
    pd.testing.assert_frame_equal(serial.problems, background.problems)
    assert {"people.csv", "attitudes.csv"} <= set(serial.problems["file"])
    assert str(serial) == str(background)

    (folder / "people.csv").write_text("\n".join((folder / "people.csv").read_text(encoding="utf-8")
                                                 .splitlines()[:-1]) + "\n", encoding="utf-8")
    attitudes.loc[7, "value"] = "4"
    attitudes.to_csv(folder / "attitudes.csv", index=False)
    serial, background = _read_both_ways(folder, monkeypatch)
    quality = serial.quality.to_frame()
    pd.testing.assert_frame_equal(quality, background.quality.to_frame())
    assert quality["problem"].str.contains("answer given as a label").any()
    pd.testing.assert_frame_equal(serial.attitudes, background.attitudes)


def test_a_survey_that_cannot_be_read_and_an_unused_mapping_are_reported_in_the_same_order(tmp_path, monkeypatch):
    # The survey's result is collected after the people and nominations are checked: its
    # read problem, the mapping problem (which lists every file's headers, in reading order)
    # and its check problems must still land where reading it in turn puts them.
    folder = tmp_path / "org"
    shutil.copytree(REPO / "datasets" / "acme", folder)
    lines = (folder / "attitudes.csv").read_text(encoding="utf-8").splitlines()
    (folder / "attitudes.csv").write_text("\n".join([lines[0] + ",value"] + [line + ",1" for line in lines[1:]])
                                          + "\n", encoding="utf-8")  # two columns named value
    nominations = pd.read_csv(folder / "nominations.csv", dtype=str, keep_default_na=False)
    nominations.loc[2, "weight"] = "heavy"  # checked before the survey's slot
    nominations.to_csv(folder / "nominations.csv", index=False)
    impact = pd.read_csv(folder / "impact.csv", dtype=str, keep_default_na=False)
    impact.loc[1, "impact"] = "lots"  # checked after it
    impact.to_csv(folder / "impact.csv", index=False)

    def read(mode):
        monkeypatch.setattr(org_module, "ATTITUDES_BYTES_IN_BACKGROUND", 0)
        monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", mode)
        with pytest.raises(InputTableError) as caught:
            read_org(folder, {"Cost Centre": "department"})
        return caught.value

    serial, background = read("0"), read("1")
    pd.testing.assert_frame_equal(serial.problems, background.problems)
    assert str(serial) == str(background)
    files = serial.problems["file"].tolist()
    # files as read (the survey between nominations and impact), then the mapping, then checks
    assert files.index("attitudes.csv") < files.index("mapping") < files.index("nominations.csv") \
        < files.index("impact.csv")
    mapping = serial.problems.loc[serial.problems["file"] == "mapping", "problem"].iloc[0]
    assert mapping.index("nominations.csv") < mapping.index("impact.csv")
