"""Writing analysis results to files (CSV now; workbook and report later)."""

from .csv import pseudonymise, write_reports

__all__ = ["write_reports", "pseudonymise"]
