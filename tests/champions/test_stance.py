"""Champions who believe in the change: stance gates selection, matching, messengers and owners."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.champions import select_champions
from stakeholder_graph.champions.stance import stance_from_attitudes, stance_tiers
from stakeholder_graph.synth import make_org, write_org

from test_selection import small_org

ACME = Path(__file__).resolve().parents[2] / "datasets" / "acme"
ITEMS = ["readiness", "support", "adkar_desire"]


def answers(values: dict[str, int], items=ITEMS) -> str:
    rows = ["respondent_id,item,value"] + [f"{pid},{item},{v}" for pid, v in values.items() for item in items]
    return "\n".join(rows) + "\n"


def hub_org(make_folder, hub_value=1, extra: dict | None = None, split: bool = False):
    """H0 (a sceptic unless told otherwise) is the hub everyone asks; B1 and B2 believe and are
    asked by two teams; everybody else answers neutrally or not at all. ``split``: Sales has
    its own manager S and does not ask H0."""
    people = ["id,name,email,manager_id,department,title,location,responded",
              "M,Mo Boss,m@x.org,,Exec,CEO,Leeds,true",
              "H0,Hana Hub,h@x.org,M,Ops,Specialist,Leeds,true",
              "B1,Bea One,b1@x.org,M,Ops,Specialist,Leeds,true",
              "B2,Ben Two,b2@x.org,M,Sales,Specialist,York,true"]
    noms = ["respondent_id,relation,nominee,weight"]
    values = {"H0": hub_value, "B1": 5, "B2": 5, "M": 3}
    if split:
        people[-1] = people[-1].replace(",M,Sales", ",S,Sales")
        people.append("S,Sal Es,s@x.org,M,Sales,Head,York,true")
        values["S"] = 1
    for i in range(20):
        pid = f"P{i:02d}"
        dept = "Ops" if i < 10 else "Sales"
        boss = "S" if split and i >= 10 else "M"
        people.append(f"{pid},Person {i},{pid}@x.org,{boss},{dept},Clerk,Leeds,true")
        if not (split and i >= 10):
            noms.append(f"{pid},help,H0,1")
        noms.append(f"{pid},help,{'B1' if i < 10 else 'B2'},1")
        values[pid] = 3 if i % 3 else 4
    values.update(extra or {})
    return make_folder({"people.csv": "\n".join(people) + "\n", "nominations.csv": "\n".join(noms) + "\n",
                        "attitudes.csv": answers(values)})


def test_stance_thresholds_and_the_explicit_item_counts_more():
    # support 4 -> 0.5 (believer); willing 1 -> -1: (2 x -1 + 0.5) / 3 = -0.5 (sceptic).
    long = pd.DataFrame({"respondent_id": ["a", "b", "b", "c", "d"],
                         "item": ["support", "support", "champion_willing", "support", "support"],
                         "value": [4, 4, 1, 3.5, 2]})
    table = stance_from_attitudes(["a", "b", "c", "d", "e"], long)
    assert table["stance_score"].tolist()[:4] == [0.5, -0.5, 0.25, -0.5]
    assert table["stance"].tolist() == ["believer", "sceptic", "believer", "sceptic", "unknown"]


def test_central_sceptic_is_never_champion_messenger_or_owner(make_folder):
    folder = hub_org(make_folder)
    blind = sg.analyze(folder, champions=2, min_group_size=1, stance_policy="ignore")
    assert blind.champions.champions["id"].iloc[0] == "H0"  # the network alone picks the sceptic
    for policy in ("prefer-believer", "require-believer"):
        result = sg.analyze(folder, champions=2, min_group_size=1, stance_policy=policy)
        people = result.people.set_index("id")
        assert people.loc["H0", "stance"] == "sceptic"
        assert "H0" not in set(result.champions.champions["id"])
        assert set(result.champions.champions["id"]) == {"B1", "B2"}
        assert "H0" not in set(people["assigned_champion"])
        assert (people.loc[[f"P{i:02d}" for i in range(10)], "assigned_champion"] == "B1").all()
        clusters = result.resistance.clusters
        assert not clusters["messengers"].str.contains("Hana Hub").any()
        # H0 is influential and against the change: first on the list to win over.
        assert result.win_over_first["id"].tolist() == ["H0"]
        plan = sg.analyze(folder, champions=2, min_group_size=1, stance_policy=policy, system="Atlas",
                          go_live="2027-03-01").plan
        assert not plan.resistance["owner"].astype(str).str.contains("Hana Hub").any()
        assert not plan.communication["messenger"].astype(str).str.contains("Hana Hub").any()


def test_no_believer_reaches_a_cluster_is_named_as_a_gap(make_folder):
    # B2's whole team answers against the change and B2 does too: nobody believing reaches Sales.
    folder = hub_org(make_folder, hub_value=1, split=True,
                     extra={"B2": 1, **{f"P{i:02d}": 1 for i in range(10, 20)}})
    result = sg.analyze(folder, champions=2, min_group_size=1, resolution=1.0)
    clusters = result.resistance.clusters
    assert "B2" not in set(result.champions.champions["id"])
    sales = clusters[clusters["departments"].str.startswith("Sales")]
    assert len(sales) == 1 and sales["messenger_gap"].iloc[0].startswith("no believing champion")
    assert "Bea One" not in sales["messengers"].iloc[0]
    assert not clusters["messengers"].str.contains("Ben Two|Hana Hub|Sal Es").any()
    assert (clusters.loc[clusters["departments"].str.startswith("Ops"), "messenger_gap"] == "").all()


def test_removing_a_believers_positive_answers_only_lowers_their_rank(tmp_path):
    org = make_org(150, seed=3)
    base = sg.analyze(write_org(org, tmp_path / "base"), champions=6)
    people = base.people.set_index("id")
    believers = people[people["stance"] == "believer"].sort_values("candidate_rank").index[:6]
    shortlist = base.champions.champions["id"].tolist()
    for i, pid in enumerate(believers):
        changed = org.attitudes[org.attitudes["respondent_id"] != pid]
        altered = type(org)(people=org.people, nominations=org.nominations, attitudes=changed,
                            impact=org.impact, truth=org.truth, seed=org.seed)
        after = sg.analyze(write_org(altered, tmp_path / f"o{i}"), champions=6)
        p2 = after.people.set_index("id")
        assert p2.loc[pid, "stance"] == "unknown"
        assert p2.loc[pid, "candidate_rank"] > people.loc[pid, "candidate_rank"]
        new_list = after.champions.champions["id"].tolist()
        old_pos = shortlist.index(pid) if pid in shortlist else 10 ** 6
        new_pos = new_list.index(pid) if pid in new_list else 10 ** 6
        assert new_pos >= old_pos


# The ranking of datasets/acme before stance existed (commit 8fe27dc), for four option sets.
OLD_RANKINGS = [
    (dict(), ['E00215', 'E00256', 'E00294', 'E00366', 'E00164', 'E00077', 'E00133', 'E00353', 'E00338',
              'E00270', 'E00066', 'E00390'], [111, 40, 22, 16, 12, 12, 9, 7, 7, 6, 6, 6]),
    (dict(k=20, managers="include"),
     ['E00215', 'E00256', 'E00294', 'E00366', 'E00002', 'E00164', 'E00020', 'E00113', 'E00066', 'E00338',
      'E00017', 'E00270', 'E00390', 'E00056', 'E00051', 'E00084', 'E00176', 'E00300', 'E00372', 'E00169'],
     [111, 40, 22, 16, 13, 12, 12, 7, 7, 7, 6, 6, 6, 5, 4, 4, 3, 3, 3, 3]),
    (dict(k=10, max_members_per_champion=15, quotas={"department": 1}),
     ['E00215', 'E00294', 'E00164', 'E00348', 'E00277', 'E00085', 'E00338', 'E00001', 'E00256', 'E00366'],
     [16, 16, 16, 16, 16, 14, 7, 0, 16, 16]),
    (dict(k=8, steps=1, managers="exclude"),
     ['E00215', 'E00256', 'E00366', 'E00294', 'E00164', 'E00270', 'E00353', 'E00085'],
     [40, 29, 21, 13, 11, 6, 6, 6]),
]


@pytest.mark.parametrize("options, ids, reach", OLD_RANKINGS)
def test_ignore_returns_the_old_ranking_exactly(options, ids, reach):
    org = sg.read_org(ACME)
    net = sg.build_network(org)
    stance = stance_from_attitudes(net.ids, org.attitudes)["stance"].to_numpy()
    chosen = select_champions(net, stance=stance, stance_policy="ignore", **options)
    assert chosen.champions["id"].tolist() == ids
    assert chosen.champions["new_reach"].tolist() == reach
    default = select_champions(net, stance=stance, **options)
    assert not (default.champions["stance"] == "sceptic").any()
    if not options:
        assert (stance[net.ids.get_indexer(ids)] == "sceptic").sum() >= 2  # the old default list held sceptics


def test_tiers_per_policy_and_bad_policy():
    s = np.array(["believer", "neutral", "sceptic", "unknown"], dtype=object)
    assert stance_tiers(s, 4, "prefer-believer").tolist() == [0, 1, -1, 1]
    with pytest.raises(sg.InvalidParameterError, match="'stance_policy' parameter must be one of"):
        stance_tiers(s, 4, "maybe")


def test_one_greedy_cover_one_truth_on_400_random_graphs():
    rng = random.Random(7)
    for trial in range(400):
        n = rng.randint(4, 14)
        pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
        edges = rng.sample(pairs, rng.randint(1, min(len(pairs), 3 * n)))
        managers = set(rng.sample(range(n), rng.randint(0, 2)))
        net = small_org(n, edges, managers)
        stance = np.array(rng.choices(["believer", "neutral", "sceptic", "unknown"], k=n), dtype=object)
        cap = rng.choice([None, 1, 2, 3])
        policy = rng.choice(["prefer-believer", "require-believer", "ignore"])
        k = rng.randint(1, 4)
        chosen = select_champions(net, k=k, max_members_per_champion=cap, stance=stance, stance_policy=policy,
                                  managers=rng.choice(["include", "penalise"]), seed=trial, min_group_size=1)
        table, assignment = chosen.champions, chosen.assignment
        covered = assignment["assigned_champion"].ne("")
        final = covered.mean()
        by_pick = table["coverage"].iloc[-1] if len(table) else 0.0
        assert round(final, 4) == by_pick == round(chosen.coverage, 4), trial
        assert table["new_reach"].sum() == covered.sum(), trial
        total = chosen.coverage_by_department.iloc[-1]
        assert total["covered"] == covered.sum()
        assert set(assignment.loc[covered, "assigned_champion"]) <= set(table["id"])
        if cap is not None:
            loads = assignment[covered & (assignment["steps"] > 0)].groupby("assigned_champion").size()
            assert (loads <= cap).all(), trial
        if policy != "ignore":
            assert not (table["stance"] == "sceptic").any()
        if policy == "require-believer":
            assert (table["stance"] == "believer").all()


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    runs = []
    for seed in (0, 1):
        org = make_org(2000, seed=seed, sceptic_influencer_share=0.3)
        result = sg.analyze(write_org(org, tmp_path_factory.mktemp(f"planted{seed}")))
        runs.append((org, result))
    return runs


def test_planted_sceptics(planted):
    for org, result in planted:
        truth = org.truth.set_index("id")
        people = result.people.set_index("id")
        believers = truth.index[truth["planted_stance"] == "believer"]
        sceptics = truth.index[truth["planted_stance"] == "sceptic"]
        assert len(sceptics) >= 3
        k = len(believers)
        top = people.sort_values("candidate_rank").index[: 2 * k]
        assert np.isin(believers, top).mean() >= 0.8
        table = result.champions.champions
        assert (table["stance"] == "sceptic").mean() <= 0.05
        assert not np.isin(sceptics, table["id"]).any()
        stance = people["stance"]
        assert not (stance.reindex(people["assigned_champion"].replace("", np.nan).dropna()) == "sceptic").any()
        summary = result.champions.summary
        print(f"seed {org.seed}: {k} planted believers, {np.isin(believers, top).mean():.0%} in the top 2k; "
              f"sceptics on the shortlist {(table['stance'] == 'sceptic').mean():.0%} (planted ones: "
              f"{np.isin(sceptics, table['id']).sum()}); coverage {summary['coverage']:.3f} vs stance-blind "
              f"{summary['stance_blind_coverage']:.3f} = {summary['coverage'] / summary['stance_blind_coverage']:.3f}; "
              f"planted sceptics on the win-over-first list {np.isin(sceptics, result.win_over_first['id']).sum()}"
              f"/{len(sceptics)}")
        assert summary["coverage"] >= 0.9 * summary["stance_blind_coverage"]
        # The planted sceptics the network finds influential are the ones to win over first.
        assert np.isin(sceptics, result.win_over_first["id"]).mean() >= 0.5
        messengers = result.resistance.clusters["messengers"]
        for pid in people.index[stance == "sceptic"]:
            assert not messengers.str.contains(f"({pid})", regex=False).any()


def test_formal_and_informal_nominations_are_counted_apart():
    # 0 manages 1, 2, 3 (ids with (r + 0) even: 2 only) -- use explicit managers.
    net = small_org(6, [(2, 0), (4, 0), (5, 0), (1, 3)], managers={0})
    from stakeholder_graph.champions.credibility import nominations_by_line

    table = nominations_by_line(net).set_index("id")
    reports = set(net.people.loc[net.people["manager_id"] == "0", "id"])
    assert reports == {"2", "4"}
    assert table.loc["0"].tolist() == [2, 1]  # 2 and 4 are their reports; 5 is not
    chosen = select_champions(net, k=1, managers="include")
    assert chosen.champions["reasons"].iloc[0].startswith("Sought out for help by 3 colleagues (2 of them their own reports)")


def test_homonyms_carry_their_id(make_folder):
    folder = hub_org(make_folder)
    people = (folder / "people.csv").read_text().replace("Bea One", "Ivan Yamamoto").replace("Ben Two", "Ivan Yamamoto")
    (folder / "people.csv").write_text(people)
    result = sg.analyze(folder, champions=2, min_group_size=1)
    text = "; ".join(result.resistance.clusters["messengers"]) + "; ".join(result.resistance.clusters["opinion_leaders"])
    assert "Ivan Yamamoto (B1)" in text and "Ivan Yamamoto (B2)" in text
