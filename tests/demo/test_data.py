"""The demo team generator: deterministic, plausible, internally consistent."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from salessheet.compute import parse_period
from salessheet.demo import generate_team
from salessheet.schema import PipelineRow, RiskRow, TargetRow, TaskRow, WorkbookConfig

TODAY = dt.date(2026, 11, 25)


def test_same_seed_same_team():
    assert generate_team(4, 10, today=TODAY).roster == generate_team(4, 10, today=TODAY).roster
    a = generate_team(4, 10, today=TODAY).reps[2].rows
    b = generate_team(4, 10, today=TODAY).reps[2].rows
    assert a == b


def test_rows_validate_against_the_registry_models():
    team = generate_team(5, 30, today=TODAY)
    models = {"pipeline": PipelineRow, "tasks": TaskRow, "risks": RiskRow, "targets": TargetRow}
    for rep in team.reps:
        for key, model in models.items():
            for row in rep.rows[key]:
                model.model_validate(row)


def test_ids_unique_across_the_team_and_references_resolve():
    team = generate_team(30, 50, today=TODAY)
    deal_ids = [d["deal_id"] for r in team.reps for d in r.rows["pipeline"]]
    assert len(deal_ids) == len(set(deal_ids))
    known = set(deal_ids)
    for rep in team.reps:
        assert {r["deal_id"] for r in rep.rows["risks"]} <= known
        assert {t["deal_id"] for t in rep.rows["tasks"] if t["deal_id"]} <= known


@settings(max_examples=25, deadline=None)
@given(reps=st.integers(1, 60), deals=st.integers(1, 40))
def test_closed_deals_have_close_dates_and_stages_are_configured(reps, deals):
    team = generate_team(reps, deals, today=TODAY)
    stages = {s.key for s in WorkbookConfig().stages}
    assert len({r.rep_id for r in team.reps}) == reps
    for rep in team.reps:
        for deal in rep.rows["pipeline"]:
            assert deal["stage"] in stages
            if deal["stage"] in ("won", "lost"):
                assert deal["actual_close_date"] <= TODAY
            assert deal["created_date"] <= TODAY
        for target in rep.rows["targets"]:
            parse_period(target["period"])
