"""Upgrading version 1 and 2 workbooks: every typed value carried, renames applied, second run a no-op."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.evolve.drift import doctor
from salessheet.evolve.upgrade import summary, upgrade_file, upgrade_files
from salessheet.io import read_workbook
from salessheet.io.features import package_features
from salessheet.schema import TEMPLATE_VERSION, schema_hash
from tests.evolve.workbooks import typed_cells, write_version
from tests.tools.authored import add_sparklines

TODAY = dt.date(2026, 11, 25)
RENAMED = {"Discovery": "Qualified", "需求挖掘": "初步沟通"}


@pytest.mark.parametrize(("version", "lang"), [(1, "en"), (1, "zh"), (2, "en"), (2, "zh")])
def test_old_version_upgraded_with_every_value(tmp_path: Path, version: int, lang: str) -> None:
    path = write_version(tmp_path, version, lang, TODAY)
    before = typed_cells(path, version, lang)
    assert any(v in RENAMED for v in before["pipeline"].values()) == (version == 1)

    dry = upgrade_file(path)
    assert dry.pending and not dry.applied and dry.version == version
    assert "drift.template.outdated" in {c.code for c in dry.changes}
    result = upgrade_file(path, apply=True)
    assert result.applied and result.backup is not None and result.backup.exists()

    after = typed_cells(path, None, lang)
    for key, cells in before.items():
        expected = {where: RENAMED.get(value, value) if isinstance(value, str) else value
                    for where, value in cells.items()}
        assert after[key] == expected, key
    data = read_workbook(path)
    assert (data.template_version, data.schema_hash) == (TEMPLATE_VERSION, schema_hash())
    assert not [i for i in data.report if i.code.startswith("workbook.template.") and
                i.code != "workbook.template.version"]
    assert "discovery" not in set(data.frame("pipeline")["stage"])


def test_second_upgrade_is_a_no_op(tmp_path: Path) -> None:
    path = write_version(tmp_path, 1, "en", TODAY)
    upgrade_file(path, apply=True)
    upgraded = path.read_bytes()
    again = upgrade_file(path, apply=True)
    assert (again.changes, again.applied, again.backup) == ([], False, None)
    assert path.read_bytes() == upgraded
    report, _, code = doctor([path])
    assert [i.code for i in report] == ["drift.value.not_in_list"]  # the sample's "mystery" stage
    assert code == 1


def test_folder_exit_codes(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    write_version(team, 2, "en", TODAY)
    (team / "notes.txt").write_text("not a workbook")
    results, code = upgrade_files([team])
    assert [r.path.name for r in results] == ["v2-en.xlsx"] and code == 1
    results, code = upgrade_files([team], apply=True)
    assert code == 0 and results[0].applied
    assert upgrade_files([team]) == ([upgrade_file(team / "v2-en.xlsx")], 0)
    (team / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    results, code = upgrade_files([team], apply=True)
    assert code == 2 and results[0].unreadable
    assert (team / "broken.xlsx").read_bytes() == b"PK\x03\x04 not really"


def test_team_settings_survive(tmp_path: Path) -> None:
    from salessheet.schema import WorkbookConfig

    config = WorkbookConfig(fiscal_year_start_month=4, stale_deal_days=20, currency="USD", risk_amber=6,
                            risk_red=12, products=("Widget", "Gadget"))
    path = write_version(tmp_path, 1, "en", TODAY, config=config)
    assert read_workbook(path).config.stages[1].key == "discovery"
    upgrade_file(path, apply=True)
    assert read_workbook(path).config == config


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("version", range(1, TEMPLATE_VERSION))
def test_nothing_a_rep_added_is_reported_lost_for_a_plain_workbook(tmp_path: Path, version: int, lang: str):
    path = write_version(tmp_path, version, lang, TODAY)
    result = upgrade_file(path, apply=True)
    assert result.applied and result.not_carried == []
    assert "not carried" not in summary(result) and "未带入" not in summary(result, "zh")


def test_what_the_rebuild_does_not_carry_is_listed_and_kept_in_the_backup(tmp_path: Path):
    path = write_version(tmp_path, 1, "en", TODAY)
    add_sparklines(path, "Targets")  # drawn by the rep in Excel; the rebuilt sheet has none
    plan = upgrade_file(path)
    assert [(where, en) for where, en, _ in plan.not_carried] == [("Targets", "sparklines")]
    assert summary(plan).endswith("; not carried: Targets: sparklines (the backup will keep them)")
    assert summary(plan, "zh").endswith("；未带入：Targets: 迷你图（备份会保留）")
    done = upgrade_file(path, apply=True)
    assert done.applied and done.not_carried == plan.not_carried and done.backup is not None
    assert ("Targets", "sparklines", "迷你图") in package_features(done.backup.read_bytes())
    assert ("Targets", "sparklines", "迷你图") not in package_features(path.read_bytes())
