"""The rollout explorer: choosing group type and metric changes the table as expected."""

from __future__ import annotations

from stakeholder_graph.widgets import RolloutExplorer, rollout_view


def test_view_puts_alerted_groups_first_with_the_right_numbers(monitored):
    rollout, _, result = monitored(0)
    table, figure = rollout_view(result, group_type="department", metric="active_share")
    weekly = result.adoption_weekly.query("group_type == 'department'")
    assert set(table.index) == set(weekly["group"])
    stall = rollout.stories["stall"]
    expected = weekly[(weekly["group"] == stall) & (weekly["week"] == 6)]["active_share"].iloc[0]
    assert table.loc[stall, 6] == expected
    alerted = set(result.alerts.query("group_type == 'department'")["group"])
    assert set(table.index[:len(alerted)]) == alerted
    assert figure.axes[0].get_ylabel() == "active share"


def test_explorer_controls(monitored):
    _, _, result = monitored(0)
    explorer = RolloutExplorer(result)
    explorer.controls["metric"].value = "depth"
    weekly = result.adoption_weekly.query("group_type == 'department'")
    some = weekly.iloc[0]
    assert explorer.table.loc[some["group"], some["week"]] == some["depth"]
    explorer.controls["group_type"].value = "cluster"
    assert set(explorer.table.index) == set(result.adoption_weekly.query("group_type == 'cluster'")["group"])
    assert "by cluster" in explorer.figure.axes[0].get_title()
