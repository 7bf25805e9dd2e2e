"""Writing public results: CSV tables, parameters, the Excel workbook, the HTML report, prompts."""

from .csv import (SHEET_NAMES, export_tables, method_description, neutralise_formula, prepare_drawing,
                  start_drawing_processes, write_csv, write_reports)
from .outdir import check_output_folder, read_manifest
from .workbook import LARGE_TABLE_ROWS, write_workbook

__all__ = ["write_reports", "start_drawing_processes", "prepare_drawing", "export_tables", "method_description", "write_workbook", "write_csv",
           "neutralise_formula", "check_output_folder", "read_manifest", "SHEET_NAMES", "LARGE_TABLE_ROWS"]
