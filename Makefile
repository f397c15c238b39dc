# Two commands on a fresh machine: `make serve` and `make test`. Every target sets up
# .venv on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test schema clean

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

test: $(STAMP) ## run every test
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
