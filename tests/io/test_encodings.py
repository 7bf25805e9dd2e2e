"""UTF-16 and UTF-8 byte-order marks are sniffed per file (issue 9, item 5)."""

from __future__ import annotations

import pytest

import stakeholder_graph as sg
from tests.conftest import NOMINATIONS, PEOPLE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_people_in_another_unicode_form_read_like_utf8(make_folder, codec):
    expected = sg.read_org(make_folder()).people
    folder = make_folder({"people.csv": PEOPLE.encode(codec)})
    org = sg.read_org(folder)
    assert org.people["name"].tolist() == expected["name"].tolist()  # 'José Núñez' intact
    assert org.people.columns.tolist() == expected.columns.tolist()  # no '\ufeffid' header


def test_each_file_is_sniffed_on_its_own_even_against_the_given_encoding(make_folder):
    folder = make_folder({"people.csv": PEOPLE.encode("utf-16"),
                          "nominations.csv": NOMINATIONS.encode("cp1252")})
    org = sg.read_org(folder, encoding="cp1252")
    assert "José Núñez" in org.people["name"].tolist()
    assert len(org.nominations) == 5
    notes = org.quality.to_frame()
    assert notes.loc[notes["file"] == "people.csv", "problem"].str.startswith("file is UTF-16").sum() == 1


def test_an_unknown_encoding_name_is_a_parameter_error(make_folder):
    with pytest.raises(sg.InvalidParameterError, match="'encoding' parameter .* Got 'nonsense'"):
        sg.read_org(make_folder(), encoding="nonsense")
