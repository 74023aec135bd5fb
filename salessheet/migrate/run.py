"""Import a foreign export end to end: read the files, map the rows, write the team folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from salessheet.errors import ConfigError
from salessheet.migrate.importer import ImportResult, import_frame
from salessheet.migrate.mapping import ImportMapping, RosterMapping, load_mapping
from salessheet.migrate.source import read_source
from salessheet.migrate.suggest import Suggestion, suggest_columns, suggest_mapping
from salessheet.migrate.writer import ImportOutput, write_import

__all__ = ["import_file", "suggest_for_file"]


def _roster_mapping(mapping: ImportMapping, team_headers: list[str]) -> RosterMapping:
    if mapping.roster is not None:
        return mapping.roster
    match = mapping.owner_header
    if match not in team_headers:
        raise ConfigError(
            f"the team list has no column {match!r}; add a [roster] section with match = ... to the mapping",
            f"团队名单没有列 {match}；请在映射文件中添加 [roster] 并设置 match",
        )
    columns = {k: v for k, v in suggest_columns(team_headers, "roster").items() if v != match}
    columns["name"] = match
    return RosterMapping(match=match, columns=columns)


def import_file(
    source: Path,
    mapping_path: Path,
    out_dir: Path,
    *,
    roster: Path | None = None,
    split_by: str | None = None,
    sheet_name: str | None = None,
    write: bool = True,
    processes: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[ImportResult, ImportOutput | None]:
    """Import ``source`` with the mapping file into ``out_dir`` (one workbook per owner).

    Args:
        source: the foreign export (.csv or .xlsx).
        mapping_path: mapping.toml.
        out_dir: the team folder to write.
        roster: team list to join (overrides ``[roster] file`` of the mapping).
        split_by: source header of the owner (overrides the mapping).
        sheet_name: worksheet of an xlsx source.
        write: False to map and report only (dry run).
        processes: worker processes writing workbooks (default: one per CPU).
        progress: called with each rep id after its workbook is written.

    Raises:
        ConfigError: unusable mapping; UnreadableFileError: unreadable source or team list.
    """
    mapping = load_mapping(mapping_path)
    if split_by:
        mapping = mapping.model_copy(update={"split_by": split_by})
    frame, found_sheet = read_source(source, sheet_name)
    team_path = roster
    if team_path is None and mapping.roster is not None and mapping.roster.file:
        beside_mapping = Path(mapping_path).parent / mapping.roster.file
        beside_source = Path(source).parent / mapping.roster.file
        team_path = beside_mapping if beside_mapping.exists() else beside_source
    team = None
    if team_path is not None:
        team, _ = read_source(team_path)
        mapping = mapping.model_copy(update={"roster": _roster_mapping(mapping, list(team.columns))})
    result = import_frame(frame, mapping, team=team, source=Path(source).name, sheet_name=found_sheet)
    if not write:
        return result, None
    output = write_import(result, out_dir, lang=mapping.lang, source=Path(source).name, processes=processes,
                          progress=progress)
    return result, output


def suggest_for_file(source: Path, sheet_name: str | None = None, sheet_key: str = "pipeline") -> Suggestion:
    """A suggested mapping for ``source``: its headers and the distinct values of its stage column."""
    frame, _ = read_source(source, sheet_name)
    headers = [str(c) for c in frame.columns]
    columns = suggest_columns(headers, sheet_key)
    stages: list[str] = []
    if "stage" in columns:
        values = frame[columns["stage"]].dropna().astype(str).str.strip()
        stages = list(dict.fromkeys(v for v in values if v))
    return suggest_mapping(headers, stages, sheet_key)
