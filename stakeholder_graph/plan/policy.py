"""The plan's options in one small object: what is rolled out, when, for whom, and the cut-offs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..exceptions import InvalidParameterError

__all__ = ["PlanPolicy"]


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidParameterError(name, "a date as YYYY-MM-DD", value) from None


def _as_tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if str(v).strip())


@dataclass(frozen=True)
class PlanPolicy:
    """Options of the implementation plan.

    Parameters
    ----------
    go_live : date or str
        Go-live date (``YYYY-MM-DD``); every date of the plan is relative to it.
    system : str, optional
        Name of the system rolled out (prompts list it as still to supply when missing).
    replaces : sequence of str, optional
        Tools or practices it replaces.
    purpose : str, optional
        The system's primary purpose, in a few words.
    company_type : str, optional
        What kind of organisation this is (e.g. "mid-sized logistics company").
    key_user_roles : sequence of str, optional
        Key user roles; when empty, the prompts take the commonest job titles of the
        high-impact groups.
    min_group_size : int, default=5
        Groups under this size get no audience of their own and no row of their own.
    impact_cut : float, default=4
        Impact (1-5) from which a group counts as high impact.
    influence_cut : float, default=0.9
        Network-influence percentile from which a person is named in the register.
    weeks_after : int, default=12
        How long the calendar runs after go-live.
    individual_stances : bool, default=False
        Show a named stakeholder's own stance instead of their group's (only when
        individual attitudes are asked for).

    Examples
    --------
    >>> policy = PlanPolicy(go_live="2027-03-01", system="Atlas", replaces="Excel")
    >>> policy.go_live, policy.replaces, policy.system_label
    (datetime.date(2027, 3, 1), ('Excel',), 'Atlas')
    >>> PlanPolicy(go_live="next week")
    Traceback (most recent call last):
    ...
    stakeholder_graph.exceptions.InvalidParameterError: ...
    """

    go_live: date | str
    system: str | None = None
    replaces: tuple[str, ...] = field(default=())
    purpose: str | None = None
    company_type: str | None = None
    key_user_roles: tuple[str, ...] = field(default=())
    min_group_size: int = 5
    impact_cut: float = 4
    influence_cut: float = 0.9
    weeks_after: int = 12
    individual_stances: bool = False

    def __post_init__(self) -> None:
        go_live = _as_date(self.go_live, "go_live")
        if go_live is None:
            raise InvalidParameterError("go_live", "a date as YYYY-MM-DD", self.go_live)
        object.__setattr__(self, "go_live", go_live)
        object.__setattr__(self, "replaces", _as_tuple(self.replaces))
        object.__setattr__(self, "key_user_roles", _as_tuple(self.key_user_roles))
        for name in ("system", "purpose", "company_type"):
            value = getattr(self, name)
            object.__setattr__(self, name, str(value).strip() or None if value is not None else None)
        if not isinstance(self.min_group_size, int) or self.min_group_size < 1:
            raise InvalidParameterError("min_group_size", "an integer >= 1", self.min_group_size)
        if not isinstance(self.weeks_after, int) or self.weeks_after < 1:
            raise InvalidParameterError("weeks_after", "an integer >= 1", self.weeks_after)

    @property
    def system_label(self) -> str:
        """The system's name, or "the new system" when none was given."""
        return self.system or "the new system"
