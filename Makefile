# The few commands everyone runs. Each one creates .venv and installs the pinned
# dependencies first, so a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/panel-interview.yaml

.PHONY: run demo test lint typecheck messages messages-check docs screenshots bench bench-tracking bench-outbox clean

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q src  # as a wheel install would: start-up reads bytecode
	touch $(STAMP)

## run: the web app on http://127.0.0.1:8000 with the SQLite database in your data folder
run: $(STAMP)
	$(BIN)/afterview serve

## demo: the plan and the thank-you drafts for the bundled panel interview, in the terminal
demo: $(STAMP)
	$(BIN)/afterview plan $(EXAMPLE) --now 2026-11-20T16:00
	@echo
	$(BIN)/afterview draft $(EXAMPLE) --kind thank_you --all

## test: the whole suite — lint, format, strict types, the message catalogue, tests
# Two test processes (pytest-xdist), each module's tests in one of them: much of the suite
# waits on servers, browsers and subprocesses, so two keep two cores busy.
TEST_PROCESSES ?= 2
test: $(STAMP) lint typecheck messages-check
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist loadscope

## lint: ruff, its formatting, and the layers of docs/ARCHITECTURE.md (import-linter)
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

## messages: extract every marked string into the catalogue, src/afterview/locale/afterview.pot
# Sorted, with file names but no line numbers and no creation date, so that the catalogue
# changes only when a message does (and merges cleanly).
POT ?= src/afterview/locale/afterview.pot

## messages: extract the words people read into the message catalogue (commit the result)
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k plural:2 -k noun:2 --add-location=file --sort-output --no-wrap \
		--project afterview --version "" -o $(POT) src/afterview
	sed -i '/^"POT-Creation-Date:/d' $(POT)

# The committed catalogue must be what the code marks: extracted afresh and compared.
messages-check: $(STAMP)
	@$(MAKE) --no-print-directory messages POT=$(VENV)/afterview.pot >/dev/null
	@cmp -s $(VENV)/afterview.pot src/afterview/locale/afterview.pot || { \
		echo "The message catalogue is out of date: run 'make messages' and commit src/afterview/locale/afterview.pot."; \
		exit 1; }

## docs: regenerate docs/rules.md from the rule catalogue
docs: $(STAMP)
	$(BIN)/afterview rules --markdown > docs/rules.md

## screenshots: the browser tests, keeping their screenshots in docs/screenshots
screenshots: $(STAMP)
	AFTERVIEW_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser -q

## bench: the core benchmarks (a minute); results go into docs/PERFORMANCE.md by hand
bench: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/run_all.py

## bench-tracking: 10,000 applications against Taskwarrior (about 8 minutes; needs taskwarrior)
bench-tracking: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/bench_tracking.py

## bench-outbox: 1,000 queued notes to a local SMTP server, one worker and two at once (a few minutes)
bench-outbox: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/bench_outbox.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
