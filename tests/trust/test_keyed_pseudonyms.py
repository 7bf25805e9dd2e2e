"""Promise 2: pseudonyms that cannot be reversed (a random secret in a key file)."""

from __future__ import annotations

import hashlib
import os
import stat

import pandas as pd
import pytest

from stakeholder_graph.cli import main
from stakeholder_graph.publish import Pseudonymiser, pseudonym, read_or_create_key


def _ids(folder):
    return pd.read_csv(folder / "champions.csv", dtype=str)["id"].tolist()


def test_key_is_random_kept_beside_the_outputs_and_gives_stable_pseudonyms(hostile_org, tmp_path, capsys):
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "wave1"), "--pseudonymise"]) == 0
    key_file = tmp_path / "stakeholder-graph.key"
    assert key_file.is_file() and not (tmp_path / "wave1" / "stakeholder-graph.key").exists()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "wave2"), "--pseudonymise"]) == 0
    assert _ids(tmp_path / "wave1") == _ids(tmp_path / "wave2")  # same person, same pseudonym
    # Nobody can re-derive them from the folder path (the old default salt) or from the id alone.
    real = pd.read_csv(hostile_org / "people.csv", dtype=str)["id"]
    path_salted = {"P-" + hashlib.sha256(f"{hostile_org.resolve()}\x00{i}".encode()).hexdigest()[:10] for i in real}
    plain = {"P-" + hashlib.sha256(i.encode()).hexdigest()[:10] for i in real}
    assert not set(_ids(tmp_path / "wave1")) & (path_salted | plain)
    # Destroying the key makes the next run's pseudonyms unlinkable to the earlier ones.
    key_file.unlink()
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "wave3"), "--pseudonymise"]) == 0
    assert not set(_ids(tmp_path / "wave1")) & set(_ids(tmp_path / "wave3"))
    capsys.readouterr()


def test_salt_file_option_and_two_keys_differ(hostile_org, tmp_path, capsys):
    key = tmp_path / "keys" / "team.key"
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "a"), "--pseudonymise",
                 "--salt-file", str(key)]) == 0
    assert key.is_file() and not (tmp_path / "stakeholder-graph.key").exists()
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "b"), "--pseudonymise",
                 "--salt-file", str(key)]) == 0
    assert _ids(tmp_path / "a") == _ids(tmp_path / "b")
    # Whoever holds the key (and only they) can link a pseudonym to a person of the roster.
    real = pd.read_csv(hostile_org / "people.csv", dtype=str)["id"]
    published = pd.read_csv(tmp_path / "a" / "people.csv", dtype=str)["id"]
    assert sorted(published) == sorted(pseudonym(i, read_or_create_key(key)) for i in real)
    assert pseudonym("E00001", b"a" * 32) != pseudonym("E00001", b"b" * 32)
    capsys.readouterr()


@pytest.mark.parametrize("content", ["", "not a key\n", "# only a comment\n", "abcd\n", "zz" * 32 + "\n"])
def test_a_damaged_key_file_is_a_clear_error_not_a_new_key(hostile_org, tmp_path, capsys, content):
    key = tmp_path / "bad.key"
    key.write_text(content)
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "out"), "--pseudonymise",
                 "--salt-file", str(key)]) == 2
    err = capsys.readouterr().err
    assert "salt file" in err and str(key) in err and "Traceback" not in err
    assert key.read_text() == content  # never silently replaced: that would change every pseudonym
    assert not (tmp_path / "out").exists()


def test_salt_file_without_pseudonymise_is_refused(hostile_org, tmp_path, capsys):
    assert main(["analyze", str(hostile_org), "--out", str(tmp_path / "out"), "--salt-file",
                 str(tmp_path / "k.key")]) == 2
    assert "--pseudonymise" in capsys.readouterr().err


def test_pseudonymiser_replaces_names_in_every_form():
    people = pd.DataFrame({"id": ["E7", "42"], "name": ["Ana María Díaz", "Li"],
                           "email": ["ana@x.example", "li@x.example"]})
    p = Pseudonymiser(people, b"s" * 32)
    a, li = p.id("E7"), p.id("42")
    assert p.text("Ana María Díaz (E7); DÍAZ, Ana María; ana@x.example; Li (id 42)") == f"{a}; {a}; {a}; {li}"
    assert p.text("unknown@else.example wrote 42 lines") == "(e-mail withheld) wrote 42 lines"  # bare numbers stay
    assert p.text("Lisbon and Linda") == "Lisbon and Linda"  # whole words only


def test_numeric_ids_do_not_eat_counts(shared_datasets):
    # Sampson's monks have ids 1..25: "All (8)" is a count, not monk 8.
    import stakeholder_graph as sg

    result = sg.analyze(shared_datasets / "sampson_monastery", resolution=1)
    named = sg.publish(result).tables["clusters.csv"]
    hidden = sg.publish(result, key=b"k" * 32).tables["clusters.csv"]
    assert hidden["departments"].tolist() == named["departments"].tolist() == ["All (8)", "All (6)", "All (6)",
                                                                                "All (5)"]
