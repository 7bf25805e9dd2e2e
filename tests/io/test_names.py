"""Name resolution: ids, e-mails, names in any case/accent/order, nicknames, typos, ambiguity."""

from __future__ import annotations

import pandas as pd
import pytest

from stakeholder_graph.io.names import NameResolver, normalise_names

PEOPLE = pd.DataFrame({
    "id": ["10", "11", "12", "13", "14", "15"],
    "name": ["José Núñez", "Robert Smith", "Ann Lee", "Ann Lee", "Katherine O'Brien", "Jon Smith"],
    "email": ["jose@x.org", "rsmith@x.org", "ann.lee@x.org", "ann.lee2@x.org", "kob@x.org", "jon@x.org"],
})


@pytest.fixture(scope="module")
def resolver():
    return NameResolver(PEOPLE)


@pytest.mark.parametrize("typed, position, method", [
    ("10", 0, "id"),
    ("10.0", 0, "id"),                  # Excel's float form of an id
    ("RSMITH@X.ORG", 1, "email"),
    ("jose nunez", 0, "name"),          # accents and case ignored
    ("  Núñez,   José ", 0, "name"),    # "Last, First" and extra spaces
    ("JOSÉ NÚÑEZ", 0, "name"),
    ("Katherine OBrien", 4, "name"),    # apostrophe ignored
    ("Kate O'Brien", 4, "nickname"),
    ("Bob Smith", 1, "nickname"),
    ("Robret Smith", 1, "fuzzy"),       # transposed letters
    ("Smith Robret", 1, "fuzzy"),       # other order and a typo
    ("Ann Lee", -1, "ambiguous"),       # two people: never guessed
    ("Zed Nobody", -1, "unresolved"),
    ("", -1, "blank"),
])
def test_resolution(resolver, typed, position, method):
    out = resolver.resolve(pd.Series([typed]))
    assert (out.loc[0, "position"], out.loc[0, "method"]) == (position, method)


def test_close_fuzzy_rivals_are_ambiguous(resolver):
    assert resolver.resolve(pd.Series(["Jon Smiht"])).loc[0, "method"] == "fuzzy"
    # A typo halfway between two people is reported, not guessed.
    people = pd.DataFrame({"id": ["1", "2"], "name": ["Mark Jansen", "Mark Jensen"]})
    out = NameResolver(people).resolve(pd.Series(["Mark Jonsen"]))
    assert out.loc[0, "method"] == "ambiguous"
    assert "Mark Jansen (id 1)" in out.loc[0, "detail"] and "Mark Jensen (id 2)" in out.loc[0, "detail"]


def test_threshold_controls_fuzzy_matching():
    strict = NameResolver(PEOPLE, fuzzy_threshold=99).resolve(pd.Series(["Robret Smith"]))
    assert strict.loc[0, "method"] == "unresolved"


def test_blocking_for_large_rosters_still_finds_typos(monkeypatch):
    import stakeholder_graph.io.names as names

    monkeypatch.setattr(names, "FULL_SCAN_LIMIT", 2)  # force token blocking
    out = names.NameResolver(PEOPLE).resolve(pd.Series(["Robret Smith", "Xyz Qqq"]))
    assert out["method"].tolist() == ["fuzzy", "unresolved"]
    assert out.loc[0, "position"] == 1


def test_normalise_names_examples():
    assert normalise_names(pd.Series(["Dąbrowski, Łucja", "  MÜLLER  Hans"])).tolist() == [
        "lucja dabrowski", "muller hans"]


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="second processes only on Linux")
@pytest.mark.parametrize("blocking", [False, True], ids=["full-scan", "blocked"])
def test_fuzzy_matching_split_over_two_processes_gives_the_answers_of_one(monkeypatch, blocking):
    import stakeholder_graph.io.names as names

    typed = pd.Series(["Robret Smith", "Xyz Qqq", "Jon Smiht", "Ann Leee", "Smith Robret", "Katherine OBrein",
                       "Mark Jonsen", "Jose Nunex"] * 3 + ["Jon Smiht"])
    if blocking:
        monkeypatch.setattr(names, "FULL_SCAN_LIMIT", 2)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "0")
    one = names.NameResolver(PEOPLE).resolve(typed)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_PARALLEL", "1")
    monkeypatch.setattr(names, "FUZZY_SPLIT_MIN_QUERIES", 2)
    resolver = names.NameResolver(PEOPLE)
    calls = []
    monkeypatch.setattr(resolver, "_fuzzy", lambda queries, own=resolver._fuzzy: calls.append(len(queries))
                        or own(queries))
    two = resolver.resolve(typed)
    assert len(calls) == 1  # this process matched one half; the other half was matched in a second process
    pd.testing.assert_frame_equal(one, two)
    assert {"fuzzy", "unresolved"} <= set(two["method"])
