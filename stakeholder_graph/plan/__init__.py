"""Implementation plan: audiences, communication matrix, calendar, resistance plan,
operational integration, success metrics and planning prompts."""

from .audiences import CADENCE_BY_RISK, assign_audiences, check_audiences, communication_matrix
from .calendar import calendar_to_ics, message_calendar
from .inputs import informal_go_to, org_levels, plan_people
from .operations import operational_register
from .plan import ImplementationPlan, build_plan, resistance_plan, success_metrics
from .policy import PlanPolicy
from .prompts import PROMPT_TEMPLATES, planning_prompts
from .stance import person_stance, stance_from_attitude

__all__ = ["PlanPolicy", "plan_people", "informal_go_to", "org_levels", "assign_audiences", "communication_matrix",
           "check_audiences", "message_calendar", "calendar_to_ics", "operational_register", "resistance_plan",
           "success_metrics", "planning_prompts", "PROMPT_TEMPLATES", "build_plan", "ImplementationPlan",
           "person_stance", "stance_from_attitude", "CADENCE_BY_RISK"]
