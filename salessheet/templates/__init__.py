"""Workbook templates built from the schema registry."""
