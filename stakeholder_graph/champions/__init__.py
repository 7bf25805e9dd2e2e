"""Champions: a transparent score, a set chosen for coverage, and member matching."""

from .score import SCORE_WEIGHTS, champion_scores, explain
from .credibility import nominations_by_line
from .influence_max import cascade_probabilities, expected_spread, imm, simulate_cascade
from .select import ChampionSet, Cover, coverage_by_group, greedy_cover, match_members, select_champions
from .stance import STANCE_POLICIES, STANCE_THRESHOLDS, stance_from_attitudes

__all__ = ["champion_scores", "explain", "SCORE_WEIGHTS", "select_champions", "ChampionSet",
           "match_members", "coverage_by_group", "Cover", "greedy_cover", "stance_from_attitudes",
           "STANCE_THRESHOLDS", "STANCE_POLICIES", "nominations_by_line", "cascade_probabilities", "imm",
           "expected_spread", "simulate_cascade"]
