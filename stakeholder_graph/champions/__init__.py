"""Champions: a transparent score, a set chosen for coverage, and member matching."""

from .score import SCORE_WEIGHTS, champion_scores, explain
from .select import ChampionSet, coverage_by_group, match_members, select_champions

__all__ = ["champion_scores", "explain", "SCORE_WEIGHTS", "select_champions", "ChampionSet",
           "match_members", "coverage_by_group"]
