"""Write an organisation as the long tables of the input contract (``stakeholder-graph convert``).

For users who want to see what a wide survey export or an HR export with managers by
e-mail became: ``people.csv`` (managers as ids), ``nominations.csv`` and ``attitudes.csv``
(nominees as typed, one row per answer), ``impact.csv`` when given, and the
``data_quality.csv`` of the conversion. The folder written reads without a mapping and
gives the same analysis.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import InvalidParameterError
from .org import OrgData
from .tables import ROW

__all__ = ["convert_org", "LONG_FILES"]

#: Files :func:`convert_org` writes.
LONG_FILES = ("people.csv", "nominations.csv", "attitudes.csv", "impact.csv", "data_quality.csv")


def _long_nominations(org: OrgData) -> pd.DataFrame:
    if org.survey is not None and "nominations" in org.files and org.files["nominations"] == org.survey.file:
        table = org.survey.nominations.drop(columns=[ROW])
    else:
        table = org.nominations.rename(columns={"nominee_typed": "nominee"})
        table = table[["respondent_id", "relation", "nominee", "weight", "wave"]]
    if "wave" in table and (table["wave"].astype(str) == "").all():
        table = table.drop(columns="wave")
    return table


def _long_attitudes(org: OrgData) -> pd.DataFrame | None:
    if org.survey is not None and org.files.get("attitudes") == org.survey.file:
        return org.survey.attitudes.drop(columns=[ROW])
    if org.attitudes is None:
        return None
    table = org.attitudes.copy()
    table["value"] = table["value"].map(lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)))
    return table


def convert_org(org: OrgData, out: str | Path) -> list[Path]:
    """Write ``org`` as an organisation folder of long tables.

    Parameters
    ----------
    org : OrgData
        As read by :func:`read_org` (with a ``[survey]`` mapping, the survey's long tables
        are written exactly as converted: nominees as typed, before name resolution).
    out : str or Path
        Folder to write; it must not be the organisation folder or lie inside it.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "long"
    >>> [p.name for p in convert_org(OrgData.example(), out)]
    ['people.csv', 'nominations.csv', 'data_quality.csv']
    """
    out = Path(out)
    if str(out) == "":
        raise InvalidParameterError("out", "a folder path", str(out))
    source = Path(org.source).resolve()
    target = out.resolve()
    if target == source or source in target.parents:
        raise InvalidParameterError("out", f"a folder outside the organisation folder {source}", str(out))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    people = org.people.copy()
    people["responded"] = people["responded"].map({True: "true", False: "false"})
    people.to_csv(out / "people.csv", index=False)
    paths.append(out / "people.csv")
    if len(org.nominations) or org.survey is not None:
        _long_nominations(org).to_csv(out / "nominations.csv", index=False)
        paths.append(out / "nominations.csv")
    attitudes = _long_attitudes(org)
    if attitudes is not None:
        attitudes.to_csv(out / "attitudes.csv", index=False)
        paths.append(out / "attitudes.csv")
    if org.impact is not None:
        org.impact.to_csv(out / "impact.csv", index=False)
        paths.append(out / "impact.csv")
    org.quality.to_frame().to_csv(out / "data_quality.csv", index=False)
    paths.append(out / "data_quality.csv")
    return paths
