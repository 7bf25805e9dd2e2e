"""Centrality, brokerage, reach and roles on the network layers."""

from .brokerage import burt_constraint_effective_size
from .centrality import (
    betweenness,
    default_pivots,
    diffusion_centrality,
    harmonic_closeness,
    in_degree,
    pagerank,
    reach_counts,
    reach_matrix,
    spectral_radius,
)
from .table import ROLE_THRESHOLDS, assign_roles, compute_metrics, department_mix

__all__ = ["in_degree", "pagerank", "betweenness", "default_pivots", "diffusion_centrality",
           "spectral_radius", "harmonic_closeness", "reach_matrix", "reach_counts",
           "burt_constraint_effective_size", "compute_metrics", "assign_roles", "department_mix",
           "ROLE_THRESHOLDS"]
