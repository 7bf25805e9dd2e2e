"""Command line: ``stakeholder-graph analyze | validate | synth``.

Bad input prints a short message (every problem, no traceback) and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .analysis import analyze
from .exceptions import InvalidParameterError, StakeholderGraphError
from .export import write_reports
from .io.org import read_org

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("org", type=Path, help="organisation folder (people + nominations, or people + edges)")
    parser.add_argument("--mapping", type=Path, help="TOML file mapping your column names to ours")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the CSV files (default utf-8)")
    parser.add_argument("--likert-scale", nargs=2, type=int, default=(1, 5), metavar=("LOW", "HIGH"),
                        help="allowed answers in attitudes (default 1 5)")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--min-group-size", type=int, default=5,
                   help="suppress or merge aggregates over fewer people (default 5)")
    p.add_argument("--seed", type=int, default=0, help="seed for every random step (default 0)")
    p.add_argument("--relation", help="layer for metrics and champions (default: help, else advice)")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--champions", type=int, metavar="K", help="number of champions")
    budget.add_argument("--champion-share", type=float, metavar="SHARE",
                        help="champions as a share of headcount (default 0.03)")
    p.add_argument("--quota", action="append", metavar="RULE",
                   help="minimum champions per group: 'department' (one each), 'location=2', "
                        "'department:Finance=2'; repeatable")
    p.add_argument("--max-members-per-champion", type=int, metavar="N", help="load cap per champion")
    p.add_argument("--managers", choices=["include", "exclude", "penalise"], default="penalise",
                   help="formal managers as champions (default penalise: their reach counts half)")
    p.add_argument("--show", type=int, default=10, help="champions and clusters to print (default 10)")
    p.add_argument("--resolution", type=float, default=8.0,
                   help="community resolution for resistance clusters (default 8: teams and units)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when the terminal is interactive)")
    p.add_argument("--include-individual-attitudes", action="store_true",
                   help="keep each person's attitude and predicted attitude in people.csv (off by default)")
    p.add_argument("--pseudonymise", action="store_true",
                   help="replace names and ids in the exports by stable salted hashes")
    p.add_argument("--salt", help="salt for --pseudonymise (default: derived from the folder path)")
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
    return read_org(args.org, args.mapping, encoding=args.encoding, likert_scale=tuple(args.likert_scale))


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
                   progress=args.progress if args.progress is not None else sys.stderr.isatty())


def _salt(args: argparse.Namespace) -> str | None:
    return (args.salt or str(args.org.resolve())) if args.pseudonymise else None


def _cmd_analyze(args: argparse.Namespace) -> int:
    org = _read(args)
    result = _analyze(org, args)
    paths = write_reports(result, args.out, pseudonymise_salt=_salt(args),
                          include_individual_attitudes=args.include_individual_attitudes)
    summary = result.network_summary[["layer", "ties", "people_sought_out", "isolates"]]
    rr = result.response_rate.iloc[-1]
    print(f"Read {org.source}: {result.network.n_people} people, {len(org.nominations)} nominations; "
          f"response rate {rr['response_rate']:.0%}.")
    print(summary.to_string(index=False))
    print(f"Data-quality findings: {len(org.quality)} (see data_quality.csv).")
    rates = result.response_rate
    if "low_response" in rates:
        low = rates[rates["low_response"].fillna(False).astype(bool) & (rates["department"] != "All")]
        if len(low):
            print("Low response (results less reliable): " + ", ".join(
                f"{d} {r:.0%}" for d, r in zip(low["department"], low["response_rate"])))
    if result.champions is not None:
        chosen = result.champions
        print(f"\nChampion shortlist ({len(chosen.champions)} people on '{result.parameters['relation']}', "
              f"together reaching {chosen.coverage:.0%} of the organisation within "
              f"{chosen.parameters['steps']} steps; managers: {chosen.parameters['managers']}):")
        top = chosen.champions.head(args.show)
        for row in top.itertuples(index=False):
            print(f"{row.rank:>3}. {row.name} ({row.department}) - coverage {row.coverage:.0%}. {row.reasons}")
        if len(chosen.champions) > len(top):
            print(f"     ... {len(chosen.champions) - len(top)} more in champions.csv")
        for unmet in chosen.unmet_quotas:
            print(f"Quota not met: {unmet}")
    if result.resistance is not None:
        res = result.resistance
        high = res.clusters[res.clusters["risk"] == "high"]
        print(f"\nResistance clusters: {len(res.clusters)} shown ({(res.clusters['risk'] == 'high').sum()} high, "
              f"{(res.clusters['risk'] == 'medium').sum()} medium risk); {res.suppressed_clusters} communities "
              f"under {args.min_group_size} people ({res.suppressed_people} people) not shown. "
              "Risk describes groups, not people.")
        for row in high.head(args.show).itertuples(index=False):
            print(f"  cluster {row.cluster}: {row.size} people, {row.departments}; "
                  f"{row.share_resistant:.0%} predicted resistant; messengers: {row.messengers or 'none'}. "
                  f"{row.likely_reasons}")
    if result.plan is not None:
        _print_plan(result.plan, args.show, names=not args.pseudonymise)
    print(f"\nWrote {len(paths)} files to {args.out}: " + ", ".join(str(p.relative_to(args.out)) for p in paths))
    return 0


def _print_plan(plan, show: int, *, names: bool = True) -> None:
    print(f"\n{plan!r}")
    counts = plan.stakeholders["quadrant"].value_counts()
    print("Stakeholders by quadrant: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("Audiences (everyone in exactly one): " + ", ".join(
        f"{r.audience} {r.size}" for r in plan.communication.itertuples(index=False)))
    for row in plan.resistance.head(show).itertuples(index=False):
        owner = (row.owner if names else "(pseudonymised)") if row.owner else "to name"
        print(f"  {row.date} {row.point} ({row.risk}): {row.tactic}; owner: {owner}")
    for row in plan.operations[plan.operations["double_work_risk"]].itertuples(index=False):
        print(f"  double work: {row.process} ({row.department}): {row.double_work_reason}")
    if plan.missing_inputs:
        print("Prompts still need: " + ", ".join(plan.missing_inputs) + " (see prompts.md)")


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

    org = make_org(args.people, seed=args.seed, help_per_respondent=args.help_per_respondent)
    folder = write_org(org, args.out)
    print(f"Wrote {org!r} to {folder} (planted truth in {folder / 'truth' / 'truth.csv'}).")
    return 0


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
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("plan", help="alias of analyze (kept for old scripts): pass --go-live and --system")
    _add_read_options(p)
    _add_analysis_options(p)
    p.set_defaults(func=_cmd_analyze)

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
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--help-per-respondent", type=float, default=4.0,
                   help="mean help nominations per respondent (default 4)")
    p.add_argument("--out", type=Path, required=True, help="folder to write")
    p.set_defaults(func=_cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``stakeholder-graph`` command."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StakeholderGraphError as err:
        print(f"stakeholder-graph {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:  # e.g. the output folder cannot be written
        print(f"stakeholder-graph {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
