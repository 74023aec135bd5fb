"""Render the Pipeline sheet of a sample rep workbook to docs/images/template-pipeline.png.

Needs LibreOffice (soffice) and pdftoppm. Run: ``.venv/bin/python scripts/render_picture.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from salessheet.schema import sheet
from salessheet.templates import build_workbook, save_workbook

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "images" / "template-pipeline.png"
SHOWN = (
    "deal_id", "deal_name", "customer", "stage", "amount", "probability", "forecast_category",
    "expected_close_date", "last_activity_date", "win_probability", "weighted_amount",
    "forecast", "days_to_close", "days_since_activity", "is_stale",
)
_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def sample_deals(today: dt.date) -> list[dict[str, Any]]:
    """A handful of realistic deals in different stages."""
    def day(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    deals = [
        ("ERP rollout, phase 2", "Northwind Trading", "negotiation", 180000, None, day(20), day(-3),
         "Final pricing call"),
        ("Fleet telematics", "Blue Harbor Logistics", "proposal", 96000, 0.5, day(45), day(-8),
         "Send revised quote"),
        ("Clinic scheduling suite", "Evergreen Health", "demo", 42000, None, day(60), day(-41),
         "Re-engage sponsor"),
        ("Warehouse sensors", "Contoso Retail", "won", 75000, None, day(-12), day(-12), "Kick-off"),
        ("Support renewal", "Fabrikam Foods", "qualified", 18500, None, day(30), day(-6), "Book demo"),
        ("Data platform pilot", "Litware Bank", "lost", 120000, None, day(-25), day(-25), ""),
        ("POS upgrade", "Tailspin Stores", "lead", 30000, None, None, None, "Discovery call"),
        ("Cloud migration", "Adventure Works", "negotiation", 210000, 0.9, day(9), day(-1), "Legal review"),
        ("Field service app", "Wide World Importers", "demo", 54000, None, day(75), day(-14), "Pilot plan"),
        ("Loyalty programme", "Coho Winery", "proposal", 36000, None, day(-5), day(-35), "Chase decision"),
    ]
    rows = []
    for number, (name, customer, stage, amount, prob, close, last, step) in enumerate(deals, start=101):
        row: dict[str, Any] = {
            "deal_id": f"D-{number:04d}", "deal_name": name, "customer": customer, "owner": "alice",
            "stage": stage, "amount": float(amount), "probability": prob, "created_date": day(-70),
            "expected_close_date": close, "last_activity_date": last, "next_step": step or None,
        }
        if stage in ("won", "lost"):
            row["actual_close_date"] = close
        if stage == "proposal":
            row["forecast_category"] = "commit"
        rows.append(row)
    return rows


def _prepare(path: Path, today: dt.date) -> None:
    roster = [{"rep_id": "alice", "name": "Alice Wang", "region": "North"}]
    wb = build_workbook("rep", "en", roster=roster, owner="alice",
                        rows={"pipeline": sample_deals(today)}, prefilled_rows=3)
    spec = sheet("pipeline")
    for ws in wb.worksheets:
        if ws.title != spec.name("en"):
            ws.sheet_state = "hidden"
    ws = wb[spec.name("en")]
    wb.active = wb.worksheets.index(ws)
    for index, column in enumerate(spec.columns, start=1):
        letter = ws.cell(1, index).column_letter
        if column.key not in SHOWN:
            ws.column_dimensions[letter].hidden = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4
    ws.print_area = f"A1:{ws.cell(1, len(spec.columns)).column_letter}{ws.max_row}"
    save_workbook(wb, path)


def _crop(path: Path, margin: int = 24) -> None:
    """Trim the empty part of the page (when Pillow is available)."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).getbbox()
    if box:
        left, top, right, bottom = box
        rgb.crop((max(0, left - margin), max(0, top - margin), min(rgb.width, right + margin),
                  min(rgb.height, bottom + margin))).save(path, optimize=True)


def main() -> int:
    """Build, convert to PDF with LibreOffice, rasterise the first page with pdftoppm."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("needs soffice and pdftoppm", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        workbook = folder / "pipeline.xlsx"
        _prepare(workbook, dt.date.today())
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC, encoding="utf-8")
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
            check=True, capture_output=True, env={**os.environ, "HOME": str(profile)}, timeout=180,
        )
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [pdftoppm, "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", str(folder / "pipeline.pdf"),
             str(OUTPUT.with_suffix(""))],
            check=True, timeout=120,
        )
    _crop(OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
