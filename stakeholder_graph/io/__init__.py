"""Reading organisation folders: tables, name resolution, validation, data quality."""

from .names import NameResolver, normalise_names
from .org import OrgData, read_org
from .quality import DataQualityReport
from .tables import load_mapping, read_table

__all__ = ["read_org", "OrgData", "DataQualityReport", "NameResolver", "normalise_names",
           "load_mapping", "read_table"]
