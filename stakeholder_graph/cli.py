"""Command line: ``stakeholder-graph analyze | plan | validate | synth | monitor``.

Exit status: 0 done; 2 bad input or options, with a short message naming the file, row,
column, value and what to do (no traceback); 1 only for a bug in the tool. Output is safe
on any console encoding and on a closed pipe (``validate ... | head``).
"""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import sys
from pathlib import Path

import pandas as pd

from . import __version__
from .analysis import analyze
from .exceptions import InvalidParameterError, StakeholderGraphError
from .export import prepare_drawing, start_drawing_processes, write_reports
from .export.outdir import check_output_folder
from .io.org import read_org

__all__ = ["main"]

EXIT_BAD_INPUT = 2
EXIT_BUG = 1


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("org", type=Path, help="organisation folder (people + nominations, or people + edges)")
    parser.add_argument("--mapping", type=Path, help="TOML file mapping your column names to ours")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the CSV files (default utf-8)")
    parser.add_argument("--likert-scale", nargs=2, type=int, default=(1, 5), metavar=("LOW", "HIGH"),
                        help="allowed answers in attitudes (default 1 5)")


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 4294967295, got {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 4294967295, got {text!r}")
    return value


def _whole_number(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}")
        return value

    return parse


_positive_int = _whole_number(1)
_non_negative_int = _whole_number(0)


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not (value == value and abs(value) != float("inf")):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True,
                   help="output folder (not the input folder or inside it); files of an earlier run there, "
                        "listed in its manifest.json, are replaced")
    p.add_argument("--min-group-size", type=_positive_int, default=5,
                   help="suppress or merge aggregates over fewer people (default 5)")
    p.add_argument("--seed", type=_seed, default=0, help="seed for every random step (default 0)")
    p.add_argument("--relation", help="layer for metrics and champions (default: help, else advice)")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--champions", type=_non_negative_int, metavar="K", help="number of champions")
    budget.add_argument("--champion-share", type=_finite_float, metavar="SHARE",
                        help="champions as a share of headcount (default 0.03)")
    p.add_argument("--quota", action="append", metavar="RULE",
                   help="minimum champions per group: 'department' (one each), 'location=2', "
                        "'department:Finance=2'; repeatable")
    p.add_argument("--max-members-per-champion", type=_positive_int, metavar="N", help="load cap per champion")
    p.add_argument("--managers", choices=["include", "exclude", "penalise"], default="penalise",
                   help="formal managers as champions (default penalise: their reach counts half)")
    p.add_argument("--stance-policy", choices=["require-believer", "prefer-believer", "ignore"],
                   default="prefer-believer",
                   help="how readiness answers gate champions (default prefer-believer: sceptics never, "
                        "believers first, unknown only where no believer reaches, flagged 'ask before recruiting')")
    p.add_argument("--method", choices=["coverage", "influence"], default="coverage",
                   help="champion selection: greedy reach coverage (default) or influence maximisation "
                        "(IMM, independent cascade)")
    p.add_argument("--show", type=_non_negative_int, default=10, help="champions and clusters to print (default 10)")
    p.add_argument("--resolution", type=_finite_float, default=8.0,
                   help="community resolution for resistance clusters (default 8: teams and units)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when the terminal is interactive)")
    p.add_argument("--include-individual-attitudes", action="store_true",
                   help="keep each person's attitude and predicted attitude in people.csv (off by default)")
    p.add_argument("--profile", action="store_true",
                   help="print the wall time, CPU time and peak memory of each step (to stderr)")
    p.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                   help="replace names, e-mails and ids in every output and on the console by keyed pseudonyms")
    p.add_argument("--salt-file", type=Path, metavar="PATH",
                   help="key file for --pseudonymise (default: stakeholder-graph.key beside the output folder, "
                        "created with a random secret on first use; keep it for stable pseudonyms, delete it to "
                        "make them unlinkable)")
    plan = p.add_argument_group("implementation plan (written by the same run when --go-live is given)")
    plan.add_argument("--system", help="name of the system being rolled out")
    plan.add_argument("--go-live", help="go-live date, YYYY-MM-DD")
    plan.add_argument("--replaces", action="append", metavar="TOOL", help="a tool or practice it replaces; repeatable")
    plan.add_argument("--purpose", help="the system's primary purpose, in a few words")
    plan.add_argument("--company-type", help="what kind of organisation this is, e.g. 'mid-sized logistics company'")
    plan.add_argument("--key-user-role", action="append", metavar="ROLE",
                      help="a key user role (default: the commonest job titles of high-impact groups); repeatable")
    plan.add_argument("--alerts", type=Path, metavar="CSV",
                      help="monitor alerts (week, group_type, group, signal): weekly messages after go-live "
                           "for groups with an open alert")


def _read(args: argparse.Namespace):
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        raise InvalidParameterError("--encoding", "a known text encoding such as utf-8, utf-8-sig, cp1252 or "
                                    "latin-1", args.encoding) from None
    low, high = args.likert_scale
    if not low < high:
        raise InvalidParameterError("--likert-scale", "two whole numbers LOW HIGH with LOW < HIGH",
                                    f"{low} {high}")
    from .profiling import step

    with step("read and resolve names"):
        return read_org(args.org, args.mapping, encoding=args.encoding, likert_scale=tuple(args.likert_scale))


def _inputs(args: argparse.Namespace) -> list:
    return [p for p in (args.org, args.mapping, getattr(args, "alerts", None)) if p is not None]


def _check_out(args: argparse.Namespace) -> None:
    """Refuse a bad --out before any work (it is checked again when writing)."""
    check_output_folder(args.out, _inputs(args))


def _key(args: argparse.Namespace) -> bytes | None:
    if not args.pseudonymise:
        if args.salt_file is not None:
            raise InvalidParameterError("--salt-file", "used together with --pseudonymise", str(args.salt_file))
        return None
    from .publish import default_key_path, read_or_create_key

    return read_or_create_key(args.salt_file or default_key_path(args.out))


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line)


def _write(args: argparse.Namespace, public, drawers: list | None = None) -> list[Path]:
    return write_reports(public, args.out, inputs=_inputs(args), details={"command": args.command},
                         drawers=drawers)


def _quotas(values: list[str] | None) -> dict | None:
    """``--quota department`` (one each), ``--quota location=2``, ``--quota department:Finance=2``."""
    if not values:
        return None
    quotas: dict = {}
    for value in values:
        column, _, minimum = value.partition("=")
        column, _, group = column.partition(":")
        try:
            count = int(minimum) if minimum else 1
        except ValueError:
            raise InvalidParameterError("--quota", "COLUMN[=N] or COLUMN:VALUE=N with N an integer", value) from None
        if group:
            quotas.setdefault(column, {})
            if not isinstance(quotas[column], dict):
                raise InvalidParameterError("--quota", "either COLUMN=N or COLUMN:VALUE=N per column", value)
            quotas[column][group] = count
        else:
            quotas[column] = count
    return quotas


def _alerts(path: Path | None):
    if path is None:
        return None
    from .io.tables import read_table

    alerts = read_table(path)
    missing = [c for c in ("week", "group_type", "group", "signal") if c not in alerts]
    if missing:
        raise InvalidParameterError("--alerts", "a CSV with columns week, group_type, group, signal "
                                    f"(missing {', '.join(missing)} in {path})", str(path))
    return alerts


def _analyze(org, args: argparse.Namespace):
    return analyze(org, min_group_size=args.min_group_size, seed=args.seed, relation=args.relation,
                   system=args.system, go_live=args.go_live, replaces=args.replaces, purpose=args.purpose,
                   company_type=args.company_type, key_user_roles=args.key_user_role, alerts=_alerts(args.alerts),
                   include_individual_attitudes=args.include_individual_attitudes,
                   champions=args.champions, champion_share=args.champion_share,
                   quotas=_quotas(args.quota), max_members_per_champion=args.max_members_per_champion,
                   managers=args.managers, resolution=args.resolution,
                   stance_policy=args.stance_policy, method=args.method,
                   progress=args.progress if args.progress is not None else sys.stderr.isatty())


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .publish import publish

    _check_out(args)
    key = _key(args)
    # Started before the input is read (while the read keeps one core busy) so that it is
    # ready to draw when the results are published.
    drawers = start_drawing_processes()
    try:
        org = _read(args)
        drawers = prepare_drawing(drawers, org, relation=args.relation)
        result = _analyze(org, args)
        public = publish(result, key=key, include_individual_attitudes=args.include_individual_attitudes,
                         show=args.show)
        paths = _write(args, public, drawers)
    except BaseException:
        for drawer in drawers:
            drawer.close(wait=False)  # an error is reported at once, not after the warm-up
        raise
    for drawer in drawers:
        drawer.close()
    _print(public.summary)
    rates = public.tables.get("response_rate.csv")
    if rates is not None and "low_response" in rates:
        low = rates[rates["low_response"].fillna(False).astype(bool) & (rates["department"] != "All")]
        if len(low):
            print("Low response (results less reliable): " + ", ".join(
                f"{d} {r:.0%}" if pd.notna(r) else str(d) for d, r in zip(low["department"], low["response_rate"])))
    print(f"\nWrote {len(paths)} files to {args.out}: " + ", ".join(Path(p).relative_to(args.out).as_posix()
                                                                 for p in paths))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    org = _read(args)
    counts = org.quality.counts()
    print(f"{org.source}: {len(org.people)} people, {len(org.nominations)} nominations kept. "
          f"No blocking problems; {len(org.quality)} records repaired or worth a look.")
    if len(counts):
        print(counts.to_string(index=False))
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from .io.convert import convert_org

    _check_out(args)
    org = _read(args)
    paths = convert_org(org, args.out)
    print(f"{org.source}: {len(org.people)} people, {len(org.nominations)} nominations kept"
          + (f", {len(org.attitudes)} readiness answers" if org.attitudes is not None else "")
          + f"; {len(org.quality)} records repaired or worth a look (data_quality.csv).")
    if org.survey is not None:
        print(f"Survey export {org.survey.file}: {org.survey.respondents.nunique()} respondents, "
              f"{len(org.survey.nominations)} names, {len(org.survey.attitudes)} answers.")
    print(f"Wrote {len(paths)} files to {args.out}: " + ", ".join(p.name for p in paths))
    return 0


def _cmd_survey(args: argparse.Namespace) -> int:
    from .io.questionnaire import build_questionnaire, write_questionnaire

    _check_out(args)
    org = read_org(args.org, args.mapping, encoding=args.encoding)
    questionnaire = build_questionnaire(org.people, system=args.system, relations=tuple(args.relation or
                                        ("help", "influence")), pickers=args.pickers,
                                        champion_item=not args.without_champion_item)
    paths = write_questionnaire(questionnaire, args.out)
    print(f"Questionnaire for {len(org.people)} people: {len(questionnaire.questions)} fields "
          f"({', '.join(args.relation or ('help', 'influence'))} name pickers and readiness items).")
    print(f"Wrote {len(paths)} files to {args.out}: " + ", ".join(p.name for p in paths))
    print("Build the form from questions.csv (field titles = column headers), load roster.csv as the "
          "picker's choices, then read the export with --mapping mapping.toml.")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from .synth import make_org, write_org

    out = Path(args.out)
    if str(args.out).strip() == "":
        raise InvalidParameterError("--out", "a folder name (it was empty)", args.out)
    if any((out / name).exists() for name in ("people.csv", "people.xlsx", "nominations.csv", "edges.csv")):
        raise InvalidParameterError("--out", "a new or empty folder: it already holds an organisation, which "
                                    "synth would overwrite; delete it first or choose another folder", str(out))
    org = make_org(args.people, seed=args.seed, help_per_respondent=args.help_per_respondent)
    folder = write_org(org, out)
    print(f"Wrote {org!r} to {folder} (planted truth in {folder / 'truth' / 'truth.csv'}).")
    if args.go_live:
        from .synth_rollout import make_rollout, write_rollout

        rollout = make_rollout(org, go_live=args.go_live, weeks=args.weeks, seed=args.seed)
        write_rollout(rollout, folder)
        print(f"Added {rollout!r}: usage.parquet, features.csv, comments.csv and second survey waves "
              f"(planted stories in {folder / 'truth' / 'rollout_stories.csv'}).")
    return 0


def _cmd_monitor(args: argparse.Namespace) -> int:
    from .monitor import AlertRules, connect, monitor_analysis
    from .monitor.export import write_monitor

    rules = AlertRules.from_toml(args.rules) if args.rules else AlertRules()
    overrides = {k: v for k, v in [("persist_weeks", args.persist_weeks),
                                   ("target_active_share", args.target_active_share),
                                   ("champion_load_cap", args.champion_load_cap)] if v is not None}
    if overrides:
        rules = AlertRules.from_dict({**{f: getattr(rules, f) for f in rules.__dataclass_fields__}, **overrides})
    if not args.go_live:
        raise InvalidParameterError("--go-live", "the go-live date, YYYY-MM-DD (week 1 starts then, 00:00 UTC)", None)
    inputs = [*_inputs(args), *(p for p in (args.usage, args.features, args.comments, args.rules) if p)]
    check_output_folder(args.out, inputs)
    key = _key(args)
    org = _read(args)
    # The monitor needs the analysis (groups, champions, clusters), not a new plan.
    result = _analyze(org, argparse.Namespace(**{**vars(args), "go_live": None}))
    con = connect("pyspark", master=args.spark_master) if args.backend == "pyspark" else connect(args.backend)
    usage = con.table(args.usage_table) if args.usage_table else args.usage
    measured = monitor_analysis(result, usage, go_live=args.go_live, features=args.features, comments=args.comments,
                                weeks=args.weeks, rules=rules, min_group_size=args.min_group_size, con=con)
    paths = write_monitor(measured, args.out, inputs=inputs, people=result.network.people, key=key,
                          include_individual_usage=args.include_individual_usage)
    # The console shows what the files show: with --pseudonymise, the pseudonymised tables.
    if key is not None:
        from .publish import Pseudonymiser

        pseudo = Pseudonymiser(result.network.people, key)
        alerts, scrub = pseudo.frame(measured.alerts), pseudo.text
    else:
        alerts, scrub = measured.alerts, str
    org_weekly = measured.adoption_weekly.query("group_type == 'organisation'")
    print(scrub(f"{measured!r} on {measured.parameters['backend']}."))
    if len(org_weekly):
        last = org_weekly.iloc[-1]
        print(f"Week {int(last['week'])}: {last['active_share']:.0%} of {int(last['eligible'])} eligible people active; "
              f"breadth {last['breadth']:.2f}, depth {last['depth']:.2f}, habit {last['habit']:.2f}.")
    print(f"Data-quality findings in the event log: {len(measured.quality)} (see monitor_data_quality.csv).")
    if len(alerts):
        print(f"\nAlerts ({len(alerts)}; thresholds in alerts.csv):")
        for row in alerts.head(args.show).itertuples(index=False):
            week = "" if row.week is None or str(row.week) == "<NA>" else f"week {row.week}: "
            print(f"  {week}{row.group_type} {row.group} - {row.signal}: {row.message}")
        if len(alerts) > args.show:
            print(f"  ... {len(alerts) - args.show} more in alerts.csv")
    hazard = measured.hazard["table"]
    if len(hazard):
        exp = hazard.iloc[0]
        print(f"\nDiffusion: each 10 points of exposure multiply the weekly odds of adopting by "
              f"{exp['odds_ratio'] ** 0.1:.2f} (p = {exp['p_value']:.3g}; {measured.hazard['n_people']} people).")
    print(f"\nWrote {len(paths)} files to {args.out}: " + ", ".join(p.name for p in paths))
    return 0


def _profiled(command, n_steps: int):
    """Run a command inside one step log: a progress bar over every step (read, analysis,
    writing) and, with ``--profile``, the time and peak memory of each step."""
    def run(args: argparse.Namespace) -> int:
        from .profiling import StepLog

        progress = args.progress if args.progress is not None else sys.stderr.isatty()
        with StepLog(progress=progress, memory=args.profile, total=n_steps, desc="analysis") as log:
            status = command(args)
        if args.profile:
            print(log.summary(), file=sys.stderr)
        return status
    return run


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="stakeholder-graph",
        description="Informal influence, champions and resistance risk from an org chart and a network survey.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="run the analysis and write reports to --out")
    _add_read_options(p)
    _add_analysis_options(p)
    p.set_defaults(func=_profiled(_cmd_analyze, 9))

    p = sub.add_parser("plan", help="alias of analyze (kept for old scripts): pass --go-live and --system")
    _add_read_options(p)
    _add_analysis_options(p)
    p.set_defaults(func=_profiled(_cmd_analyze, 10))

    p = sub.add_parser("validate", help="check an organisation folder; exit 2 if it cannot be used")
    _add_read_options(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("convert", help="write the long tables (people, nominations, attitudes) that a wide "
                                       "survey export or an HR export became")
    _add_read_options(p)
    p.add_argument("--out", type=Path, required=True, help="folder to write (not the organisation folder)")
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("survey", help="write the questionnaire, a roster for name pickers and the matching "
                                      "[survey] mapping")
    p.add_argument("org", type=Path, help="organisation folder (people.csv is enough)")
    p.add_argument("--out", type=Path, required=True, help="folder to write")
    p.add_argument("--mapping", type=Path, help="TOML file mapping your column names to ours")
    p.add_argument("--encoding", default="utf-8", help="encoding of the CSV files (default utf-8)")
    p.add_argument("--system", default="the new system", help="name of the system, used in the wording")
    p.add_argument("--relation", action="append", choices=["help", "influence", "advice", "new_system"],
                   help="name generator to ask; repeatable (default: help and influence)")
    p.add_argument("--pickers", type=int, default=5, help="name-picker fields per question (default 5)")
    p.add_argument("--without-champion-item", action="store_true",
                   help="leave out the optional 'I would help colleagues ... as a champion' item")
    p.set_defaults(func=_cmd_survey)

    p = sub.add_parser("synth", help="write a synthetic organisation with planted truth")
    p.add_argument("--people", type=int, default=400, help="headcount (default 400)")
    p.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    p.add_argument("--help-per-respondent", type=float, default=4.0,
                   help="mean help nominations per respondent (default 4)")
    p.add_argument("--out", required=True, help="folder to write (new or empty)")
    p.add_argument("--go-live", help="also write telemetry, features, comments and second survey waves "
                                     "after this go-live date (YYYY-MM-DD), with planted stories")
    p.add_argument("--weeks", type=int, default=12, help="weeks of telemetry with --go-live (default 12)")
    p.set_defaults(func=_cmd_synth)

    p = sub.add_parser("monitor", help="after go-live: adoption per week and group, attitude trends, alerts")
    _add_read_options(p)
    _add_analysis_options(p)
    p.add_argument("--usage", help="event log: usage.csv, usage.parquet or a folder of Parquet files "
                                              "(default: found in the organisation folder)")
    p.add_argument("--usage-table", help="read the event log from this table of the backend (a warehouse or "
                                         "Spark catalog table) instead of a file")
    p.add_argument("--features", type=Path, help="features.csv (default: in the organisation folder)")
    p.add_argument("--comments", type=Path, help="comments.csv (default: in the organisation folder)")
    p.add_argument("--weeks", type=int, help="weeks to report (default: up to the last week with events)")
    p.add_argument("--backend", choices=["duckdb", "pyspark"], default="duckdb",
                   help="where the metrics run (default duckdb, embedded)")
    p.add_argument("--spark-master", default="local[2]", help="Spark master URL with --backend pyspark")
    p.add_argument("--rules", type=Path, help="TOML file of alert thresholds ([alerts] table)")
    p.add_argument("--persist-weeks", type=int, help="weeks a signal must last before it is an alert (default 2)")
    p.add_argument("--target-active-share", type=float, help="active share expected from week 4 (default 0.6)")
    p.add_argument("--champion-load-cap", type=int, help="colleagues one champion can help (default 30)")
    p.add_argument("--include-individual-usage", action="store_true",
                   help="also write each person's adoption week and exposure (off by default)")
    p.set_defaults(func=_cmd_monitor)
    return parser


def _safe_streams() -> None:
    """Never fail on printing: characters the console cannot show are escaped."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # replaced streams (pytest capture) or closed ones
            pass


def _bug(command: str, err: BaseException) -> int:
    import traceback

    if os.environ.get("STAKEHOLDER_GRAPH_DEBUG") == "1":
        traceback.print_exc()
    print(f"stakeholder-graph {command}: internal error ({err.__class__.__name__}: {err}). This is a bug in "
          "stakeholder-graph, not in your data: please report it with the command you ran (set "
          "STAKEHOLDER_GRAPH_DEBUG=1 to see the details). No output file was changed.", file=sys.stderr)
    return EXIT_BUG


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``stakeholder-graph`` command: 0 done, 2 bad input or options, 1 a bug."""
    _safe_streams()
    command = "?"
    try:
        args = build_parser().parse_args(argv)
        command = args.command
        return args.func(args)
    except SystemExit as exit_:  # argparse: --help, --version (0) or a bad option (2, message printed)
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (e.g. head) stopped listening; the work is done, nothing more to say.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except StakeholderGraphError as err:
        print(f"stakeholder-graph {command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (MemoryError, RecursionError) as err:
        print(f"stakeholder-graph {command}: out of resources ({err.__class__.__name__}); try a smaller input "
              "or a machine with more memory.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:  # the output folder cannot be written, a disk is full, ...
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        print(f"stakeholder-graph {command}: cannot read or write a file{where}: {err.strerror or err}. "
              "Check the path and its permissions, or choose another --out folder.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"stakeholder-graph {command}: interrupted; no output file was changed.", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - anything else is our bug: say so, briefly
        return _bug(command, err)


def _entry() -> int:
    """Console-script entry point: flush inside the guard so a closed pipe ends quietly."""
    from ._igraph import igraph_never_plots

    # This process draws its figures with matplotlib itself, never with igraph's plotting,
    # so igraph need not import matplotlib (a third of a second of every run).
    igraph_never_plots()
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    # The process ends here: without this, the interpreter's last garbage collections walk
    # every object of the run on the way out (half a second after the demo). Files are
    # closed and written by now; objects are still released as usual.
    gc.freeze()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_entry())
