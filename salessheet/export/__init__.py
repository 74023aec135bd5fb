"""Export for migration: a relational database (SQLite, PostgreSQL) and CRM import files."""

from salessheet.export.crm import CrmFiles, export_crm
from salessheet.export.crm_targets import TARGETS, CrmFile, CrmTarget
from salessheet.export.preflight import preflight
from salessheet.export.prepare import prepare_rows
from salessheet.export.source import TeamData, load_team_data, team_from_workbooks
from salessheet.export.sql import ExportStats, engine_for, export_sql, read_tables, sheets_from_tables
from salessheet.export.tables import TABLE_OF_SHEET, ExportSchema, build_schema

__all__ = [
    "TABLE_OF_SHEET",
    "TARGETS",
    "CrmFile",
    "CrmFiles",
    "CrmTarget",
    "ExportSchema",
    "ExportStats",
    "TeamData",
    "build_schema",
    "engine_for",
    "export_crm",
    "export_sql",
    "load_team_data",
    "preflight",
    "prepare_rows",
    "read_tables",
    "sheets_from_tables",
    "team_from_workbooks",
]
