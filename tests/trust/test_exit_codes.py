"""Promise 6: every failure is an exit code and a sentence; no traceback for any input or option."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stakeholder_graph.cli import main

REPO = Path(__file__).resolve().parents[2]
ACME = REPO / "datasets" / "acme"


def _run(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "stakeholder_graph.cli", *args], capture_output=True,
                          env={**os.environ, **(env or {})}, cwd=REPO, **kwargs)


@pytest.mark.parametrize("options, says", [
    (["--encoding", "nonsense"], "'--encoding' parameter must be a known text encoding"),
    (["--seed", "-5"], "--seed: must be a whole number from 0 to 4294967295, got '-5'"),
    (["--seed", "1e99"], "--seed: must be a whole number"),
    (["--min-group-size", "0"], "--min-group-size: must be a whole number >= 1"),
    (["--champion-share", "nan"], "--champion-share: must be a finite number"),
    (["--resolution", "-1"], "'resolution' parameter must be a number > 0"),
    (["--likert-scale", "5", "1"], "'--likert-scale' parameter must be two whole numbers LOW HIGH with LOW < HIGH"),
    (["--relation", "gossip"], "gossip"),
    (["--quota", "department=x"], "'--quota' parameter"),
    (["--no-such-option"], "unrecognized arguments"),
])
def test_bad_options_exit_2_with_a_sentence(make_folder, tmp_path, capsys, options, says):
    org = make_folder()
    assert main(["analyze", str(org), "--out", str(tmp_path / "out"), *options]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "out" / "people.csv").exists()


def test_a_missing_folder_and_a_bad_go_live_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert main(["plan", str(ACME), "--out", str(tmp_path / "o"), "--system", "X", "--go-live", "soon"]) == 2
    assert "'go_live' parameter must be a date as YYYY-MM-DD. Got 'soon'" in capsys.readouterr().err


def test_a_bug_exits_1_with_a_sentence_not_a_traceback(make_folder, tmp_path, monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("stakeholder_graph.cli.analyze", boom)
    assert main(["analyze", str(make_folder()), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError: division by zero)" in err and "bug" in err
    assert "Traceback" not in err


def test_any_console_encoding(make_folder, tmp_path):
    people = (Path(__file__).parents[1] / "conftest.py").read_text(encoding="utf-8")
    assert "José Núñez" in people
    org = make_folder({"people.csv": "id,name,manager_id,department\n1,王秀英,,Exec\n2,Zoë 🙂,1,Exec\n"
                                     "3,Ana,1,Exec\n", "nominations.csv": "respondent_id,relation,nominee\n"
                                                                           "2,help,王秀英\n3,help,1\n"})
    done = _run("analyze", str(org), "--out", str(tmp_path / "out"), "--min-group-size", "1",
                env={"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"\\u738b\\u79c0\\u82f1" in done.stdout  # shown escaped, not a crash
    done = _run("validate", str(org), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and b"Traceback" not in done.stderr


def test_closed_pipe_is_quiet(make_folder, tmp_path):
    org = make_folder()
    for args in (["validate", str(org)], ["analyze", str(org), "--out", str(tmp_path / "out")]):
        producer = subprocess.Popen([sys.executable, "-m", "stakeholder_graph.cli", *args], cwd=REPO,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        producer.stdout.close()  # like `| head -0`: nobody reads what it prints
        err = producer.stderr.read()
        code = producer.wait(timeout=300)
        producer.stderr.close()
        assert code == 0, err
        assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception ignored" not in err
    assert (tmp_path / "out" / "manifest.json").exists()  # the work was done before printing


HOSTILE_FOLDERS = {
    "control character in a name": {"people.csv": "id,name,manager_id\n1,Ana\x0bDiaz,\n2,Bo,1\n3,Cy,1\n",
                                    "nominations.csv": "respondent_id,relation,nominee\n2,help,Ana\x0bDiaz\n"},
    "formula as a nominee": {"nominations.csv": 'respondent_id,relation,nominee\n2,help,"=HYPERLINK(""x"")"\n'},
    "only self-nominations": {"nominations.csv": "respondent_id,relation,nominee\n2,help,2\n3,help,3\n"},
    "no nominations file": {"nominations.csv": None},
    "empty nominations": {"nominations.csv": "respondent_id,relation,nominee\n"},
    "every attitude blank": {"attitudes.csv": "respondent_id,item,value\n2,readiness,\n3,readiness,\n"},
    "attitudes of strangers": {"attitudes.csv": "respondent_id,item,value\n99,readiness,4\n98,readiness,2\n"},
    "one person": {"people.csv": "id,name\n1,Ana\n", "nominations.csv": None},
    "nobody responded": {"people.csv": "id,name,manager_id,responded\n1,Ana,,false\n2,Bo,1,false\n",
                         "nominations.csv": None},
    "names that look like numbers": {"people.csv": "id,name,manager_id\n1,2,\n2,1,1\n3,1e5,1\n",
                                     "nominations.csv": "respondent_id,relation,nominee\n2,help,1\n3,help,2\n"},
    "department is a formula": {"people.csv": "id,name,manager_id,department\n1,Ana,,=1+1\n2,Bo,1,@x\n3,Cy,1,-3\n"},
    "unicode everywhere": {"people.csv": "id,name,manager_id,department\nα,Ωmega,,Δ\nβ,Zoë,α,Δ\nγ,王,α,Δ\n",
                           "nominations.csv": "respondent_id,relation,nominee\nβ,help,α\nγ,help,Zoë\n"},
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FOLDERS))
def test_validate_and_analyze_agree(make_folder, tmp_path, capsys, case):
    org = make_folder(HOSTILE_FOLDERS[case])
    for name, text in HOSTILE_FOLDERS[case].items():
        if text is None:
            (org / name).unlink(missing_ok=True)
    validated = main(["validate", str(org)])
    analyzed = main(["analyze", str(org), "--out", str(tmp_path / "out"), "--min-group-size", "1"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert validated in (0, 2) and analyzed in (0, 2)
    if validated == 0:
        assert analyzed == 0, err  # nothing validate passes makes analyze fail
        assert (tmp_path / "out" / "stakeholder_plan.xlsx").exists()
    else:
        assert analyzed == 2
