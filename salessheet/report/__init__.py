"""The weekly-review report: one self-contained HTML file (and a PDF through Chromium)."""

from salessheet.report.data import ReportData, build_report_data
from salessheet.report.html import render_html

__all__ = ["ReportData", "build_report_data", "render_html"]
