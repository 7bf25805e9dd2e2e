"""Resolve nominees typed as ids, emails or names to people in the roster.

Order of attempts: exact id, e-mail (case-insensitive), normalised name (case, accents,
spacing and "Last, First" ignored), common nickname ("Bob" for "Robert"), then a fuzzy
name match (rapidfuzz) above a threshold. A name that fits two people equally well is
*ambiguous* and never guessed.

Every exact step is a join on hashed keys, done once per distinct typed text. Only what
is still unmatched goes to fuzzy matching, which scores whole blocks of queries against
whole blocks of roster names with ``rapidfuzz.process.cdist`` (C++, all cores): for a
large roster a block is the roster names sharing a word (and the length of another word,
give or take a letter) with the queries, so the cost grows with the unmatched strings,
not with people times strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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
_FOLD = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
         "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ı": "i"}

#: Above this many distinct roster names, fuzzy matching only compares names that share
#: a blocking key with the query (a word plus the length of another word), so that it
#: stays fast at a million people.
FULL_SCAN_LIMIT = 20_000

#: From this many names left for fuzzy matching (and a large organisation, on Linux), half
#: of them are matched in a second process.
FUZZY_SPLIT_MIN_QUERIES = 1_000

#: Cells of one fuzzy score matrix (float32): bounds memory at about 100 MB per scorer.
_MAX_CELLS = 25_000_000
#: Candidate pairs scored per batch on large rosters (about 0.5 GB of working memory).
_MAX_PAIRS = 5_000_000


def normalise_names(names: pd.Series) -> pd.Series:
    """Names in a comparable form: lower case, no accents, "Last, First" turned round.

    Examples
    --------
    >>> normalise_names(pd.Series(["  Núñez,  José ", "O'Brien-Smith, Ann", "ZOË  kahn", "Łucja Sørensen"])).tolist()
    ['jose nunez', 'ann obrien smith', 'zoe kahn', 'lucja sorensen']
    """
    # pyarrow compute kernels: one C++ pass per step over the whole column (pandas' own
    # string methods fall back to a Python call per name for most of these).
    text = pc.utf8_trim_whitespace(pa.array(names.astype(str).to_numpy(dtype=object), type=pa.large_string()))
    # "Last, First" -> "First Last" (only when there is exactly one comma).
    text = pc.if_else(pc.equal(pc.count_substring(text, ","), 1),
                      pc.replace_substring_regex(text, r"^([^,]*),(.*)$", r"\2 \1"), text)
    if pc.any(pc.invert(pc.string_is_ascii(text))).as_py():
        for letter, plain in _FOLD.items():
            text = pc.replace_substring(text, letter, plain)
        text = pc.utf8_normalize(text, "NFKD")
        text = pc.replace_substring_regex(text, r"[^\x00-\x7f]", "")
    text = pc.ascii_lower(text)
    text = pc.replace_substring_regex(text, r"['`.]", "")
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"[^a-z0-9@]+", " "))
    return pd.Series(text.to_numpy(zero_copy_only=False), index=names.index, dtype=object)


def _canonical_first_names(normalised: pd.Series) -> pd.Series:
    if normalised.empty:
        return normalised
    text = _arrow(normalised)
    first = pd.Series(pc.replace_substring_regex(text, r" .*$", "").to_numpy(zero_copy_only=False),
                      index=normalised.index, dtype=object)
    rest = pc.replace_substring_regex(text, r"^[^ ]*( |$)", "")
    mapped = first.map(NICKNAMES).fillna(first)
    joined = pc.utf8_trim_whitespace(pc.binary_join_element_wise(_arrow(mapped), rest, pa.scalar(" ", pa.large_string())))
    return pd.Series(joined.to_numpy(zero_copy_only=False), index=normalised.index, dtype=object)


def _block_keys(names: pd.Series, spread: int = 0) -> pd.DataFrame:
    """Blocking keys of each name: every word with the length and the first letter of
    another word of the name, and again with its last letter (``robert|5|fs``,
    ``robert|5|lh`` and ``smith|6|fr``, ``smith|6|lt`` for "robert smith"). A typo in
    one word or a swapped order still shares a key: one edit of a word cannot change both
    its first and its last letter. Keys stay small at a million people, where a word and a
    length alone gathered thousands of names. ``spread`` adds keys for lengths one or more
    letters off (a letter typed twice or left out); queries use 1, the roster 0.

    Examples
    --------
    >>> _block_keys(pd.Series(["robert smith", "cher"]))[["block", "owner"]].values.tolist()
    [['robert|5|fs', 0], ['smith|6|fr', 0], ['cher|0|f', 1], ['robert|5|lh', 0], ['smith|6|lt', 0]]
    """
    words = names.str.split(" ").explode()
    words = words[words.notna() & (words != "")]
    frame = pd.DataFrame({"owner": words.index.to_numpy(), "word": words.to_numpy(dtype=object),
                          "length": words.str.len().to_numpy(dtype=np.int64)})
    frame["position"] = np.arange(len(frame))
    pairs = frame.merge(frame[["owner", "length", "position", "word"]], on="owner", suffixes=("", "_other"))
    single = pairs.groupby("owner", sort=False)["position"].transform("size").to_numpy() == 1
    pairs = pairs[(pairs["position"].to_numpy() != pairs["position_other"].to_numpy()) | single]
    own = pairs["position"].to_numpy() == pairs["position_other"].to_numpy()
    length = np.where(own, 0, pairs["length_other"].to_numpy())
    other = pd.Series(np.where(own, "", pairs["word_other"].to_numpy(dtype=object)), dtype=object)
    letters = [("|f" + other.str[:1]).to_numpy(dtype=object), ("|l" + other.str[-1:]).to_numpy(dtype=object)]
    parts = []
    for offset in range(-spread, spread + 1):
        for letter in letters:
            parts.append(pd.DataFrame({"word": pairs["word"].to_numpy(dtype=object),
                                       "length": np.where(own, 0, length + offset),
                                       "letter": np.where(own, "|f", letter),
                                       "first": letters[0],
                                       "owner": pairs["owner"].to_numpy()}))
    keys = pd.concat(parts, ignore_index=True)
    block = pc.binary_join_element_wise(pa.array(keys["word"].to_numpy(dtype=object), type=pa.large_string()),
                                        pc.cast(pa.array(keys["length"].to_numpy()), pa.large_string()),
                                        pa.scalar("|", pa.large_string()))
    block = pc.binary_join_element_wise(block, pa.array(keys["letter"].to_numpy(dtype=object), type=pa.large_string()),
                                        pa.scalar("", pa.large_string()))
    out = pd.DataFrame({"block": block.to_numpy(zero_copy_only=False), "owner": keys["owner"].to_numpy(),
                        "first": keys["first"].to_numpy(dtype=object)})
    return out.drop_duplicates(["block", "owner"], ignore_index=True)


def _arrow(values: pd.Series) -> pa.Array:
    return pa.array(values.astype(str).to_numpy(dtype=object), type=pa.large_string())


@dataclass
class _RosterBlocks:
    """The roster's blocking keys as codes, made once for every fuzzy-matching call: each
    call then only looks its queries' keys up (before, it factorised the roster's hundreds of
    thousands of keys again, most of the cost of matching a few thousand names)."""

    #: Distinct block keys, and distinct first-letter keys (a key's code is its position).
    blocks: pd.Index
    firsts: pd.Index
    #: One row per roster key: ``block`` (code), ``key`` (roster name) and ``first_key`` (code).
    frame: pd.DataFrame
    #: Roster keys per block code.
    block_size: np.ndarray
    #: Length of each roster name.
    key_length: np.ndarray

    @classmethod
    def of(cls, words: pd.DataFrame, key_length: np.ndarray) -> _RosterBlocks:
        block, blocks = pd.factorize(words["block"].to_numpy(dtype=object))
        first, firsts = pd.factorize(words["first"].to_numpy(dtype=object))
        return cls(blocks=pd.Index(blocks, dtype=object), firsts=pd.Index(firsts, dtype=object),
                   frame=pd.DataFrame({"block": block, "key": words["owner"].to_numpy(), "first_key": first}),
                   block_size=np.bincount(block, minlength=len(blocks)), key_length=key_length)


class _Index:
    """Distinct keys of the roster: who holds each, once (unique) or several times (shared)."""

    def __init__(self, keys: pd.Series):
        keys = keys.reset_index(drop=True).astype(str)
        codes, uniques = pd.factorize(keys)
        counts = np.bincount(codes, minlength=len(uniques))
        usable = np.asarray(uniques != "")
        self.keys = pd.Series(np.asarray(uniques, dtype=object))
        self.count = np.where(usable, counts, 0)
        # People grouped by key, in roster order within a key.
        self.members = np.argsort(codes, kind="stable")
        self.start = np.concatenate([[0], np.cumsum(counts)])[:-1]

    def lookup(self, keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Key number of each query (-1 if absent or blank) and the person holding it when
        exactly one does (else -1)."""
        found = positions_in(keys, self.keys)
        held = np.where(found >= 0, self.count[np.maximum(found, 0)], 0)
        found = np.where(held > 0, found, -1)
        single = held == 1
        position = np.where(single, self.members[self.start[np.maximum(found, 0)]], -1)
        return found, position

    def holders(self, key_numbers: np.ndarray, limit: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """(query index, person) pairs: the first ``limit`` people holding each key."""
        take = np.minimum(self.count[key_numbers], limit)
        query = np.repeat(np.arange(len(key_numbers)), take)
        offset = np.arange(take.sum()) - np.repeat(np.cumsum(take) - take, take)
        return query, self.members[self.start[key_numbers[query]] + offset]


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
        self._name = _Index(names)
        self._nick = _Index(_canonical_first_names(names))
        self._words: _RosterBlocks | None = None

    def describe(self, position: int) -> str:
        """``Name (id X)`` for a roster position."""
        return f"{self._labels.iloc[position]} (id {self._ids.iloc[position]})"

    def _describe_many(self, query: np.ndarray, positions: np.ndarray, n_queries: int) -> np.ndarray:
        """"could be A (id 1) or B (id 2)" per query from (query, person) pairs, in pair order."""
        text = (self._labels.to_numpy(dtype=object)[positions] + " (id "
                + self._ids.to_numpy(dtype=object)[positions] + ")")
        joined = pd.Series(text).groupby(query, sort=True).agg(" or ".join)
        out = np.full(n_queries, "", dtype=object)
        out[joined.index.to_numpy()] = "could be " + joined.to_numpy(dtype=object)
        return out

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
        # A large roster's blocking keys for fuzzy matching are made in a second process while
        # this one does the exact matching (the words need the roster alone).
        words = self._roster_words_ahead()
        # Work once per distinct text, then spread the answers back to every row.
        codes, uniques = pd.factorize(typed)
        unique = pd.Series(np.asarray(uniques, dtype=object)).astype(str)
        m = len(unique)
        position = np.full(m, -1, dtype=np.int64)
        method = np.full(m, "unresolved", dtype=object)
        score = np.full(m, np.nan)
        detail = np.full(m, "", dtype=object)
        method[(unique == "").to_numpy()] = "blank"

        def pending() -> np.ndarray:
            return np.flatnonzero(method == "unresolved")

        todo = pending()
        # Excel turns id 17 into 17.0; accept that form too.
        as_id = pd.Series(pc.replace_substring_regex(_arrow(unique.iloc[todo]), r"^(\d+)\.0+$", r"\1")
                          .to_numpy(zero_copy_only=False), dtype=object)
        found = positions_in(as_id, self._ids)
        position[todo[found >= 0]] = found[found >= 0]
        method[todo[found >= 0]] = "id"

        def exact(rows: np.ndarray, keys: pd.Series, index: _Index, name: str) -> None:
            key, person = index.lookup(keys)
            hit = person >= 0
            position[rows[hit]] = person[hit]
            method[rows[hit]] = name
            shared = np.flatnonzero((key >= 0) & ~hit)
            if len(shared):
                query, people = index.holders(key[shared])
                method[rows[shared]] = "ambiguous"
                detail[rows[shared]] = self._describe_many(query, people, len(shared))

        todo = pending()
        exact(todo, unique.iloc[todo].str.casefold(), self._email, "email")
        todo = pending()
        normalised = pd.Series(normalise_names(unique.iloc[todo]).to_numpy(dtype=object), index=todo)
        exact(todo, normalised, self._name, "name")
        todo = pending()
        canonical = _canonical_first_names(normalised.loc[todo])
        exact(todo, canonical, self._nick, "nickname")
        todo = pending()
        queries = normalised.loc[todo]
        queries = queries[queries.to_numpy() != ""]
        if words is not None:
            self._words = words.result()
        if len(queries):
            rows, person, best, text = self._fuzzy_in_parts(queries.to_numpy(dtype=object))
            rows = queries.index.to_numpy()[rows]
            position[rows] = person
            method[rows] = np.where(person >= 0, "fuzzy", "ambiguous")
            score[rows] = np.where(person >= 0, np.round(best, 1), best)
            detail[rows] = text
        return pd.DataFrame({"position": position[codes], "method": method[codes], "score": score[codes],
                             "detail": detail[codes]}, index=typed.index)

    def _scored_pairs(self, queries: np.ndarray):
        """Yield (query, roster-name key, score) arrays for pairs scoring at least the threshold.

        A small roster is scored in full, as query x name matrices (``cdist``); a large one
        only on the pairs that share a blocking key (:func:`_block_keys`), scored in batches
        of pairs (``cpdist``). Either way each call covers many queries at once, in C++ on
        every core.
        """
        names = self._name.keys.to_numpy(dtype=object)
        choices = np.flatnonzero(self._name.count > 0)
        cutoff = self.fuzzy_threshold
        if len(choices) <= FULL_SCAN_LIMIT:
            step = max(1, _MAX_CELLS // max(1, len(choices)))
            for start in range(0, len(queries), step):
                part = np.arange(start, min(start + step, len(queries)))
                best = np.maximum(
                    *(process.cdist(queries[part], names[choices], scorer=scorer, dtype=np.float32,
                                    score_cutoff=cutoff, workers=-1)
                      for scorer in (fuzz.ratio, fuzz.token_sort_ratio)))
                r, c = np.nonzero(best >= cutoff)
                yield part[r], choices[c], best[r, c].astype(float)
            return
        words = self._roster_words()
        roster = words.frame
        asked = _block_keys(pd.Series(queries), spread=1)
        # A query's key that no roster name has pairs with no one (code -1 matches no row).
        asked = pd.DataFrame({"block": words.blocks.get_indexer(asked["block"].to_numpy(dtype=object)),
                              "query": asked["owner"].to_numpy(),
                              "first_query": words.firsts.get_indexer(asked["first"].to_numpy(dtype=object)),
                              "by_last": asked["block"].str.contains("|l", regex=False).to_numpy()})
        asked = asked[asked["block"].to_numpy() >= 0]
        # Queries in batches of about _MAX_PAIRS candidate pairs, so memory stays bounded.
        cost = np.bincount(asked["query"].to_numpy(), weights=words.block_size[asked["block"].to_numpy()],
                           minlength=len(queries))
        batch = (np.cumsum(cost) // _MAX_PAIRS).astype(np.int64)
        q_len_all = pd.Series(queries).str.len().to_numpy()
        k_len_all = words.key_length
        for _, part in asked.groupby(batch[asked["query"].to_numpy()], sort=True):
            pairs = part.merge(roster, on="block")
            # A last-letter key pairs names whose other words also start alike only when the
            # first-letter key already did: score those pairs once.
            again = pairs["by_last"].to_numpy() & (pairs["first_query"].to_numpy() == pairs["first_key"].to_numpy())
            query, key = pairs["query"].to_numpy(np.int64)[~again], pairs["key"].to_numpy(np.int64)[~again]
            # Both scorers are at most 200 * shorter / (sum of lengths): drop pairs whose
            # lengths alone rule out the threshold before scoring anything.
            q_len, k_len = q_len_all[query], k_len_all[key]
            possible = 200 * np.minimum(q_len, k_len) >= cutoff * (q_len + k_len)
            query, key = query[possible], key[possible]
            if len(query) == 0:
                continue
            best = np.maximum(
                *(process.cpdist(queries[query], names[key], scorer=scorer, dtype=np.float32,
                                 score_cutoff=cutoff, workers=-1)
                  for scorer in (fuzz.ratio, fuzz.token_sort_ratio)))
            hit = best >= cutoff
            yield query[hit], key[hit], best[hit].astype(float)

    def _roster_words(self) -> _RosterBlocks:
        """The blocking keys (:func:`_block_keys`) of the roster's names, made once."""
        if self._words is None:
            choices = np.flatnonzero(self._name.count > 0)
            self._words = _RosterBlocks.of(
                _block_keys(pd.Series(self._name.keys.to_numpy(dtype=object)[choices], index=choices)),
                self._name.keys.str.len().to_numpy())
        return self._words

    def prepare_fuzzy(self) -> None:
        """Make the roster's blocking keys for fuzzy matching now (a large roster's), so that
        :meth:`resolve` finds them made (say, when this resolver was built in a second process)."""
        if np.count_nonzero(self._name.count > 0) > FULL_SCAN_LIMIT:
            self._roster_words()

    def _roster_words_ahead(self):
        """:meth:`_roster_words` started in a second process (a ``Background``), or None when
        the roster is scanned in full, the words exist already or no second process is used."""
        from .._parallel import Background, parallel_enabled

        if (self._words is not None or np.count_nonzero(self._name.count > 0) <= FULL_SCAN_LIMIT
                or not parallel_enabled(len(self._ids))):
            return None
        return Background(self._roster_words, enabled=True)

    def _fuzzy_in_parts(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_fuzzy`, for a large roster with half the queries in a second process.

        Each query's answer depends on it and the roster alone, so the halves join into
        the answer of one call. The roster's blocking keys are made first, once, for both.
        """
        from .._parallel import Background, parallel_enabled

        if len(queries) < FUZZY_SPLIT_MIN_QUERIES or not parallel_enabled(len(self._ids)):
            return self._fuzzy(queries)
        if np.count_nonzero(self._name.count > 0) > FULL_SCAN_LIMIT:
            self._roster_words()  # made here, once, not in each process
        half = len(queries) // 2
        second = Background(self._fuzzy, queries[half:], enabled=True)
        first = self._fuzzy(queries[:half])
        rest = second.result()
        return (np.concatenate([first[0], rest[0] + half]), *(np.concatenate([a, b]) for a, b in zip(first[1:], rest[1:])))

    def _fuzzy(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Best fuzzy match of each query: (query index, person or -1 if ambiguous, score, detail)
        for the queries with a match above the threshold."""
        parts = list(self._scored_pairs(queries))
        found = pd.DataFrame({"query": np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64),
                              "key": np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64),
                              "score": np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)})
        if found.empty:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=object)
        # A name sharing two words with a query was scored twice: keep the pair once.
        found = found.drop_duplicates(["query", "key"])
        found["name"] = self._name.keys.to_numpy(dtype=object)[found["key"].to_numpy()]
        # Best first; equal scores in name order, so the answer never depends on roster order.
        found = found.sort_values(["query", "score", "name"], ascending=[True, False, True], kind="stable")
        top = found.groupby("query", sort=False)["score"].transform("first").to_numpy()
        found = found[found["score"].to_numpy() >= top - self.ambiguity_margin]
        # Rivals within the margin, or one name held by several people: ambiguous.
        total = pd.Series(self._name.count[found["key"].to_numpy()]).groupby(found["query"].to_numpy()).sum()
        first = found.drop_duplicates("query")
        q_out = first["query"].to_numpy()
        unique_hit = total.loc[q_out].to_numpy() == 1
        person = np.where(unique_hit, self._name.members[self._name.start[first["key"].to_numpy()]], -1)
        detail = np.full(len(q_out), "", dtype=object)
        p = person[unique_hit]
        detail[unique_hit] = (self._labels.to_numpy(dtype=object)[p] + " (id "
                              + self._ids.to_numpy(dtype=object)[p] + ")")
        if not unique_hit.all():
            rival = found[~np.isin(found["query"].to_numpy(), q_out[unique_hit])]
            which = np.searchsorted(q_out, rival["query"].to_numpy())  # q_out is sorted
            pair_q, pair_p = self._name.holders(rival["key"].to_numpy())
            owner = which[pair_q]
            order = np.argsort(owner, kind="stable")
            owner, pair_p = owner[order], pair_p[order]
            keep = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left") < 5
            detail[~unique_hit] = self._describe_many(owner[keep], pair_p[keep], len(q_out))[~unique_hit]
        return q_out, person, first["score"].to_numpy(dtype=float), detail
