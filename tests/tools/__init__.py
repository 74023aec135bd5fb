"""Test infrastructure: system-tool discovery, LibreOffice recalculation, emulators."""
