"""``analyze``: the one orchestration, shared by the command line and the notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .champions.select import ChampionSet, select_champions
from .exceptions import InvalidParameterError
from .io.org import OrgData, read_org
from .io.quality import DataQualityReport
from .metrics.table import compute_metrics
from .network.orgnetwork import FORMAL, OrgNetwork, build_network
from .resistance.assess import (
    NO_READINESS,
    NetworkCommunities,
    ResistanceAssessment,
    assess_resistance,
    network_communities,
)

__all__ = ["Analysis", "analyze", "people_table", "default_relation", "missing_results",
           "spread_comparison", "win_over_first", "champion_summary_lines"]

#: Layers tried, in order, for champions when no relation is given.
PREFERRED_RELATIONS = ("help", "advice", "influence")


@dataclass
class Analysis:
    """Everything one analysis produced, as plain tables.

    Attributes
    ----------
    org : OrgData
        The validated input.
    network : OrgNetwork
        Network layers.
    people : pandas.DataFrame
        One row per person (the ``people.csv`` output).
    network_summary : pandas.DataFrame
        One row per layer (:meth:`OrgNetwork.summary`).
    response_rate : pandas.DataFrame
        Response rate per department, small groups merged.
    metrics : pandas.DataFrame or None
        Per-person metrics of the champion relation (None without nominations).
    champions : ChampionSet or None
        The chosen champion set, its coverage and the member matching.
    resistance : ResistanceAssessment or None
        Resistance clusters (None without attitudes.csv).
    spread : pandas.DataFrame or None
        Expected spread under the independent cascade of the shortlist beside the same
        number of people by PageRank and by in-degree (and the stance-blind shortlist),
        from one common set of RR sets (:func:`~stakeholder_graph.champions.influence_max.expected_spread`).
    win_over_first : pandas.DataFrame or None
        Influential sceptics: people the network says are influential (on the stance-blind
        shortlist or in the top 2k by champion score) whose answers say they are against
        the change; the sponsor should meet them first. Individual attitudes: exported
        only on request, their number always.
    parameters : dict
        The options used, so a report can state them.
    communities : NetworkCommunities or None
        Communities and their crosswalk to departments: a network result, computed with or
        without a readiness survey (None only for a network without any tie).
    missing : list of str
        What could not be computed and why, in plain words (e.g. ``"no readiness data:
        resistance risk is unknown"``); every output states these instead of leaving a
        section out.
    plan : ImplementationPlan or None
        The implementation plan, when plan options (``system``, ``go_live``) were given;
        ``people`` then has an ``audience`` column.
    """

    org: OrgData
    network: OrgNetwork
    people: pd.DataFrame
    network_summary: pd.DataFrame
    response_rate: pd.DataFrame
    metrics: pd.DataFrame | None = None
    champions: ChampionSet | None = None
    resistance: ResistanceAssessment | None = None
    spread: pd.DataFrame | None = None
    win_over_first: pd.DataFrame | None = None
    parameters: dict = field(default_factory=dict)
    communities: NetworkCommunities | None = None
    missing: list = field(default_factory=list)
    plan: "ImplementationPlan | None" = None  # noqa: F821 (imported lazily: the plan imports this module)

    @property
    def quality(self) -> DataQualityReport:
        """The data-quality report: the input's findings plus what the analysis left out."""
        report = self.org.quality.copy()
        if self.resistance is not None and len(self.resistance.unscored):
            unscored = self.resistance.unscored
            report.add_rows(self.org.files.get("attitudes", "attitudes.csv"), [None] * len(unscored),
                            "respondent_id", unscored["respondent_id"],
                            "too few attitude items answered for a score: answered "
                            + unscored["items_answered"].astype(str) + ", missing " + unscored["items_missing"],
                            "no observed attitude; predicted from the colleagues they listen to")
        return report

    def __repr__(self) -> str:
        return (f"Analysis({self.network.n_people} people, layers {self.network.layers}, "
                f"{len(self.quality)} data-quality findings)")


def default_relation(network: OrgNetwork) -> str | None:
    """The layer used for champions when none is named: help, else advice, else influence,
    else the first nomination layer (None when there are no nominations).

    Examples
    --------
    >>> default_relation(build_network(OrgData.example()))
    'help'
    """
    for relation in PREFERRED_RELATIONS:
        try:
            return network.resolve_relation(relation)
        except KeyError:
            continue
    return network.relations[0] if network.relations else None


def _betweenness_column(metrics: pd.DataFrame) -> np.ndarray:
    """The people table's ``betweenness`` column from the metrics (rounded like the other
    centralities), for :func:`analyze` to fill in once betweenness arrives from its process."""
    return metrics["betweenness"].round(6).to_numpy()


def people_table(network: OrgNetwork, metrics: pd.DataFrame | None = None,
                 champions: ChampionSet | None = None,
                 resistance: ResistanceAssessment | None = None,
                 stance: pd.DataFrame | None = None) -> pd.DataFrame:
    """The per-person output table (``people.csv``, design section 5).

    Who the person is and their reporting line; ``in_degree_<relation>`` for every layer
    (distinct colleagues who name them); with ``metrics``, the centrality, brokerage,
    reach and role of the champion relation; with ``champions``, ``champion_score``,
    ``is_champion`` and ``assigned_champion`` (their messenger); with ``resistance``,
    ``community`` and ``resistance_risk`` (of their community), plus ``attitude``,
    ``predicted_attitude``, ``exposure`` and ``barrier``, which exports drop unless
    individual attitudes are asked for. ``stance`` (believer, neutral, sceptic, unknown;
    :mod:`~stakeholder_graph.champions.stance`) is always there ("unknown" without
    answers), with ``stance_score`` and ``candidate_rank`` (the order in which the stance
    policy considers candidates); exports treat all three as individual attitudes. With
    ``metrics``, ``sought_out_by_reports`` and ``sought_out_across_line`` split the
    in-degree into formal (own reports) and informal credibility.

    Examples
    --------
    >>> people_table(build_network(OrgData.example()))[["id", "is_manager", "in_degree_help"]]
      id  is_manager  in_degree_help
    0  1        True               3
    1  2        True               1
    2  3       False               1
    3  4       False               0
    4  5       False               0
    """
    people = network.people
    out = people[["id", "name", "department", "title", "location", "manager_id",
                  "is_manager", "n_reports", "responded"]].copy()
    for relation in network.relations:
        A = network.matrix(relation, weighted=False)
        out[f"in_degree_{relation}"] = np.asarray(A.sum(axis=0)).ravel().astype(int)
    if metrics is not None:
        for column in ["pagerank", "betweenness", "diffusion", "constraint", "effective_size",
                       "reach_1", "reach_2", "harmonic", "role"]:
            out[column] = metrics[column].to_numpy()
        for column in ["pagerank", "diffusion", "constraint", "effective_size", "harmonic"]:
            out[column] = out[column].round(6)
        out["betweenness"] = _betweenness_column(metrics)
        from .champions.credibility import nominations_by_line

        line = nominations_by_line(network, metrics.attrs.get("relation", default_relation(network)))
        out["sought_out_by_reports"] = line["sought_out_by_reports"].to_numpy()
        out["sought_out_across_line"] = line["sought_out_across_line"].to_numpy()
    out["stance"] = "unknown" if stance is None else stance["stance"].to_numpy()
    out["stance_score"] = np.nan if stance is None else stance["stance_score"].to_numpy()
    if champions is not None:
        from .champions.score import champion_scores
        from .champions.stance import stance_tiers

        out["champion_score"] = champion_scores(metrics)["score"].round(1).to_numpy() if metrics is not None else np.nan
        out["is_champion"] = out["id"].isin(champions.champions["id"])
        out["assigned_champion"] = champions.assignment["assigned_champion"].to_numpy()
        policy = champions.parameters.get("stance_policy", "ignore")
        tier = stance_tiers(None if stance is None else out["stance"].to_numpy(), len(out), policy)
        order = np.lexsort((out["id"].to_numpy(), -out["champion_score"].fillna(0).to_numpy(), tier))
        order = order[tier[order] >= 0]
        rank = np.full(len(out), np.nan)
        rank[order] = np.arange(1, len(order) + 1)
        out["candidate_rank"] = pd.array(rank, dtype="Int64")
    if resistance is not None:
        for column in ["community", "resistance_risk", "attitude", "predicted_attitude", "exposure", "barrier"]:
            out[column] = resistance.people[column].to_numpy()
    return out


def missing_results(org: OrgData, relation: str | None, resistance: ResistanceAssessment | None,
                    communities: NetworkCommunities | None = None) -> list[str]:
    """Plain statements of what could not be computed and why (never an implied all-clear).

    Examples
    --------
    >>> analyze(OrgData.example(), min_group_size=1, resolution=1).missing
    ['no readiness data: resistance risk is unknown (no attitudes.csv was given)']
    >>> missing_results(OrgData.example(), None, None, None)[-1]
    'no communities: the network has no ties at all (no reporting lines and no nominations)'
    """
    notes = []
    if relation is None:
        self_only = any(org.quality.to_frame()["problem"].astype(str) == "self-nomination")
        if self_only:
            notes.append("only self-nominations: every nomination named the respondent themselves, so there is "
                         "no informal network; network metrics and champions could not be computed "
                         "(communities come from the org chart only)")
        else:
            notes.append("no nominations: network metrics and champions need nominations.csv (who goes to whom "
                         "for help); communities come from the org chart only")
    has_file = "attitudes" in org.files
    if org.attitudes is None or org.attitudes.empty:
        if has_file:
            notes.append(f"{NO_READINESS} (every attitude answer in {org.files['attitudes']} is blank or unusable)")
        else:
            notes.append(f"{NO_READINESS} (no attitudes.csv was given)")
    elif resistance is None:
        notes.append(f"{NO_READINESS} (readiness answers need nominations to spread over the network)")
    elif resistance.people["attitude"].isna().all():
        notes.append(f"{NO_READINESS} (no respondent answered enough attitude items for a score)")
    if communities is None:
        notes.append("no communities: the network has no ties at all (no reporting lines and no nominations)")
    elif len(communities.clusters) == 0:
        notes.append(f"no community is shown: all {communities.suppressed_clusters} communities have fewer people "
                     f"than the minimum group size ({communities.parameters.get('min_group_size')}); a lower "
                     "resolution (--resolution 1) gives fewer, larger communities")
    return notes


#: Columns of ``people.csv`` that describe one person's attitude: exported only on request.
INDIVIDUAL_ATTITUDE_COLUMNS = ["attitude", "predicted_attitude", "exposure", "barrier", "stance", "stance_score",
                               "candidate_rank"]


def analyze(org: OrgData | str | Path, *, mapping: dict | str | Path | None = None,
            min_group_size: int = 5, seed: int | None = 0, relation: str | None = None,
            champions: int | None = None, champion_share: float | None = None,
            quotas: dict | None = None, max_members_per_champion: int | None = None,
            managers: str = "penalise", pivots: int | None = None,
            resolution: float = 8.0, progress: bool = False, system: str | None = None,
            go_live=None, replaces=None, purpose: str | None = None, company_type: str | None = None,
            key_user_roles=None, alerts: pd.DataFrame | None = None,
            include_individual_attitudes: bool = False, stance_policy: str = "prefer-believer",
            method: str = "coverage") -> Analysis:
    """Run the analysis on an organisation: network, metrics, roles and champions.

    Parameters
    ----------
    org : OrgData, str or Path
        A result of :func:`read_org`, or a folder to read.
    mapping : dict, str or Path, optional
        Column mapping passed to :func:`read_org` when ``org`` is a folder.
    min_group_size : int, default=5
        Aggregates over fewer people are merged or suppressed.
    seed : int or None, default=0
        Seed for every random step (sampled betweenness, tie-breaking).
    relation : str, optional
        Layer for metrics and champions (default: help, else advice, else influence).
    champions, champion_share : optional
        Budget: a number of champions or a share of headcount (default 3 percent).
    quotas, max_members_per_champion, managers :
        Passed to :func:`~stakeholder_graph.select_champions`.
    pivots : int, optional
        Betweenness pivots (default: exact up to 5,000 people, then sampled).
    resolution : float, default=8.0
        Community resolution for resistance clusters (team- to unit-sized communities).
    stance_policy : {"prefer-believer", "require-believer", "ignore"}, default="prefer-believer"
        How stance (from attitudes.csv) gates the shortlist; see
        :mod:`~stakeholder_graph.champions.stance`.
    method : {"coverage", "influence"}, default="coverage"
        Champion selection: greedy reach coverage or influence maximisation (IMM).
    progress : bool, default=False
        Show a progress bar (tqdm; a widget in notebooks) over the steps, useful from
        about 100,000 people on.
    system, go_live, replaces, purpose, company_type, key_user_roles :
        Plan options (:class:`~stakeholder_graph.plan.PlanPolicy`). With ``go_live`` (and
        usually ``system``), the result carries the implementation plan in ``.plan`` and
        ``people`` gains ``audience``.
    alerts : pandas.DataFrame, optional
        Monitor alerts (``week, group_type, group, signal``): groups with an open alert
        hear from the plan weekly after go-live.
    include_individual_attitudes : bool, default=False
        The register shows a named person's own stance instead of their group's.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> result = analyze(OrgData.example(), min_group_size=1, champions=1)
    >>> result
    Analysis(5 people, layers ['formal', 'help'], 0 data-quality findings)
    >>> result.response_rate["response_rate"].tolist()
    [1.0, 0.5, 0.8]
    >>> result.champions.champions["name"].tolist()
    ['Ana Diaz']
    """
    from ._parallel import stopped_on_error

    with stopped_on_error():  # an analysis that fails stops the second processes it started
        if not isinstance(min_group_size, (int, np.integer)) or min_group_size < 1:
            raise InvalidParameterError("min_group_size", "an integer >= 1", min_group_size)
        if seed is not None and (not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32):
            raise InvalidParameterError("seed", "an integer from 0 to 4294967295 (or None)", seed)
        if not (isinstance(resolution, (int, float)) and np.isfinite(resolution) and resolution > 0):
            raise InvalidParameterError("resolution", "a number > 0", resolution)
        from .profiling import steps

        planning = system is not None or go_live is not None
        run = steps("analysis", progress=progress,
                    total=7 + (not isinstance(org, OrgData)) + planning)
        step = run.next

        if not isinstance(org, OrgData):
            step("read")
            org = read_org(org, mapping)
        from ._parallel import Background, parallel_enabled

        has_attitudes = org.attitudes is not None and not org.attitudes.empty
        # Stance and the attitude scores need the answers and the roster alone: for a large
        # organisation a second process works them out while this one builds the network and
        # computes the metrics.
        pending_stance = Background(_stance_and_scores, org, enabled=parallel_enabled(len(org.people))) \
            if has_attitudes else None
        step("network")
        network = build_network(org)
        relation = network.resolve_relation(relation) if relation else default_relation(network)
        if relation == FORMAL:
            raise InvalidParameterError("relation", f"a nomination layer among {network.relations}", relation)
        metrics = chosen = None
        # The communities depend on the network alone: for a large organisation they are found in
        # a second process while this one computes metrics and champions (same seed, same answer).
        # They are needed before betweenness (the resistance step comes first), so they run at
        # this process's priority and betweenness takes what CPU is left.
        has_ties = any(len(network.edges(layer)) for layer in network.layers)
        pending_communities = Background(
            partial(network_communities, network, resolution=resolution, min_group_size=min_group_size, seed=seed),
            enabled=parallel_enabled(network.n_people), niceness=0) if has_ties else None
        step("metrics")
        spread = None
        if relation is not None:
            # Betweenness feeds no later step (only the people table): for a large organisation it
            # is computed in a second process while this one chooses the champions and assesses
            # resistance.
            from .metrics.centrality import betweenness

            pending_betweenness = Background(partial(betweenness, network, relation, pivots=pivots, seed=seed),
                                             enabled=parallel_enabled(network.n_people))
            metrics = compute_metrics(network, relation, include_betweenness=False, seed=seed)
            metrics.attrs.setdefault("relation", relation)
            step("champions")
            stance, attitude_scores = pending_stance.result() if pending_stance is not None else (None, None)
            chosen = select_champions(network, champions, share=champion_share, quotas=quotas,
                                      max_members_per_champion=max_members_per_champion, managers=managers,
                                      relation=relation, metrics=metrics, min_group_size=min_group_size,
                                      stance=None if stance is None else stance["stance"].to_numpy(),
                                      stance_policy=stance_policy, method=method, seed=seed,
                                      settle=False)  # the stance-blind comparison and sizing: settled below
        if relation is None:
            stance, attitude_scores = pending_stance.result() if pending_stance is not None else (None, None)
        resistance = communities = None
        step("resistance")
        if pending_communities is not None:
            communities = pending_communities.result()
        if relation is not None and has_attitudes:
            resistance = assess_resistance(network, org, champions=None if chosen is None else
                                           chosen.champions["id"].tolist(), min_group_size=min_group_size,
                                           resolution=resolution, seed=seed,
                                           labels=None if communities is None else communities.labels,
                                           stance=None if stance is None else stance["stance"].to_numpy(),
                                           attitude_scores=attitude_scores)
        step("tables")
        # Betweenness only fills its column of the people table: the plan is made while its
        # second process finishes, and the column is filled in after.
        betweenness_later = metrics is not None and planning
        if metrics is not None and not betweenness_later:
            metrics["betweenness"], metrics.attrs["betweenness_pivots"] = pending_betweenness.result()
        people = people_table(network, metrics, chosen, resistance, stance)
        plan = None
        if planning:
            step("plan")
            plan = _plan(org, network, people, metrics, resistance, relation, alerts, system=system, go_live=go_live,
                         replaces=replaces, purpose=purpose, company_type=company_type, key_user_roles=key_user_roles,
                         min_group_size=int(min_group_size), individual_stances=include_individual_attitudes)
            people["audience"] = plan.audiences["audience"].to_numpy()
        if betweenness_later:
            step("betweenness (waiting for its process)")
            metrics["betweenness"], metrics.attrs["betweenness_pivots"] = pending_betweenness.result()
            people["betweenness"] = _betweenness_column(metrics)
        network_summary = network.summary()
        response_rate = network.response_rate(min_group_size=min_group_size)
        win = None
        if chosen is not None:
            # Second processes of a large organisation counted these while the steps above ran.
            step("champions settled (waiting for their processes)")
            chosen.settle()
            step("spread comparison")
            spread = spread_comparison(network, chosen, metrics, relation=relation, seed=seed)
            win = None if stance is None else win_over_first(people, metrics, chosen, relation)
        run.close()
        return Analysis(
            org=org, network=network, people=people, plan=plan,
            network_summary=network_summary,
            response_rate=response_rate,
            metrics=metrics, champions=chosen, resistance=resistance, communities=communities,
            missing=missing_results(org, relation, resistance, communities), spread=spread, win_over_first=win,
            parameters={"min_group_size": int(min_group_size), "seed": seed, "source": str(org.source),
                        "relation": relation,
                        "betweenness_pivots": None if metrics is None else metrics.attrs["betweenness_pivots"],
                        "diffusion_q": None if metrics is None else metrics.attrs["diffusion_q"],
                        "diffusion_T": None if metrics is None else metrics.attrs["diffusion_T"],
                        **({} if chosen is None else {f"champions_{k}": v for k, v in chosen.parameters.items()}),
                        **({} if resistance is None
                           else {f"resistance_{k}": v for k, v in resistance.parameters.items()})},
        )


def _stance_and_scores(org: OrgData) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Stance per person (in the network's node order: the people table's) and the attitude
    scores it rests on, which resistance reuses: the same composite, scored once."""
    from .champions.stance import WILLING_ITEM, stance_from_attitudes
    from .resistance.attitudes import score_attitudes

    composite = org.attitudes[org.attitudes["item"].astype(str) != WILLING_ITEM]
    scores = score_attitudes(composite, scale=org.likert_scale) if len(composite) else None
    ids = pd.Index(org.people["id"].astype(str))  # build_network's node order
    return stance_from_attitudes(ids, org.attitudes, scale=org.likert_scale, scores=scores), scores


def spread_comparison(network: OrgNetwork, chosen: ChampionSet, metrics: pd.DataFrame, *, relation: str,
                      rr_sets: int = 20000, seed: int | None = 0) -> pd.DataFrame:
    """Expected spread of the shortlist beside the same number of people by PageRank and by
    in-degree (and the stance-blind shortlist), from one simulator.

    One common set of ``rr_sets`` reverse-reachable sets under the weighted cascade
    (:mod:`~stakeholder_graph.champions.influence_max`) scores every set, so the figures
    differ by what the sets buy, not by simulation noise.

    Examples
    --------
    Ana Diaz reaches Bo Chen and Cy Ode surely, Di Fox with probability 0.75 (Di names
    her and Cy, each with probability 1/2) and Ed Gray, who names nobody, never: 3.75.

    >>> result = analyze(OrgData.example(), champions=1)
    >>> result.spread[["set", "size", "expected_spread"]]
                   set  size  expected_spread
    0        shortlist     1             3.74
    1   PageRank top-k     1             3.74
    2  in-degree top-k     1             3.74
    """
    from .champions.influence_max import cascade_probabilities, expected_spread

    position = pd.Series(np.arange(network.n_people), index=network.ids.to_numpy())
    k = len(chosen.champions)
    order = np.lexsort((network.ids.to_numpy(),))  # ties: by id, not by file order

    def top(values: np.ndarray) -> list[int]:
        ranked = order[np.argsort(-np.asarray(values, dtype=float)[order], kind="stable")]
        return ranked[:k].tolist()

    sets = {"shortlist": position[chosen.champions["id"]].tolist(),
            "PageRank top-k": top(metrics["pagerank"].to_numpy()),
            "in-degree top-k": top(metrics["in_degree"].to_numpy())}
    if chosen.stance_blind is not None:
        sets["stance-blind shortlist"] = position[chosen.stance_blind].tolist()
    # A seed stream apart from the one IMM used to choose the shortlist, so the shortlist is
    # not scored on the very samples it was fitted to.
    table = expected_spread(cascade_probabilities(network, relation), sets, rr_sets=rr_sets,
                            seed=None if seed is None else [seed, 1])
    table.attrs.update(model="independent cascade, weighted cascade probabilities", rr_sets=rr_sets)
    return table


def win_over_first(people: pd.DataFrame, metrics: pd.DataFrame, chosen: ChampionSet, relation: str) -> pd.DataFrame:
    """Influential sceptics: the people the sponsor should meet first.

    Influential means on the stance-blind shortlist or among the top ``2k`` by champion
    score (``k`` the shortlist size); sceptic means a stance score at or below the sceptic
    cut-off. Columns: ``id, name, department, title, champion_score, sought_out``,
    ``sought_out_by_reports, sought_out_across_line``, ``sought_out_for`` (a sentence),
    ``cluster`` and ``cluster_risk`` (their resistance cluster, when assessed).
    """
    from .champions.score import explain

    k = len(chosen.champions)
    score = people["champion_score"].fillna(0).to_numpy()
    top = np.zeros(len(people), dtype=bool)
    top[np.lexsort((people["id"].to_numpy(), -score))[: 2 * k]] = True
    blind = people["id"].isin(chosen.stance_blind or []).to_numpy()
    rows = np.flatnonzero((top | blind) & (people["stance"] == "sceptic").to_numpy())
    rows = rows[np.argsort(-score[rows], kind="stable")]
    out = people.iloc[rows][["id", "name", "department", "title", "champion_score"]].reset_index(drop=True)
    out["sought_out"] = metrics["in_degree"].to_numpy()[rows]
    for column in ("sought_out_by_reports", "sought_out_across_line"):
        out[column] = people[column].to_numpy()[rows] if column in people else 0
    out["sought_out_for"] = explain(metrics, rows, relation=relation, n_reports=people["n_reports"],
                                    by_reports=people.get("sought_out_by_reports")).to_numpy()
    if "community" in people:
        out["cluster"] = people["community"].to_numpy()[rows]
        out["cluster_risk"] = people["resistance_risk"].to_numpy()[rows]
    return out


def champion_summary_lines(result, *, include_individual_attitudes: bool = False) -> list[str]:
    """What the stance policy cost, programme sizing, spread comparison and the win-over-first
    count, as sentences (names of influential sceptics only with ``include_individual_attitudes``).

    Examples
    --------
    >>> champion_summary_lines(analyze(OrgData.example(), champions=1))[:2]
    ['Method: coverage; stance policy: no stance data.', 'Champions needed to reach 80 percent: 1; 90 percent: 2 (same greedy cover).']
    """
    s = result.champions.summary
    lines = [f"Method: {s['method']}; stance policy: {s['stance_policy']}."]
    if s.get("stance_blind_coverage") is not None:
        verb = "cost" if s["coverage_cost"] >= 0 else "gained"
        lines.append(f"The policy {verb} {abs(s['coverage_cost']):.1%} of the organisation in coverage "
                     f"({s['coverage']:.1%} against {s['stance_blind_coverage']:.1%} for the stance-blind shortlist, "
                     f"which held {s['sceptics_on_stance_blind_shortlist']} sceptics); "
                     f"{s['ask_before_recruiting']} shortlisted people to ask before recruiting.")
    sizing = [f"{share} percent: {s[f'champions_for_{share}_percent'] or 'not reachable'}" for share in (80, 90)]
    lines.append("Champions needed to reach " + "; ".join(sizing) + " (same greedy cover).")
    if result.spread is not None:
        lines.append("Expected spread, independent cascade (one simulator, "
                     f"{result.spread.attrs.get('rr_sets', '')} RR sets): " + "; ".join(
                         f"{r.set} {r.expected_spread:.0f} ({r.share:.0%})" for r in result.spread.itertuples()))
    if result.win_over_first is not None:
        win = result.win_over_first
        text = f"Influential sceptics to win over first: {len(win)}"
        if include_individual_attitudes and len(win):
            text += " - " + "; ".join(f"{r.name} ({r.id})" for r in win.itertuples())
        elif len(win):
            text += " (names with --include-individual-attitudes: individual attitudes)"
        lines.append(text + ".")
    return lines


def _plan(org, network, people, metrics, resistance, relation, alerts, **options):
    """The implementation plan from the analysis parts (the plan itself sees only tables)."""
    from .champions.score import champion_scores
    from .plan import PlanPolicy, build_plan, informal_go_to, plan_people

    if options["go_live"] is None:
        raise InvalidParameterError("go_live", "a date as YYYY-MM-DD when plan options are given", None)
    policy = PlanPolicy(**options)
    clusters = None if resistance is None else resistance.clusters
    scores = None if metrics is None else champion_scores(metrics)["score"]
    from ._parallel import Background, parallel_enabled

    # The informal go-to people depend on the network alone: for a large organisation a
    # second process finds them while this one assembles the plan's people table.
    go_to = Background(partial(informal_go_to, network, relation), enabled=parallel_enabled(network.n_people))
    table = plan_people(network, people, scores=scores, clusters=clusters, impact=org.impact,
                        impact_cut=policy.impact_cut)
    return build_plan(table, policy, clusters=clusters, impact=org.impact, processes=org.processes,
                      go_to=go_to.result(), alerts=alerts)
