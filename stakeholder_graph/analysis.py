"""``analyze``: the one orchestration, shared by the command line and the notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import InvalidParameterError
from .io.org import OrgData, read_org
from .io.quality import DataQualityReport
from .network.orgnetwork import OrgNetwork, build_network

__all__ = ["Analysis", "analyze", "people_table"]


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
    parameters : dict
        The options used, so a report can state them.
    """

    org: OrgData
    network: OrgNetwork
    people: pd.DataFrame
    network_summary: pd.DataFrame
    response_rate: pd.DataFrame
    parameters: dict = field(default_factory=dict)

    @property
    def quality(self) -> DataQualityReport:
        """The data-quality report of the input."""
        return self.org.quality

    def __repr__(self) -> str:
        return (f"Analysis({self.network.n_people} people, layers {self.network.layers}, "
                f"{len(self.quality)} data-quality findings)")


def people_table(network: OrgNetwork) -> pd.DataFrame:
    """The per-person output table: who they are, reporting line, and in-degree per layer.

    ``in_degree_<relation>`` counts the distinct colleagues who name the person in that
    relation (how many seek them out); ``n_reports`` their direct reports.

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
    return out


def analyze(org: OrgData | str | Path, *, mapping: dict | str | Path | None = None,
            min_group_size: int = 5, seed: int | None = 0) -> Analysis:
    """Run the analysis on an organisation.

    Parameters
    ----------
    org : OrgData, str or Path
        A result of :func:`read_org`, or a folder to read.
    mapping : dict, str or Path, optional
        Column mapping passed to :func:`read_org` when ``org`` is a folder.
    min_group_size : int, default=5
        Aggregates over fewer people are merged or suppressed.
    seed : int or None, default=0
        Seed for every random step (kept in ``parameters``).

    Returns
    -------
    Analysis

    Examples
    --------
    >>> result = analyze(OrgData.example(), min_group_size=1)
    >>> result
    Analysis(5 people, layers ['formal', 'help'], 0 data-quality findings)
    >>> result.response_rate["response_rate"].tolist()
    [1.0, 0.5, 0.8]
    """
    if not isinstance(min_group_size, (int, np.integer)) or min_group_size < 1:
        raise InvalidParameterError("min_group_size", "an integer >= 1", min_group_size)
    if not isinstance(org, OrgData):
        org = read_org(org, mapping)
    network = build_network(org)
    return Analysis(
        org=org, network=network, people=people_table(network),
        network_summary=network.summary(),
        response_rate=network.response_rate(min_group_size=min_group_size),
        parameters={"min_group_size": int(min_group_size), "seed": seed, "source": str(org.source)},
    )
