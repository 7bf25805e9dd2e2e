"""Interactive explorers for notebooks; their logic is in plain, tested functions."""

from .explorers import ChampionExplorer, ClusterExplorer, champion_view, cluster_view
from .rollout import RolloutExplorer, rollout_view

__all__ = ["ChampionExplorer", "ClusterExplorer", "champion_view", "cluster_view", "RolloutExplorer",
           "rollout_view"]
