"""After go-live, synthetically: telemetry, a second survey wave and comments with planted stories.

:func:`make_rollout` continues a :class:`~stakeholder_graph.synth.SyntheticOrg` past
go-live. Adoption spreads through the help network (each week a person adopts with
probability ``1 - exp(-(a + b * exposure))``, exposure being the share of the colleagues
they go to for help who already adopted). The **champion effect** is planted through that
exposure: the colleagues most sought out for help who believe in the change (first-wave
attitude >= 0.25, the champion selection's own rule; the people it is built to pick) start
in week 1, and help from a believer who already uses the system counts more, so the people
who go to them, and then their colleagues, adopt earlier than people out of their reach.
``contagion=0, champions_first=False`` gives a control log where adoption is independent
of the network. Four stories are planted:

* **stall** - a department where most people never start and the rest start slowly;
* **slide back** - a department that adopts well, then from week 6 drifts back to the
  legacy tools (and says so in the anonymous channel);
* **readiness drop** - a department whose answers in the second readiness wave fall;
* **overloaded champion** - the colleague most sought out for help, whom far more people
  name in the second nomination wave (which otherwise asks about help with the new
  system, so people name about half as many colleagues as in the first).

Everyone else is healthy. The log carries the mess of real exports: events before
go-live, ids of people who left, duplicated events and timestamps with UTC offsets.
Everything is drawn from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import InvalidParameterError
from .io.names import NameResolver
from .champions.stance import STANCE_THRESHOLDS
from .synth import SyntheticOrg

__all__ = ["SyntheticRollout", "make_rollout", "write_rollout", "CORE_FEATURES", "OTHER_FEATURES"]

CORE_FEATURES = ["create_record", "approve", "search", "update_status", "attach_document", "run_report"]
OTHER_FEATURES = ["login", "view_dashboard", "export_csv", "settings"]
LEGACY_EVENTS = ["open_workbook", "legacy_entry", "legacy_report"]
SITE_OFFSET = {"London": "Z", "Manchester": "Z", "Lyon": "+01:00", "Kraków": "+01:00", "Porto": "+00:00"}
STORIES = ("stall", "slide_back", "readiness_drop")

COMMENTS = {
    "old way": ["Went back to the old system for approvals, it is quicker", "Back to Excel for the month-end",
                "We keep a spreadsheet on the side because the new screens are missing fields",
                "Honestly the old way worked better"],
    "training": ["The training did not cover our cases", "Nobody showed us how to attach documents"],
    "speed": ["Search is slow in the afternoon", "Loading the dashboard takes ages"],
    "errors": ["Got an error when approving twice today", "The report shows wrong data for last month"],
    "workload": ["Double entry until the interface is live", "Overtime to catch up with the backlog"],
}


@dataclass
class SyntheticRollout:
    """Post-go-live inputs and the stories planted in them.

    Attributes
    ----------
    usage, features, comments : pandas.DataFrame
        ``usage.csv``, ``features.csv`` and ``comments.csv`` of the input contract.
    attitudes, nominations : pandas.DataFrame
        Both survey waves, with a ``wave`` column (dates), replacing the organisation's files.
    stories : dict
        ``stall``, ``slide_back``, ``readiness_drop`` (department names) and
        ``overloaded_champion`` (a person id).
    first_adopters : list of str
        Ids of the believing, most sought-out colleagues who start in week 1 (the planted
        champion effect).
    go_live : pandas.Timestamp
    weeks : int
    """

    usage: pd.DataFrame
    features: pd.DataFrame
    comments: pd.DataFrame
    attitudes: pd.DataFrame
    nominations: pd.DataFrame
    stories: dict
    go_live: pd.Timestamp
    weeks: int
    first_adopters: list = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"SyntheticRollout({len(self.usage)} events over {self.weeks} weeks from {self.go_live.date()}, "
                f"stories {self.stories})")


def _help_edges(org: SyntheticOrg) -> tuple[np.ndarray, np.ndarray]:
    people = org.people
    noms = org.nominations[org.nominations["relation"] == "help"]
    index = pd.Index(people["id"])
    src = index.get_indexer(noms["respondent_id"])
    resolved = NameResolver(people).resolve(noms["nominee"].astype(str))
    dst = resolved["position"].to_numpy()
    keep = (src >= 0) & (dst >= 0) & (src != dst)
    return src[keep], dst[keep]


def make_rollout(org: SyntheticOrg, *, go_live: str = "2027-03-01", weeks: int = 12, seed: int = 0,
                 base_rate: float = 0.35, contagion: float = 1.5, champions_first: bool = True,
                 champion_pull: float = 3.0,
                 extra_nominations: int | None = None) -> SyntheticRollout:
    """Telemetry, a second survey wave and comments after go-live, with planted stories.

    Parameters
    ----------
    org : SyntheticOrg
        From :func:`~stakeholder_graph.synth.make_org` (at least 150 people, so that three
        departments can carry stories and others stay healthy).
    go_live : str, default="2027-03-01"
    weeks : int, default=12
    seed : int, default=0
    base_rate, contagion : float
        Weekly adoption hazard ``1 - exp(-(base_rate + contagion * exposure))``.
    champions_first : bool, default=True
        Believers among the tenth most sought out for help adopt in week 1, and help from
        believers who use the system pulls (``champion_pull``): the planted champion
        effect. ``contagion=0, champions_first=False`` makes adoption independent of the
        network (a control).
    champion_pull : float, default=3.0
        Extra weekly hazard ``champion_pull * share of one's help contacts who believe and
        already use the system``: their help counts more than a colleague's.
    extra_nominations : int, optional
        Colleagues who name the overloaded champion in the second wave (default 45).

    Returns
    -------
    SyntheticRollout

    Examples
    --------
    >>> from stakeholder_graph.synth import make_org
    >>> rollout = make_rollout(make_org(300, seed=2), seed=2)
    >>> sorted(rollout.stories)
    ['overloaded_champion', 'readiness_drop', 'slide_back', 'stall']
    >>> make_rollout(make_org(300, seed=2), seed=2).usage.equals(rollout.usage)
    True
    """
    n = len(org.people)
    if n < 150:
        raise InvalidParameterError("org", "a synthetic organisation of at least 150 people", n)
    if not isinstance(weeks, (int, np.integer)) or weeks < 8:
        raise InvalidParameterError("weeks", "an integer >= 8", weeks)
    rng = np.random.default_rng(seed)
    go = pd.Timestamp(go_live)
    people = org.people.reset_index(drop=True)
    dept = people["department"].to_numpy()
    ids = people["id"].to_numpy()
    src, dst = _help_edges(org)

    # Stories go to three distinct departments large enough to be reported (not the executive office).
    sizes = pd.Series(dept).value_counts()
    candidates = sorted(d for d in sizes.index[sizes >= 15] if d != "Executive Office")
    if len(candidates) < 4:
        raise InvalidParameterError("org", "an organisation with at least four departments of 15 or more people",
                                    dict(sizes))
    # Readiness can only be seen to fall where it was not already at the floor: no planted resistant group there.
    resistant = set(dept[(org.truth["resistant_group"] != "").to_numpy()])
    calm = [d for d in candidates if d not in resistant]
    dropping = str(rng.choice(calm if calm else candidates))
    others = [d for d in candidates if d != dropping]
    stall_dept, slide_dept = (str(d) for d in rng.choice(others, size=2, replace=False))
    picked = [stall_dept, slide_dept, dropping]
    stories = dict(zip(STORIES, picked))
    indegree = np.bincount(dst, minlength=n)
    is_manager = np.isin(ids, people["manager_id"].to_numpy())
    healthy = ~np.isin(dept, picked)
    pool = np.flatnonzero(~is_manager & healthy)
    champion = int(pool[np.argmax(indegree[pool])])
    stories["overloaded_champion"] = str(ids[champion])

    stall = dept == stories["stall"]
    slide = dept == stories["slide_back"]

    # Adoption through the help network.
    alters = np.bincount(src, minlength=n)
    adopt_week = np.full(n, np.inf)
    never = stall & (rng.random(n) < 0.65)
    rate = np.where(stall, 0.05, base_rate)
    from .monitor.feedback import composite_attitude  # here: the monitor package loads Ibis

    # Believers by the champion selection's own rule (first-wave attitude >= 0.25); the most
    # sought-out of them are the champions a plan would pick, and they start in week 1.
    attitude = composite_attitude(org.attitudes.assign(value=pd.to_numeric(org.attitudes["value"], errors="coerce")))
    believing = attitude.reindex(ids).fillna(-1).to_numpy() >= STANCE_THRESHOLDS["believer"]
    sought = np.bincount(dst, minlength=n)
    top = sought >= np.quantile(sought, 0.9)
    first = believing & top & ~never if champions_first else np.zeros(n, bool)
    adopt_week[first] = 1
    believer_weight = (believing & champions_first).astype(float)
    for w in range(1, weeks + 1):
        adopted = (adopt_week < w).astype(float)
        exposure = np.bincount(src, weights=adopted[dst], minlength=n) / np.maximum(alters, 1)
        # Help from a colleague who believes and already uses the system counts more.
        pull = np.bincount(src, weights=(adopted * believer_weight)[dst], minlength=n) / np.maximum(alters, 1)
        hazard = 1 - np.exp(-(rate + np.where(stall, 0.2, contagion) * exposure + champion_pull * pull))
        new = np.isinf(adopt_week) & ~never & (rng.random(n) < hazard)
        adopt_week[new] = w
    # Sliding back: from week 6 on, a fifth of the remaining users of the department returns to the old tools each week.
    revert_week = np.full(n, np.inf)
    for w in range(6, weeks + 1):
        turn = slide & (adopt_week < w) & np.isinf(revert_week) & (rng.random(n) < 0.2)
        revert_week[turn] = w

    # Which core features matter to whom: four for everyone, two only for some departments.
    departments = sorted(set(dept))
    special = {"attach_document": [d for d in departments if d not in ("Executive Office",)][::2],
               "run_report": [d for d in departments if d != "Executive Office"]}
    rows = [dict(feature=f, core="true", department="") for f in CORE_FEATURES if f not in special]
    rows += [dict(feature=f, core="true", department=d) for f, ds in special.items() for d in ds]
    rows += [dict(feature=f, core="false", department="") for f in OTHER_FEATURES]
    features = pd.DataFrame(rows)
    relevant = {d: [f for f in CORE_FEATURES if f not in special or d in special[f]] for d in departments}

    events = []
    site = people["location"].to_numpy()
    for w in range(1, weeks + 1):
        active = (adopt_week <= w) & ~(revert_week <= w)
        # Healthy users have an occasional legacy-only week; it must not look like a trend.
        lapse = active & (rng.random(n) < 0.01)
        active &= ~lapse
        legacy_user = ~active
        for person in np.flatnonzero(active | legacy_user):
            week_start = go + pd.Timedelta(days=7 * (w - 1))
            if active[person]:
                n_days = max(1, rng.binomial(5, 0.8))
                days = np.sort(rng.choice(5, size=n_days, replace=False))
                feats = relevant[dept[person]]
                breadth = min(len(feats), 1 + int(rng.binomial(len(feats), min(0.9, 0.3 + 0.1 * (w - adopt_week[person])))))
                mine = list(rng.choice(feats, size=breadth, replace=False))
                for day in days:
                    k = 1 + rng.poisson(3)
                    names = rng.choice(mine + OTHER_FEATURES[:2], size=k)
                    for name in names:
                        events.append((person, week_start + pd.Timedelta(days=int(day), minutes=int(rng.integers(480, 1080))),
                                       str(name), "Atlas"))
                if rng.random() < max(0.0, 0.4 - 0.05 * w):
                    events.append((person, week_start + pd.Timedelta(days=int(rng.integers(0, 5)), hours=10),
                                   str(rng.choice(LEGACY_EVENTS)), "legacy"))
            elif rng.random() < 0.9:
                for day in rng.choice(5, size=int(rng.integers(1, 4)), replace=False):
                    events.append((person, week_start + pd.Timedelta(days=int(day), hours=int(rng.integers(8, 17))),
                                   str(rng.choice(LEGACY_EVENTS)), "legacy"))
    frame = pd.DataFrame(events, columns=["pos", "when", "event", "system"])
    # Pilot users tried the system the week before go-live; people who left still appear in the log.
    pilot = rng.choice(n, size=max(3, n // 40), replace=False)
    pre = pd.DataFrame({"pos": pilot, "when": [go - pd.Timedelta(days=3, hours=-10)] * len(pilot),
                        "event": "login", "system": "Atlas"})
    frame = pd.concat([pre, frame], ignore_index=True)
    person = ids[frame["pos"].to_numpy()]
    # Some systems log e-mails instead of ids.
    use_email = rng.random(len(frame)) < 0.1
    person = np.where(use_email, people["email"].to_numpy()[frame["pos"].to_numpy()], person)
    offset = np.array([SITE_OFFSET.get(s, "Z") for s in site[frame["pos"].to_numpy()]])
    hours = np.array([0 if o in ("Z", "+00:00") else 1 for o in offset])
    local = frame["when"] + pd.to_timedelta(hours, unit="h")
    stamp = local.dt.strftime("%Y-%m-%dT%H:%M:%S").to_numpy() + offset
    usage = pd.DataFrame({"person_id": person, "timestamp": stamp, "event": frame["event"].to_numpy(),
                          "system": frame["system"].to_numpy()})
    ghosts = pd.DataFrame({"person_id": ["E99998", "E99999", "left.person@acme.example"],
                           "timestamp": [(go + pd.Timedelta(days=2, hours=9)).strftime("%Y-%m-%dT%H:%M:%SZ")] * 3,
                           "event": "search", "system": "Atlas"})
    duplicates = usage.sample(n=max(5, len(usage) // 200), random_state=np.random.RandomState(seed % 2**32))
    usage = pd.concat([usage, ghosts, duplicates], ignore_index=True)

    attitudes = _second_wave(org, stories["readiness_drop"], go, rng)
    nominations = _second_nomination_wave(org, champion, go, rng, extra_nominations or 45)
    comments = _comments(people, stories["slide_back"], go, weeks, rng)
    return SyntheticRollout(usage=usage, features=features, comments=comments, attitudes=attitudes,
                            nominations=nominations, stories=stories, go_live=go, weeks=weeks,
                            first_adopters=[str(i) for i in ids[first]])


def _wave_labels(go: pd.Timestamp) -> tuple[str, str]:
    return str((go - pd.Timedelta(days=28)).date()), str((go + pd.Timedelta(days=42)).date())


def _second_wave(org: SyntheticOrg, dropping: str, go: pd.Timestamp, rng: np.random.Generator) -> pd.DataFrame:
    first, second = _wave_labels(go)
    wave1 = org.attitudes.assign(wave=first)
    dept = org.people.set_index("id")["department"]
    again = wave1["respondent_id"].drop_duplicates()
    again = again[rng.random(len(again)) < 0.85]
    wave2 = wave1[wave1["respondent_id"].isin(again)].copy()
    value = pd.to_numeric(wave2["value"], errors="coerce").to_numpy(dtype=float)
    reverse = (wave2["item"] == "concern").to_numpy()
    noise = rng.choice([-1, 0, 1], size=len(value), p=[0.07, 0.86, 0.07])
    falls = (wave2["respondent_id"].map(dept) == dropping).to_numpy() & (rng.random(len(value)) < 0.8)
    shift = noise - np.where(falls, 1 + (rng.random(len(value)) < 0.4), 0) * np.where(reverse, -1, 1)
    new = np.clip(value + shift, 1, 5)
    wave2["value"] = np.where(np.isnan(new), "", pd.Series(new).map(lambda v: "" if np.isnan(v) else str(int(v))))
    wave2["wave"] = second
    return pd.concat([wave1, wave2], ignore_index=True)


def _second_nomination_wave(org: SyntheticOrg, champion: int, go: pd.Timestamp, rng: np.random.Generator,
                            extra: int) -> pd.DataFrame:
    first, second = _wave_labels(go)
    noms = org.nominations.assign(wave=first)
    # The second wave asks "who did you go to for help with the new system?": people name about half as many.
    help_ = noms[noms["relation"] == "help"].assign(wave=second)
    help_ = help_[rng.random(len(help_)) < 0.5]
    champ_id = org.people["id"].iloc[champion]
    already = set(help_.loc[help_["nominee"] == champ_id, "respondent_id"])
    respondents = org.people.loc[org.people["responded"].astype(str).str.lower() == "true", "id"]
    pool = np.array(sorted(set(respondents) - already - {champ_id}))
    seekers = rng.choice(pool, size=min(extra, len(pool)), replace=False)
    more = pd.DataFrame({"respondent_id": seekers, "relation": "help", "nominee": champ_id, "weight": 1, "wave": second})
    return pd.concat([noms, help_, more], ignore_index=True)


def _comments(people: pd.DataFrame, sliding: str, go: pd.Timestamp, weeks: int,
              rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    themes = list(COMMENTS)
    for d in sorted(people["department"].unique()):
        for w in range(1, weeks + 1):
            count = rng.poisson(0.5)
            picks = [str(rng.choice(COMMENTS[t])) for t in rng.choice(themes, size=count)]
            if d == sliding and w >= 6:
                picks += [str(rng.choice(COMMENTS["old way"])) for _ in range(6 + rng.poisson(3))]
            for text in picks:
                when = go + pd.Timedelta(days=7 * (w - 1) + int(rng.integers(0, 5)), hours=int(rng.integers(8, 18)))
                rows.append(dict(timestamp=when.strftime("%Y-%m-%dT%H:%M:%SZ"), department=d, text=text))
    return pd.DataFrame(rows, columns=["timestamp", "department", "text"])


def write_rollout(rollout: SyntheticRollout, folder: str | Path, *, usage_format: str = "parquet") -> Path:
    """Add the rollout files to an organisation folder written by :func:`~stakeholder_graph.synth.write_org`.

    Writes ``usage.parquet`` (or ``usage.csv``), ``features.csv``, ``comments.csv``, and
    replaces ``attitudes.csv`` and ``nominations.csv`` by their two-wave versions; the
    planted stories go to ``truth/rollout_stories.csv`` and the believing influencers who
    started in week 1 to ``truth/rollout_first_adopters.csv``.
    """
    folder = Path(folder)
    if usage_format == "parquet":
        rollout.usage.to_parquet(folder / "usage.parquet", index=False)
    elif usage_format == "csv":
        rollout.usage.to_csv(folder / "usage.csv", index=False)
    else:
        raise InvalidParameterError("usage_format", "'parquet' or 'csv'", usage_format)
    rollout.features.to_csv(folder / "features.csv", index=False)
    rollout.comments.to_csv(folder / "comments.csv", index=False)
    rollout.attitudes.to_csv(folder / "attitudes.csv", index=False)
    rollout.nominations.to_csv(folder / "nominations.csv", index=False)
    (folder / "truth").mkdir(exist_ok=True)
    pd.DataFrame([dict(story=k, value=v) for k, v in rollout.stories.items()]).to_csv(
        folder / "truth" / "rollout_stories.csv", index=False)
    pd.DataFrame({"id": rollout.first_adopters}).to_csv(folder / "truth" / "rollout_first_adopters.csv", index=False)
    return folder
