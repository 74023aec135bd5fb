"""A consolidation killed while writing never leaves a broken master; stale temp files are cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from sync.pipeline import consolidate
    from sync.team import MemorySource, Team, Rep
    from tests.sync.factory import deal, task, workbook

    folder, amount = Path(sys.argv[1]), float(sys.argv[2])
    reps = [f"rep{i}" for i in range(8)]
    sources = tuple(
        MemorySource(f"/team/{r}.xlsx", workbook(r, pipeline=[deal(f"{r}-{n}", r, amount=amount)
                                                             for n in range(2500)],
                                                 tasks=[task(f"T-{r}-{n}", r) for n in range(300)]), r)
        for r in reps)
    team = Team(name="Big", reps=tuple(Rep(r) for r in reps), sources=sources, master=folder / "master.xlsx")

    def progress(stage, done, total):
        print(stage, done, flush=True)

    consolidate(team, today=dt.date(2026, 11, 25), progress=progress, executor="serial")
    print("finished", flush=True)
""")


def _start(folder: Path, amount: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder), str(amount)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)


def _amounts(master: Path) -> set[float]:
    book = openpyxl.load_workbook(master, read_only=True)
    ws = book["Pipeline"]
    column = [c.value for c in next(ws.iter_rows(max_row=1))].index("Amount")
    return {row[column] for row in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3])
def test_killed_during_write_leaves_old_or_new_master(tmp_path, delay):
    first = _start(tmp_path, 100.0)
    assert first.wait(timeout=300) == 0
    master = tmp_path / "master.xlsx"
    old_bytes = master.read_bytes()

    run = _start(tmp_path, 200.0)
    assert run.stdout is not None
    for line in run.stdout:
        if line.startswith("write 0"):
            break
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)

    with zipfile.ZipFile(master) as package:
        assert package.testzip() is None
    amounts = _amounts(master)
    assert amounts in ({100.0}, {200.0})
    if amounts == {100.0}:
        assert master.read_bytes() == old_bytes

    again = _start(tmp_path, 300.0)
    assert again.wait(timeout=300) == 0
    assert _amounts(master) == {300.0}
    assert not list(tmp_path.glob(".master.xlsx.*.tmp"))
