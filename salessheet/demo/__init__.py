"""A realistic demo team: generated reps, deals, tasks, risks and targets."""

from salessheet.demo.data import DemoTeam, RepData, generate_team

__all__ = ["DemoTeam", "RepData", "generate_team"]
