"""stakeholder-graph: plan the human side of an IT rollout from an org chart and a network survey."""

from .exceptions import (
    DuplicateColumnError,
    DuplicateIdError,
    EmptyTableError,
    InputTableError,
    InvalidParameterError,
    InvalidValueError,
    MissingColumnError,
    MissingFileError,
    ReportingCycleError,
    StakeholderGraphError,
    UnknownRelationError,
    UnreadableFileError,
)
from .io import DataQualityReport, NameResolver, OrgData, read_org
from .network import FORMAL, OrgNetwork, build_network, sought_out_beyond_line
from .analysis import Analysis, analyze, champion_summary_lines
from .champions import ChampionSet, champion_scores, select_champions
from .metrics import compute_metrics
from .export import write_reports
from .publish import PublicResult, publish, read_or_create_key
from . import plan, plotting  # subpackages users reach as sg.plan, sg.plotting

__version__ = "0.1.0"

__all__ = [
    "plan", "plotting",
    "read_org", "OrgData", "DataQualityReport", "NameResolver",
    "build_network", "OrgNetwork", "FORMAL", "sought_out_beyond_line", "analyze", "Analysis", "champion_summary_lines", "compute_metrics", "champion_scores", "select_champions", "ChampionSet", "write_reports",
    "publish", "PublicResult", "read_or_create_key",
    "StakeholderGraphError", "InputTableError", "MissingFileError", "MissingColumnError",
    "DuplicateIdError", "DuplicateColumnError", "EmptyTableError", "InvalidValueError", "ReportingCycleError",
    "UnreadableFileError", "InvalidParameterError", "UnknownRelationError",
]
