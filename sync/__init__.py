"""sync: consolidate rep workbooks into a team master, incrementally, with history."""

from sync.merge import MergeResult, merge
from sync.team import MemorySource, Rep, Source, Team, XlsxSource, load_team

__all__ = ["MemorySource", "MergeResult", "Rep", "Source", "Team", "XlsxSource", "load_team", "merge"]
