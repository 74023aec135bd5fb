"""Workbook templates built from the schema registry."""

from salessheet.templates.builder import build_workbook
from salessheet.templates.writer import save_workbook, workbook_bytes

__all__ = ["build_workbook", "save_workbook", "workbook_bytes"]
