"""sync.merge and sync.changes stay pure: no spreadsheet or database library is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_merge_and_changes_import_no_file_or_database_library():
    code = ("import sys, sync.merge, sync.changes, sync.dashboard; print(sorted(m for m in "
            "('openpyxl', 'xlsxwriter', 'sqlalchemy', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve():
    import sync

    for name in sync.__all__:
        assert getattr(sync, name) is not None
