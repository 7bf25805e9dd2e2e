"""After go-live: adoption telemetry, survey waves, alerts and diffusion evidence.

The metrics are Ibis expressions (DuckDB by default, Spark or a warehouse on request);
see :func:`monitor` and the feedback-loop section of the README.
"""

from .alerts import SIGNALS, AlertRules
from .diffusion import champion_effect, exposure_at_adoption, hazard_model
from .engine import connect
from .feedback import DEFAULT_THEMES, attitude_trend, comment_themes
from .run import MonitorResult, find_usage, group_members, monitor, monitor_analysis, read_features

__all__ = ["monitor", "monitor_analysis", "MonitorResult", "AlertRules", "SIGNALS", "connect", "read_features",
           "find_usage", "group_members", "attitude_trend", "comment_themes", "DEFAULT_THEMES",
           "exposure_at_adoption", "hazard_model", "champion_effect"]
