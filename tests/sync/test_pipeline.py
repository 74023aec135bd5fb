"""End to end: generated rep workbooks -> master.xlsx + snapshot, re-runs, safety."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from salessheet.errors import WriteRefusedError
from sync.load import read_previous_master
from sync.pipeline import changes_since, consolidate
from sync.snapshot import list_runs
from sync.state import engine_for
from sync.team import load_team
from tests.sync.conftest import TODAY

STAMP = dt.datetime(2026, 11, 25, 9, 30)
DATA = ("Pipeline", "Tasks", "Risks", "Targets")


def _run(team_dir: Path, **kwargs):
    team = load_team(team_dir / "reps", master=team_dir / "master.xlsx")
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("generated_at", STAMP)
    kwargs.setdefault("executor", "serial")
    return consolidate(team, **kwargs)


def _values(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)]
            for ws in book if ws.title not in skip}


def test_generated_team_consolidates_into_a_master(team_dir):
    result = _run(team_dir)
    book = openpyxl.load_workbook(result.master)
    assert book.sheetnames == ["Dashboard", *DATA, "Issues", "Quarantine", "Changes", "Roster", "Config"]
    for name in DATA:
        assert name in book[name].tables
    deals = list(book["Pipeline"].iter_rows(values_only=True))
    header = deals[0]
    assert header[0] == "Deal ID" and header[-3:] == ("Source file", "Rep", "Source row")
    assert len(deals) - 1 == len(result.merged.tables["pipeline"])
    read_back = sum(s.rows["pipeline"] for s in result.merged.sources)
    assert read_back == len(result.merged.tables["pipeline"])
    quarantined = {(r[0], r[5]) for r in book["Quarantine"].iter_rows(min_row=2, values_only=True)}
    assert ("pipeline", "pipeline.amount.not_a_number") in quarantined
    assert ("pipeline", "pipeline.deal_id.duplicate") in quarantined
    issues = [r for r in book["Issues"].iter_rows(min_row=2, values_only=True)]
    assert {r[0] for r in issues} >= {s.rep for s in result.merged.sources if s.errors}
    assert result.run_id == 1 and result.previous_run_id is None
    assert (team_dir / "master.salessheet.db").exists()
    assert book["Dashboard"]._charts


def test_same_inputs_give_the_same_master(team_dir):
    first = _run(team_dir)
    one = first.master.read_bytes()
    second = _run(team_dir)
    two = second.master.read_bytes()
    third = _run(team_dir)
    assert second.sources_cached == len(second.merged.sources)
    assert third.master.read_bytes() == two
    skip = ("Changes",)
    assert _values(first.master, skip) == _values(third.master, skip)
    assert one != two  # only the Changes note differs between a first and a later run
    assert [r.run_id for r in list_runs(engine_for(second.database))] == [1, 2, 3]
    assert second.changes == [] and third.changes == []


def test_open_master_is_refused_and_left_intact(team_dir):
    first = _run(team_dir)
    before = first.master.read_bytes()
    lock = team_dir / "~$master.xlsx"
    lock.write_bytes(b"owner")
    with pytest.raises(WriteRefusedError) as caught:
        _run(team_dir)
    assert caught.value.exit_code == 3 and "open in Excel" in caught.value.message_en
    assert first.master.read_bytes() == before
    assert [r.run_id for r in list_runs(engine_for(first.database))] == [1]


def test_master_opened_during_the_run_leaves_no_snapshot(team_dir):
    first = _run(team_dir)
    before = first.master.read_bytes()

    def open_in_excel(stage, done, total):
        if stage == "write" and done == 0:
            (team_dir / "~$master.xlsx").write_bytes(b"owner")

    with pytest.raises(WriteRefusedError):
        _run(team_dir, progress=open_in_excel)
    assert first.master.read_bytes() == before
    assert [r.run_id for r in list_runs(engine_for(first.database))] == [1]
    (team_dir / "~$master.xlsx").unlink()
    assert _run(team_dir).run_id == 2


def test_unreadable_workbook_is_reported_and_the_rest_consolidate(team_dir):
    (team_dir / "reps" / "broken.xlsx").write_bytes(b"this is not a workbook")
    result = _run(team_dir)
    broken = [s for s in result.merged.sources if s.source.endswith("broken.xlsx")]
    assert broken and not broken[0].readable
    assert any(t.issue.code == "sync.source.unreadable" for t in result.merged.issues)
    assert len(result.merged.sources) == 7 and len(result.merged.tables["pipeline"]) > 50


def test_manager_sheets_targets_and_tasks_survive_reruns(team_dir):
    first = _run(team_dir)
    book = openpyxl.load_workbook(first.master)
    notes = book.create_sheet("Notes")
    notes["A1"] = "Weekly review"
    notes["B2"] = 21
    notes["B3"] = "=B2*2"
    rep = first.merged.roster[1].rep_id
    targets = book["Targets"]
    targets.append(["2027-Q1", rep, "Revenue", None, None, 424242])
    tasks = book["Tasks"]
    tasks.append(["T-MGR-1", None, "Quarterly review with manager", rep, dt.date(2026, 12, 5), "Not started"])
    book.save(first.master)

    second = _run(team_dir)
    again = openpyxl.load_workbook(second.master)
    assert [list(r) for r in again["Notes"].iter_rows(values_only=True)] == [
        ["Weekly review", None], [None, 21], [None, "=B2*2"]]
    kept = second.merged.tables["targets"]
    mine = kept[kept["value"] == 424242]
    assert mine[["period", "owner", "metric", "_source"]].values.tolist() == [
        ["2027-Q1", rep, "revenue", "(manager)"]]
    task = second.merged.tables["tasks"].set_index("task_id").loc["T-MGR-1"]
    assert task["owner"] == rep and task["_source"] == "(manager)"
    [new_target] = [c for c in second.changes if c.kind.startswith("target.")]  # the week's review sees it
    assert (new_target.kind, new_target.key) == ("target.new", f"2027-Q1|{rep}|revenue||")
    assert new_target.message() == f"New target: 2027-Q1 / {rep} / Revenue (424,242)"
    sheet = list(openpyxl.load_workbook(second.master)["Changes"].iter_rows(min_row=2, values_only=True))
    assert ("New target", f"2027-Q1 / {rep} / Revenue") in {(r[0], r[2]) for r in sheet}
    third = _run(team_dir)
    assert "Notes" in openpyxl.load_workbook(third.master).sheetnames
    assert (third.merged.tables["targets"]["value"] == 424242).sum() == 1
    assert read_previous_master(third.master).manager_rows["tasks"]["task_id"].tolist() == ["T-MGR-1"]


def test_changed_rep_is_reread_and_changes_are_reported(team_dir):
    first = _run(team_dir)
    path = sorted((team_dir / "reps").glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    ws = book[book.sheetnames[2]] if "Pipeline" not in book.sheetnames else book["Pipeline"]
    header = [c.value for c in ws[1]]
    amount = header.index("Amount" if "Amount" in header else "金额") + 1
    deal_id = ws.cell(2, 1).value
    ws.cell(2, amount).value = 987654321.0
    book.save(path)
    second = _run(team_dir)
    assert (second.sources_read, second.sources_cached) == (1, 5)
    kinds = {(c.kind, c.key) for c in second.changes}
    assert ("deal.amount_up", deal_id) in kinds
    digest = changes_since(first.database, "last")
    assert (digest.old.run_id, digest.new.run_id) == (1, 2)
    assert {(c.kind, c.key) for c in digest.changes} == kinds
    book = openpyxl.load_workbook(second.master)
    rows = list(book["Changes"].iter_rows(min_row=2, values_only=True))
    assert ("Amount up", deal_id) in {(r[0], r[2]) for r in rows}


def test_master_can_be_the_team(team_dir):
    first = _run(team_dir)
    team = load_team(first.master)
    assert len(team.sources) == 6
    shutil.rmtree(team_dir / ".salessheet-cache")
    again = consolidate(team, today=TODAY, generated_at=STAMP, executor="serial")
    assert again.run_id == 2 and again.sources_read == 6


@pytest.mark.tools
def test_master_opens_in_libreoffice_with_the_same_values(team_dir, tmp_path):
    from tests.tools.libreoffice import recalculate

    result = _run(team_dir)
    saved = recalculate(result.master, tmp_path / "lo")
    ours, theirs = openpyxl.load_workbook(result.master), openpyxl.load_workbook(saved)
    assert theirs.sheetnames == ours.sheetnames
    def same(value):  # LibreOffice saves booleans as =TRUE()/=FALSE() and numbers to 15 digits
        if value in ("=TRUE()", "=FALSE()"):
            return value == "=TRUE()"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(f"{value:.12g}")
        return value

    for name in DATA:
        mine = [tuple(map(same, r)) for r in ours[name].iter_rows(values_only=True)]
        back = [tuple(map(same, r)) for r in theirs[name].iter_rows(values_only=True)][: len(mine)]
        assert back == mine, name
    for book in (ours, theirs):  # printing, as LibreOffice understood it too
        dashboard = book["Dashboard"]
        assert dashboard.page_setup.orientation == "landscape"
        # One page wide (an absent fitToWidth means 1), as many long as it takes (0).
        assert dashboard.sheet_properties.pageSetUpPr.fitToPage
        assert (dashboard.page_setup.fitToWidth or 1) == 1 and dashboard.page_setup.fitToHeight == 0
        for name in DATA:
            assert book[name].page_setup.orientation == "landscape", name
            assert (book[name].print_title_rows or "").replace("$", "") == "1:1", name  # headers on each page


def test_chinese_master_keeps_its_language_and_manager_rows(tmp_path):
    from sync.team import MemorySource, Rep, Team
    from tests.sync.factory import deal, target, workbook

    book = workbook("alice", pipeline=[deal("D-1", "alice")], targets=[target("2026-Q4", "alice", 5000.0)])
    source = MemorySource("/t/alice.xlsx", book, "alice")
    team = Team(name="华东", reps=(Rep("alice", "王丽"),), sources=(source,), master=tmp_path / "master.xlsx",
                lang="zh")
    consolidate(team, today=TODAY, generated_at=STAMP, executor="serial")
    master = openpyxl.load_workbook(tmp_path / "master.xlsx")
    assert master.sheetnames[:5] == ["看板", "商机", "任务", "风险", "目标"]
    master["目标"].append(["2027-Q1", "alice", "销售额", None, None, 999])
    master.create_sheet("备注")["A1"] = "周会"
    master.save(tmp_path / "master.xlsx")

    team.lang = None  # a team without a language keeps the master's
    again = consolidate(team, today=TODAY, generated_at=STAMP, executor="serial")
    reread = openpyxl.load_workbook(again.master)
    assert reread.sheetnames[-1] == "备注" and reread["商机"]["F2"].value == "报价"
    kept = again.merged.tables["targets"]
    assert kept[kept["_source"] == "(manager)"][["period", "metric", "value"]].values.tolist() == [
        ["2027-Q1", "revenue", 999.0]]


def test_the_cycle_collector_is_off_during_a_run_and_back_after_it(tmp_path, monkeypatch):
    import gc

    from sync import pipeline
    from sync.team import MemorySource, Rep, Team
    from tests.sync.factory import deal, workbook

    book = workbook("rep0", path="/team/rep0.xlsx", pipeline=[deal("D-1", "rep0")])
    team = Team(name="East", reps=(Rep("rep0"),), sources=(MemorySource(book.path, book, "rep0"),),
                master=tmp_path / "master.xlsx")
    seen: list[bool] = []
    original = pipeline.merge

    def merge(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "merge", merge)
    assert gc.isenabled()
    consolidate(team, today=TODAY)
    assert seen == [False] and gc.isenabled()

    def fails(*args, **kwargs):
        raise RuntimeError("merge failed")

    monkeypatch.setattr(pipeline, "merge", fails)
    with pytest.raises(RuntimeError, match="merge failed"):
        consolidate(team, today=TODAY)
    assert gc.isenabled()



@pytest.mark.parametrize("use_fork", [True, False], ids=["forked", "in-process"])
def test_the_previous_master_is_read_beside_the_team_and_a_broken_one_stops_the_run(
        team_dir, tmp_path, monkeypatch, use_fork):
    import os

    from salessheet.errors import UnreadableFileError
    from sync import forked, pipeline

    monkeypatch.setattr(forked, "_USE_FORK", use_fork)
    first = _run(team_dir)
    readers = tmp_path / "readers.txt"
    original = pipeline.read_previous_master

    def read(path: Path):
        with readers.open("a") as handle:  # a file, so that a forked child's pid is seen too
            handle.write(f"{os.getpid()}\n")
        return original(path)

    monkeypatch.setattr(pipeline, "read_previous_master", read)
    second = _run(team_dir)
    pids = [int(line) for line in readers.read_text().split()]
    assert len(pids) == 1 and (pids[0] != os.getpid()) == use_fork
    assert _values(second.master) == _values(first.master)

    first.master.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableFileError, match="previous master cannot be read"):
        _run(team_dir)
    assert first.master.read_bytes() == b"not a workbook"
    engine = engine_for(second.database)
    try:
        assert [r.run_id for r in list_runs(engine)] == [first.run_id, second.run_id]
    finally:
        engine.dispose()


def test_a_master_as_the_run_wrote_it_is_read_without_sheets_that_hold_no_manager_rows(team_dir, monkeypatch):
    import json

    from sync import forked, load
    from sync.extract import cache_dir_for

    monkeypatch.setattr(forked, "_USE_FORK", False)  # the run's own reading is seen here
    skipped: list[set[str]] = []
    original = load._calamine_rows

    def recording(path: Path, skip: set[str], previous: bool):
        skipped.append(set(skip))
        return original(path, skip, previous)

    monkeypatch.setattr(load, "_calamine_rows", recording)
    first = _run(team_dir)
    quick = read_previous_master(first.master)
    assert skipped[-1] == {"targets", "tasks"} and quick.manager_rows == {}
    mark = cache_dir_for(first.master) / "master-mark.json"
    sealed = mark.read_bytes()
    mark.unlink()
    full = read_previous_master(first.master)
    assert skipped[-1] == set()
    assert (full.manager_rows, full.config, full.roster, full.lang) == (
        quick.manager_rows, quick.config, quick.roster, quick.lang)

    mark.write_bytes(sealed)
    first.master.write_bytes(first.master.read_bytes())  # the same bytes, written again
    read_previous_master(first.master)
    assert skipped[-1] == set()
    stat = first.master.stat()
    planted = {"identity": [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev],
               "manager_rows": {"targets": 0, "tasks": 0}}
    mark.write_text(json.dumps(planted), encoding="utf-8")  # not sealed by this user
    read_previous_master(first.master)
    assert skipped[-1] == set()

    book = openpyxl.load_workbook(first.master)
    rep = first.merged.roster[1].rep_id
    book["Tasks"].append(["T-MGR-1", None, "Quarterly review", rep, dt.date(2026, 12, 5), "Not started"])
    book.save(first.master)
    skipped.clear()
    second = _run(team_dir)
    assert skipped == [set()]  # the manager's edit made the mark stale
    previous = read_previous_master(second.master)
    assert skipped[-1] == {"targets"} and previous.manager_rows["tasks"]["task_id"].tolist() == ["T-MGR-1"]


@pytest.mark.parametrize("inside", [True, False], ids=["master-beside-the-reps", "master-elsewhere"])
def test_a_folder_teams_roster_finds_its_files_from_the_master_wherever_the_run_starts(
        team_dir, tmp_path, monkeypatch, inside):
    monkeypatch.chdir(team_dir.parent)  # the folder is named from the working folder: team/reps
    master = Path(team_dir.name) / "master.xlsx" if inside else tmp_path / "elsewhere" / "master.xlsx"
    first = consolidate(load_team(Path(team_dir.name) / "reps", master=master), today=TODAY,
                        executor="serial")
    roster = read_previous_master(master).roster
    files = sorted(p.name for p in (team_dir / "reps").glob("*.xlsx"))
    assert sorted(Path(r.source).name for r in roster) == files
    # Beside the master, the Roster names the files relative to it; elsewhere, absolutely.
    assert {str(Path(r.source).parent) for r in roster} == ({"reps"} if inside else {str(team_dir / "reps")})
    monkeypatch.chdir(team_dir / "reps")  # the master as the team, from somewhere else
    again = consolidate(load_team(master if master.is_absolute() else team_dir / "master.xlsx"), today=TODAY,
                        executor="serial")
    assert not again.merged.unread and again.run_id == first.run_id + 1
    assert len(again.merged.tables["pipeline"]) == len(first.merged.tables["pipeline"])


def test_a_team_of_local_workbooks_never_imports_what_it_does_not_use(team_dir):
    """gspread and its HTTP stack take 0.6 s to import, openpyxl 0.14 s, matplotlib and xlwings
    more: a consolidation of local workbooks that leaves the manager no sheets of their own
    needs none of them."""
    import subprocess
    import sys

    _run(team_dir)  # a master whose Roster is the team
    script = ("import sys; from pathlib import Path; from sync.team import load_team; "
              "from sync.pipeline import consolidate; "
              f"consolidate(load_team(Path({str(team_dir / 'master.xlsx')!r})), executor='serial'); "
              "print(sorted(m for m in ('gspread', 'google.auth', 'requests', 'openpyxl', 'matplotlib', "
              "'xlwings') if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           timeout=300)
    assert shown.stdout.strip() == "[]", shown.stderr
