"""Print an HTML report to PDF with headless Chromium (the one module that starts a browser)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from salessheet.errors import ToolMissingError, WriteRefusedError
from salessheet.io.atomic import atomic_write

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "html_to_pdf"]

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    "--hide-scrollbars",
)
"""Flags for a quiet, offline, single-shot browser."""


def find_chromium() -> str:
    """Path of Chromium (or Chrome); SALESSHEET_CHROMIUM overrides the search.

    Raises:
        ToolMissingError: no browser was found.
    """
    explicit = os.environ.get("SALESSHEET_CHROMIUM")
    candidates = [explicit] if explicit else ["chromium", "chromium-browser", "google-chrome", "chrome"]
    for name in candidates:
        path = shutil.which(name) if name else None
        if path:
            return path
    raise ToolMissingError(
        "a PDF needs Chromium or Chrome (Debian: apt-get install chromium), or set SALESSHEET_CHROMIUM",
        "生成 PDF 需要 Chromium 或 Chrome（Debian：apt-get install chromium），或设置 SALESSHEET_CHROMIUM",
    )


def html_to_pdf(html: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Print ``html`` to ``pdf`` (A4 landscape, from the page's print CSS) and return ``pdf``."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="salessheet-chromium-") as profile:
        temp_pdf = Path(profile) / "out.pdf"
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={temp_pdf}", html.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
        if result.returncode != 0 or not temp_pdf.exists():
            raise WriteRefusedError(
                f"Chromium could not print the report (exit {result.returncode})",
                f"Chromium 无法打印报告（退出码 {result.returncode}）",
                location=str(pdf),
            )
        def write(temp: Path) -> None:
            shutil.copyfile(temp_pdf, temp)

        atomic_write(pdf, write)
    return pdf
