"""A synthetic organisation with planted truth, for demos, tests and benchmarks.

:func:`make_org` draws an organisation whose answers are known: a hierarchy with
realistic spans of control; departments and sites; help and influence nominations that
stay mostly within team, unit, department and site, with a few cross-department
bridges; hidden **informal influencers** (not managers) whom many colleagues go to;
attitude and ADKAR answers with planted **resistant groups** (whole units in
high-impact departments); change impact per department; about 20 percent
non-response; and the mess of real survey exports (nominees typed as names, e-mails or
ids, with "Last, First", nicknames, typos, duplicates, self-nominations and people who
have left).

Everything is drawn from ``numpy.random.default_rng(seed)``: the same seed gives the
same organisation, byte for byte, and global random state is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import InvalidParameterError

__all__ = ["SyntheticOrg", "make_org", "write_org", "ATTITUDE_ITEMS", "REVERSE_CODED_ITEMS"]

FIRST_NAMES = (
    "Aaron Abigail Adam Adele Ahmed Aisha Alan Alice Amanda Amir Ana Andrea Andrew Angela Anna "
    "Anthony Arjun Astrid Ben Benjamin Bianca Björn Bruno Carla Carlos Catherine Chen Chloe "
    "Christopher Clara Daniel David Diana Dmitri Eduardo Elena Elif Elizabeth Emily Emma Eric "
    "Fatima Felix Fiona Francesca Frederick Gabriel Grace Gregory Hannah Hassan Helen Henry Hugo "
    "Ines Isabel Ivan James Jan Javier Jennifer Jessica Joanna John Jonathan José Joseph Julia "
    "Karim Katherine Kenji Laura Lawrence Leila Liam Lucas Lucía Magdalena Margaret Maria Mark "
    "Martin Mateo Matthew Mei Michael Miguel Mohammed Nadia Nathan Nicholas Nina Noah Olga Oliver "
    "Omar Patricia Paul Peter Philip Priya Rachel Rafael Rebecca Renée Richard Robert Rosa Ryan "
    "Samuel Sara Sean Sofia Sophie Stefan Steven Susan Tariq Thomas Timothy Tomasz Uma Victoria "
    "Wei William Yara Yusuf Zoë Zofia"
).split()
LAST_NAMES = (
    "Abbott Acosta Adeyemi Ahmed Alvarez Andersen Bailey Baker Banerjee Barros Becker Bennett "
    "Bergström Brown Campbell Carter Castillo Chan Chen Clarke Collins Cooper Costa Cruz Dąbrowski "
    "Davies Diaz Dubois Edwards Evans Fernandes Fischer Fitzgerald Foster Fraser García Gomez "
    "Gonzalez Graham Gray Green Gupta Hall Hansen Harris Hayes Hernández Hughes Hussain Ito Jackson "
    "Jansen Jensen Johnson Jones Kaur Kelly Khan Kim Klein Kowalski Kumar Larsen Laurent Lee Lewis "
    "Lindqvist Lopez Martin Martínez Meyer Miller Mitchell Moore Morales Morris Murphy Müller Nakamura "
    "Nguyen Nielsen Novak Nowak O'Brien O'Connor Okafor Olsen Ortiz Owens Park Patel Perez Peters "
    "Petrov Phillips Pereira Popescu Price Quinn Rahman Ramos Reed Reyes Richter Rivera Roberts "
    "Robinson Rodriguez Rossi Russo Santos Schmidt Schneider Scott Shah Silva Singh Smith Sørensen "
    "Stewart Suzuki Tanaka Taylor Thomas Thompson Torres Turner Vargas Walker Wang Watson Weber White "
    "Williams Wilson Wood Wright Wu Yamamoto Yilmaz Young Zhang Zielinski"
).split()
NICKNAMES_FOR = {"Robert": "Bob", "William": "Bill", "Elizabeth": "Liz", "Michael": "Mike",
                 "Katherine": "Kate", "Thomas": "Tom", "James": "Jim", "Christopher": "Chris",
                 "Daniel": "Dan", "Jennifer": "Jen", "Margaret": "Maggie", "Patricia": "Pat",
                 "Richard": "Rick", "Samuel": "Sam", "Steven": "Steve", "Timothy": "Tim",
                 "Anthony": "Tony", "Nicholas": "Nick", "Matthew": "Matt", "Joseph": "Joe"}

DEPARTMENTS = [
    ("Finance", "Finance"), ("Operations", "Operations"), ("Sales", "Sales"), ("Customer Service", "Service"),
    ("IT", "IT"), ("Human Resources", "HR"), ("Marketing", "Marketing"), ("Logistics", "Logistics"),
    ("Procurement", "Procurement"), ("Legal", "Legal"), ("Research and Development", "R&D"),
    ("Facilities", "Facilities"),
]
SITES = ["London", "Manchester", "Lyon", "Kraków", "Porto"]
IC_TITLES = ["Specialist", "Analyst", "Coordinator", "Associate", "Senior Specialist", "Advisor"]

#: Readiness items written by make_org; ``concern`` is reverse-coded (5 = very worried).
ATTITUDE_ITEMS = ["adkar_awareness", "adkar_desire", "adkar_knowledge", "adkar_ability",
                  "adkar_reinforcement", "readiness", "support", "concern"]
REVERSE_CODED_ITEMS = ["concern"]

# What changes and what people lose, per department, for the impact table.
IMPACT_TEXT = {
    "Finance": ("month-end close and approvals move into the new ERP", "their own spreadsheets and shortcuts"),
    "Operations": ("work orders and shift hand-over run in the new system", "paper checklists they trust"),
    "Sales": ("quotes and pipeline move to the new CRM", "control over their customer notes"),
    "Customer Service": ("case handling moves to a new console with scripted flows",
                         "speed on familiar screens while targets stay the same"),
    "IT": ("they run and support the new platform", "evenings and weekends during cut-over"),
    "Human Resources": ("self-service replaces some HR requests", "personal contact with staff"),
    "Marketing": ("campaign data comes from the new CRM", "their current reporting tools"),
    "Logistics": ("scanning and dispatch screens change", "a routine that works"),
    "Procurement": ("purchase orders need new approval steps", "flexibility with suppliers"),
    "Legal": ("contract records move to a shared repository", "control over confidential files"),
    "Research and Development": ("project time booking changes", "time for project work"),
    "Facilities": ("requests arrive through a new portal", "direct calls from colleagues"),
    "Executive Office": ("dashboards replace weekly reports", "familiar reports"),
}


@dataclass
class SyntheticOrg:
    """Tables of a synthetic organisation (inputs) and the truth planted in it.

    Attributes
    ----------
    people, nominations, attitudes, impact : pandas.DataFrame
        The input tables, in the organisation-folder format of design section 4.
    truth : pandas.DataFrame
        One row per person: ``id, planted_influencer, influencer_kind, resistant_group``.
        Kept apart from the inputs: :func:`write_org` puts it in ``truth/truth.csv``.
    seed : int
        The seed it was drawn with.
    processes : pandas.DataFrame or None
        Processes and reports the rollout touches (``processes.csv``), dated for a go-live
        on :data:`DEMO_GO_LIVE`, with one planted double-work case
        (:data:`PLANTED_DOUBLE_WORK`: its old output stays requested after go-live).
    """

    people: pd.DataFrame
    nominations: pd.DataFrame
    attitudes: pd.DataFrame
    impact: pd.DataFrame
    truth: pd.DataFrame
    seed: int
    processes: pd.DataFrame | None = None

    def __repr__(self) -> str:
        return (f"SyntheticOrg({len(self.people)} people, {len(self.nominations)} nominations, "
                f"{int(self.truth['planted_influencer'].sum())} planted influencers, "
                f"{self.truth['resistant_group'].ne('').sum()} people in planted resistant groups)")


def _draw_in_groups(group_of_person: np.ndarray, weight: np.ndarray, groups: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """For each entry of ``groups``, a person of that group drawn with probability ~ weight."""
    order = np.argsort(group_of_person, kind="stable")
    sorted_groups = group_of_person[order]
    cum = np.cumsum(weight[order])
    n_groups = int(group_of_person.max()) + 1
    starts = np.searchsorted(sorted_groups, np.arange(n_groups), "left")
    ends = np.searchsorted(sorted_groups, np.arange(n_groups), "right")
    before = np.where(starts > 0, cum[np.maximum(starts - 1, 0)], 0.0)
    upto = np.where(ends > starts, cum[np.maximum(ends - 1, 0)], before)
    u = before[groups] + rng.random(len(groups)) * (upto[groups] - before[groups])
    picked = np.searchsorted(cum, u, side="right")
    picked = np.clip(picked, starts[groups], np.maximum(ends[groups] - 1, starts[groups]))
    return order[np.minimum(picked, len(order) - 1)]


def _hierarchy(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Parent position (-1 at the top) and level of each person, in breadth-first order."""
    n_departments = int(np.clip(round(np.sqrt(n) / 3), 4, len(DEPARTMENTS)))
    sizes = [1, min(n_departments, n - 1)]
    while sum(sizes) < n:
        span = rng.uniform(5.5, 7.5)
        sizes.append(int(min(round(sizes[-1] * span), n - sum(sizes))))
    parent = np.full(n, -1, dtype=np.int64)
    level = np.zeros(n, dtype=np.int64)
    start = 1
    prev_start, prev_size = 0, 1
    for depth, size in enumerate(sizes[1:], start=1):
        # Only as many of the level above become managers as keep spans near 6; the others
        # are senior individual contributors. Spans vary (roughly 2 to 15 reports).
        n_managers = prev_size if depth <= 2 else int(np.clip(round(size / 6.0), 1, prev_size))
        # Evenly spaced picks over the level above (grouped by department in breadth-first
        # order) keep departments in proportion.
        offsets = np.floor((np.arange(n_managers) + rng.random()) * prev_size / n_managers).astype(np.int64)
        managers = prev_start + offsets
        share = rng.lognormal(0.0, 0.25 if depth == 2 else 0.45, n_managers)
        if size >= 2 * n_managers:  # every manager gets at least one report
            counts = 1 + rng.multinomial(size - n_managers, share / share.sum())
        else:
            counts = rng.multinomial(size, share / share.sum())
        parent[start:start + size] = np.repeat(managers, counts)
        level[start:start + size] = depth
        prev_start, prev_size = start, size
        start += size
    return parent, level


def _ancestor_at(parent: np.ndarray, level: np.ndarray, depth: int) -> np.ndarray:
    """Each person's ancestor at ``depth`` (themselves if at that depth; -1 above it)."""
    out = np.where(level == depth, np.arange(len(parent)), -1)
    for d in range(depth + 1, int(level.max()) + 1):
        at = level == d
        out[at] = out[parent[at]]
    return out


def _names(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n)]
    double = rng.random(n) < 0.08
    last2 = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n)]
    last = np.where(double, np.char.add(np.char.add(last, "-"), last2), last)
    return first, last


def _emails(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    local = (pd.Series(first) + "." + pd.Series(last)).str.normalize("NFKD").str.encode(
        "ascii", errors="ignore").str.decode("ascii").str.lower().str.replace(r"[^a-z.\-]", "", regex=True)
    dup_number = local.groupby(local).cumcount()
    local = local.where(dup_number == 0, local + (dup_number + 1).astype(str))
    return (local + "@acme.example").to_numpy()


def _typo(text: str, rng: np.random.Generator) -> str:
    letters = [i for i in range(1, len(text) - 2) if text[i].isalpha() and text[i + 1].isalpha()]
    if not letters:
        return text
    i = letters[int(rng.integers(0, len(letters)))]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _typed_nominees(target: np.ndarray, people: pd.DataFrame, unique_name: np.ndarray,
                    first: np.ndarray, last: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How respondents typed each nominee: mostly ids (survey picker), else e-mails or names."""
    m = len(target)
    typed = people["id"].to_numpy()[target].astype(object)
    form = rng.random(m)
    as_email = (form >= 0.6) & (form < 0.8)
    typed[as_email] = people["email"].to_numpy()[target[as_email]]
    as_name = (form >= 0.8) & unique_name[target]
    typed[(form >= 0.8) & ~unique_name[target]] = people["email"].to_numpy()[target[(form >= 0.8) & ~unique_name[target]]]
    idx = np.flatnonzero(as_name)
    f, l = first[target[idx]], last[target[idx]]
    variant = rng.random(len(idx))
    full = pd.Series(f, dtype=object) + " " + pd.Series(l, dtype=object)
    out = full.copy()
    out[variant < 0.15] = (pd.Series(l) + ", " + pd.Series(f))[variant < 0.15]
    out[(variant >= 0.15) & (variant < 0.35)] = full[(variant >= 0.15) & (variant < 0.35)].str.lower()
    out[(variant >= 0.35) & (variant < 0.42)] = full[(variant >= 0.35) & (variant < 0.42)].str.upper()
    out[(variant >= 0.42) & (variant < 0.50)] = "  " + full[(variant >= 0.42) & (variant < 0.50)].str.replace(" ", "   ") + " "
    strip = (variant >= 0.50) & (variant < 0.60)
    out[strip] = full[strip].str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
    nick = (variant >= 0.60) & (variant < 0.66) & pd.Series(f).isin(list(NICKNAMES_FOR)).to_numpy()
    out[nick] = pd.Series(f)[nick].map(NICKNAMES_FOR) + " " + pd.Series(l)[nick]
    typo = np.flatnonzero((variant >= 0.66) & (variant < 0.69))
    for i in typo:
        out.iloc[i] = _typo(full.iloc[i], rng)
    typed[idx] = out.to_numpy()
    return typed


def make_org(n_people: int = 400, seed: int = 0, *, help_per_respondent: float = 4.0,
             influence_per_respondent: float = 2.0, response_rate: float = 0.8,
             influencer_share: float = 0.012, resistant_share: float = 0.07,
             sceptic_influencer_share: float = 0.0) -> SyntheticOrg:
    """Draw a synthetic organisation with planted influencers and resistant groups.

    Parameters
    ----------
    n_people : int, default=400
        Headcount (at least 20).
    seed : int, default=0
        Seed of the random generator; the same seed gives the same organisation.
    help_per_respondent : float, default=4.0
        Mean number of people each respondent names for help (Poisson, at most 3x the mean).
    influence_per_respondent : float, default=2.0
        Mean number named for "whose opinion about changes at work do you trust?".
    response_rate : float, default=0.8
        Share answering the surveys (planted resisters answer somewhat less often).
    influencer_share : float, default=0.012
        Share of people who are hidden informal influencers (never managers).
    resistant_share : float, default=0.07
        Target share of people in planted resistant groups (whole units of a mid-level
        manager in high-impact departments).
    sceptic_influencer_share : float, default=0.0
        Share of the planted influencers planted as **sceptics** (they answer the
        readiness survey against the change); the other influencers are planted as
        believers. Only influencers who answered are drawn. With 0 (the default) the
        organisation is exactly the one drawn without this option; otherwise ``truth``
        gains ``planted_stance`` (believer / sceptic for influencers). Drawn from a
        second generator seeded from ``seed``, so the rest of the organisation is the
        same as without sceptics.

    Returns
    -------
    SyntheticOrg

    Examples
    --------
    >>> org = make_org(200, seed=1)
    >>> org
    SyntheticOrg(200 people, ...)
    >>> make_org(200, seed=1).nominations.equals(org.nominations)
    True
    >>> sorted(org.people.columns)[:4]
    ['department', 'email', 'hire_year', 'id']
    """
    if not isinstance(n_people, (int, np.integer)) or n_people < 20:
        raise InvalidParameterError("n_people", "an integer >= 20", n_people)
    for name, value, hi in [("response_rate", response_rate, 1), ("influencer_share", influencer_share, 0.5),
                            ("resistant_share", resistant_share, 0.5)]:
        if not 0 < value <= hi:
            raise InvalidParameterError(name, f"a number in (0, {hi}]", value)
    for name, value in [("help_per_respondent", help_per_respondent),
                        ("influence_per_respondent", influence_per_respondent)]:
        if not value > 0:
            raise InvalidParameterError(name, "a number > 0", value)
    rng = np.random.default_rng(seed)
    n = int(n_people)
    parent, level = _hierarchy(n, rng)
    n_reports = np.bincount(parent[parent >= 0], minlength=n)
    is_manager = n_reports > 0

    # Departments follow the level-1 heads; units are the subtrees of level-2 managers.
    head = _ancestor_at(parent, level, 1)
    n_dept = int((level == 1).sum())
    dept_names = np.array([d for d, _ in DEPARTMENTS[:n_dept]] + ["Executive Office"])
    dept_short = np.array([s for _, s in DEPARTMENTS[:n_dept]] + ["Exec"])
    dept_code = np.where(head >= 0, head - 1, n_dept)
    unit = _ancestor_at(parent, level, 2)
    unit = np.where(unit >= 0, unit, head)  # heads and the top are their own unit
    unit = np.where(unit >= 0, unit, 0)
    unit_code = pd.factorize(unit)[0]

    # Sites: each department has a home site; some units sit elsewhere.
    n_sites = min(len(SITES), max(3, n // 100))
    home = rng.integers(0, n_sites, n_dept + 1)
    home[n_dept] = 0
    unit_site = np.where(rng.random(n) < 0.7, home[dept_code[unit]], rng.integers(0, n_sites, n))
    site = unit_site[unit]
    site[level <= 1] = 0

    first, last = _names(n, rng)
    name = np.char.add(np.char.add(first, " "), last)
    width = max(5, len(str(n)))
    ids = np.array([f"E{i + 1:0{width}d}" for i in range(n)])

    titles = np.empty(n, dtype=object)
    titles[:] = np.char.add(np.char.add(dept_short[dept_code], " "),
                            np.array(IC_TITLES)[rng.integers(0, len(IC_TITLES), n)])
    mid = is_manager & (level >= 2)
    titles[mid & (level == 2)] = np.char.add(dept_short[dept_code[mid & (level == 2)]], " Manager")
    titles[mid & (level >= 3)] = np.char.add(dept_short[dept_code[mid & (level >= 3)]], " Team Lead")
    titles[level == 1] = np.char.add("Head of ", dept_names[dept_code[level == 1]])
    titles[0] = "Chief Executive Officer"

    # Impact: a few departments change a lot; resistant groups are planted there.
    impact_level = rng.choice([2, 3, 3, 4], size=n_dept + 1)
    high = rng.choice(n_dept, size=max(2, n_dept // 3), replace=False)
    impact_level[high] = 5
    impact_level[n_dept] = 2

    # Planted resistant groups: whole units of level-2 managers in high-impact departments.
    candidates = np.flatnonzero((level == 2) & is_manager & np.isin(dept_code, high))
    candidates = candidates[rng.permutation(len(candidates))]
    unit_size = np.bincount(unit, minlength=n)
    resistant_unit = np.zeros(n, dtype=bool)
    chosen: list[int] = []
    for cand in candidates:
        if resistant_unit[unit == cand].sum() + unit_size[cand] > resistant_share * n * 1.3 and len(chosen) >= 2:
            continue
        chosen.append(int(cand))
        resistant_unit |= unit == cand
        if resistant_unit.sum() >= resistant_share * n and len(chosen) >= 2:
            break
    resistant_group = np.full(n, "", dtype=object)
    for k, cand in enumerate(chosen, start=1):
        resistant_group[unit == cand] = f"R{k}: {dept_names[dept_code[cand]]}, unit of {name[cand]}"

    # Hidden informal influencers: not managers, spread over departments; a third are bridges.
    n_influencers = max(3, int(round(influencer_share * n)))
    pool = np.flatnonzero(~is_manager & (level >= 2))
    influencer = np.zeros(n, dtype=bool)
    influencer[rng.choice(pool, size=min(n_influencers, len(pool)), replace=False)] = True
    bridge = influencer & (rng.random(n) < 0.35)

    responded = rng.random(n) < np.where(resistant_unit, response_rate * 0.85, response_rate)
    responded[0] = True

    # ---- nominations
    attract = np.where(influencer, 30.0, 1.0) * rng.lognormal(0, 0.3, n)
    team = np.where(parent >= 0, parent, 0)
    site_dept = pd.factorize(pd.Series(site).astype(str) + "|" + pd.Series(dept_code).astype(str))[0]

    def nominations(mean: float, contexts: dict[str, float], relation: str) -> pd.DataFrame:
        respondents = np.flatnonzero(responded)
        k = np.minimum(rng.poisson(mean, len(respondents)), int(np.ceil(3 * mean)))
        src = np.repeat(respondents, k)
        names = list(contexts)
        probs = np.array([contexts[c] for c in names])
        context = rng.choice(len(names), size=len(src), p=probs / probs.sum())
        tgt = np.full(len(src), -1, dtype=np.int64)
        for ci, cname in enumerate(names):
            sel = np.flatnonzero(context == ci)
            s = src[sel]
            if cname == "manager":
                tgt[sel] = parent[s]
            elif cname == "team":
                tgt[sel] = _draw_in_groups(team, attract * (parent >= 0), team[s], rng)
            elif cname == "unit":
                tgt[sel] = _draw_in_groups(unit_code, attract, unit_code[s], rng)
            elif cname == "department":
                tgt[sel] = _draw_in_groups(dept_code, attract, dept_code[s], rng)
            elif cname == "site":
                tgt[sel] = _draw_in_groups(site_dept, attract, site_dept[s], rng)
            elif cname == "bridge":
                tgt[sel] = _draw_in_groups(np.zeros(n, dtype=np.int64), np.where(bridge, 200.0, 1.0),
                                           np.zeros(len(s), dtype=np.int64), rng)
        # Resisters turn to each other: part of their ties stay inside their unit.
        inward = resistant_unit[src] & (rng.random(len(src)) < 0.35)
        tgt[inward] = _draw_in_groups(unit_code, np.ones(n), unit_code[src[inward]], rng)
        keep = (tgt >= 0) & (tgt != src)
        frame = pd.DataFrame({"s": src[keep], "t": tgt[keep]}).drop_duplicates()
        frame["relation"] = relation
        return frame

    help_edges = nominations(help_per_respondent, {"manager": 0.18, "team": 0.27, "unit": 0.2,
                                                   "department": 0.2, "site": 0.07, "bridge": 0.08}, "help")
    influence_edges = nominations(influence_per_respondent, {"manager": 0.12, "team": 0.3, "unit": 0.25,
                                                             "department": 0.23, "bridge": 0.1}, "influence")
    edges = pd.concat([help_edges, influence_edges], ignore_index=True)
    edges["weight"] = np.where(rng.random(len(edges)) < 0.3, 2, 1)

    people = pd.DataFrame({
        "id": ids, "name": name, "email": _emails(first, last),
        "manager_id": np.where(parent >= 0, ids[np.maximum(parent, 0)], ""),
        "department": dept_names[dept_code], "title": titles, "location": np.array(SITES)[site],
        "responded": np.where(responded, "true", "false"),
        "hire_year": rng.integers(1995, 2026, n),
    })
    unique_name = ~pd.Series(name).duplicated(keep=False).to_numpy()
    typed = _typed_nominees(edges["t"].to_numpy(), people, unique_name, first, last, rng)
    noms = pd.DataFrame({"respondent_id": ids[edges["s"].to_numpy()], "relation": edges["relation"].to_numpy(),
                         "nominee": typed, "weight": edges["weight"].to_numpy()})

    # The mess of a real export: repeats, self-nominations, people who have left.
    m = len(noms)
    repeats = noms.iloc[rng.choice(m, size=max(1, m // 200), replace=False)]
    selfs = noms.iloc[rng.choice(m, size=max(1, m // 500), replace=False)].copy()
    selfs["nominee"] = selfs["respondent_id"]
    gone = noms.iloc[rng.choice(m, size=max(1, m // 300), replace=False)].copy()
    gone_first, gone_last = _names(len(gone), rng)
    gone["nominee"] = [f"{f} Former-{l}" for f, l in zip(gone_first, gone_last)]
    noms = pd.concat([noms, repeats, selfs, gone], ignore_index=True)
    noms = noms.iloc[rng.permutation(len(noms))]
    noms = noms.sort_values("respondent_id", kind="stable").reset_index(drop=True)

    attitudes = _attitudes(ids, responded, resistant_unit, impact_level[dept_code], rng)
    impact = pd.DataFrame({
        "department": dept_names,
        "impact": impact_level,
        "what_changes": [IMPACT_TEXT.get(d, ("their daily tools change", ""))[0] for d in dept_names],
        "losses": [IMPACT_TEXT.get(d, ("", "familiar ways of working"))[1] for d in dept_names],
    })
    truth = pd.DataFrame({"id": ids, "planted_influencer": influencer,
                          "influencer_kind": np.where(bridge, "bridge", np.where(influencer, "connector", "")),
                          "resistant_group": resistant_group})
    if sceptic_influencer_share:
        if not 0 < sceptic_influencer_share <= 1:
            raise InvalidParameterError("sceptic_influencer_share", "a number in [0, 1]", sceptic_influencer_share)
        attitudes, truth["planted_stance"] = _plant_stance(ids, influencer & responded, attitudes,
                                                           sceptic_influencer_share, seed)
    return SyntheticOrg(people=people, nominations=noms, attitudes=attitudes, impact=impact,
                        truth=truth, seed=int(seed), processes=_processes(people))


#: Go-live date the synthetic ``processes.csv`` is dated for (the demo's ``--go-live``).
DEMO_GO_LIVE = "2027-03-01"
#: The planted double-work case: managers keep asking for the status e-mail after go-live.
PLANTED_DOUBLE_WORK = "Weekly status e-mail to managers"


def _processes(people: pd.DataFrame) -> pd.DataFrame:
    """Processes and reports touched by the rollout; deterministic, so no random draw moves."""
    heads = people[people["title"].str.startswith("Head of ")].set_index("department")["id"]
    rows = [
        ("Month-end close", "Finance", "Excel close workbook", "close checklist workbook", "ERP close cockpit",
         DEMO_GO_LIVE),
        ("Work-order hand-over", "Operations", "paper checklist", "", "ERP work orders", ""),
        (PLANTED_DOUBLE_WORK, "Operations", "e-mail", "weekly status e-mail", "ERP status dashboard",
         "2027-05-31"),
        ("Pipeline review", "Sales", "spreadsheet", "weekly pipeline spreadsheet", "CRM pipeline view", ""),
        ("Campaign reporting", "Marketing", "reporting tool", "monthly campaign report", "CRM dashboards",
         "2027-03-01"),
        ("Approval of purchase requests", "Finance", "", "", "ERP approval workflow", ""),
    ]
    table = pd.DataFrame(rows, columns=["process", "department", "current_tool", "report_or_output",
                                        "changes_to", "retire_on"])
    table = table[table["department"].isin(heads.index)].reset_index(drop=True)
    table.insert(2, "owner", table["department"].map(heads).fillna(""))
    return table


def _attitudes(ids: np.ndarray, responded: np.ndarray, resistant: np.ndarray, impact: np.ndarray,
               rng: np.random.Generator) -> pd.DataFrame:
    n = len(ids)
    latent = np.where(resistant, rng.normal(-1.0, 0.45, n), rng.normal(0.55, 0.6, n))
    latent -= 0.12 * (impact - 3)
    # Item offsets: resisters know about the change (awareness) but do not want it (desire).
    offsets = {"adkar_awareness": (0.5, 1.6), "adkar_desire": (0.0, -0.6), "adkar_knowledge": (-0.1, 0.0),
               "adkar_ability": (-0.2, 0.0), "adkar_reinforcement": (-0.3, 0.0), "readiness": (0.0, 0.0),
               "support": (0.1, -0.3), "concern": (0.0, 0.0)}
    who = np.flatnonzero(responded)
    parts = []
    for item in ATTITUDE_ITEMS:
        base, extra = offsets[item]
        sign = -1.0 if item in REVERSE_CODED_ITEMS else 1.0
        raw = 3.1 + sign * (1.1 * latent[who] + base + np.where(resistant[who], extra, 0.0)) + rng.normal(0, 0.6, len(who))
        value = np.clip(np.rint(raw), 1, 5).astype(int)
        answered = rng.random(len(who)) > 0.03
        parts.append(pd.DataFrame({"respondent_id": ids[who[answered]], "item": item, "value": value[answered]}))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["respondent_id", "item"], kind="stable").reset_index(drop=True)


def _plant_stance(ids: np.ndarray, influencer: np.ndarray, attitudes: pd.DataFrame, share: float,
                  seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Answer the readiness items of responding influencers as sceptics (a share) or believers."""
    rng = np.random.default_rng([int(seed), 7919])  # apart from the main stream
    who = np.flatnonzero(influencer)
    sceptic = np.zeros(len(ids), dtype=bool)
    sceptic[rng.choice(who, size=int(round(share * len(who))), replace=False)] = True
    stance = np.where(sceptic, "sceptic", np.where(influencer, "believer", "")).astype(object)
    position = pd.Series(np.arange(len(ids)), index=ids)
    at = position[attitudes["respondent_id"]].to_numpy()
    rows = influencer[at]
    latent = np.where(sceptic[at[rows]], -1.0, 1.0)
    sign = np.where(attitudes.loc[rows, "item"].isin(REVERSE_CODED_ITEMS), -1.0, 1.0)
    raw = 3.0 + sign * 1.6 * latent + rng.normal(0, 0.5, int(rows.sum()))
    attitudes = attitudes.copy()
    attitudes.loc[rows, "value"] = np.clip(np.rint(raw), 1, 5).astype(int)
    return attitudes, stance


def write_org(org: SyntheticOrg, folder: str | Path) -> Path:
    """Write a synthetic organisation as an organisation folder.

    Inputs go to ``people.csv``, ``nominations.csv``, ``attitudes.csv``, ``impact.csv``,
    ``processes.csv``; the planted truth to ``truth/truth.csv`` (apart, so an analysis never reads it).

    Examples
    --------
    >>> import tempfile
    >>> folder = write_org(make_org(60, seed=2), tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())
    ['README.md', 'attitudes.csv', 'impact.csv', 'nominations.csv', 'people.csv', 'processes.csv', 'truth']
    """
    folder = Path(folder)
    (folder / "truth").mkdir(parents=True, exist_ok=True)
    org.people.to_csv(folder / "people.csv", index=False)
    org.nominations.to_csv(folder / "nominations.csv", index=False)
    org.attitudes.to_csv(folder / "attitudes.csv", index=False)
    org.impact.to_csv(folder / "impact.csv", index=False)
    if org.processes is not None and len(org.processes):
        org.processes.to_csv(folder / "processes.csv", index=False)
    org.truth.to_csv(folder / "truth" / "truth.csv", index=False)
    n = len(org.people)
    (folder / "README.md").write_text(
        f"# Synthetic organisation ({n} people, seed {org.seed})\n\n"
        "Generated by stakeholder-graph; every person and answer is invented.\n"
        f"Regenerate with:\n\n    stakeholder-graph synth --people {n} --seed {org.seed} --out {folder.name}\n\n"
        "Inputs (design section 4): people.csv, nominations.csv (relations help and influence),\n"
        "attitudes.csv (ADKAR and readiness items, Likert 1-5; `concern` is reverse-coded),\n"
        "impact.csv (change impact per department), processes.csv (processes and reports the\n"
        f"rollout touches, dated for a go-live on {DEMO_GO_LIVE}; one old output is planted to stay\n"
        "requested after go-live: double work).\n\n"
        "`truth/truth.csv` holds what was planted (informal influencers and resistant groups);\n"
        "an analysis never reads it, tests compare against it.\n", encoding="utf-8")
    return folder
