"""Resolve nominees typed as ids, emails or names to people in the roster.

Order of attempts: exact id, e-mail (case-insensitive), normalised name (case, accents,
spacing and "Last, First" ignored), common nickname ("Bob" for "Robert"), then a fuzzy
name match (rapidfuzz) above a threshold. A name that fits two people equally well is
*ambiguous* and never guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .._lookup import positions_in

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


class _Index:
    """Keys held by exactly one person (fast lookup) and keys shared by several."""

    def __init__(self, keys: pd.Series):
        keys = keys.reset_index(drop=True)
        codes, uniques = pd.factorize(keys)
        counts = np.bincount(codes, minlength=len(uniques))
        usable = (keys != "").to_numpy()
        single = usable & (counts[codes] == 1)
        self.unique_keys = keys[single].reset_index(drop=True)
        self.unique_positions = np.flatnonzero(single)
        shared = usable & (counts[codes] > 1)
        self.shared = (pd.Series(np.flatnonzero(shared), index=keys[shared].to_numpy())
                       .groupby(level=0).agg(list).to_dict())

    def lookup(self, keys: pd.Series) -> np.ndarray:
        """Position of the one person holding each key, or -1."""
        found = positions_in(keys, self.unique_keys)
        if len(self.unique_positions) == 0:
            return found  # all -1
        return np.where(found >= 0, self.unique_positions[np.maximum(found, 0)], -1)


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
        emails = (people["email"].astype(str).str.strip().str.casefold() if "email" in people
                  else pd.Series("", index=people.index))
        self._email = _Index(emails)
        names = normalise_names(self._labels) if "name" in people else pd.Series("", index=people.index)
        self._names = names
        self._name = _Index(names)
        self._nick = _Index(_canonical_first_names(names))
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
        # Work once per distinct text, then spread the answers back to every row.
        codes, uniques = pd.factorize(typed)
        unique = pd.Series(uniques).astype(str).reset_index(drop=True)
        result = pd.DataFrame({"position": np.full(len(unique), -1, dtype=np.int64),
                               "method": np.full(len(unique), "unresolved", dtype=object),
                               "score": np.nan, "detail": np.full(len(unique), "", dtype=object)})
        result.loc[(unique == "").to_numpy(), "method"] = "blank"

        def pending() -> np.ndarray:
            return np.flatnonzero(result["method"].to_numpy() == "unresolved")

        todo = pending()
        as_id = unique.iloc[todo]
        # Excel turns id 17 into 17.0; accept that form too.
        as_id = as_id.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
        self._assign(result, todo, positions_in(as_id, self._ids), "id")
        todo = pending()
        self._exact(result, todo, unique.iloc[todo].str.casefold(), self._email, "email")
        todo = pending()
        normalised = normalise_names(unique.iloc[todo])
        self._exact(result, todo, normalised, self._name, "name")
        todo = pending()
        self._exact(result, todo, _canonical_first_names(normalised.loc[unique.index[todo]]), self._nick, "nickname")
        todo = pending()
        if len(todo):
            self._fuzzy(result, todo, normalised.loc[unique.index[todo]])
        out = pd.DataFrame({column: result[column].to_numpy()[codes] for column in result.columns},
                           index=typed.index)
        return out

    @staticmethod
    def _assign(result: pd.DataFrame, rows: np.ndarray, positions: np.ndarray, method: str) -> None:
        hit = positions >= 0
        result.loc[rows[hit], "position"] = positions[hit]
        result.loc[rows[hit], "method"] = method

    def _exact(self, result: pd.DataFrame, rows: np.ndarray, keys: pd.Series, index: _Index,
               method: str) -> None:
        self._assign(result, rows, index.lookup(keys), method)
        if index.shared:
            shared = keys.map(index.shared)
            for row, positions in zip(rows[shared.notna().to_numpy()], shared.dropna()):
                result.loc[row, "method"] = "ambiguous"
                result.loc[row, "detail"] = "could be " + " or ".join(self.describe(p) for p in positions[:5])

    def _fuzzy(self, result: pd.DataFrame, rows: np.ndarray, queries: pd.Series) -> None:
        if self._choices is None:
            names = self._names[self._names != ""]
            self._choice_positions = names.groupby(names, sort=True).apply(lambda s: list(s.index))
            self._choices = self._choice_positions.index.to_numpy()
            tokens: dict[str, np.ndarray] = {}
            if len(self._choices) > FULL_SCAN_LIMIT:
                words = pd.Series(self._choices).str.split(" ").explode()
                tokens = {word: group.index.to_numpy() for word, group in words.groupby(words, sort=False)}
            self._tokens = tokens
        found: list[tuple[int, int, str, float, str]] = []  # assigned at once: .loc per row is slow
        for row, query in zip(rows, queries.to_numpy()):
            if not query:
                continue
            if self._tokens:
                blocks = [self._tokens[t] for t in query.split() if t in self._tokens]
                choices = self._choices[np.unique(np.concatenate(blocks))] if blocks else self._choices[:0]
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
                found.append((row, -1, "ambiguous", best_score,
                              "could be " + " or ".join(self.describe(p) for p in positions[:5])))
            else:
                found.append((row, positions[0], "fuzzy", round(best_score, 1),
                              self.describe(positions[0])))
        if found:
            update = pd.DataFrame(found, columns=["row", "position", "method", "score", "detail"])
            rows_found = update["row"].to_numpy()
            result.loc[rows_found, "position"] = update["position"].to_numpy()
            result.loc[rows_found, "method"] = update["method"].to_numpy()
            result.loc[rows_found, "score"] = update["score"].to_numpy(dtype=float)
            result.loc[rows_found, "detail"] = update["detail"].to_numpy()
