"""Resistance: attitude scores, an influence model, communities and resistance clusters."""

from .attitudes import ADKAR_ITEMS, score_attitudes
from .influence import (
    RESISTANT_CUTOFF,
    exposure_to_resisters,
    friedkin_johnsen,
    influence_matrix,
    influence_relation,
    predict_attitudes,
)

__all__ = ["score_attitudes", "ADKAR_ITEMS", "influence_matrix", "friedkin_johnsen", "predict_attitudes",
           "exposure_to_resisters", "influence_relation", "RESISTANT_CUTOFF"]
