# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint templates picture clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/salessheet demo --out demo-output

lint: $(STAMP)
	$(BIN)/ruff check salessheet sync tests benchmarks scripts
	$(BIN)/mypy salessheet sync

test: lint
	$(BIN)/python -m pytest -q

templates: $(STAMP)
	$(BIN)/salessheet template build

picture: $(STAMP)
	$(BIN)/python scripts/render_picture.py
	$(BIN)/python scripts/render_report_picture.py

clean:
	rm -rf $(VENV) demo-output build *.egg-info
