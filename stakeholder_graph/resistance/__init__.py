"""Resistance: attitude scores, an influence model, communities and resistance clusters."""

from .assess import (
    NO_READINESS,
    NetworkCommunities,
    ResistanceAssessment,
    assess_resistance,
    impact_per_person,
    network_communities,
)
from .attitudes import ADKAR_ITEMS, score_attitudes
from .clusters import RISK_RULES, resistance_clusters
from .communities import community_crosswalk, detect_communities
from .influence import (
    RESISTANT_CUTOFF,
    exposure_to_resisters,
    friedkin_johnsen,
    influence_matrix,
    influence_relation,
    predict_attitudes,
)

__all__ = ["score_attitudes", "ADKAR_ITEMS", "influence_matrix", "friedkin_johnsen", "predict_attitudes",
           "exposure_to_resisters", "influence_relation", "RESISTANT_CUTOFF", "detect_communities",
           "community_crosswalk", "assess_resistance", "ResistanceAssessment", "impact_per_person",
           "resistance_clusters", "RISK_RULES", "network_communities", "NetworkCommunities", "NO_READINESS"]
