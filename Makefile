# The README's two commands: `make run` installs and starts the app on 127.0.0.1:5000;
# `make test` installs everything the tests need (Debian's Chromium, Java, nginx and redis-server included), audits the
# pinned runtime set offline (.ci/audit.py), runs ruff and the whole suite. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test install install-test system-test-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .

install-test: $(BIN)/python system-test-deps
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'

# Browser tests drive Debian's Chromium (no browser can be downloaded); the HTML validator needs Java;
# the deployment test runs Debian's nginx in front of `triage serve` (RUNLEVEL=1: apt does not start it).
system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium fonts-liberation"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: install
	$(BIN)/triage serve

test: install-test
	$(BIN)/python .ci/audit.py
	$(BIN)/ruff check triage tests bench .ci
	$(BIN)/python -m pytest -q -p no:cacheprovider
