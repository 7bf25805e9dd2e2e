"""Writing analysis results: CSV tables, parameters, the Excel workbook and the HTML report."""

from .csv import SHEET_NAMES, export_tables, method_description, pseudonymise, write_reports
from .workbook import write_workbook

__all__ = ["write_reports", "export_tables", "pseudonymise", "method_description", "write_workbook",
           "SHEET_NAMES"]
