# The whole set-up on a fresh machine is `make run` or `make test`:
# both create the virtual environment and install the project when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean postgres-server

install: $(STAMP)

# Re-install only when the project definition changes (idempotent).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/idebot

lint: install
	$(BIN)/ruff check .

test: install postgres-server
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The PostgreSQL store is tested against a real server that the tests start themselves
# (initdb + pg_ctl in a temporary folder, tests/support/postgres.py). Its binaries come
# from Debian's package, installed here when missing: as root with apt-get, else with
# sudo when that needs no password. Where neither works, a developer's run skips those
# tests and says so; CI (CI=true) fails instead.
PG_FOUND ?= $(wildcard /usr/lib/postgresql/*/bin/initdb)$(shell command -v initdb)
postgres-server:
	@if [ -n "$(PG_FOUND)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then \
		echo "Installerar PostgreSQL-servern (Debians paket postgresql) för testerna"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			postgresql >/dev/null; \
	else \
		echo "PostgreSQL saknas och kan inte installeras utan root: databastesterna hoppas över"; \
	fi

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
