"""The dated message calendar: every audience from its first message to weeks after go-live.

Before go-live the cadence follows risk (ADKAR order: awareness and desire first,
knowledge and ability from six weeks before); after go-live it follows the feedback loop
(weekly for groups with an open monitor alert). ``calendar_to_ics`` turns the table into
an iCalendar file (RFC 5545, via the ``icalendar`` library) a team can import.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pandas as pd

from .audiences import CADENCE_DAYS
from .policy import PlanPolicy

__all__ = ["message_calendar", "calendar_to_ics", "stage_of_week"]

CALENDAR_COLUMNS = ["date", "weeks_from_go_live", "audience", "stage", "message", "channel", "messenger",
                    "messenger_id", "owner", "owner_id", "cadence"]


def stage_of_week(weeks: float) -> str:
    """Message stage for a date so many weeks from go-live (negative = before).

    Examples
    --------
    >>> [stage_of_week(w) for w in (-10, -6, -1, 0, 3)]
    ['awareness and desire', 'knowledge and ability', 'knowledge and ability', 'go-live', 'reinforcement']
    """
    if weeks < -6:
        return "awareness and desire"
    if weeks < 0:
        return "knowledge and ability"
    return "go-live" if weeks == 0 else "reinforcement"


def _message(stage: str, row, system: str, first: bool) -> str:
    if first:
        return f"First message: {row.what_they_need_to_know} Action wanted: {row.desired_action}."
    return {
        "awareness and desire": f"Why {system} and what is in it for them; answer the questions raised so far.",
        "knowledge and ability": f"Training and how-to for their own work in {system}; who to ask for help.",
        "go-live": f"{system} goes live today: where to get help, what to do first, what stops today.",
        "reinforcement": f"What is working, fixes made, recognition of early use; the old route closes as planned.",
    }[stage]


def message_calendar(matrix: pd.DataFrame, policy: PlanPolicy) -> pd.DataFrame:
    """One row per dated message, from each audience's first message to ``weeks_after`` after go-live.

    Parameters
    ----------
    matrix : pandas.DataFrame
        The communication matrix (``audience, first_message, cadence_before_go_live,
        cadence_after_go_live, what_they_need_to_know, desired_action, channel,
        messenger, messenger_id, owner, owner_id``).
    policy : PlanPolicy

    Returns
    -------
    pandas.DataFrame
        ``date, weeks_from_go_live, audience, stage, message, channel, messenger,
        messenger_id, owner, owner_id, cadence``, sorted by date.

    Examples
    --------
    >>> matrix = pd.DataFrame({"audience": ["Ops"], "first_message": ["2027-02-15"],
    ...     "cadence_before_go_live": ["weekly"], "cadence_after_go_live": ["monthly"],
    ...     "what_they_need_to_know": ["What changes."], "desired_action": ["attend training"],
    ...     "channel": ["team meeting"], "messenger": ["B (b)"], "messenger_id": ["b"], "owner": ["A (a)"],
    ...     "owner_id": ["a"]})
    >>> table = message_calendar(matrix, PlanPolicy(go_live="2027-03-01", weeks_after=8))
    >>> table[["date", "weeks_from_go_live", "stage", "cadence"]]
             date  weeks_from_go_live                  stage  cadence
    0  2027-02-15                  -2  knowledge and ability   weekly
    1  2027-02-22                  -1  knowledge and ability   weekly
    2  2027-03-01                   0                go-live  monthly
    3  2027-03-29                   4          reinforcement  monthly
    4  2027-04-26                   8          reinforcement  monthly
    """
    go_live, system = policy.go_live, policy.system_label
    last = go_live + timedelta(weeks=policy.weeks_after)
    rows = []
    for row in matrix.itertuples(index=False):
        day = date.fromisoformat(row.first_message)
        dates = []
        while day < go_live:
            dates.append((day, row.cadence_before_go_live))
            day += timedelta(days=CADENCE_DAYS[row.cadence_before_go_live])
        day = go_live
        while day <= last:
            dates.append((day, row.cadence_after_go_live))
            day += timedelta(days=CADENCE_DAYS[row.cadence_after_go_live])
        for k, (day, cadence) in enumerate(dates):
            weeks = (day - go_live).days / 7
            stage = stage_of_week(weeks)
            rows.append(dict(date=day.isoformat(), weeks_from_go_live=int(weeks) if weeks == int(weeks) else
                             round(weeks, 1), audience=row.audience, stage=stage,
                             message=_message(stage, row, system, k == 0), channel=row.channel,
                             messenger=row.messenger, messenger_id=row.messenger_id, owner=row.owner,
                             owner_id=row.owner_id, cadence=cadence))
    table = pd.DataFrame(rows, columns=CALENDAR_COLUMNS)
    return table.sort_values(["date", "audience"], kind="stable").reset_index(drop=True)


def calendar_to_ics(calendar: pd.DataFrame, *, system: str = "the new system",
                    stamp: datetime | None = None) -> bytes:
    """The calendar as an iCalendar file: one all-day event per message.

    Examples
    --------
    >>> import icalendar
    >>> table = pd.DataFrame({"date": ["2027-03-01"], "audience": ["Ops"], "stage": ["go-live"],
    ...     "message": ["Live today."], "channel": ["e-mail"], "messenger": ["B (b)"], "owner": ["A (a)"]})
    >>> parsed = icalendar.Calendar.from_ical(calendar_to_ics(table, system="Atlas"))
    >>> [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in parsed.walk("VEVENT")]
    [('Atlas go-live: Ops', datetime.date(2027, 3, 1))]
    """
    import icalendar

    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//stakeholder-graph//message calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{system}: change messages")
    for row in calendar.itertuples(index=False):
        day = date.fromisoformat(row.date)
        event = icalendar.Event()
        slug = re.sub(r"[^a-z0-9]+", "-", f"{row.audience}".casefold()).strip("-")
        event.add("uid", f"{row.date}-{slug}-{re.sub(r'[^a-z0-9]+', '-', row.stage)}@stakeholder-graph")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{system} {row.stage}: {row.audience}")
        event.add("description", f"{row.message}\nChannel: {row.channel}\nMessenger: {row.messenger or 'to name'}"
                                 f"\nOwner: {row.owner or 'to name'}")
        cal.add_component(event)
    return cal.to_ical()
