# The two set-up commands of the README. Each one does all of its own set-up:
# system packages (as root, on Debian), the virtualenv and the Python dependencies.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo lint bench screenshots clean setup

$(STAMP): pyproject.toml scripts/bootstrap.sh
	PYTHON=$(PY) bash scripts/bootstrap.sh
	touch $(STAMP)

setup: $(STAMP)

## Run the studio (opens the main window).
run: $(STAMP)
	$(BIN)/sora-studio gui

## Run the whole test suite (headless).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check .

## Headless run of the main job on the sample project.
demo: $(STAMP)
	$(BIN)/sora-studio prompt studio/resources/samples/festival-island.en.sorastudio

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
