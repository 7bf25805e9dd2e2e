"""Implementation plan: communication matrix, resistance plan, success metrics, planning prompts."""

from .plan import (
    CADENCE,
    ImplementationPlan,
    build_plan,
    communication_matrix,
    planning_prompts,
    resistance_plan,
    success_metrics,
)

__all__ = ["communication_matrix", "resistance_plan", "success_metrics", "planning_prompts", "CADENCE",
           "build_plan", "ImplementationPlan"]
