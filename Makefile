# The whole set-up on a fresh machine is `make run` or `make test`:
# both create the virtual environment and install the project when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean test-tools

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

test: install test-tools
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Tests that need system programs get them here, installed from Debian when missing
# (as root with apt-get, else with sudo when that needs no password; one apt-get run):
# - PostgreSQL's server binaries: the PostgreSQL store is tested against a real server
#   the tests start themselves (initdb + pg_ctl in a temporary folder,
#   tests/support/postgres.py);
# - LibreOffice Writer, poppler-utils and the Carlito font: the Word application is
#   converted to PDF and read page by page (tests/test_word_pdf.py).
# Where nothing can be installed, a developer's run skips those tests and says so; CI
# (CI=true) fails instead.
PG_FOUND ?= $(wildcard /usr/lib/postgresql/*/bin/initdb)$(shell command -v initdb)
SOFFICE_FOUND ?= $(shell command -v soffice)
PDFTOTEXT_FOUND ?= $(shell command -v pdftotext)
TEST_PACKAGES := $(if $(PG_FOUND),,postgresql) \
	$(if $(SOFFICE_FOUND),,libreoffice-writer-nogui fonts-crosextra-carlito) \
	$(if $(PDFTOTEXT_FOUND),,poppler-utils)
TEST_PACKAGES := $(strip $(TEST_PACKAGES))
test-tools:
	@if [ -z "$(TEST_PACKAGES)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then \
		echo "Installerar för testerna: $(TEST_PACKAGES)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			$(TEST_PACKAGES) >/dev/null; \
	else \
		echo "Saknas och kan inte installeras utan root: $(TEST_PACKAGES); de testerna hoppas över"; \
	fi

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
