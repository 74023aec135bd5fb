"""The consolidation benchmark's measuring child runs and reports what its summary prints."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_consolidate.py"


def test_the_benchmark_child_times_a_fresh_consolidation_and_its_cpu(team_dir):
    output = subprocess.run([sys.executable, str(BENCH), "--child", "serial", "--team-dir", str(team_dir),
                             "--fresh"], check=True, capture_output=True, text=True).stdout
    run = json.loads(output.strip().splitlines()[-1])
    assert run["read"] == len(list((team_dir / "reps").glob("*.xlsx")))
    assert {"read", "merge", "dashboard", "write", "snapshot", "total"} <= set(run["timings"])
    assert 0 < run["timings"]["total"] <= run["seconds"]
    assert run["cpu"] > 0 and run["peak_mb"] > 0
    assert (team_dir / "out" / "master.xlsx").exists()


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_consolidate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_summary_gives_verdicts_here_and_scaled_by_the_same_runs_baseline():
    summary = _bench_module().summary
    lines = summary(62.5, 3.75, "process", 0.75, 270, 25.0)
    assert lines[0].startswith("baseline 62.50 s / full 3.75 s (process) = 16.7x faster")
    assert lines[1] == "targets here: >= 8x met; full < 3 s NOT met; re-run < 1 s met; < 1 GB met"
    assert lines[2] == "scaled to a 25 s baseline (x0.40): full 1.50 s met; re-run 0.30 s met"
    slow = summary(40.0, 8.0, "serial", 2.0, 1500, 25.0)
    assert slow[1] == "targets here: >= 8x NOT met; full < 3 s NOT met; re-run < 1 s NOT met; < 1 GB NOT met"
    assert slow[2] == "scaled to a 25 s baseline (x0.62): full 5.00 s NOT met; re-run 1.25 s NOT met"
