"""Exceptions raised by stakeholder-graph.

Every error the user can cause derives from :class:`StakeholderGraphError`, so a
caller (the command line, a notebook) can catch one class and show its message.

Errors about input tables derive from :class:`InputTableError`. They carry
``problems``, a DataFrame with one row per problem (``file, row, column, value,
problem, action``), and their message lists every problem found, not only the
first. The subclass names the kind of the first problem; ``problems`` holds all.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "StakeholderGraphError",
    "InputTableError",
    "MissingFileError",
    "MissingColumnError",
    "DuplicateColumnError",
    "DuplicateIdError",
    "EmptyTableError",
    "InvalidValueError",
    "ReportingCycleError",
    "UnreadableFileError",
    "InvalidParameterError",
    "UnknownRelationError",
]

PROBLEM_COLUMNS = ["file", "row", "column", "value", "problem", "action"]

#: Show at most this many problems in an exception message; the rest are in ``problems``.
MESSAGE_PROBLEM_LIMIT = 25


class StakeholderGraphError(Exception):
    """Base class of every error raised by stakeholder-graph."""


class InputTableError(StakeholderGraphError, ValueError):
    """An input file cannot be used as it is.

    Parameters
    ----------
    problems : pandas.DataFrame
        One row per problem, columns ``file, row, column, value, problem, action``.
        ``row`` is the row number as a spreadsheet shows it (the header is row 1).
    """

    def __init__(self, problems: pd.DataFrame):
        self.problems = problems.reindex(columns=PROBLEM_COLUMNS).reset_index(drop=True)
        super().__init__(self._format())

    def _format(self) -> str:
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} in the input must be fixed before analysis:"]
        for record in self.problems.head(MESSAGE_PROBLEM_LIMIT).itertuples(index=False):
            where = str(record.file)
            if record.row not in (None, "") and not pd.isna(record.row):
                where += f", row {int(record.row)}"
            if record.column not in (None, "") and not pd.isna(record.column):
                where += f", column '{record.column}'"
            value = "" if record.value is None or pd.isna(record.value) else f" (value {record.value!r})"
            lines.append(f"- {where}{value}: {record.problem}. {record.action}")
        if n > MESSAGE_PROBLEM_LIMIT:
            lines.append(f"... and {n - MESSAGE_PROBLEM_LIMIT} more (see the 'problems' table).")
        return "\n".join(lines)


class MissingFileError(InputTableError, FileNotFoundError):
    """A required file (or the organisation folder itself) does not exist."""


class MissingColumnError(InputTableError):
    """A required column is absent; the message lists the columns that were found."""


class DuplicateColumnError(InputTableError):
    """Two columns of one file are read as the same column (same header after
    normalisation, or two columns mapped to one field)."""


class DuplicateIdError(InputTableError):
    """Two or more people share an id."""


class EmptyTableError(InputTableError):
    """A table that needs rows (the people table) has none."""


class InvalidValueError(InputTableError):
    """A value is of the wrong kind or out of range (weight, Likert answer, impact, id)."""


class ReportingCycleError(InputTableError):
    """Reporting lines form a cycle, so the hierarchy has no top on that branch."""


class UnreadableFileError(InputTableError):
    """A file exists but cannot be read (format, encoding, corrupt workbook)."""


class InvalidParameterError(StakeholderGraphError, ValueError):
    """A function parameter has a value outside what it accepts.

    The message follows one template: the parameter, what is allowed, what was given.

    Examples
    --------
    >>> raise InvalidParameterError("n_people", "an integer >= 2", 0)
    Traceback (most recent call last):
    ...
    stakeholder_graph.exceptions.InvalidParameterError: The 'n_people' parameter must be an integer >= 2. Got 0 instead.
    """

    def __init__(self, parameter: str, allowed: str, got: object):
        self.parameter, self.allowed, self.got = parameter, allowed, got
        super().__init__(f"The {parameter!r} parameter must be {allowed}. Got {got!r} instead.")


class UnknownRelationError(StakeholderGraphError, KeyError):
    """A network layer was asked for by a name the network does not have."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])
