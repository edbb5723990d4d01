# The two set-up commands of the README. Each one does all of its own set-up:
# system packages (as root, on Debian), the virtualenv and the Python dependencies.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-gateway demo lint bench screenshots clean setup coverage translations
.PHONY: package package-test install-user uninstall-user guide-screenshots

$(STAMP): pyproject.toml setup.py scripts/bootstrap.sh
	PYTHON=$(PY) bash scripts/bootstrap.sh
	touch $(STAMP)

setup: $(STAMP)

## The interface's translations (resources/translations): `make translations` updates the
# .ts from the code (keeps every translation; new messages come in unfinished, listed)
# and compiles the .qm the app loads. The .qm is build output: run, test, screenshots
# and bench build it from the committed .ts first.
TS := resources/translations/sora-studio_zh_CN.ts
QM := resources/translations/sora-studio_zh_CN.qm
$(QM): $(TS) $(STAMP)
	$(BIN)/python scripts/translations.py release

translations: $(STAMP)
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py release

## Run the studio (opens the main window).
run: $(STAMP) $(QM)
	$(BIN)/sora-studio gui

## Run the whole test suite (headless).
# Lint first; then the non-UI layers with every Qt import refused (proves the layering);
# then the Qt widgets offscreen.
test: $(STAMP) $(QM)
	$(BIN)/ruff check .
	STUDIO_NO_QT=1 $(BIN)/python -m pytest -q -p no:pytest-qt --ignore=tests/ui
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/ui

## The real-gateway test: LiteLLM's proxy, installed into its own virtualenv (pinned; it
# brings its own FastAPI stack), in front of the local provider; a per-shot render of the
# sample through it, SIGKILLed and restarted (tests/gateway; `make test` skips them).
GW_VENV := .venv-gateway
GW_STAMP := $(GW_VENV)/.installed
LITELLM := litellm[proxy]==1.106.12
$(GW_STAMP): Makefile
	$(PY) -m venv $(GW_VENV)
	$(GW_VENV)/bin/pip install -q --disable-pip-version-check '$(LITELLM)'
	touch $(GW_STAMP)

test-gateway: $(STAMP) $(GW_STAMP)
	STUDIO_LITELLM=$(CURDIR)/$(GW_VENV)/bin/litellm STUDIO_NO_QT=1 \
		$(BIN)/python -m pytest -q -p no:pytest-qt -s tests/gateway

## Line coverage of the whole suite, per layer, with the bars of issue 14 (exit 1 on a miss).
# The same two phases as `make test`; every Python process a test starts (the CLI, the local
# server, spawned render workers) is measured too ([tool.coverage.run] in pyproject.toml).
# A test failure does not hide the report, but still fails the target.
COVERAGE_DIR := build/coverage
coverage: $(STAMP)
	rm -rf $(COVERAGE_DIR) && mkdir -p $(COVERAGE_DIR)
	export COVERAGE_FILE=$(CURDIR)/$(COVERAGE_DIR)/.coverage; status=0; \
	STUDIO_NO_QT=1 $(BIN)/coverage run -m pytest -q -p no:pytest-qt --ignore=tests/ui || status=1; \
	QT_QPA_PLATFORM=offscreen $(BIN)/coverage run -m pytest -q tests/ui || status=1; \
	$(BIN)/coverage combine -q && $(BIN)/python scripts/coverage_report.py --missing || status=1; \
	exit $$status

## Headless run of the main job on the sample project: render it with the local provider,
# then check the film by decoding it (size, length, audio).
demo: $(STAMP)
	$(BIN)/sora-studio render resources/samples/festival-island.en.sorastudio \
		-o out/demo.mp4 --provider local --ledger out/demo-state/jobs.sqlite3
	$(BIN)/python -m studio.services.render out/demo.mp4 --size 1280x720 --seconds 28

## Render the main window (idle, generating, playing; English and Chinese) into PNGs, then
# the Chinese interface with every dialog (fails when a text is cut off).
screenshots: $(STAMP) $(QM)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/screenshots.py docs/screenshots --dialogs
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/screenshots.py \
		docs/screenshots/zh_CN --ui zh_CN --dialogs

## The user guides' pictures (docs/USER_GUIDE*.md): the real window walked through each
# flow on the local provider, in English and in Chinese, into docs/guide/<language>/.
guide-screenshots: $(STAMP) $(QM)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/guide_screenshots.py en
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python scripts/guide_screenshots.py zh_CN

lint: $(STAMP)
	$(BIN)/ruff check .

## Run every benchmark offscreen; stop at the first that misses a bar (exit 3, see
# bench/figures.py) or fails to run, and repeat which benchmark and figure it was.
bench: $(STAMP) $(QM)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for b in bench/bench_*.py; do \
		echo "== $$b"; \
		{ PYTHONUNBUFFERED=1 QT_QPA_PLATFORM=offscreen $(BIN)/python $$b; echo $$? >"$$tmp/rc"; } \
			| tee "$$tmp/out"; \
		rc=$$(cat "$$tmp/rc"); \
		if [ "$$rc" -eq 3 ]; then \
			echo "make bench: stopped at $$(grep ' MISSED: ' "$$tmp/out" | tail -n 1)"; exit 1; fi; \
		if [ "$$rc" -ne 0 ]; then echo "make bench: $$b failed to run (exit $$rc)"; exit 1; fi; \
	done; echo "make bench: every benchmark met its bars"

## The installed desktop app (packaging/README.md). `package`: PyInstaller one-folder build
# in dist/sora-studio (build files in build/pyinstaller), then its size against the goal.
PKG_STAMP := $(VENV)/.packaging
BUNDLE_GOAL_MB := 250
$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,packaging]'
	touch $(PKG_STAMP)

package: $(PKG_STAMP) $(QM)
	rm -rf dist/sora-studio
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/sora-studio.spec
	@mb=$$(du -sm dist/sora-studio | cut -f1); \
	echo "make package: dist/sora-studio is $$mb MB (goal <= $(BUNDLE_GOAL_MB) MB)"; \
	if [ "$$mb" -gt $(BUNDLE_GOAL_MB) ]; then echo "make package: over the size goal"; fi

## The frozen app's self-test: open the sample offscreen, render one shot, decode it.
package-test:
	@test -x dist/sora-studio/sora-studio || { echo "make package-test: no dist/sora-studio; run make package first"; exit 1; }
	QT_QPA_PLATFORM=offscreen dist/sora-studio/sora-studio --selftest

## Install the frozen build for this user (~/.local: bin, lib, applications, icons, MIME).
install-user:
	bash packaging/install-user.sh install

uninstall-user:
	bash packaging/install-user.sh uninstall

clean:
	rm -rf $(VENV) $(GW_VENV) build dist *.egg-info .pytest_cache .ruff_cache
