"""Adapters: the only modules that touch files, spreadsheets and databases."""
