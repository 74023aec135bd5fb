"""Render the README's report screenshot: the demo's own weekly report in headless Chromium.

The demo runs its scripted week (consolidate, the reps' edits, consolidate again), so every
figure in the picture, the waterfall's included, comes from the demo's master and snapshots.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from salessheet.cli.app import run
from salessheet.report.pdf import CHROMIUM_FLAGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-25"


def main() -> int:
    """Write docs/images/report.png."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if run(["demo", "--out", str(work / "demo"), "--today", TODAY]) != 0:
            return 1
        out = ROOT / "docs" / "images" / "report.png"
        subprocess.run([find_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                        "--window-size=1400,1250", f"--screenshot={out}",
                        (work / "demo" / "report.html").as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
