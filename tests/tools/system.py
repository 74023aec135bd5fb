"""Find system tools; skip with a reason locally, fail when SALESSHEET_REQUIRE_TOOLS=1."""

from __future__ import annotations

import glob
import os
import shutil

import pytest

REQUIRED = os.environ.get("SALESSHEET_REQUIRE_TOOLS") == "1"

_CANDIDATES: dict[str, list[str]] = {
    "soffice": ["soffice", "libreoffice"],
    "chromium": ["chromium", "chromium-browser", "google-chrome"],
    "pdftoppm": ["pdftoppm"],
    "initdb": ["initdb", *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)],
}


def find_tool(name: str) -> str | None:
    """Path of system tool ``name`` (soffice, chromium, pdftoppm, initdb), or None."""
    for candidate in _CANDIDATES.get(name, [name]):
        path = shutil.which(candidate)
        if path:
            return path
        if os.path.isabs(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_tool(name: str) -> str:
    """The tool's path; skips the test when absent, or fails it under SALESSHEET_REQUIRE_TOOLS=1."""
    path = find_tool(name)
    if path:
        return path
    message = f"{name} is not installed (Debian: see .ci/run)"
    if REQUIRED:
        pytest.fail(f"SALESSHEET_REQUIRE_TOOLS=1 but {message}")
    pytest.skip(message)
