"""Where the event log lives: an Ibis backend (DuckDB by default, Spark, or a warehouse).

Every metric of the monitor is an Ibis expression, so the same code runs in an embedded
DuckDB (reading CSV or Parquet straight from disk, spilling to disk beyond memory) and on
an existing engine such as Spark, where large companies keep their telemetry. Only small
results (one row per group and week, or per person) come back to pandas.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import pandas as pd

from ..exceptions import InvalidParameterError, MissingColumnError, MissingFileError



__all__ = ["connect", "usage_source", "table_source", "BACKENDS"]

BACKENDS = ("duckdb", "pyspark")

USAGE_COLUMNS = ("person_id", "timestamp", "event")
USAGE_OPTIONAL = ("system", "count")


def connect(backend: str = "duckdb", **options):
    """An Ibis connection for the monitor, with timestamps read in UTC.

    Parameters
    ----------
    backend : {"duckdb", "pyspark"}
        ``duckdb`` (default) is embedded: nothing to install or run. ``pyspark`` starts a
        local Spark session unless ``session=`` passes an existing one (a cluster).
    **options
        ``duckdb``: passed to :func:`ibis.duckdb.connect` (``database=``, ``threads=``,
        ``memory_limit=``, ``temp_directory=``; by default a private folder under the
        system's temporary directory, removed at exit). ``pyspark``: ``session=`` (a
        ``SparkSession``), or ``master=`` (default ``local[2]``).

    Returns
    -------
    ibis backend
        Pass it to :func:`~stakeholder_graph.monitor.monitor` as ``con``.

    Examples
    --------
    >>> con = connect()
    >>> con.name
    'duckdb'
    """
    if backend == "duckdb":
        if "temp_directory" not in options:
            # Beyond memory DuckDB spills to files; by default they would go to ./.tmp, which may be
            # the input folder. A private folder under the system's temporary directory instead.
            spill = tempfile.mkdtemp(prefix="stakeholder-graph-duckdb-")
            atexit.register(shutil.rmtree, spill, ignore_errors=True)
            options["temp_directory"] = spill
        con = ibis.duckdb.connect(**options)
        # Naive timestamps are read as UTC and offsets converted to it, whatever the machine's zone.
        con.raw_sql("SET TimeZone = 'UTC'")
        # Row order is never relied on (every result is sorted in pandas); not keeping it lets big
        # aggregations stream and spill with less memory.
        con.raw_sql("SET preserve_insertion_order = false")
        return con
    if backend == "pyspark":
        session = options.pop("session", None)
        if session is None:
            from pyspark.sql import SparkSession

            master = options.pop("master", "local[2]")
            builder = (SparkSession.builder.master(master).appName("stakeholder-graph monitor")
                       .config("spark.sql.session.timeZone", "UTC")
                       .config("spark.sql.shuffle.partitions", "4")
                       .config("spark.ui.enabled", "false")
                       .config("spark.sql.ansi.enabled", "false"))
            for key, value in options.items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
        session.conf.set("spark.sql.session.timeZone", "UTC")
        return ibis.pyspark.connect(session)
    raise InvalidParameterError("backend", f"one of {BACKENDS}", backend)


def _usage_paths(path: Path) -> tuple[str, list[str]]:
    if path.is_dir():
        files = sorted(str(p) for p in path.glob("*.parquet"))
        if not files:
            raise MissingFileError(pd.DataFrame([dict(
                file=str(path), problem="the usage folder holds no .parquet files",
                action="Put the event log in the folder as Parquet files, or pass usage.csv.")]))
        return "parquet", files
    if not path.is_file():
        raise MissingFileError(pd.DataFrame([dict(
            file=str(path), problem="the usage file does not exist",
            action="Pass usage.csv, usage.parquet or a folder of Parquet files (--usage PATH).")]))
    kind = "parquet" if path.suffix.lower() in (".parquet", ".pq") else "csv"
    return kind, [str(path)]


def usage_source(source, con) -> tuple[ibis.Table, str]:
    """The event log as an Ibis table on ``con``, and the name to quote in messages.

    ``source`` is a path (CSV, Parquet, or a folder of Parquet files), a pandas DataFrame,
    an Ibis table already on ``con`` (a warehouse table: ``con.table("events")``), or the
    name of a table on ``con``. Columns are checked here so that a missing one is named
    with its file before anything runs.

    Examples
    --------
    >>> frame = pd.DataFrame({"person_id": ["1"], "timestamp": ["2027-03-01T09:00:00Z"], "event": ["login"]})
    >>> table, name = usage_source(frame, connect())
    >>> name, table.columns
    ('usage', ('person_id', 'timestamp', 'event'))
    """
    if isinstance(source, ibis.Table):
        table, name = source, "usage table"
    elif isinstance(source, pd.DataFrame):
        table, name = _memtable(source), "usage"
    elif isinstance(source, str) and not os.path.exists(source) and source in con.list_tables():
        table, name = con.table(source), source
    elif "://" in str(source):
        # A remote location (hdfs://, s3://, abfss://): the engine reads it, we cannot look first.
        name = str(source)
        table = (con.read_csv(name, header=True, inferSchema=False) if con.name == "pyspark" and name.endswith(".csv")
                 else con.read_csv(name) if name.endswith(".csv") else con.read_parquet(name))
    else:
        path = Path(source)
        kind, files = _usage_paths(path)
        name = path.name
        if kind == "parquet":
            table = con.read_parquet(files if len(files) > 1 else files[0])
        elif con.name == "duckdb":
            # As text: ids such as 007 keep their form, and timestamps are parsed by us (offsets).
            table = con.read_csv(files[0], all_varchar=True)
        else:
            table = con.read_csv(files[0], header=True, inferSchema=False)
    table = table.rename({c.strip().lower(): c for c in table.columns if c != c.strip().lower()})
    missing = [c for c in USAGE_COLUMNS if c not in table.columns]
    if missing:
        raise MissingColumnError(pd.DataFrame([dict(
            file=name, column=c, problem=f"required column '{c}' is missing; columns found: {list(table.columns)}",
            action="Rename the column in the export (person_id, timestamp, event[, system][, count]).")
            for c in missing]))
    return table, name


def table_source(source, con) -> ibis.Table:
    """A small table (people, features, memberships) as an Ibis table on ``con``."""
    if isinstance(source, ibis.Table):
        return source
    return _memtable(source)


def _memtable(frame: pd.DataFrame) -> ibis.Table:
    # Through Arrow: Ibis's own pandas type inference trips over pandas 3 deprecations.
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    # Plain strings travel to every backend (Spark has no large_string).
    schema = pa.schema([pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) or
                        pa.types.is_string_view(f.type) else f for f in table.schema])
    return ibis.memtable(table.cast(schema))


def trim(column: ibis.StringValue) -> ibis.StringValue:
    """Leading and trailing white space removed.

    A regular expression rather than ``strip()``: Ibis's Spark translation of ``strip``
    also removes the letters ``v`` and ``f`` (so ``f1`` became ``1``).
    """
    return column.re_replace(r"^\s+|\s+$", "")


@ibis.udf.scalar.builtin(name="epoch")
def _duckdb_epoch(value: dt.Timestamp(timezone="UTC")) -> dt.float64:
    """DuckDB's ``epoch`` straight on a UTC timestamp (Ibis casts to a naive timestamp first,
    a time-zone conversion per row that costs five times the rest of the read)."""


def utc_seconds(column: ibis.Value, strip=None, *, duckdb: bool = False) -> ibis.NumericValue:
    """Seconds since 1970 (UTC) of a timestamp column or of ISO 8601 text (offsets honoured)."""
    if column.type().is_string():
        column = (strip or trim)(column).try_cast(dt.Timestamp(timezone="UTC"))
    elif column.type().is_timestamp() and column.type().timezone is None:
        column = column.cast(dt.Timestamp(timezone="UTC"))
    elif column.type().is_timestamp() and column.type().timezone != "UTC":
        column = column.cast(dt.Timestamp(timezone="UTC", scale=column.type().scale))
    if duckdb:
        return _duckdb_epoch(column)
    return column.epoch_seconds()


def fetch(expr) -> pd.DataFrame:
    """A (small) table expression's rows as pandas, through Arrow on every backend."""
    return expr.to_pyarrow().to_pandas()


def fetch_scalar(expr):
    """A scalar expression's value as a Python object."""
    return expr.to_pyarrow().as_py()


def materialise(expr: ibis.Table, con, name: str) -> ibis.Table:
    """Compute ``expr`` once into a temporary table that later expressions read.

    DuckDB gets a plain temporary table (dropped with :func:`release`); other backends use
    Ibis's cache (Spark keeps it in memory and spills).
    """
    if con.name == "duckdb":
        return con.create_table(name, expr, temp=True, overwrite=True)
    # Ibis's Spark cache compiles the query without registering in-memory tables first.
    con._run_pre_execute_hooks(expr)
    return expr.cache()


def release(con, names: list[str]) -> None:
    """Drop the temporary tables :func:`materialise` made on DuckDB."""
    if con.name == "duckdb":
        for name in names:
            con.drop_table(name, force=True)
