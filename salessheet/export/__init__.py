"""Export for migration: a relational database (SQLite, PostgreSQL) and CRM import files."""

from salessheet.export.prepare import prepare_rows
from salessheet.export.source import TeamData, load_team_data, team_from_workbooks
from salessheet.export.sql import ExportStats, engine_for, export_sql, read_tables
from salessheet.export.tables import TABLE_OF_SHEET, ExportSchema, build_schema

__all__ = [
    "TABLE_OF_SHEET",
    "ExportSchema",
    "ExportStats",
    "TeamData",
    "build_schema",
    "engine_for",
    "export_sql",
    "load_team_data",
    "prepare_rows",
    "read_tables",
    "team_from_workbooks",
]
