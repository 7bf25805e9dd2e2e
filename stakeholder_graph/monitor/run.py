"""``monitor``: the feedback loop after go-live, one call shared by the CLI and notebooks."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import InvalidParameterError, InvalidValueError, MissingColumnError
from ..io.org import sort_waves
from ..io.quality import DataQualityReport
from ..io.tables import find_table, read_table, ROW
from .alerts import (ALERT_COLUMNS, AlertRules, adoption_alerts, attitude_alerts, champion_alerts,
                     comment_alerts)
from .diffusion import champion_effect, exposure_at_adoption, hazard_model
from .engine import connect, fetch, materialise, release, table_source, usage_source
from .feedback import DEFAULT_THEMES, attitude_trend, comment_themes, wave_week
from .metrics import (WIDE_CORE_LIMIT, core_usage, core_usage_from_events, event_stats, fill_grid, group_weeks,
                      person_summary, person_week_events, person_weeks, relevant_only, resolved_events, retention)

__all__ = ["MonitorResult", "monitor", "monitor_analysis", "read_features", "find_usage", "group_members",
           "success_metrics_measured", "WEEKLY_COLUMNS", "ORGANISATION"]

WEEKLY_COLUMNS = ["group_type", "group", "week", "eligible", "active", "active_share", "breadth", "depth", "habit"]
#: The group label of the whole organisation.
ORGANISATION = "organisation"
RETENTION_WEEKS = (4, 8, 12)
GROUP_ORDER = {"organisation": 0, "department": 1, "cluster": 2, "champion": 3}
TRUE_WORDS = {"true", "t", "yes", "y", "1", "x"}


@dataclass
class MonitorResult:
    """What the monitor measured, as plain tables (groups under the minimum size removed).

    Attributes
    ----------
    adoption_weekly : pandas.DataFrame
        ``group_type, group, week, eligible, active, active_share, breadth, depth, habit``
        plus ``new_events, legacy_events, reverted, reversion_rate``.
    adoption_summary : pandas.DataFrame
        Per group: eligible, adopted (ever active), retention of the week 1-2 cohort at
        weeks 4, 8, 12, people who used a core feature and the median days to the first use.
    attitude_trend : pandas.DataFrame
        ``group_type, group, wave, respondents, mean_attitude, share_resistant``.
    alerts : pandas.DataFrame
        ``week, group_type, group, signal, value, threshold, message``.
    comment_themes : pandas.DataFrame
        ``group_type, group, week, theme, comments``.
    champion_effect : pandas.DataFrame
        Cumulative adoption of people matched to a champion versus not.
    hazard : dict
        The discrete-time hazard model (``table``, ``n_people``, ...).
    exposure : pandas.DataFrame
        Per person: alters, adoption week, exposure at adoption. Individual: not exported
        unless asked for.
    success_metrics : pandas.DataFrame
        The success-metrics sheet with measured values against its targets.
    quality : DataQualityReport
        What reading the event log dropped or repaired.
    parameters : dict
        Go-live, weeks, rules, backend, minimum group size.
    timings : dict
        Wall and CPU seconds of each step (``{step: (wall, cpu)}``; CPU of all threads of
        this process, DuckDB's included), for benchmarks. Not written with the results.
    """

    adoption_weekly: pd.DataFrame
    adoption_summary: pd.DataFrame
    attitude_trend: pd.DataFrame
    alerts: pd.DataFrame
    comment_themes: pd.DataFrame
    champion_effect: pd.DataFrame
    hazard: dict
    exposure: pd.DataFrame
    success_metrics: pd.DataFrame
    quality: DataQualityReport
    parameters: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        groups = self.adoption_weekly.groupby("group_type")["group"].nunique().to_dict()
        return (f"MonitorResult({self.parameters.get('weeks')} weeks from {self.parameters.get('go_live')}, "
                f"groups {groups}, {len(self.alerts)} alerts)")


# --------------------------------------------------------------------------- inputs

def find_usage(folder: str | Path) -> Path | None:
    """``usage.parquet``, ``usage.csv`` or a ``usage/`` folder of Parquet files in an organisation folder."""
    folder = Path(folder)
    for name in ("usage.parquet", "usage.csv", "usage"):
        if (folder / name).exists():
            return folder / name
    return None


def read_features(path: str | Path) -> pd.DataFrame:
    """Read ``features.csv``: ``feature, core`` and optional relevance ``department`` / ``title``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "features.csv"
    >>> _ = p.write_text("feature,core,department\\nquote,true,Sales\\nsearch,false,\\n")
    >>> read_features(p)[["feature", "core", "department"]].values.tolist()
    [['quote', True, 'Sales'], ['search', False, '']]
    """
    frame = read_table(Path(path), table="features")
    file = Path(path).name
    problems = []
    for column in ("feature", "core"):
        if column not in frame:
            problems.append(dict(file=file, column=column, problem=f"required column '{column}' is missing; "
                                 f"columns found: {[c for c in frame.columns if c != ROW]}",
                                 action="features.csv needs feature and core (true/false) columns."))
    if problems:
        raise MissingColumnError(pd.DataFrame(problems))
    core = frame["core"].str.strip().str.casefold()
    bad = ~core.isin(TRUE_WORDS | {"false", "f", "no", "n", "0", ""})
    if bad.any():
        raise InvalidValueError(pd.DataFrame({"file": file, "row": frame.loc[bad, ROW], "column": "core",
                                              "value": frame.loc[bad, "core"], "problem": "not a true/false value",
                                              "action": "Write true for a core feature, false otherwise."}))
    frame["core"] = core.isin(TRUE_WORDS)
    frame["feature"] = frame["feature"].str.strip()
    for column in ("department", "title"):
        if column not in frame:
            frame[column] = ""
    return frame.drop(columns=[ROW])


def group_members(people: pd.DataFrame) -> pd.DataFrame:
    """Who belongs to which group: ``id, group_type, group``.

    Groups are the organisation, each department, each resistance cluster
    (``community``) and each champion's matched colleagues (``assigned_champion``,
    labelled ``Name (id)``).

    Examples
    --------
    >>> people = pd.DataFrame({"id": ["1", "2"], "name": ["Ana", "Bo"], "department": ["IT", "IT"],
    ...                        "assigned_champion": ["2", "2"]})
    >>> group_members(people)["group"].tolist()
    ['organisation', 'organisation', 'IT', 'IT', 'Bo (2)', 'Bo (2)']
    """
    ids = people["id"].astype(str)
    parts = [pd.DataFrame({"id": ids, "group_type": "organisation", "group": ORGANISATION})]
    if "department" in people:
        parts.append(pd.DataFrame({"id": ids, "group_type": "department", "group": people["department"].astype(str)}))
    if "community" in people:
        known = people["community"].notna()
        parts.append(pd.DataFrame({"id": ids[known], "group_type": "cluster",
                                   "group": people.loc[known, "community"].astype("Int64").astype(str)}))
    if "assigned_champion" in people:
        champ = people["assigned_champion"].fillna("").astype(str)
        name = pd.Series(people["name"].astype(str).to_numpy(), index=ids)
        known = champ != ""
        label = name.reindex(champ[known]).fillna(champ[known]).to_numpy() + " (" + champ[known].to_numpy() + ")"
        parts.append(pd.DataFrame({"id": ids[known], "group_type": "champion", "group": label}))
    return pd.concat(parts, ignore_index=True)


def _relevance(people: pd.DataFrame, features: pd.DataFrame | None,
               core_features: list[str]) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Person-feature pairs where a core feature matters (None: every core feature for everyone)."""
    n = len(people)
    if features is None:
        return None, np.full(n, len(core_features))
    core = features[features["core"]]
    if not (core[["department", "title"]] != "").any().any():
        return None, np.full(n, len(core_features))
    persons = pd.DataFrame({"idx": np.arange(n), "department": people["department"].astype(str).to_numpy(),
                            "title": people.get("title", pd.Series("", index=people.index)).astype(str).to_numpy()})
    parts = []
    for (dept, title), rows in core.groupby(["department", "title"], sort=False):
        mask = np.ones(n, bool)
        if dept:
            mask &= persons["department"].to_numpy() == dept
        if title:
            mask &= persons["title"].to_numpy() == title
        idx = np.flatnonzero(mask)
        parts.append(pd.DataFrame({"idx": np.repeat(idx, len(rows)),
                                   "feature": np.tile(rows["feature"].to_numpy(), len(idx))}))
    pairs = pd.concat(parts, ignore_index=True).drop_duplicates()
    n_relevant = np.bincount(pairs["idx"].to_numpy(), minlength=n)
    return pairs, n_relevant


# --------------------------------------------------------------------------- the run

class _Steps:
    """Wall and CPU seconds per named step (CPU: every thread of the process, the engine's included).

    ``lap(name)`` charges the time since the previous lap to ``name``.
    """

    def __init__(self):
        self.times: dict[str, tuple[float, float]] = {}
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        before = self.times.get(name, (0.0, 0.0))
        self.times[name] = (round(before[0] + wall - self._wall, 3), round(before[1] + cpu - self._cpu, 3))
        self._wall, self._cpu = wall, cpu


def monitor(people: pd.DataFrame, usage, *, go_live, features: pd.DataFrame | None = None,
            weeks: int | None = None, nominations: pd.DataFrame | None = None,
            attitude_waves: pd.DataFrame | None = None, comments: pd.DataFrame | None = None,
            rules: AlertRules | dict | None = None, min_group_size: int = 5, con=None,
            likert_scale: tuple[int, int] = (1, 5), relation: str = "help",
            themes: dict[str, list[str]] | None = None, comment_group: str = "department") -> MonitorResult:
    """Adoption week by week and group by group, attitude trends, alerts and diffusion evidence.

    Parameters
    ----------
    people : pandas.DataFrame
        One row per person: ``id``, ``name``, ``department`` and optionally ``email``,
        ``title``, ``community`` (resistance cluster), ``assigned_champion``,
        ``is_champion`` (``Analysis.people`` joined with the e-mails).
    usage : path, pandas.DataFrame, Ibis table or table name
        The event log: ``person_id`` (id or e-mail), ``timestamp`` (ISO 8601), ``event``,
        optional ``system`` (``legacy`` = the tools being replaced) and ``count``.
    go_live : str or datetime
        Go-live date; week 1 starts at its 00:00 UTC.
    features : pandas.DataFrame, optional
        :func:`read_features`; without it every new-system event is a core feature.
    weeks : int, optional
        Weeks to report (default: up to the last week with events).
    nominations, attitude_waves : pandas.DataFrame, optional
        ``OrgData.nominations`` (all waves) and ``OrgData.attitude_waves``.
    comments : pandas.DataFrame, optional
        Anonymous comments ``timestamp, department, text``.
    rules : AlertRules or dict, optional
        Alert thresholds.
    min_group_size : int, default=5
        Groups (and comment groups) with fewer eligible people are left out.
    con : Ibis backend, optional
        Where the events are computed (default: a new in-process DuckDB).

    Returns
    -------
    MonitorResult

    Examples
    --------
    >>> people = pd.DataFrame({"id": list("abcdef"), "name": list("ABCDEF"), "department": "Sales"})
    >>> usage = pd.DataFrame({"person_id": list("abcde") + ["a"], "event": "quote",
    ...                       "timestamp": ["2027-03-01T09:00:00Z"] * 5 + ["2027-03-09T09:00:00Z"]})
    >>> result = monitor(people, usage, go_live="2027-03-01")
    >>> result.adoption_weekly.query("group_type == 'organisation'")[["week", "eligible", "active", "active_share"]]
       week  eligible  active  active_share
    0     1         6       5         0.833
    1     2         6       1         0.167
    """
    rules = AlertRules.from_dict(rules) if isinstance(rules, dict) else (rules or AlertRules())
    if min_group_size < 1:
        raise InvalidParameterError("min_group_size", "an integer >= 1", min_group_size)
    try:
        go = pd.Timestamp(go_live)
    except (ValueError, TypeError):
        raise InvalidParameterError("go_live", "a date such as 2027-03-01", go_live) from None
    go = go.tz_convert("UTC").tz_localize(None) if go.tz is not None else go
    go_seconds = int(go.value // 1_000_000_000)
    con = con if con is not None else connect()

    people = people.reset_index(drop=True)
    ids = people["id"].astype(str)
    keys = [pd.DataFrame({"key": ids.to_numpy(), "idx": np.arange(len(people))})]
    if "email" in people:
        email = people["email"].fillna("").astype(str).str.strip().str.lower()
        has = (email != "") & ~email.duplicated(keep=False)
        keys.append(pd.DataFrame({"key": email[has].to_numpy(), "idx": np.flatnonzero(has.to_numpy())}))
    lookup = pd.concat(keys, ignore_index=True).drop_duplicates("key")

    raw, usage_name = usage_source(usage, con)
    # statsmodels (and scipy.stats) take seconds to import; the engine reads the log meanwhile.
    threading.Thread(target=_import_statsmodels, daemon=True).start()
    tag = uuid.uuid4().hex[:8]
    temp = [f"sg_events_{tag}", f"sg_person_weeks_{tag}", f"sg_core_{tag}"]
    try:
        return _run(people, ids, lookup, raw, usage_name, con, temp, go, go_seconds, weeks, features, nominations,
                    attitude_waves, comments, rules, min_group_size, likert_scale, relation, themes, comment_group)
    finally:
        release(con, temp)


def _run(people, ids, lookup, raw, usage_name, con, temp, go, go_seconds, weeks, features, nominations,
         attitude_waves, comments, rules, min_group_size, likert_scale, relation, themes, comment_group):
    steps = _Steps()
    quality = DataQualityReport()
    events = resolved_events(raw, table_source(lookup, con), con=con)
    core_features = (sorted(features.loc[features["core"], "feature"].unique()) if features is not None else None)
    wide = core_features is not None and len(core_features) <= WIDE_CORE_LIMIT
    # The one pass over the event log; everything after reads this per-person-week table.
    raw_pw = materialise(person_week_events(events, go_live_seconds=go_seconds,
                                            core_features=core_features if wide else None), con, temp[0])
    steps.lap("read events into the person-week table")
    stats, n_weeks = event_stats(raw_pw, events, n_weeks=weeks)
    _report_events(quality, usage_name, stats, n_weeks)
    steps.lap("data-quality counts")
    if wide:
        core_all = core_usage(raw_pw, core_features, n_weeks)
    else:
        # Many core features, or none listed (every new-system event is one): a second pass.
        core_all = materialise(core_usage_from_events(events, core_features, n_weeks, go_live_seconds=go_seconds),
                               con, temp[2])
        if core_features is None:
            core_features = sorted(fetch(core_all.select("event").distinct())["event"])
    relevance, n_relevant = _relevance(people, features, core_features)
    eligible = n_relevant > 0
    persons = pd.DataFrame({"idx": np.arange(len(people)), "eligible": eligible, "n_relevant": n_relevant})
    members = group_members(people)
    members["idx"] = pd.Index(ids).get_indexer(members["id"])
    elig_members = members[eligible[members["idx"].to_numpy()]]
    sizes = (elig_members.groupby(["group_type", "group"], sort=False).size().rename("eligible").reset_index())
    shown = sizes[sizes["eligible"] >= min_group_size]

    persons_t = table_source(persons, con)
    # Groups travel to the engine as numbers (thousands of labels joined to millions of person-weeks).
    gid = members.groupby(["group_type", "group"], sort=False).ngroup().to_numpy()
    labels = members[["group_type", "group"]].drop_duplicates().reset_index(drop=True)
    labels.insert(0, "gid", np.arange(len(labels)))
    members_t = table_source(pd.DataFrame({"idx": members["idx"].to_numpy(), "gid": gid}), con)
    relevance_t = table_source(relevance, con) if relevance is not None else None
    core = relevant_only(core_all, relevance_t)
    steps.lap("groups and relevance")
    pw = materialise(person_weeks(raw_pw, core, n_weeks), con, temp[1])
    steps.lap("person-week metrics")
    weekly_raw = labels.merge(fetch(group_weeks(pw, persons_t, members_t)), on="gid").drop(columns="gid")
    weekly = fill_grid(weekly_raw, shown, n_weeks)
    weekly = _weekly_shares(weekly)
    steps.lap("weekly metrics per group")

    summary_ibis = labels.merge(fetch(retention(pw, persons_t, members_t, RETENTION_WEEKS)), on="gid").drop(columns="gid")
    steps.lap("retention")
    per_person = fetch(person_summary(pw, core))
    first_week = pd.Series(np.nan, index=ids.to_numpy())
    first_core = pd.Series(np.nan, index=ids.to_numpy())
    if len(per_person):
        pos = per_person["idx"].to_numpy(dtype=int)
        first_week.iloc[pos] = per_person["first_week"].to_numpy(dtype=float)
        first_core.iloc[pos] = per_person["first_core_day"].to_numpy(dtype=float)
    first_week[~eligible] = np.nan
    summary = _summary(shown, members, eligible, first_week, first_core, summary_ibis)
    steps.lap("time to core use")

    # Network: the latest wave of the help relation drives exposure and champion load.
    edges = _latest_edges(nominations, relation)
    exposure = exposure_at_adoption(first_week, edges)
    dept = pd.Series(people["department"].astype(str).to_numpy(), index=ids.to_numpy())
    hazard = hazard_model(first_week[eligible], edges, dept, n_weeks)
    matched = pd.Series(False, index=ids.to_numpy())
    if "assigned_champion" in people:
        champ = people["assigned_champion"].fillna("").astype(str).to_numpy()
        is_champ = people.get("is_champion", pd.Series(False, index=people.index)).fillna(False).astype(bool)
        matched[:] = (champ != "") & (champ != ids.to_numpy()) & ~is_champ.to_numpy()
    effect = champion_effect(first_week[eligible], matched[eligible], n_weeks, min_group_size=min_group_size)
    steps.lap("exposure, hazard model, champion effect")

    trend = attitude_trend(attitude_waves, members[members["idx"] >= 0][["id", "group_type", "group"]],
                           scale=likert_scale, min_group_size=min_group_size)
    steps.lap("attitude trends")
    group_sizes = people[comment_group].astype(str).value_counts() if comment_group in people else None
    themes_table = comment_themes(comments, go_live=go, group_column=comment_group, group_sizes=group_sizes,
                                  min_group_size=min_group_size, themes=themes)
    steps.lap("comments")

    waves = sort_waves(attitude_waves["wave"]) if attitude_waves is not None and len(attitude_waves) else []
    load = _champion_load(people, edges, shown)
    alerts = pd.concat([
        adoption_alerts(weekly, rules),
        attitude_alerts(trend, rules, {w: wave_week(w, go) for w in waves}),
        champion_alerts(load, weekly, rules, n_weeks),
        comment_alerts(themes_table, rules),
    ], ignore_index=True)
    alerts = _order_alerts(alerts)

    org_weekly = weekly[weekly["group_type"] == "organisation"]
    org_summary = summary[summary["group_type"] == "organisation"]
    sheet = success_metrics_measured(org_weekly, org_summary, load, rules)
    steps.lap("alerts and success metrics")
    parameters = dict(go_live=str(go.date()), weeks=n_weeks, min_group_size=min_group_size, backend=con.name,
                      rules=rules, core_features=core_features, relation=relation,
                      themes=themes or DEFAULT_THEMES, suppressed_groups=int(len(sizes) - len(shown)))
    return MonitorResult(adoption_weekly=weekly, adoption_summary=summary, attitude_trend=trend, alerts=alerts,
                         comment_themes=themes_table, champion_effect=effect, hazard=hazard, exposure=exposure,
                         success_metrics=sheet, quality=quality, parameters=parameters, timings=steps.times)


def _import_statsmodels() -> None:
    import statsmodels.genmod.generalized_linear_model  # noqa: F401


def _report_events(quality: DataQualityReport, name: str, stats, n_weeks: int) -> None:
    if stats.bad_timestamp:
        quality.add(name, None, "timestamp", "; ".join(map(str, stats.bad_examples)),
                    f"{stats.bad_timestamp} events with a timestamp that is not ISO 8601",
                    "dropped; write timestamps as 2027-03-01T09:30:00+01:00")
    if stats.before_go_live:
        quality.add(name, None, "timestamp", None, f"{stats.before_go_live} events before go-live",
                    "left out of the weekly metrics (pilot or training use)")
    if stats.after_last_week:
        quality.add(name, None, "timestamp", None, f"{stats.after_last_week} events after week {n_weeks}",
                    "left out of the weekly metrics")
    if stats.duplicates:
        quality.add(name, None, None, None,
                    f"{stats.duplicates} duplicate events (same person, time, event, system and count)",
                    "counted once")
    if stats.unknown_person:
        listed = stats.unknown_ids
        quality.add_rows(name, [None] * len(listed), "person_id", listed["key"],
                         "person id or e-mail matches no one in the people table ("
                         + listed["events"].astype(str) + " events)",
                         "dropped; add the person to people.csv or correct the id")
        rest = stats.unknown_person - int(listed["events"].sum())
        if rest > 0:
            quality.add(name, None, "person_id", None, f"{rest} more events by other unknown people",
                        "dropped; add the people to people.csv or correct the ids")


def _weekly_shares(weekly: pd.DataFrame) -> pd.DataFrame:
    order = weekly["group_type"].map(GROUP_ORDER).fillna(len(GROUP_ORDER))
    weekly = (weekly.assign(_o=order).sort_values(["_o", "group", "week"], kind="stable")
              .drop(columns="_o").reset_index(drop=True))
    weekly["active_share"] = (weekly["active"] / weekly["eligible"]).round(3)
    total = weekly["new_events"] + weekly["legacy_events"]
    weekly["depth"] = (weekly["new_events"] / total.where(total > 0)).round(3)
    weekly["breadth"] = weekly["breadth"].astype(float).round(3)
    weekly["habit"] = weekly["habit"].astype(float).round(3)
    prev_active = weekly.groupby(["group_type", "group"], sort=False)["active"].shift(1)
    weekly["reversion_rate"] = (weekly["reverted"] / prev_active.where(prev_active > 0)).round(3)
    return weekly[WEEKLY_COLUMNS + ["new_events", "legacy_events", "reverted", "reversion_rate"]]


def _summary(shown, members, eligible, first_week, first_core, retained) -> pd.DataFrame:
    m = members[(members["idx"] >= 0)].copy()
    m = m[eligible[m["idx"].to_numpy()]]
    m["adopted"] = first_week.to_numpy()[m["idx"].to_numpy()] > 0
    m["core_day"] = first_core.to_numpy()[m["idx"].to_numpy()]
    per = m.groupby(["group_type", "group"], sort=False).agg(
        adopted=("adopted", "sum"), used_core=("core_day", "count"), median_days_to_core=("core_day", "median"))
    out = shown.merge(per.reset_index(), on=["group_type", "group"], how="left")
    out = out.merge(retained, on=["group_type", "group"], how="left")
    out["cohort"] = out["cohort"].fillna(0).astype("int64")
    out["adopted_share"] = (out["adopted"] / out["eligible"]).round(3)
    for w in RETENTION_WEEKS:
        column = f"retained_{w}"
        out[column] = out[column].fillna(0).astype("int64")
        out[f"retention_{w}"] = (out[column] / out["cohort"].where(out["cohort"] > 0)).round(3)
    # Days are counted from go-live; the first day is day 0.
    out["median_days_to_core"] = out["median_days_to_core"].astype(float)
    columns = (["group_type", "group", "eligible", "adopted", "adopted_share", "cohort"]
               + [f"retention_{w}" for w in RETENTION_WEEKS] + ["used_core", "median_days_to_core"])
    return out[columns].sort_values(["group_type", "group"], kind="stable").reset_index(drop=True)


def _latest_edges(nominations: pd.DataFrame | None, relation: str) -> pd.DataFrame:
    if nominations is None or nominations.empty:
        return pd.DataFrame({"respondent_id": pd.Series(dtype=str), "nominee_id": pd.Series(dtype=str)})
    noms = nominations[nominations["relation"] == relation]
    if "wave" in noms and len(noms):
        latest = sort_waves(noms["wave"].astype(str))[-1]
        noms = noms[noms["wave"].astype(str) == latest]
    return noms[["respondent_id", "nominee_id"]].astype(str)


def _champion_load(people: pd.DataFrame, edges: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    if "is_champion" not in people:
        return pd.DataFrame(columns=["id", "group", "sought_out"])
    champs = people[people["is_champion"].fillna(False).astype(bool)]
    indegree = edges.drop_duplicates().groupby("nominee_id").size()
    out = pd.DataFrame({"id": champs["id"].astype(str).to_numpy(),
                        "group": (champs["name"].astype(str) + " (" + champs["id"].astype(str) + ")").to_numpy()})
    out["sought_out"] = out["id"].map(indegree).fillna(0).astype(int)
    return out


def _order_alerts(alerts: pd.DataFrame) -> pd.DataFrame:
    alerts = alerts.assign(_o=alerts["group_type"].map(GROUP_ORDER).fillna(len(GROUP_ORDER)))
    alerts = alerts.sort_values(["week", "_o", "group", "signal"], kind="stable", na_position="last")
    alerts["week"] = alerts["week"].astype("Int64")
    return alerts[ALERT_COLUMNS].reset_index(drop=True)


def success_metrics_measured(org_weekly: pd.DataFrame, org_summary: pd.DataFrame, load: pd.DataFrame,
                             rules: AlertRules) -> pd.DataFrame:
    """The success-metrics sheet (plan) with the organisation's measured values against its targets."""
    by_week = org_weekly.set_index("week")
    last = int(by_week.index.max()) if len(by_week) else 0

    def at(column: str, week: int) -> float:
        return float(by_week[column].get(min(week, last), np.nan)) if last else np.nan

    habit = by_week["habit"].fillna(0).to_numpy() if last else np.array([])
    habit_run = int(max((len(r) for r in "".join("1" if h >= 0.8 else "0" for h in habit).split("0")), default=0))
    summary = org_summary.iloc[0] if len(org_summary) else pd.Series(dtype=float)
    rev = by_week["reversion_rate"] if last else pd.Series(dtype=float)
    peak = int(load["sought_out"].max()) if len(load) else 0
    rows = [
        ("Breadth", ">= 70% of role-relevant features by week 8", at("breadth", 8), 0.70,
         f"breadth in week {min(8, last)}"),
        ("Depth", ">= 80% by week 12; legacy share falling every week", at("depth", 12), 0.80,
         f"depth in week {min(12, last)}"),
        ("Habit", ">= 0.8 for 4 consecutive weeks", float(habit_run), 4, "longest run of weeks with habit >= 0.8"),
        ("Persistence", ">= 90% retained at week 12; reversion under 5%", float(summary.get("retention_12", np.nan)),
         0.90, f"share of the week 1-2 cohort active in week 12; mean weekly reversion {rev.mean():.1%}"),
        ("Help-seeking", f"no champion over {rules.champion_load_cap} requests", float(peak),
         rules.champion_load_cap, "most colleagues seeking one champion out (latest nomination wave)"),
        ("Proficiency", "error rate and cycle time back to baseline within 6 weeks", np.nan, np.nan,
         "not measured from usage telemetry: needs process logs or help-desk tickets"),
    ]
    out = pd.DataFrame(rows, columns=["metric", "target", "measured", "target_value", "how_measured"])
    lower_is_better = out["metric"] == "Help-seeking"
    met = np.where(lower_is_better, out["measured"] <= out["target_value"], out["measured"] >= out["target_value"])
    out["met"] = np.where(out["measured"].isna(), "not measured", np.where(met, "yes", "no"))
    out["measured"] = out["measured"].round(3)
    return out


def monitor_analysis(analysis, usage=None, *, go_live, features=None, comments=None, **options) -> MonitorResult:
    """:func:`monitor` on an :class:`~stakeholder_graph.Analysis` and its organisation folder.

    Usage, features and comments default to the files in the organisation folder
    (``usage.parquet`` / ``usage.csv`` / ``usage/``, ``features.csv``, ``comments.csv``).
    """
    org = analysis.org
    folder = Path(org.source)
    usage = usage if usage is not None else find_usage(folder)
    if usage is None:
        raise MissingColumnError(pd.DataFrame([dict(
            file=str(folder / "usage.csv"), problem="no usage log found (usage.parquet, usage.csv or usage/)",
            action="Add the event log to the organisation folder or pass --usage PATH.")]))
    if features is None and find_table(folder, "features") is not None:
        features = read_features(find_table(folder, "features"))
    elif isinstance(features, (str, Path)):
        features = read_features(features)
    if comments is None and find_table(folder, "comments") is not None:
        comments = read_table(find_table(folder, "comments"), table="comments")
    elif isinstance(comments, (str, Path)):
        comments = read_table(Path(comments), table="comments")
    people = analysis.people.merge(org.people[["id", "email"]], on="id", how="left") \
        if "email" not in analysis.people else analysis.people
    return monitor(people, usage, go_live=go_live, features=features, nominations=org.nominations,
                   attitude_waves=org.attitude_waves, comments=comments, likert_scale=org.likert_scale, **options)

