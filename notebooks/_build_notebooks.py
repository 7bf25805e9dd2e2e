"""Source of the notebooks' cells. Run `make notebooks` after editing: it writes and executes them.

Usage: python notebooks/_build_notebooks.py   (writes the .ipynb files without outputs)
"""

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).resolve().parent
md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell

SETUP = ('%matplotlib inline\nimport pandas as pd\n\npd.set_option("display.width", 160)\npd.set_option("display.max_columns", 12)\n'
         'pd.set_option("display.max_colwidth", 70)\npd.set_option("display.precision", 3)')


def setup_cell():
    cell = code(SETUP)
    cell.metadata["tags"] = ["remove-cell"]
    return cell


def widget_cell(source):
    cell = code(source)
    cell.metadata["tags"] = ["nbval-ignore-output"]
    return cell


NOTEBOOKS = {
    "01_quickstart.ipynb": [
        md("# Quickstart: from an org chart and a network survey to who people really go to\n\n"
           "This notebook reads the bundled organisation **Acme** (400 invented people, `datasets/acme/`), "
           "shows what was repaired on the way in, and compares the org chart with the help network: who "
           "colleagues go to for help beyond their own reporting line.\n\n"
           "Point `ORG` at your own folder (`people.csv`, `nominations.csv`, ...) to do the same."),
        setup_cell(),
        code('import stakeholder_graph as sg\nfrom stakeholder_graph import plotting\n\n'
             'ORG = "../datasets/acme"\norg = sg.read_org(ORG)\norg'),
        md("## 1. Data quality\n\nNothing is dropped or changed silently. Each row of the report names the file, "
           "the spreadsheet row, the value and what was done; here are the counts by kind."),
        code("org.quality.counts()"),
        md("Fuzzy and nickname matches are kept but worth a glance:"),
        code('report = org.quality.to_frame()\nreport[report["problem"].str.startswith("nominee matched")].head(5)'),
        md("## 2. The network at a glance\n\nOne layer per survey question plus the formal layer (manager -> report). "
           "An edge `A -> B` in `help` means *A goes to B for help*."),
        code("net = sg.build_network(org)\nnet.summary()"),
        md("Response rate per department (departments under 5 people are merged, so no small group is shown alone):"),
        code("net.response_rate()"),
        code('plotting.plot_network(net, "help")'),
        md("## 3. Formal versus informal\n\nWho is sought out for help by colleagues **beyond their own reporting "
           "line** (neither their manager nor their direct reports)? Those are the people the org chart does not show."),
        code('informal = sg.sought_out_beyond_line(net, "help")\n'
             'top = informal.sort_values(["beyond_line", "id"], ascending=[False, True]).head(10)\n'
             'top[["name", "department", "is_manager", "sought_out", "beyond_line", "from_other_departments"]]'),
        code("plotting.plot_formal_informal(informal)"),
        code('share_non_managers = (~top["is_manager"]).mean()\n'
             'print(f"{share_non_managers:.0%} of the ten most sought-out people beyond their line are not managers.")\n'
             'assert share_non_managers >= 0.5'),
        md("Next: `02_champions.ipynb` turns these signals into an explained shortlist that covers the whole "
           "organisation."),
    ],
    "02_champions.ipynb": [
        md("# Champions: an explained shortlist that reaches the whole organisation\n\n"
           "Champions are the people colleagues already go to for help. We want a *set* of them that together "
           "reaches everyone, not the top of one ranking (which picks neighbours who reach the same people)."),
        setup_cell(),
        code('import stakeholder_graph as sg\nfrom stakeholder_graph import plotting\nfrom stakeholder_graph.widgets '
             'import ChampionExplorer\n\nresult = sg.analyze("../datasets/acme")\nnet, metrics = result.network, '
             'result.metrics\nresult.champions'),
        md("## The shortlist with reasons\n\nBudget: 3 percent of headcount (the default). Each pick adds the person "
           "who reaches the most colleagues not yet reached within two steps; `coverage` is the cumulative share. "
           "A champion must also *believe in the change*: stance comes from the readiness survey (believer at "
           "0.25 or above on the -1..1 attitude scale, sceptic at -0.25 or below). Sceptics are never shortlisted; "
           "believers come first; people whose stance is unknown or neutral are flagged 'ask before recruiting'."),
        code('result.champions.champions[["rank", "id", "name", "department", "is_manager", "stance", "recruit", '
             '"new_reach", "coverage", "reasons"]]'),
        md("What the stance policy cost in coverage, and how many champions would reach 80 and 90 percent of "
           "the organisation (the same greedy cover, continued):"),
        code("for line in sg.champion_summary_lines(result):\n    print(line)"),
        md("Spread, not only reach: the expected number of colleagues won over under an independent cascade "
           "(weighted cascade probabilities), for the shortlist beside the same number of people by PageRank and "
           "by in-degree, and the stance-blind shortlist, all from one simulator:"),
        code("result.spread"),
        code("plotting.plot_coverage_curve(result.champions.champions)"),
        md("Coverage per department (departments under 5 people merged and suppressed):"),
        code("result.champions.coverage_by_department"),
        md("## Why a set, not a ranking\n\nOn network position alone (the stance-blind set), the same number of "
           "top-scored people reach fewer colleagues, because they sit close together:"),
        code('import numpy as np\nfrom stakeholder_graph.metrics import reach_matrix\n\n'
             'k = len(result.champions.champions)\nR = reach_matrix(net, "help")\n'
             'def reached(positions):\n    return len(set(R[positions].indices) | set(positions))\n\n'
             'chosen = [net.ids.get_loc(i) for i in result.champions.stance_blind]  # network position only\n'
             'top = list(np.argsort(-sg.champion_scores(metrics)["score"].to_numpy(), kind="stable")[:k])\n'
             'print(f"champion set reaches {reached(chosen)}, the {k} top-scored reach {reached(top)}")\n'
             'assert reached(chosen) > reached(top)'),
        md("## What changes with quotas or without managers"),
        code('stance = result.people["stance"].to_numpy()\n'
             'without_managers = sg.select_champions(net, share=0.03, managers="exclude", metrics=metrics, stance=stance)\n'
             'per_department = sg.select_champions(net, share=0.03, quotas={"department": 1}, metrics=metrics,\n'
             '                                     stance=stance)\n'
             'import pandas as pd\npd.DataFrame({\n'
             '    "option": ["default (managers penalised)", "managers excluded", "one per department"],\n'
             '    "coverage": [result.champions.coverage, without_managers.coverage, per_department.coverage],\n'
             '    "departments with a champion": [result.champions.champions["department"].nunique(),\n'
             '        without_managers.champions["department"].nunique(), per_department.champions["department"].nunique()],\n'
             '}).round(3)'),
        md("## Explore\n\nChange the budget, quotas, the manager option, the relation or the department shown; "
           "the table and the coverage curve follow."),
        widget_cell("explorer = ChampionExplorer(result)\nexplorer.widget"),
        md("Who goes to whom, with the champions ringed:"),
        code('plotting.plot_network(net, "help", champions=result.champions.champions["id"].tolist())'),
    ],
    "03_resistance.ipynb": [
        md("# Resistance: where it will cluster, why, and who can reach each cluster\n\n"
           "Attitudes from the readiness survey spread along whom people listen to (a Friedkin-Johnsen "
           "influence model), which also predicts attitudes for people who did not answer. Communities of closely "
           "tied colleagues are then rated for risk.\n\n"
           "> These are **risk indicators about groups**, to plan communication and support. They are not "
           "judgments about people; individual scores stay on this machine."),
        setup_cell(),
        code('import stakeholder_graph as sg\nfrom stakeholder_graph import plotting\nfrom stakeholder_graph.widgets '
             'import ClusterExplorer\n\nresult = sg.analyze("../datasets/acme")\nresult.resistance'),
        md("## Clusters by risk"),
        code("plotting.plot_cluster_risk(result.resistance.clusters)"),
        code('clusters = result.resistance.clusters\nrisky = clusters[clusters["risk"] != "low"].sort_values('
             '"share_resistant", ascending=False)\nrisky[["cluster", "size", "departments", "mean_predicted_attitude", '
             '"share_resistant", "blocking", "risk"]]'),
        md("## Why, and who can reach them\n\nLikely reasons come from the ADKAR barrier points of the cluster's "
           "respondents and from `impact.csv` (what changes, what people lose). Messengers are the champions "
           "with the most ties into the cluster; opinion leaders are the members the others listen to most."),
        code('for row in risky.itertuples():\n    print(f"Cluster {row.cluster} ({row.size} people, {row.departments}): '
             '{row.share_resistant:.0%} predicted resistant")\n    print(f"  why: {row.likely_reasons}")\n'
             '    print(f"  reach them through: {row.messengers}; listened to inside: {row.opinion_leaders}")'),
        md("## How clusters map onto departments\n\nPeople per community and department (cells under 5 blanked):"),
        code('crosswalk = result.resistance.crosswalk\ncrosswalk.loc[risky["cluster"]].dropna(axis=1, how="all")'),
        md("## Explore\n\nChange the community resolution (higher = smaller clusters), the risk threshold, or pick a "
           "cluster."),
        widget_cell("explorer = ClusterExplorer(result)\nexplorer.widget"),
        code('assert (clusters["size"] >= 5).all()\nassert "attitude" not in sg.export.export_tables(result)["people.csv"]'),
    ],
    "04_large_org.ipynb": [
        md("# A large organisation end to end (20,000 people)\n\nThe same analysis on a synthetic organisation of "
           "20,000 people. Figures aggregate to departments and clusters instead of drawing a hairball."),
        setup_cell(),
        code('import tempfile, time\nimport stakeholder_graph as sg\nfrom stakeholder_graph import plotting\n'
             'from stakeholder_graph.synth import make_org, write_org\n\n'
             'folder = write_org(make_org(20_000, seed=4), tempfile.mkdtemp())\nstart = time.perf_counter()\n'
             'result = sg.analyze(folder)\nelapsed = time.perf_counter() - start\nresult'),
        widget_cell('print(f"read + network + metrics + champions + resistance: {elapsed:.0f} s")'),
        code("result.network.summary()"),
        code("result.response_rate"),
        md("## Champions"),
        code('result.champions.champions[["rank", "name", "department", "coverage", "reasons"]].head(10)'),
        code("plotting.plot_coverage_curve(result.champions.champions)"),
        code('plotting.plot_network(result.network, "help", champions=result.champions.champions["id"].tolist())'),
        md("## Resistance"),
        code("plotting.plot_cluster_risk(result.resistance.clusters)"),
        code('high = result.resistance.clusters.query("risk == \'high\'")\n'
             'high[["cluster", "size", "departments", "share_resistant", "messengers"]].head(10)'),
        md("## Reports\n\nOne call writes the CSV tables, the Excel workbook and the HTML report:"),
        code('paths = sg.write_reports(result, tempfile.mkdtemp())\n[p.name for p in paths]'),
    ],
    "05_implementation_plan.ipynb": [
        md("# The implementation plan: names, not categories\n\nChange teams need a plan with names in it: who "
           "the stakeholders are, which audience each person is in, what each audience must be told, when and by "
           "whom, a dated calendar, where resistance will come from, which processes and reports change, and how "
           "to tell real adoption from logins. `analyze` builds it whenever a go-live date is given."),
        setup_cell(),
        code('import stakeholder_graph as sg\nfrom stakeholder_graph import plotting\n\n'
             'result = sg.analyze("../datasets/acme", system="Atlas ERP", go_live="2027-03-01",\n'
             '                    replaces=["Excel month-end workbooks", "paper checklists"])\nplan = result.plan\nplan'),
        md("## Stakeholder register\n\nInfluential people (top 10% network influence or top two levels) and every "
           "department. Power combines formal level and network influence (both shown); interest combines change "
           "impact and the person's own exposure to the change. `stance_basis` says whose stance is shown: their "
           "group's, unless individual attitudes are asked for."),
        code('plan.stakeholders[["stakeholder", "kind", "department", "power", "impact", "exposure_to_change", '
             '"interest", "stance", "stance_basis", "quadrant", "salience"]].head(15)'),
        code('plotting.plot_power_interest(plan.stakeholders, label="stakeholder")'),
        md("## Communication matrix: everyone in exactly one audience\n\nEach audience has a messenger who "
           "believes in the change and an accountable owner who is not the messenger. `people.csv` carries each "
           "person's audience, so the coverage can be checked:"),
        code('counts = result.people["audience"].value_counts()\n'
             'assert counts.sum() == len(result.people) and set(counts.index) == set(plan.communication["audience"])\n'
             'plan.communication[["audience", "size", "risk", "first_message", "cadence_before_go_live", '
             '"cadence_after_go_live", "messenger", "owner", "owner_role"]]'),
        md("## Calendar\n\nEvery message dated, from the first announcement to twelve weeks after go-live "
           "(`calendar.csv` and `calendar.ics`). After go-live, groups with an open monitor alert hear from the "
           "plan weekly (pass `alerts=` to `analyze`)."),
        code('plan.calendar[["date", "weeks_from_go_live", "audience", "stage", "channel"]].head(12)'),
        md("## Resistance plan"),
        code('plan.resistance[["point", "risk", "barrier", "likely_objection", "tactic", "owner", "date"]]'),
        md("## Operational integration\n\nFrom `processes.csv`: processes that change, reports to retire (with "
           "dates, so nobody maintains both), new workflows and double-work risks."),
        code('plan.operations[["process", "department", "kind", "report_or_output", "retire_on", "double_work_risk", '
             '"informal_go_to"]]'),
        code('print(plan.operations.query("double_work_risk")["double_work_reason"].iloc[0])'),
        md("## Success metrics beyond logins"),
        code("plan.metrics"),
        md("## Planning prompts, ready to paste into an assistant\n\nThe brackets are filled from options or the "
           "data; what is still missing is listed (here: company type and primary purpose)."),
        code('print("Still to supply:", plan.missing_inputs)\nprint(plan.prompts["communication_matrix"])'),
        md("## Export\n\nOne call writes every table, the workbook with every sheet, the calendar, the prompts and "
           "the report."),
        code('import tempfile\npaths = sg.write_reports(result, tempfile.mkdtemp())\n'
             '[p.name for p in paths if p.suffix in (".xlsx", ".md", ".html", ".ics")]'),
    ],
    "06_rollout_monitor.ipynb": [
        md("# After go-live: is adoption real, where does it stall, who needs attention?\n\n"
           "Implementation is not a single event. This notebook closes the loop: it reads what happened after "
           "go-live (usage telemetry of the new and the legacy tools, a second readiness wave, a second help "
           "survey, anonymous comments) and says week by week and group by group where adoption is real, where "
           "it stalls, where people slip back to the old tools, and who needs attention.\n\n"
           "The organisation is the synthetic Acme (400 people) continued past a go-live on 1 March 2027, with "
           "four stories planted: a department that stalls, one that slides back to the legacy tools, one whose "
           "readiness drops, and an overloaded champion; and a champion effect: believers among the colleagues "
           "most sought out for help start in week 1, and their help pulls. Point `ORG` at your own folder with `usage.csv` or "
           "`usage.parquet`, `features.csv` and (optionally) `comments.csv` to do the same."),
        setup_cell(),
        code('import tempfile\nfrom pathlib import Path\n\nimport stakeholder_graph as sg\n'
             'from stakeholder_graph.monitor import monitor_analysis\nfrom stakeholder_graph.monitor.plots import '
             '(plot_adoption, plot_attitude_trend, plot_champion_effect)\nfrom stakeholder_graph.synth import '
             'make_org, write_org\nfrom stakeholder_graph.synth_rollout import make_rollout, write_rollout\n\n'
             'org_tables = make_org(400, seed=0)\nrollout = make_rollout(org_tables, go_live="2027-03-01", seed=0)\n'
             'ORG = write_rollout(rollout, write_org(org_tables, Path(tempfile.mkdtemp()) / "acme_after_go_live"))\n'
             'sorted(p.name for p in ORG.iterdir())'),
        md("The analysis runs as before (the **latest** survey wave drives it; every earlier wave is kept for "
           "trends), then the monitor computes the metrics with DuckDB, reading the Parquet log directly."),
        code('result = sg.analyze(ORG, seed=0)\nmonitored = monitor_analysis(result, go_live="2027-03-01")\nmonitored'),
        md("## 1. What the event log needed\n\nEvents before go-live (a pilot), people who left, duplicated "
           "events: all counted, none silently."),
        code('monitored.quality.to_frame()[["column", "value", "problem", "action"]]'),
        md("## 2. Adoption beyond logins, week by week\n\n`active_share` is the share of eligible people with "
           "any use of the new system that week; `breadth` the share of their role's core features they used; "
           "`depth` the new system's share of new + legacy events; `habit` active days out of five. The "
           "organisation first:"),
        code('org_weekly = monitored.adoption_weekly.query("group_type == \'organisation\'")\n'
             'org_weekly[["week", "eligible", "active", "active_share", "breadth", "depth", "habit", "reverted"]]'),
        code('plot_adoption(monitored.adoption_weekly, group_type="department", metric="active_share", '
             'alerts=monitored.alerts)'),
        code('plot_adoption(monitored.adoption_weekly, group_type="department", metric="depth", '
             'alerts=monitored.alerts)'),
        md("Retention of the week 1-2 cohort and time to the first core-feature use, per department:"),
        code('monitored.adoption_summary.query("group_type == \'department\'")'),
        md("## 3. Alerts\n\nA signal becomes an alert only when it lasts (two weeks by default) and involves "
           "enough people; every threshold is stated in the alert and can be changed (`AlertRules`, or a TOML file "
           "with `--rules` on the command line)."),
        code('monitored.alerts.query("group_type in (\'organisation\', \'department\')")'),
        code('counts = monitored.alerts.groupby(["group_type", "signal"]).size().unstack(fill_value=0)\ncounts'),
        code('stories = rollout.stories\ndept_alerts = monitored.alerts.query("group_type == \'department\'")\n'
             'assert set(dept_alerts["group"]) == {stories["stall"], stories["slide_back"], stories["readiness_drop"]}\n'
             'print("Departments with alerts are exactly the planted ones:", sorted(set(dept_alerts["group"])))'),
        md("## 4. Attitude trends between survey waves"),
        code('monitored.attitude_trend.query("group_type == \'department\'")'),
        code('plot_attitude_trend(monitored.attitude_trend, group_type="department")'),
        md("## 5. Did the champions work? Does adoption travel through the network?\n\nExposure is the share of "
           "the colleagues a person goes to for help who adopted before them. The discrete-time hazard model asks "
           "whether last week's exposure raises this week's odds of adopting, with week and department as "
           "controls. It shows association, not proof: the same ties also carry team decisions and push "
           "communications."),
        code('monitored.hazard["table"].head(3)'),
        code('plot_champion_effect(monitored.champion_effect)'),
        md("## 6. The success-metrics sheet, measured"),
        code('monitored.success_metrics[["metric", "target", "measured", "met", "how_measured"]]'),
        md("## 7. Explore\n\nChoose a group type and a metric; groups with alerts come first. (The logic is "
           "`stakeholder_graph.widgets.rollout_view`, tested without a browser.)"),
        widget_cell('from stakeholder_graph.widgets import RolloutExplorer\n\nexplorer = RolloutExplorer(monitored)\n'
                    'explorer.widget'),
        md("The same run from the command line writes `adoption_weekly.csv`, `attitude_trend.csv`, `alerts.csv` "
           "and the measured success-metrics sheet:\n\n"
           "```\nstakeholder-graph monitor ORG --go-live 2027-03-01 --out OUT\n```"),
    ],
    "07_medical_innovation.ipynb": [
        md("# Medical Innovation: would champion scores have picked the early adopters?\n\n"
           "Coleman, Katz and Menzel followed how physicians in four Illinois cities took up a new antibiotic, "
           "tetracycline, in 1953-55, and asked each doctor whom they turn to for advice. It is the classic real test "
           "for this toolkit's premise: **do the people colleagues go to adopt a new practice first, and does "
           "adoption spread along those ties?**\n\n"
           "We compare the champion score with plain in-degree (how many colleagues name someone) and with random "
           "picks, and test network exposure with a permutation test. The data are read from "
           "`../shared/datasets/medical_innovation` (beside the repository) through the project's loader; see its README for the codes.\n\n"
           "Caveat: doctors also heard about the drug from its makers' sales representatives and journals. "
           "Van den Bulte and Lilien (2001, *AJS* 106:1409) showed that this marketing effort explains much of what "
           "looked like contagion in these data."),
        setup_cell(),
        code('import os\nfrom pathlib import Path\n\nimport stakeholder_graph as sg\n'
             'from stakeholder_graph.metrics import compute_metrics\n'
             'from stakeholder_graph.metrics.diffusion import contagion_test, rank_association, top_k_hits\n\n'
             'SHARED = Path(os.environ.get("STAKEHOLDER_GRAPH_SHARED", "../../shared"))  # ../shared beside the repository\n'
             'org = sg.read_org(SHARED / "datasets" / "medical_innovation")\nnet = sg.build_network(org)\nnet.summary()'),
        md("## The outcome\n\nThe month of first prescription is known for the 125 doctors of the diffusion sample "
           "(1 = November 1953 ... 17 = February 1955; 18 = not adopted by then). *Early* = the first four months."),
        code('people = net.people.set_index(net.ids)\nsample = people[people["in_netdiffuser_125"].astype(str) == "1"]\n'
             'month = pd.to_numeric(sample["toa"])\nearly = month <= 4\n'
             'print(f"{len(sample)} doctors; {int((month <= 17).sum())} adopted within the 17 months; "\n'
             '      f"{int(early.sum())} in the first four ({early.mean():.0%})")\n'
             'assert len(sample) == 125 and int((month <= 17).sum()) == 109'),
        md("## Network measures from the advice question\n\nComputed on all 246 doctors, as for an organisation: the "
           "champion score (40% sought out, 30% diffusion centrality, 20% reach within two steps, 10% brokerage) "
           "and in-degree (colleagues who name them for advice)."),
        code('metrics = compute_metrics(net, "advice")\n'
             'score = sg.champion_scores(metrics)["score"].set_axis(metrics["id"])\n'
             'in_degree = metrics.set_index("id")["in_degree"]\n'
             'measures = {"champion score": score, "in-degree (advice)": in_degree}'),
        md("## 1. Do central doctors adopt earlier?\n\nSpearman's rank correlation between each measure and "
           "*earliness* (minus the adoption month; never-adopters last), with a bootstrap 95% confidence interval "
           "and a permutation p-value (2,000 resamples each, seeded)."),
        code('association = pd.DataFrame({name: rank_association(values.reindex(sample.index), -month, seed=0)\n'
             '                            for name, values in measures.items()}).T\n'
             'for name, r in association.iterrows():\n'
             '    print(f"{name}: rho = {r.rho:.2f} (95% CI {r.ci_low:.2f} to {r.ci_high:.2f}), "\n'
             '          f"permutation p = {r.p_value:.3f}, n = {int(r.n)}")\nassociation.round(3)'),
        md("## 2. Would a shortlist have picked the early adopters?\n\nTake the top 12 (about 10%) and the top 25 "
           "(20%) of the 125 by each measure and count early adopters among them. Random picks give the base rate; "
           "the p-value is the exact chance that random picks do at least as well (hypergeometric). Intervals are "
           "Wilson 95% intervals (for random picks: the 2.5-97.5% range of their hit rate)."),
        code('picks = {k: top_k_hits(measures, early, k) for k in (12, 25)}\n'
             'for k, table in picks.items():\n'
             '    for name, r in table.drop(index="random picks").iterrows():\n'
             '        print(f"top {k} by {name}: {int(r.hits)} early adopters ({r.hit_rate:.0%}, 95% CI "\n'
             '              f"{r.ci_low:.0%}-{r.ci_high:.0%}), p = {r.p_value:.2f} against random picks "\n'
             '              f"({table.loc[\'random picks\', \'hit_rate\']:.0%})")\n'
             'pd.concat(picks, names=["k", "picked by"]).round(3)'),
        md("## 3. Does adoption spread along advice ties?\n\nAt each month, compare the *exposure* (share of the "
           "colleagues a doctor names who had already adopted) of the doctors adopting that month with that of "
           "all doctors still to adopt. The permutation test shuffles adoption months among doctors of the same "
           "city (300 times) and keeps the network: if adoption followed ties, the observed excess exposure would "
           "sit above the shuffled ones."),
        code('city = people["city"].astype(str)\ncontagion = pd.DataFrame({\n'
             '    " + ".join(relations): contagion_test(net, month, relations=relations, groups=city, periods=17,\n'
             '                                         permutations=300, seed=0)\n'
             '    for relations in (["advice"], ["advice", "discussion"])}).T\n'
             'for name, r in contagion.iterrows():\n'
             '    print(f"{name}: excess exposure at adoption {r.excess_exposure:+.3f} (shuffled: "\n'
             '          f"{r.null_low:+.3f} to {r.null_high:+.3f}), permutation p = {r.p_value:.2f}")\n'
             'contagion.round(3)'),
        md("## Adoption curves\n\nShare of doctors who had adopted by each month: the top quarter by champion score "
           "against the other three quarters."),
        code('top_quarter = score.reindex(sample.index).rank(ascending=False, method="first") <= len(sample) / 4\n'
             'curves = pd.DataFrame({label: [(month[group] <= m).mean() for m in range(1, 18)]\n'
             '                       for label, group in [("top quarter by champion score", top_quarter),\n'
             '                                            ("other doctors", ~top_quarter)]}, index=range(1, 18))\n'
             'ax = curves.plot(figsize=(7, 4), marker=".", title="Tetracycline adoption by month (Medical Innovation)")\n'
             'ax.set(xlabel="Month (1 = November 1953)", ylabel="Share adopted")\n'
             'ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")'),
        md("## What this says for choosing champions\n\n"
           "- Doctors whom colleagues go to for advice did adopt earlier **on average**: the rank correlations are "
           "positive and their intervals exclude zero, for the champion score and for in-degree alike.\n"
           "- But a short list of the most central doctors was **not much better than random picks** at naming "
           "the first-four-month adopters: being central makes early adoption somewhat more likely, not certain.\n"
           "- Adoption times show **no sign of spreading along advice or discussion ties** beyond what shuffling "
           "within each city gives, in line with Van den Bulte and Lilien's reanalysis.\n\n"
           "For a rollout: champions chosen by network position reach colleagues (that is what they are for), but "
           "their own early enthusiasm must be checked (the stance survey), not assumed from centrality."),
    ],
    "08_real_organisation.ipynb": [
        md("# A real organisation: the formal chart and the informal one (Krackhardt's managers)\n\n"
           "Krackhardt (1987) asked the 21 managers of a small high-tech firm *\"To whom do you go for advice?\"* "
           "and *\"Who is your friend?\"*; who reports to whom came from company records. The same walk-through as "
           "the quickstart, on real people (`../shared/datasets/krackhardt_hightech_managers`, read with the "
           "project's loader). Level: 1 = CEO, 2 = vice president, 3 = manager."),
        setup_cell(),
        code('import os\nfrom pathlib import Path\n\nimport stakeholder_graph as sg\nfrom stakeholder_graph import plotting\n'
             'from stakeholder_graph.metrics import compute_metrics\nfrom stakeholder_graph.metrics.diffusion import '
             'rank_association\n\nSHARED = Path(os.environ.get("STAKEHOLDER_GRAPH_SHARED", "../../shared"))  '
             '# ../shared beside the repository\norg = sg.read_org(SHARED / "datasets" / "krackhardt_hightech_managers")\nnet = sg.build_network(org)\n'
             'net.summary()'),
        md("## Who is sought out, within and beyond their reporting line"),
        code('informal = sg.sought_out_beyond_line(net, "advice")\n'
             'informal = informal.join(net.people.set_index("id")["level_label"], on="id")\n'
             'informal.sort_values(["sought_out", "id"], ascending=[False, True]).head(8)[\n'
             '    ["id", "level_label", "department", "sought_out", "within_line", "beyond_line", "from_other_departments"]]'),
        code('plotting.plot_formal_informal(informal)'),
        code('beyond = informal["beyond_line"].sum() / informal["sought_out"].sum()\n'
             'print(f"{beyond:.0%} of advice nominations go to someone outside the asker\'s own reporting line "\n'
             '      f"({informal[\'beyond_line\'].sum()} of {informal[\'sought_out\'].sum()})")'),
        md("## Does rank bring advice-seekers, and are advisers also friends?\n\nSpearman rank correlations with a "
           "bootstrap 95% CI and a permutation p-value (2,000 resamples, seeded); n = 21, so the intervals are wide."),
        code('level = pd.to_numeric(net.people.set_index("id")["level"])\n'
             'advice = compute_metrics(net, "advice").set_index("id")["in_degree"]\n'
             'friendship = compute_metrics(net, "friendship").set_index("id")["in_degree"]\n'
             'tests = pd.DataFrame({\n'
             '    "seniority vs advice in-degree": rank_association(-level, advice, seed=0),\n'
             '    "advice vs friendship in-degree": rank_association(advice, friendship, seed=0)}).T\n'
             'for name, r in tests.iterrows():\n'
             '    print(f"{name}: rho = {r.rho:.2f} (95% CI {r.ci_low:.2f} to {r.ci_high:.2f}), "\n'
             '          f"permutation p = {r.p_value:.3f}")\ntests.round(3)'),
        md("## Champions for a change in this firm\n\nThree champions on the advice network: together they reach "
           "everyone within two steps. The first has nobody reporting to them."),
        code('chosen = sg.select_champions(net, 3, relation="advice")\n'
             'chosen.champions.join(net.people.set_index("id")["level_label"], on="id")[\n'
             '    ["rank", "id", "level_label", "department", "coverage", "reasons"]]'),
        md("## Reading\n\n"
           "- Most advice crosses reporting lines: the formal chart shows a small part of who helps whom.\n"
           "- Senior people are sought out more (the correlation is clearly positive), yet managers with nobody "
           "reporting to them are among the most sought out, and being named as a friend says little about being "
           "asked for advice (the interval includes zero).\n"
           "- For a rollout, briefing the vice presidents reaches the formal chain; the champion set reaches the "
           "informal one, with fewer people."),
    ],
    "dashboard.ipynb": [
        md("# Stakeholder dashboard\n\nFor the change team: who to recruit as champions and where resistance may "
           "cluster. Served without code by `make dashboard` (Voilà); set `STAKEHOLDER_GRAPH_ORG` to analyse "
           "another organisation folder."),
        widget_cell('import os\nfrom stakeholder_graph.widgets import Dashboard\n\n'
                    'dashboard = Dashboard.from_folder(os.environ.get("STAKEHOLDER_GRAPH_ORG", "../datasets/acme"))\n'
                    'dashboard.widget'),
    ],
}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = nbf.v4.new_notebook()
        nb.cells = cells
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbf.write(nb, HERE / name)


if __name__ == "__main__":
    main()
