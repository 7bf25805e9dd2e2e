"""Adoption metrics beyond logins, as Ibis expressions (science.md 4.4, 4.5, 4.7).

Week ``k`` is ``[go-live + 7(k-1) days, go-live + 7k days)``; days and weeks are counted
in UTC from go-live at 00:00 UTC. Every expression here runs unchanged on DuckDB and on
Spark; the results that leave the engine are small (per group and week, or per person).

Definitions (per group and week):

* ``eligible`` - people of the group with at least one relevant core feature (everyone
  when no relevance columns are given);
* ``active`` - eligible people with at least one event of the new system in the week;
* ``active_share = active / eligible``;
* ``breadth`` - mean over active people of distinct relevant core features used in the
  week / relevant core features;
* ``depth`` - the group's new-system events / (new-system + legacy events);
* ``habit`` - mean over active people of distinct days with a new-system event / 5
  (weekend use can lift it above 1);
* ``reverted`` - people active the week before with only legacy events this week.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from .engine import fetch, fetch_scalar, materialise, utc_seconds
from .engine import trim

__all__ = ["EventStats", "clean_events", "person_weeks", "group_weeks", "retention", "person_summary"]

DAY = 86_400
WEEK = 7 * DAY
WORKDAYS = 5


@dataclass
class EventStats:
    """Counts of what reading the event log kept, dropped and repaired."""

    rows: int
    bad_timestamp: int
    before_go_live: int
    after_last_week: int
    unknown_person: int
    duplicates: int
    kept: int
    last_week_seen: int
    unknown_ids: pd.DataFrame  # key, events (most frequent first)
    bad_examples: list


def clean_events(raw: ibis.Table, lookup: ibis.Table, *, go_live_seconds: int,
                 n_weeks: int | None, con, name: str, max_unknown_listed: int = 200) -> tuple[ibis.Table, EventStats, int]:
    """Resolve people, parse timestamps, drop duplicates; keep weeks ``1..n_weeks``.

    ``lookup`` maps ``key`` (an id, or a lower-case e-mail) to ``idx`` (the person's
    position). Returns the clean events (``idx, week, day, event, legacy, n``), what was
    dropped, and the number of weeks (the last week seen when ``n_weeks`` is None).
    """
    # DuckDB's strip is right and fast; elsewhere a regular expression (see engine.trim).
    _trim = (lambda c: c.strip()) if con.name == "duckdb" else trim
    person = _trim(raw.person_id.cast("string"))
    key = ibis.ifelse(person.contains("@"), person.lower(), person)
    system = _trim(raw.system.cast("string")).lower() if "system" in raw.columns else ibis.literal("")
    count = (_trim(raw["count"].cast("string")).try_cast("int64") if "count" in raw.columns
             else ibis.literal(1, "int64"))
    sec = utc_seconds(raw.timestamp, _trim)
    base = raw.select(key=key, sec=sec, event=_trim(raw.event.cast("string")),
                      legacy=(system == "legacy").fill_null(False), n=count.fill_null(1),
                      ts_text=raw.timestamp.cast("string"))
    # Floor, not truncation: an event a few hours before go-live belongs to week 0.
    base = base.mutate(week=(((base.sec - go_live_seconds) / WEEK).floor() + 1).cast("int64"))

    joined = join(base, lookup, ["key"], "left")
    known = joined.idx.notnull() & joined.sec.notnull()
    stats = fetch(joined.aggregate(
        rows=joined.count(),
        bad_timestamp=joined.sec.isnull().sum().cast("int64"),
        before=(joined.week < 1).sum().cast("int64"),
        unknown=(joined.idx.isnull() & joined.sec.notnull()).sum().cast("int64"),
        max_week=joined.week.max(where=joined.idx.notnull()),
        late=(joined.week > (n_weeks if n_weeks is not None else 10**9)).sum().cast("int64"),
    )).iloc[0]
    last_seen = int(stats["max_week"]) if pd.notna(stats["max_week"]) else 0
    weeks = n_weeks if n_weeks is not None else max(last_seen, 1)

    unknown_ids = pd.DataFrame({"key": pd.Series(dtype=str), "events": pd.Series(dtype="int64")})
    if stats["unknown"]:
        unknown = joined.filter(joined.idx.isnull() & joined.sec.notnull())
        unknown_ids = fetch(unknown.group_by("key").aggregate(events=unknown.count())
                            .order_by([ibis.desc("events"), "key"]).limit(max_unknown_listed))
    bad_examples = (fetch(joined.filter(joined.sec.isnull()).select("ts_text").limit(5))["ts_text"].tolist()
                    if stats["bad_timestamp"] else [])

    kept = joined.filter(known & (joined.week >= 1) & (joined.week <= weeks))
    # An exact repeat (same person, instant, event, system and count) is one event logged twice:
    # grouping keeps one row and counts the copies, in the same pass.
    clean = kept.group_by(["idx", "sec", "event", "legacy", "n", "week"]).aggregate(copies=kept.count())
    clean = materialise(clean.mutate(day=((clean.sec - go_live_seconds) / DAY).floor().cast("int64")).drop("sec"),
                        con, name)
    counted = fetch(clean.aggregate(rows=clean.count(), copies=clean.copies.sum())).iloc[0]
    n_clean, n_kept = int(counted["rows"]), int(counted["copies"] or 0)
    after = int(stats["late"]) if n_weeks is not None else 0
    return clean, EventStats(
        rows=int(stats["rows"]), bad_timestamp=int(stats["bad_timestamp"]), before_go_live=int(stats["before"]),
        after_last_week=int(after), unknown_person=int(stats["unknown"]), duplicates=n_kept - n_clean,
        kept=n_clean, last_week_seen=last_seen, unknown_ids=unknown_ids, bad_examples=bad_examples), weeks


def person_weeks(events: ibis.Table, core_features: list[str], relevance: ibis.Table | None) -> ibis.Table:
    """One row per person and week with any event: activity, legacy use, days, core features.

    Columns ``idx, week, new_events, legacy_events, new_days, core_used``.
    """
    new = ~events.legacy
    pw = events.group_by(["idx", "week"]).aggregate(
        new_events=events.n.sum(where=new).fill_null(0),
        legacy_events=events.n.sum(where=events.legacy).fill_null(0),
        new_days=events.day.nunique(where=new),
    )
    core = core_usage(events, core_features, relevance)
    used = core.group_by(["idx", "week"]).aggregate(core_used=core.count())
    pw = join(pw, used, ["idx", "week"], "left")
    return pw.mutate(core_used=pw.core_used.fill_null(0))


def core_usage(events: ibis.Table, core_features: list[str], relevance: ibis.Table | None) -> ibis.Table:
    """Distinct (person, week, feature) uses of a core feature relevant to the person, with first day."""
    core = events.filter(~events.legacy & events.event.isin(core_features))
    core = core.group_by(["idx", "week", "event"]).aggregate(first_day=core.day.min())
    if relevance is not None:
        relevant = relevance.select(idx=relevance.idx, event=relevance.feature)
        core = join(core, relevant, ["idx", "event"], "inner")
    return core


def group_weeks(pw: ibis.Table, persons: ibis.Table, members: ibis.Table) -> ibis.Table:
    """Per group and week: active, breadth and habit sums, events, reverted people.

    ``persons`` holds ``idx, eligible, n_relevant``; ``members`` holds ``idx,
    group_type, group``. Only weeks with some event appear; the caller fills the grid.
    """
    prev = pw.select(idx=pw.idx, week=pw.week + 1, prev_active=pw.new_events > 0)
    pw = join(pw, prev, ["idx", "week"], "left")
    pw = join(pw, persons, ["idx"], "inner")
    active = (pw.new_events > 0) & pw.eligible
    pw = pw.mutate(
        active=active.cast("int64"),
        breadth=ibis.ifelse(active & (pw.n_relevant > 0), pw.core_used / pw.n_relevant.cast("float64"), ibis.null()),
        habit=ibis.ifelse(active, pw.new_days / float(WORKDAYS), ibis.null()),
        reverted=(pw.prev_active.fill_null(False) & (pw.new_events == 0) & (pw.legacy_events > 0)).cast("int64"),
    )
    joined = join(members, pw, ["idx"], "inner")
    return joined.group_by(["group_type", "group", "week"]).aggregate(
        active=joined.active.sum(),
        breadth=joined.breadth.mean(),
        habit=joined.habit.mean(),
        new_events=joined.new_events.sum(),
        legacy_events=joined.legacy_events.sum(),
        reverted=joined.reverted.sum(),
    )


def retention(pw: ibis.Table, persons: ibis.Table, members: ibis.Table, weeks=(4, 8, 12)) -> ibis.Table:
    """Per group: the week 1-2 cohort (eligible, active in week 1 or 2) and how many are active at each week."""
    act = pw.filter(pw.new_events > 0)
    flags = {"cohort": act.week.isin([1, 2])}
    flags.update({f"at_{w}": act.week == w for w in weeks})
    per = act.group_by("idx").aggregate(**{k: v.any() for k, v in flags.items()})
    per = join(per, persons, ["idx"], "inner")
    per = per.filter(per.eligible & per.cohort)
    joined = join(members, per, ["idx"], "inner")
    return joined.group_by(["group_type", "group"]).aggregate(
        cohort=joined.count(), **{f"retained_{w}": joined[f"at_{w}"].cast("int64").sum() for w in weeks})


def person_summary(pw: ibis.Table, events: ibis.Table, core_features: list[str],
                   relevance: ibis.Table | None) -> ibis.Table:
    """Per person with any event: first active week, first relevant core-feature day, active weeks."""
    act = pw.filter(pw.new_events > 0)
    first = act.group_by("idx").aggregate(first_week=act.week.min(), active_weeks=act.count())
    core = core_usage(events, core_features, relevance)
    first_core = core.group_by("idx").aggregate(first_core_day=core.first_day.min())
    # A person can use a core feature in a week without being "active" only if ineligible; keep both sides.
    ids = first.select("idx").union(first_core.select("idx"))
    out = join(join(ids, first, ["idx"], "left"), first_core, ["idx"], "left")
    return out.select("idx", "first_week", "active_weeks", "first_core_day")


def join(left: ibis.Table, right: ibis.Table, keys: list[str], how: str) -> ibis.Table:
    """Join on equal key columns, keeping one copy of each key (the left side's)."""
    predicate = [left[k] == right[k] for k in keys]
    joined = left.join(right, predicate, how=how)
    others = [c for c in right.columns if c not in keys]
    return joined.select(*[left[c] for c in left.columns], *[right[c] for c in others])


def fill_grid(weekly: pd.DataFrame, groups: pd.DataFrame, n_weeks: int) -> pd.DataFrame:
    """Every group and week (weeks without events count zero active people)."""
    grid = groups.merge(pd.DataFrame({"week": np.arange(1, n_weeks + 1)}), how="cross")
    out = grid.merge(weekly, on=["group_type", "group", "week"], how="left")
    for column in ("active", "new_events", "legacy_events", "reverted"):
        out[column] = out[column].fillna(0).astype("int64")
    return out
