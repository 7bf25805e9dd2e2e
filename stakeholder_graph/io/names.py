"""Resolve nominees typed as ids, emails or names to people in the roster.

Order of attempts: exact id, e-mail (case-insensitive), normalised name (case, accents,
spacing and "Last, First" ignored), common nickname ("Bob" for "Robert"), then a fuzzy
name match (rapidfuzz) above a threshold. A name that fits two people equally well is
*ambiguous* and never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

__all__ = ["normalise_names", "NameResolver", "NICKNAMES"]

#: Common English nicknames and their formal first names (both sides are normalised).
NICKNAMES = {
    "abby": "abigail", "alex": "alexander", "andy": "andrew", "becky": "rebecca",
    "ben": "benjamin", "beth": "elizabeth", "bill": "william", "billy": "william",
    "bob": "robert", "bobby": "robert", "cathy": "catherine", "charlie": "charles",
    "chris": "christopher", "chuck": "charles", "dan": "daniel", "danny": "daniel",
    "dave": "david", "dick": "richard", "don": "donald", "doug": "douglas",
    "ed": "edward", "eddie": "edward", "fred": "frederick", "greg": "gregory",
    "hank": "henry", "harry": "henry", "jack": "john", "jen": "jennifer",
    "jenny": "jennifer", "jim": "james", "jimmy": "james", "joe": "joseph",
    "johnny": "john", "jon": "jonathan", "kate": "katherine", "katie": "katherine",
    "ken": "kenneth", "larry": "lawrence", "liz": "elizabeth", "maggie": "margaret",
    "mandy": "amanda", "matt": "matthew", "meg": "margaret", "mike": "michael",
    "nate": "nathan", "nick": "nicholas", "pat": "patricia", "peggy": "margaret",
    "pete": "peter", "phil": "philip", "rich": "richard", "rick": "richard",
    "rob": "robert", "ron": "ronald", "sam": "samuel", "steve": "steven",
    "sue": "susan", "ted": "edward", "tim": "timothy", "tom": "thomas",
    "tony": "anthony", "vicky": "victoria", "will": "william",
}

# Letters that Unicode decomposition leaves alone but people type without their accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ı": "i"})

#: Above this many distinct roster names, fuzzy matching only compares names that share
#: a word with the query (blocking), so that it stays fast at a million people.
FULL_SCAN_LIMIT = 20_000


def normalise_names(names: pd.Series) -> pd.Series:
    """Names in a comparable form: lower case, no accents, "Last, First" turned round.

    Examples
    --------
    >>> normalise_names(pd.Series(["  Núñez,  José ", "O'Brien-Smith, Ann", "ZOË  kahn", "Łucja Sørensen"])).tolist()
    ['jose nunez', 'ann obrien smith', 'zoe kahn', 'lucja sorensen']
    """
    text = names.astype(str).str.strip()
    # "Last, First" -> "First Last" (only when there is exactly one comma).
    parts = text.str.split(",", n=1, expand=True, regex=False)
    if parts.shape[1] == 2:
        has_comma = parts[1].notna() & ~parts[1].fillna("").str.contains(",", regex=False)
        text = text.where(~has_comma, parts[1].fillna("") + " " + parts[0])
    text = (text.str.translate(_FOLD).str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
            .str.casefold()
            .str.replace(r"['`\u2019.]", "", regex=True)
            .str.replace(r"[^a-z0-9@]+", " ", regex=True)
            .str.strip())
    return text


def _canonical_first_names(normalised: pd.Series) -> pd.Series:
    if normalised.empty:
        return normalised
    parts = normalised.str.partition(" ")
    first, rest = parts[0], parts[2]
    mapped = first.map(NICKNAMES).fillna(first)
    return (mapped + " " + rest).str.strip()


@dataclass
class _Index:
    keys: pd.Series  # key -> position, only for keys held by exactly one person
    ambiguous: pd.Series  # key -> list of positions, for keys held by several


def _build_index(keys: pd.Series) -> _Index:
    keys = keys[keys != ""]
    positions = pd.Series(keys.index, index=keys.to_numpy())
    counts = positions.index.value_counts()
    unique_keys = counts.index[counts == 1]
    multi = counts.index[counts > 1]
    unique = positions[positions.index.isin(unique_keys)]
    ambiguous = positions[positions.index.isin(multi)].groupby(level=0).agg(list)
    return _Index(unique, ambiguous)


class NameResolver:
    """Map typed nominees to people of a roster.

    Parameters
    ----------
    people : pandas.DataFrame
        The roster, with ``id`` and optionally ``name`` and ``email``; rows are matched by
        position (``people.iloc[i]``).
    fuzzy_threshold : float, default=88
        Lowest similarity (0-100) accepted for a fuzzy name match: the larger of
        rapidfuzz's ``ratio`` and ``token_sort_ratio`` on normalised names.
    ambiguity_margin : float, default=3
        A fuzzy match is ambiguous when another person scores within this many points.

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2", "3"],
    ...                        "name": ["Robert Smith", "Ann Lee", "Ann Lee"],
    ...                        "email": ["r.smith@x.org", "ann1@x.org", "ann2@x.org"]})
    >>> out = NameResolver(people).resolve(pd.Series(["2", "R.SMITH@x.org", "Smith, Bob",
    ...                                               "Robret Smith", "ann lee", "Nobody"]))
    >>> out[["position", "method"]].values.tolist()
    [[1, 'id'], [0, 'email'], [0, 'nickname'], [0, 'fuzzy'], [-1, 'ambiguous'], [-1, 'unresolved']]
    """

    def __init__(self, people: pd.DataFrame, *, fuzzy_threshold: float = 88,
                 ambiguity_margin: float = 3):
        self.fuzzy_threshold = fuzzy_threshold
        self.ambiguity_margin = ambiguity_margin
        people = people.reset_index(drop=True)
        self._ids = people["id"].astype(str)
        self._labels = (people["name"].astype(str) if "name" in people else self._ids)
        self._id_index = pd.Series(np.arange(len(people)), index=self._ids.to_numpy())
        emails = people["email"].astype(str).str.strip().str.casefold() if "email" in people else pd.Series("", index=people.index)
        self._email = _build_index(emails)
        names = normalise_names(self._labels) if "name" in people else pd.Series("", index=people.index)
        self._names = names
        self._name = _build_index(names)
        self._nick = _build_index(_canonical_first_names(names))
        self._choices: np.ndarray | None = None

    def describe(self, position: int) -> str:
        """``Name (id X)`` for a roster position."""
        return f"{self._labels.iloc[position]} (id {self._ids.iloc[position]})"

    def resolve(self, typed: pd.Series) -> pd.DataFrame:
        """Resolve each typed nominee.

        Returns
        -------
        pandas.DataFrame
            Aligned with ``typed``: ``position`` (roster row, -1 if not resolved),
            ``method`` (id, email, name, nickname, fuzzy, ambiguous, unresolved, blank),
            ``score`` (fuzzy score or NaN) and ``detail`` (candidates or the match, in words).
        """
        typed = typed.astype(str).str.strip()
        unique = pd.Series(typed.unique())
        result = pd.DataFrame({"position": -1, "method": "unresolved", "score": np.nan,
                               "detail": ""}, index=unique.to_numpy())
        result.loc[result.index == "", "method"] = "blank"

        def todo() -> pd.Index:
            return result.index[result["method"] == "unresolved"]

        pending = todo()
        hit = pd.Series(pending, index=pending).map(self._id_index).dropna()
        result.loc[hit.index, "position"] = hit.astype(int)
        result.loc[hit.index, "method"] = "id"
        # Excel turns id 17 into 17.0; accept that form too.
        pending = todo()
        as_int = pd.Series(pending, index=pending).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
        hit = as_int[as_int != as_int.index].map(self._id_index).dropna()
        result.loc[hit.index, "position"] = hit.astype(int)
        result.loc[hit.index, "method"] = "id"

        pending = todo()
        self._exact(result, pending, pd.Series(pending, index=pending).str.casefold(), self._email, "email")
        pending = todo()
        normalised = normalise_names(pd.Series(pending, index=pending))
        self._exact(result, pending, normalised, self._name, "name")
        pending = todo()
        canonical = _canonical_first_names(normalise_names(pd.Series(pending, index=pending)))
        self._exact(result, pending, canonical, self._nick, "nickname")
        pending = todo()
        if len(pending):
            self._fuzzy(result, pending)
        return result.reindex(typed.to_numpy()).reset_index(drop=True).set_axis(typed.index)

    def _exact(self, result: pd.DataFrame, pending: pd.Index, keys: pd.Series, index: _Index,
               method: str) -> None:
        keys = pd.Series(keys.to_numpy(), index=pending)
        hit = keys.map(index.keys).dropna()
        result.loc[hit.index, "position"] = hit.astype(int)
        result.loc[hit.index, "method"] = method
        amb = keys.map(index.ambiguous).dropna()
        for typed_value, positions in amb.items():
            result.loc[typed_value, "method"] = "ambiguous"
            result.loc[typed_value, "detail"] = "could be " + " or ".join(self.describe(p) for p in positions[:5])

    def _fuzzy(self, result: pd.DataFrame, pending: pd.Index) -> None:
        if self._choices is None:
            names = self._names[self._names != ""]
            self._choice_positions = names.groupby(names, sort=True).apply(lambda s: list(s.index))
            self._choices = self._choice_positions.index.to_numpy()
            tokens: dict[str, list[int]] = {}
            if len(self._choices) > FULL_SCAN_LIMIT:
                for i, choice in enumerate(self._choices):
                    for token in set(choice.split()):
                        tokens.setdefault(token, []).append(i)
            self._tokens = tokens
        queries = normalise_names(pd.Series(pending, index=pending))
        found: list[tuple[str, int, str, float, str]] = []  # assigned at once: .loc per row is slow
        for typed_value, query in queries.items():
            if not query:
                continue
            if self._tokens:
                candidate_ids = sorted({i for t in query.split() for i in self._tokens.get(t, [])})
                choices = self._choices[candidate_ids]
            else:
                choices = self._choices
            if len(choices) == 0:
                continue
            # Plain ratio catches typos; token-sorted ratio catches names in another order.
            scores: dict[str, float] = {}
            for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
                for choice, score, _ in process.extract(query, choices, scorer=scorer, limit=3,
                                                        score_cutoff=self.fuzzy_threshold):
                    scores[choice] = max(score, scores.get(choice, 0.0))
            if not scores:
                continue
            matches = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
            best_name, best_score = matches[0]
            positions = list(self._choice_positions[best_name])
            for rival_name, score in matches[1:]:
                if score >= best_score - self.ambiguity_margin:
                    positions += list(self._choice_positions[rival_name])
            if len(positions) > 1:
                found.append((typed_value, -1, "ambiguous", best_score,
                              "could be " + " or ".join(self.describe(p) for p in positions[:5])))
            else:
                found.append((typed_value, positions[0], "fuzzy", round(best_score, 1),
                              self.describe(positions[0])))
        if found:
            update = pd.DataFrame(found, columns=["typed", "position", "method", "score", "detail"]).set_index("typed")
            result.loc[update.index, ["position", "method", "score", "detail"]] = update.to_numpy()
            result["position"] = result["position"].astype(int)
