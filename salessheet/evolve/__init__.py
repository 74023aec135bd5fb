"""Template evolution: old template versions from the history, drift reports and safe upgrades."""
