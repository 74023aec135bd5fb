"""Validation: the issue catalogue, per-cell checks and workbook rules; pure (no file formats)."""

from salessheet.validate.catalogue import all_issue_types, column_issue, sheet_issue
from salessheet.validate.workbook import validate_workbook

__all__ = ["all_issue_types", "column_issue", "sheet_issue", "validate_workbook"]
