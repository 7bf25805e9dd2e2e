"""Figures (matplotlib). Each function returns a Figure; nothing is drawn on import."""

from .figures import (
    NODE_LIMIT,
    GroupTies,
    network_group_ties,
    plot_cluster_risk,
    plot_coverage_curve,
    plot_formal_informal,
    plot_group_network,
    plot_network,
    plot_power_interest,
)

__all__ = ["plot_network", "plot_coverage_curve", "plot_cluster_risk", "plot_formal_informal",
           "plot_power_interest", "network_group_ties", "plot_group_network", "GroupTies", "NODE_LIMIT"]
