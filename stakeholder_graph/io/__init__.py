"""Reading organisation folders: tables, name resolution, validation, data quality."""

from .names import NameResolver, normalise_names
from .org import OrgData, read_org
from .quality import DataQualityReport
from .tables import load_mapping, read_table
from .survey import parse_survey_mapping, read_survey, split_names
from .labels import likert_values
from .questionnaire import build_questionnaire, write_questionnaire
from .convert import convert_org

__all__ = ["read_org", "OrgData", "DataQualityReport", "NameResolver", "normalise_names",
           "load_mapping", "read_table", "parse_survey_mapping", "read_survey", "split_names",
           "likert_values", "build_questionnaire", "write_questionnaire", "convert_org"]
