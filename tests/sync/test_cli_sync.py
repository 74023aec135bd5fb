"""The consolidate, changes and distribute commands: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # os.environ, as a scheduled job has it: not the COLUMNS that readline puts into the C
    # environment of the test process, which would set the width of the output.
    return subprocess.run([sys.executable, "-m", "salessheet", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=600, env={**os.environ, **(env or {})})


def _bump_first_deal(team_dir: Path) -> str:
    path = sorted((team_dir / "reps").glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    ws = book["Pipeline"] if "Pipeline" in book.sheetnames else book["商机"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("Amount" if "Amount" in header else "金额") + 1).value = 99_999_999
    book.save(path)
    return str(ws.cell(2, 1).value)


def test_consolidate_changes_and_distribute(team_dir):
    master = team_dir / "master.xlsx"
    first = _cli("consolidate", str(team_dir / "reps"), "-o", str(master), "--today", "2026-11-25")
    assert first.returncode == 0, first.stderr
    assert "Consolidation" in first.stdout and "run 1" in first.stdout
    assert master.exists()

    only_one = _cli("changes", str(master), "--since", "last")
    assert only_one.returncode == 4 and "only one consolidation" in only_one.stderr

    deal_id = _bump_first_deal(team_dir)
    second = _cli("--lang", "zh", "consolidate", str(team_dir / "reps"), "-o", str(master),
                  "--today", "2026-11-25")
    assert second.returncode == 0, second.stderr
    assert "汇总结果" in second.stdout
    lines = second.stdout.splitlines()  # the lines under the table are in Chinese too
    assert any(line.startswith(f"总表: {master}（目标 ") and "商机 " in line and "；隔离 " in line
               for line in lines)
    assert "快照: 第 2 次 · 1 项变更" in lines
    assert re.search(r"^读取 [\d.]+s · 合并 .* 合计 [\d.]+s；读取 1 个，缓存 \d+ 个$", second.stdout, re.M)

    changes = _cli("changes", str(master), "--since", "last", "--json")
    assert changes.returncode == 0, changes.stderr
    data = json.loads(changes.stdout)
    assert (data["from"]["run_id"], data["to"]["run_id"]) == (1, 2)
    assert {"kind": "deal.amount_up", "key": deal_id} in [{"kind": c["kind"], "key": c["key"]}
                                                         for c in data["changes"]]
    flow = data["waterfall"]
    parts = flow["start"] + flow["new"] + flow["increased"] - flow["decreased"] - flow["won"]
    assert abs(parts - flow["lost"] - flow["slipped"] - flow["end"]) < 1e-6
    table = _cli("changes", str(master), "--since", "2026-11-25")
    assert table.returncode == 0 and deal_id in table.stdout
    narrow = _cli("changes", str(master), "--since", "2026-11-25", env={"COLUMNS": "60"})
    assert narrow.stdout.strip().splitlines()[-1] == table.stdout.strip().splitlines()[-1]  # unbroken
    line = table.stdout.strip().splitlines()[-1]  # the waterfall, with the labels the master shows
    assert line.split(": ", 1)[1] == " · ".join(f"{label} {flow[key]:,.0f}" for key, label in (
        ("start", "Start"), ("new", "New"), ("increased", "Increased"), ("decreased", "Decreased"),
        ("won", "Won"), ("lost", "Lost"), ("slipped", "Slipped"), ("end", "End")))

    dry = _cli("distribute", str(master))
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout


def test_open_master_exits_3_without_traceback(team_dir):
    master = team_dir / "master.xlsx"
    master.write_bytes(b"previous")
    (team_dir / "~$master.xlsx").write_bytes(b"owner")
    result = _cli("consolidate", str(team_dir / "reps"), "-o", str(master))
    assert result.returncode == 3
    assert "open in Excel" in result.stderr and "Traceback" not in result.stderr
    assert master.read_bytes() == b"previous"


def test_bad_team_file_exits_4(tmp_path):
    (tmp_path / "team.toml").write_text("[team\nname = 1", encoding="utf-8")
    result = _cli("consolidate", str(tmp_path / "team.toml"))
    assert result.returncode == 4 and "Traceback" not in result.stderr


def test_a_database_that_cannot_be_opened_exits_4_with_one_clear_message(team_dir, tmp_path):
    import socket

    with socket.socket() as probe:  # a port on 127.0.0.1 nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    master = tmp_path / "master.xlsx"
    for url, reason in ((f"postgresql://rep:s3cret@127.0.0.1:{port}/team", "Connection refused"),
                        (f"sqlite:///{tmp_path}/no/such/folder/team.db", "unable to open database file"),
                        ("nonsense", "Could not parse")):
        result = _cli("consolidate", str(team_dir / "reps"), "-o", str(master), "--db", url)
        assert result.returncode == 4, result.stderr
        message = " ".join(result.stderr.split())  # (the console wraps long lines)
        assert "the snapshot database cannot be opened" in message and reason in message
        assert "s3cret" not in message and "Traceback" not in message and "internal error" not in message
        assert not master.exists()  # nothing was written


def test_a_rep_workbook_that_cannot_be_read_is_one_line_and_exit_2_after_the_rest_consolidate(team_dir):
    (team_dir / "reps" / "broken.xlsx").write_bytes(b"deal_id,amount\nD-1,100\n")
    (team_dir / "team.toml").write_text(
        '[team]\nname = "East"\nmaster = "master.xlsx"\n'
        + "".join(f'[[reps]]\nrep_id = "{p.stem}"\nname = "{p.stem}"\nsource = "reps/{p.name}"\n'
                  for p in sorted((team_dir / "reps").glob("*.xlsx")))
        + '[[reps]]\nrep_id = "zed"\nname = "Zed"\nsource = "reps/zed*.xlsx"\n', encoding="utf-8")
    for lang, words in (("en", ("could not be read", "not an Excel workbook")),
                        ("zh", ("无法读取工作簿", "不是 Excel 工作簿"))):
        run = _cli("--lang", lang, "consolidate", str(team_dir / "team.toml"), "--today", "2026-11-25")
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        lines = run.stderr.strip().splitlines()
        broken = [line for line in lines if "broken.xlsx" in line]
        assert len(broken) == 1 and words[0] in broken[0] and words[1] in broken[0], lines
        assert [line for line in lines if "zed" in line] == [
            f"{'错误' if lang == 'zh' else 'error'}: zed: "
            + ("no workbook found at reps/zed*.xlsx" if lang == "en" else "在 reps/zed*.xlsx 找不到工作簿")]
        if lang == "zh":
            assert "text/CSV file" not in run.stderr  # the reason is in Chinese too
        # The summary table in a log keeps the file name and its mark whole (no 80-column cut).
        assert ("broken.xlsx (无法读取)" if lang == "zh" else "broken.xlsx (unreadable)") in run.stdout
        book = openpyxl.load_workbook(team_dir / "master.xlsx", read_only=True)
        assert book["Pipeline" if lang == "en" else book.sheetnames[1]].max_row > 50  # the rest consolidated


def test_changes_with_nothing_changed_say_so_in_one_line(team_dir):
    master = team_dir / "master.xlsx"
    for _ in range(2):
        run = _cli("consolidate", str(team_dir / "reps"), "-o", str(master), "--today", "2026-11-25")
        assert run.returncode == 0, run.stderr
    for lang, line in (("en", "Changes: run 1 (2026-11-25) → run 2 (2026-11-25): no changes"),
                       ("zh", "变更：第 1 次（2026-11-25）→ 第 2 次（2026-11-25）：无变更")):
        shown = _cli("--lang", lang, "changes", str(master))
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.splitlines()[0] == line
