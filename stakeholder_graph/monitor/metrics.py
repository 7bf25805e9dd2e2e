"""Adoption metrics beyond logins, as Ibis expressions (science.md 4.4, 4.5, 4.7).

Week ``k`` is ``[go-live + 7(k-1) days, go-live + 7k days)``; days and weeks are counted
in UTC from go-live at 00:00 UTC. Every expression here runs unchanged on DuckDB and on
Spark; the results that leave the engine are small (per group and week, or per person).

The event log is read once (:func:`person_week_events`): people resolved, exact repeats
removed and the events summed into one row per person and week, with the first day of each
core feature; every metric below, the data-quality counts, retention and time to core use
come from that small table.

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

import functools
import operator
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from .engine import fetch, fetch_scalar, trim, utc_seconds

__all__ = ["EventStats", "resolved_events", "person_week_events", "event_stats", "core_usage",
           "core_usage_from_events", "relevant_only", "person_weeks", "group_weeks", "retention", "person_summary"]

DAY = 86_400
WEEK = 7 * DAY
WORKDAYS = 5


#: Core features up to this many are counted in the one pass that aggregates the events
#: (one column each); beyond it (or without features.csv) a second pass lists them.
WIDE_CORE_LIMIT = 32


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


def resolved_events(raw: ibis.Table, lookup: ibis.Table, *, con) -> ibis.Table:
    """Every event with its person resolved: ``pid, sec, event, legacy, ts_text[, n], key, idx`` (not deduplicated).

    ``lookup`` maps ``key`` (an id, or a lower-case e-mail) to ``idx`` (the person's
    position); ``idx`` is null for an unknown person and ``sec`` for a bad timestamp.
    Only the columns named here are read (Parquet projection).
    """
    # DuckDB's strip is right and fast; elsewhere a regular expression (see engine.trim).
    _trim = (lambda c: c.strip()) if con.name == "duckdb" else trim
    # People are resolved once per distinct text in the log (thousands), not once per event (millions).
    pid = raw.person_id.cast("string")
    distinct = raw.select(pid=pid).distinct()
    person = _trim(distinct.pid)
    mapping = join(distinct.mutate(key=ibis.ifelse(person.contains("@"), person.lower(), person)), lookup,
                   ["key"], "left")
    system = _trim(raw.system.cast("string")).lower() if "system" in raw.columns else ibis.literal("")
    sec = utc_seconds(raw.timestamp, _trim, duckdb=con.name == "duckdb")
    columns = dict(pid=pid, sec=sec, event=_trim(raw.event.cast("string")),
                   legacy=(system == "legacy").fill_null(False),
                   ts_text=raw.timestamp.cast("string"))  # read only to quote bad timestamps
    if "count" in raw.columns:  # without it every row is one event (and n is no grouping key)
        columns["n"] = _trim(raw["count"].cast("string")).try_cast("int64").fill_null(1)
    # 32-bit positions: the grouping that removes duplicates keeps one key per event.
    mapping = mapping.mutate(idx=mapping.idx.cast("int32"))
    return join(raw.select(**columns), mapping, ["pid"], "left")


def _week(sec, go_live_seconds: int):
    # Floor, not truncation: an event a few hours before go-live belongs to week 0.
    return (((sec - go_live_seconds) / WEEK).floor() + 1).cast("int64")


def _day(sec, go_live_seconds: int):
    return ((sec - go_live_seconds) / DAY).floor().cast("int64")


def person_week_events(events: ibis.Table, *, go_live_seconds: int, core_features: list[str] | None) -> ibis.Table:
    """The one pass over the event log: duplicates removed, then one row per person and week.

    Columns ``idx, week, events, copies, new_events, legacy_events, new_days`` and, for
    each of ``core_features``, ``core_<i>`` (first day it was used in the week). Rows
    with an unknown person (``idx`` null), a bad timestamp (``week`` null) or outside the
    reported weeks are kept so that the data-quality counts come from this small table.
    """
    # An exact repeat (same person, instant, event, system and count) is one event logged twice:
    # grouping keeps one row and counts the copies.
    keys = ["idx", "sec", "event", "legacy"] + (["n"] if "n" in events.columns else [])
    dedup = events.group_by(keys).aggregate(copies=events.count())
    dedup = dedup.mutate(week=_week(dedup.sec, go_live_seconds), day=_day(dedup.sec, go_live_seconds))
    n = dedup.n if "n" in dedup.columns else ibis.literal(1, "int64")
    new = ~dedup.legacy
    # Distinct days as seven "any event on day d of the week" flags: a distinct count per group
    # costs the engine a second hash table per group (five times the rest of this pass).
    weekday = dedup.day - (dedup.week - 1) * 7
    days = [ibis.ifelse(new & (weekday == d), 1, 0).max() for d in range(7)]
    aggs = dict(events=dedup.count(), copies=dedup.copies.sum(),
                new_events=ibis.ifelse(new, n, 0).sum().fill_null(0),
                legacy_events=ibis.ifelse(dedup.legacy, n, 0).sum().fill_null(0),
                new_days=functools.reduce(operator.add, days))
    for i, feature in enumerate(core_features or []):
        aggs[f"core_{i}"] = dedup.day.min(where=new & (dedup.event == feature))
    return dedup.group_by(["idx", "week"]).aggregate(**aggs)


def event_stats(raw_pw: ibis.Table, events: ibis.Table, *, n_weeks: int | None,
                max_unknown_listed: int = 200) -> tuple[EventStats, int]:
    """What reading kept and dropped, from the person-week table (the event log is read
    again only to list unknown ids or bad timestamps, when there are any)."""
    t = raw_pw
    stats = fetch(t.aggregate(
        rows=t.copies.sum(),
        bad_timestamp=t.copies.sum(where=t.week.isnull()),
        before=t.copies.sum(where=t.week < 1),
        unknown=t.copies.sum(where=t.idx.isnull() & t.week.notnull()),
        max_week=t.week.max(where=t.idx.notnull()),
    )).iloc[0]
    count = lambda v: int(v) if pd.notna(v) else 0  # noqa: E731  (SUM over no rows is null)
    last_seen = count(stats["max_week"])
    weeks = n_weeks if n_weeks is not None else max(last_seen, 1)
    late = count(fetch_scalar(t.copies.sum(where=t.week > weeks))) if n_weeks is not None else 0
    kept = t.filter(t.idx.notnull() & (t.week >= 1) & (t.week <= weeks))
    counted = fetch(kept.aggregate(rows=kept.events.sum(), copies=kept.copies.sum())).iloc[0]
    n_clean, n_kept = count(counted["rows"]), count(counted["copies"])

    unknown_ids = pd.DataFrame({"key": pd.Series(dtype=str), "events": pd.Series(dtype="int64")})
    if count(stats["unknown"]):
        unknown = events.filter(events.idx.isnull() & events.sec.notnull())
        unknown_ids = fetch(unknown.group_by("key").aggregate(events=unknown.count())
                            .order_by([ibis.desc("events"), "key"]).limit(max_unknown_listed))
    bad_examples = (fetch(events.filter(events.sec.isnull()).select("ts_text").limit(5))["ts_text"].tolist()
                    if count(stats["bad_timestamp"]) else [])
    return EventStats(
        rows=count(stats["rows"]), bad_timestamp=count(stats["bad_timestamp"]), before_go_live=count(stats["before"]),
        after_last_week=late, unknown_person=count(stats["unknown"]), duplicates=n_kept - n_clean,
        kept=n_clean, last_week_seen=last_seen, unknown_ids=unknown_ids, bad_examples=bad_examples), weeks


def person_weeks(raw_pw: ibis.Table, core: ibis.Table, weeks: int) -> ibis.Table:
    """One row per person and week with any kept event: ``idx, week, new_events,
    legacy_events, new_days, core_used`` (distinct relevant core features used)."""
    pw = raw_pw.filter(raw_pw.idx.notnull() & (raw_pw.week >= 1) & (raw_pw.week <= weeks))
    pw = pw.select("idx", "week", "new_events", "legacy_events", "new_days")
    used = core.group_by(["idx", "week"]).aggregate(core_used=core.count())
    pw = join(pw, used, ["idx", "week"], "left")
    return pw.mutate(core_used=pw.core_used.fill_null(0))


def core_usage(raw_pw: ibis.Table, core_features: list[str], weeks: int) -> ibis.Table:
    """Distinct (person, week, feature) uses of a core feature, with first day, from the
    ``core_<i>`` columns of the person-week table."""
    kept = raw_pw.filter(raw_pw.idx.notnull() & (raw_pw.week >= 1) & (raw_pw.week <= weeks))
    parts = [kept.select("idx", "week", event=ibis.literal(feature, "string"), first_day=kept[f"core_{i}"])
             for i, feature in enumerate(core_features)]
    if not parts:
        return kept.select("idx", "week", event=ibis.literal("", "string"), first_day=kept.week).limit(0)
    core = ibis.union(*parts) if len(parts) > 1 else parts[0]
    return core.filter(core.first_day.notnull())


def core_usage_from_events(events: ibis.Table, core_features: list[str] | None, weeks: int, *,
                           go_live_seconds: int) -> ibis.Table:
    """As :func:`core_usage`, by a pass over the events (every new-system event when
    ``core_features`` is None); duplicates do not change a first day."""
    week = _week(events.sec, go_live_seconds)
    keep = events.idx.notnull() & ~events.legacy & (week >= 1) & (week <= weeks)
    if core_features is not None:
        keep &= events.event.isin(core_features)
    core = events.filter(keep)
    core = core.mutate(week=_week(core.sec, go_live_seconds), day=_day(core.sec, go_live_seconds))
    return core.group_by(["idx", "week", "event"]).aggregate(first_day=core.day.min())


def relevant_only(core: ibis.Table, relevance: ibis.Table | None) -> ibis.Table:
    """Core-feature uses that matter to the person (``relevance``: ``idx, feature`` pairs)."""
    if relevance is None:
        return core
    relevant = relevance.select(idx=relevance.idx, event=relevance.feature)
    return join(core, relevant, ["idx", "event"], "inner")


def group_weeks(pw: ibis.Table, persons: ibis.Table, members: ibis.Table) -> ibis.Table:
    """Per group and week: active, breadth and habit sums, events, reverted people.

    ``persons`` holds ``idx, eligible, n_relevant``; ``members`` holds ``idx`` and the
    group's key columns (``group_type, group``, or a number standing for them). Only weeks with some event appear; the caller fills the grid.
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
    return joined.group_by([c for c in members.columns if c != "idx"] + ["week"]).aggregate(
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
    return joined.group_by([c for c in members.columns if c != "idx"]).aggregate(
        cohort=joined.count(), **{f"retained_{w}": joined[f"at_{w}"].cast("int64").sum() for w in weeks})


def person_summary(pw: ibis.Table, core: ibis.Table) -> ibis.Table:
    """Per person with any event: first active week, first relevant core-feature day, active weeks."""
    act = pw.filter(pw.new_events > 0)
    first = act.group_by("idx").aggregate(first_week=act.week.min(), active_weeks=act.count())
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
