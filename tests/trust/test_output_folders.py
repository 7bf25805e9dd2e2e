"""Promise 4: output folders that cannot hurt inputs; manifests; atomic runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.export import read_manifest


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where", ["same", "inside", "parent", "empty", "blank", "file"])
def test_an_out_that_could_hurt_the_input_is_refused(make_folder, tmp_path, capsys, where):
    org = make_folder()
    before = _snapshot(tmp_path)
    out = {"same": str(org), "inside": str(org / "reports"), "parent": str(tmp_path), "empty": "",
           "blank": "  ", "file": str(org / "people.csv")}[where]
    assert main(["analyze", str(org), "--out", out]) == 2
    err = capsys.readouterr().err
    assert "Output folder" in err and "Traceback" not in err
    assert _snapshot(tmp_path) == before  # nothing written, nothing replaced


def test_a_mapping_file_inside_out_is_refused(make_folder, tmp_path, capsys):
    org = make_folder()
    (tmp_path / "reports").mkdir()
    mapping = tmp_path / "reports" / "mapping.toml"
    mapping.write_text("[people]\n")
    assert main(["analyze", str(org), "--out", str(tmp_path / "reports"), "--mapping", str(mapping)]) == 2
    assert "holds the input" in capsys.readouterr().err
    assert mapping.read_text() == "[people]\n"


def test_manifest_lists_every_file_and_stale_files_go(make_folder, tmp_path, capsys):
    org = make_folder()
    out = tmp_path / "out"
    assert main(["plan", str(org), "--out", str(out), "--system", "Atlas", "--go-live", "2027-03-01",
                 "--min-group-size", "1"]) == 0
    plan_files = set(read_manifest(out))
    assert plan_files == set(_snapshot(out)) - {"manifest.json"}
    assert {"prompts.md", "stakeholders.csv", "figures/power_interest.png"} <= plan_files
    (out / "my notes.txt").write_text("mine")  # the user's own file
    assert main(["analyze", str(org), "--out", str(out), "--min-group-size", "1"]) == 0
    capsys.readouterr()
    now = set(_snapshot(out))
    assert "prompts.md" not in now and "stakeholders.csv" not in now and "figures/power_interest.png" not in now
    assert "my notes.txt" in now and (out / "my notes.txt").read_text() == "mine"
    assert set(read_manifest(out)) == now - {"manifest.json", "my notes.txt"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tool"] == "stakeholder-graph" and manifest["command"] == "analyze"


def test_a_foreign_file_is_never_overwritten(make_folder, tmp_path, capsys):
    org = make_folder()
    out = tmp_path / "out"
    out.mkdir()
    (out / "people.csv").write_text("precious")
    assert main(["analyze", str(org), "--out", str(out), "--min-group-size", "1"]) == 2
    assert "people.csv" in capsys.readouterr().err
    assert (out / "people.csv").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["people.csv"]  # no staging folder left


def test_a_hostile_manifest_cannot_delete_outside_its_folder(make_folder, tmp_path, capsys):
    org = make_folder()
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "victim.txt").write_text("keep me")
    (out / "manifest.json").write_text(json.dumps({"tool": "stakeholder-graph", "files": [
        "../victim.txt", str(tmp_path / "victim.txt"), "../org/people.csv", str(org / "people.csv")]}))
    assert main(["analyze", str(org), "--out", str(out), "--min-group-size", "1"]) == 0
    capsys.readouterr()
    assert (tmp_path / "victim.txt").read_text() == "keep me"
    assert (org / "people.csv").exists()


def test_a_failed_run_leaves_no_half_written_workbook(make_folder, tmp_path, monkeypatch, capsys):
    org = make_folder()
    out = tmp_path / "out"
    assert main(["analyze", str(org), "--out", str(out), "--min-group-size", "1"]) == 0
    before = _snapshot(out)

    def broken(public, path):
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("stakeholder_graph.export.workbook.write_workbook", broken)
    assert main(["plan", str(org), "--out", str(out), "--system", "Atlas", "--go-live", "2027-03-01",
                 "--min-group-size", "1"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert _snapshot(out) == before  # the earlier run is intact, no partial file, no staging folder
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_write_reports_from_a_notebook_also_guards_the_input(tmp_path):
    from stakeholder_graph.synth import make_org, write_org

    org = write_org(make_org(40, seed=1), tmp_path / "org")
    result = sg.analyze(org)
    with pytest.raises(sg.InvalidParameterError, match="inside the input folder"):
        sg.write_reports(result, org / "reports")
    paths = sg.write_reports(result, tmp_path / "reports", report=False, figures=False)
    assert paths[-1].name == "manifest.json" and all(p.exists() for p in paths)


def test_synth_never_writes_over_an_organisation_or_into_the_working_folder(make_folder, capsys):
    org = make_folder()
    before = (org / "people.csv").read_text()
    assert main(["synth", "--people", "30", "--out", str(org)]) == 2
    assert main(["synth", "--people", "30", "--out", ""]) == 2
    err = capsys.readouterr().err
    assert "already holds an organisation" in err and "it was empty" in err
    assert (org / "people.csv").read_text() == before
