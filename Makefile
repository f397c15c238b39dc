# Two commands on a fresh machine: `make serve` and `make test`. Every target sets up
# .venv on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test schema clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP) ## build and serve the demo site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## build the site into site/
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP) ## validate every content file
	$(BIN)/mentorhub check

schema: $(STAMP) ## regenerate schemas/ after changing the model or vocabularies.yml
	$(BIN)/mentorhub schema schemas

test: $(STAMP) chromium ## run every test
	$(BIN)/python -m pytest

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site $(VENV) .pytest_cache
