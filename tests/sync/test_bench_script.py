"""The consolidation benchmark's measuring child runs and reports what its summary prints."""

from __future__ import annotations

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
