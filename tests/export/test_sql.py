"""SQL export on real SQLite and PostgreSQL: schema, values, idempotent upserts, mirror semantics."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from salessheet.export import TeamData, build_schema, engine_for, export_sql, read_tables
from salessheet.export.prepare import target_id
from salessheet.schema import TEMPLATE_VERSION, schema_hash, sheet


def _expected(data: TeamData, key: str) -> list[dict[str, Any]]:
    spec = sheet(key)
    rows = []
    for row in data.rows[key]:
        full = {c.key: row.get(c.key, c.default if c.key in ("active", "available") else None)
                for c in spec.input_columns}
        if key == "targets":
            full = {"target_id": target_id(full), **full}
        rows.append(full)
    pk = "target_id" if key == "targets" else spec.key_columns[0]
    return sorted(rows, key=lambda r: r[pk])


def test_every_value_survives(db_url: str, team_data: TeamData) -> None:
    stats = export_sql(team_data, db_url)
    assert stats.report.counts() == {"error": 0, "warning": 0, "info": 0}
    tables = read_tables(db_url)
    for key, name in (("pipeline", "deals"), ("tasks", "tasks"), ("risks", "risks"), ("targets", "targets"),
                      ("roster", "reps")):
        assert tables[name] == _expected(team_data, key), name
    customers = sorted({r["customer"] for r in team_data.rows["pipeline"]})
    assert [r["name"] for r in tables["customers"]] == customers
    assert tables["deal_history"] == []
    assert tables["export_meta"] == [{"key": "schema_hash", "value": schema_hash()},
                                     {"key": "template_version", "value": str(TEMPLATE_VERSION)}]


def test_second_export_changes_nothing(db_url: str, team_data: TeamData) -> None:
    first = export_sql(team_data, db_url)
    assert first.changed == sum(first.rows.values()) > 0
    second = export_sql(team_data, db_url)
    assert second.changed == 0
    assert second.inserted == second.updated == second.deleted == dict.fromkeys(second.inserted, 0)


def test_changes_are_upserted_and_removals_deleted(db_url: str, team_data: TeamData) -> None:
    export_sql(team_data, db_url)
    changed = copy.deepcopy(team_data)
    deals = changed.rows["pipeline"]
    deals[0]["stage"], deals[0]["amount"] = "won", 123456.5
    gone = deals.pop()
    changed.rows["tasks"] = [t for t in changed.rows["tasks"] if t.get("deal_id") != gone["deal_id"]]
    changed.rows["risks"] = [r for r in changed.rows["risks"] if r.get("deal_id") != gone["deal_id"]]
    deals.append({**deals[1], "deal_id": "NEW-1", "customer": "Brand New Ltd"})
    stats = export_sql(changed, db_url)
    assert stats.inserted["deals"] == 1 and stats.updated["deals"] == 1 and stats.deleted["deals"] == 1
    assert stats.inserted["customers"] == 1
    rows = {r["deal_id"]: r for r in read_tables(db_url)["deals"]}
    assert rows[deals[0]["deal_id"]]["amount"] == 123456.5 and gone["deal_id"] not in rows
    assert export_sql(changed, db_url).changed == 0


def test_constraints_are_in_the_database(db_url: str, team_data: TeamData) -> None:
    export_sql(team_data, db_url)
    engine = engine_for(db_url)
    risks = build_schema().tables["risks"]
    deals = build_schema().tables["pipeline"]
    row = dict(read_tables(db_url)["risks"][0])
    bad_values: list[tuple[sa.Table, dict[str, Any]]] = [
        (risks, {**row, "risk_id": "X1", "likelihood": 6}),
        (risks, {**row, "risk_id": "X2", "status": "sleeping"}),
        (risks, {**row, "risk_id": "X3", "deal_id": "NO-SUCH-DEAL"}),
        (deals, {**read_tables(db_url)["deals"][0], "deal_id": "X4", "probability": 1.5}),
        (deals, {**read_tables(db_url)["deals"][0], "deal_id": "X5", "stage": "maybe"}),
        (deals, {**read_tables(db_url)["deals"][0], "deal_id": "X6", "owner": "ghost"}),
    ]
    for table, values in bad_values:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(table.insert().values(**values))
    engine.dispose()


def test_bad_rows_are_reported_not_loaded(db_url: str, team_data: TeamData) -> None:
    data = copy.deepcopy(team_data)
    data.rows["risks"][0]["likelihood"] = 9
    data.rows["pipeline"][0]["stage"] = None
    data.rows["tasks"].append({**data.rows["tasks"][0], "task_id": "T-X", "deal_id": "NOPE"})
    data.rows["pipeline"].append({**data.rows["pipeline"][1], "deal_id": "D-X", "owner": "newbie"})
    stats = export_sql(data, db_url)
    messages = sorted(i.message_en for i in stats.report)
    first_deal = data.rows["pipeline"][0]["deal_id"]
    assert any(m.startswith(f"Pipeline {first_deal}: stage is required") for m in messages)
    assert any("likelihood 9 is not an allowed value" in m for m in messages)
    assert any(m.startswith("Tasks T-X: deal 'NOPE' does not exist") for m in messages)
    assert any('owner "newbie" is not in the roster' in m for m in messages)
    chinese = sorted(i.message_zh for i in stats.report)  # every reason in Chinese too, not only the frame
    assert f"商机 {first_deal}：阶段（stage）必填；该行未导出" in chinese
    assert any(m.startswith("风险 ") and "可能性（1-5）（likelihood）的值 9 不在允许的选项中" in m
               for m in chinese)
    assert "任务 T-X：商机 'NOPE' 不存在；该行未导出" in chinese
    tables = read_tables(db_url)
    assert "newbie" in {r["rep_id"] for r in tables["reps"]}
    assert "T-X" not in {r["task_id"] for r in tables["tasks"]}


def test_history_from_runs_keeps_changes_only() -> None:
    from salessheet.export.history import history_from_runs

    d1 = {"deal_id": "D1", "stage": "lead", "amount": 10.0, "owner": "a"}
    runs = [(1, dt.date(2026, 1, 5), [d1]), (2, dt.date(2026, 1, 12), [d1, {**d1, "deal_id": "D2"}]),
            (3, dt.date(2026, 1, 19), [{**d1, "stage": "won"}])]
    rows = history_from_runs(runs)
    assert [(r["deal_id"], r["run_id"], r["stage"]) for r in rows] == [
        ("D1", 1, "lead"), ("D1", 3, "won"), ("D2", 2, "lead"),
    ]
