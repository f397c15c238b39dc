# Two commands on a fresh machine: `make serve` and `make test`. Every target sets up
# .venv on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One stamp per extra installed (pyproject.toml): `make serve` installs only the site build,
# `make inbox` only the inbox, `make test` everything.
SITE   := $(VENV)/.installed-site
INBOX  := $(VENV)/.installed-inbox
STAMP  := $(VENV)/.installed-test
AXE    := node_modules/axe-core/axe.min.js
VNU    := node_modules/vnu-jar/build/dist/vnu.jar
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-fast schema clean chromium java inbox postgresql bench

$(VENV)/.installed-%: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	touch $@

serve: $(SITE) ## build and serve the demo site with live reload on http://127.0.0.1:8000/riverside/ (site_url's path)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(SITE) ## build the site into site/
	$(BIN)/mkdocs build --strict --site-dir site

check: $(SITE) ## validate every content file
	$(BIN)/mentorhub check

schema: $(SITE) ## regenerate schemas/ after changing the model or vocabularies.yml
	$(BIN)/mentorhub schema schemas

test: $(STAMP) chromium postgresql java $(AXE) ## run every test (the CI command)
	$(BIN)/python -m pytest

# The edit-test loop: the unit tier without its slow tests; needs neither Chromium nor PostgreSQL.
test-fast: $(STAMP) ## run the tests that need no browser, no PostgreSQL and no mkdocs build
	$(BIN)/python -m pytest -m "not browser and not postgres and not build and not slow"

bench: $(STAMP) chromium ## build synthetic programmes of 1,000 and 5,000 mentors and print the figures
	$(BIN)/python bench/bench.py

# axe-core (accessibility tests) and the Nu Html Checker's vnu.jar (tests/test_html_validity.py),
# from the npm registry (package-lock.json pins them). npm does not run vnu-jar's install script,
# which would download a Java runtime: the checker runs on Debian's (the java target).
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $(AXE) $(VNU)

# The Nu Html Checker needs Java 17 or newer.
java:
	@command -v java >/dev/null || { \
	  echo "Installing Debian's default-jre-headless for the HTML checker (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The inbox tests start a throwaway PostgreSQL cluster from Debian's binaries; nothing else is downloaded.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql for the inbox tests (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# The request inbox on http://127.0.0.1:8001 with SQLite (inbox.db); `make serve` in another
# terminal gives the whole demo. The first coordinator comes from INBOX_ADMIN_EMAIL and
# INBOX_ADMIN_PASSWORD. Another database: make inbox INBOX_DATABASE_URL=postgresql://...
INBOX_DATABASE_URL ?= sqlite:///inbox.db
inbox: $(INBOX) ## run the request inbox (receiver and coordinators' dashboard) on http://127.0.0.1:8001
	DATABASE_URL='$(INBOX_DATABASE_URL)' $(BIN)/python -m mentorhub.inbox migrate
	DATABASE_URL='$(INBOX_DATABASE_URL)' $(BIN)/python -m mentorhub.inbox create-coordinator --from-env
	DATABASE_URL='$(INBOX_DATABASE_URL)' INBOX_MKDOCS_YML="$${INBOX_MKDOCS_YML:-mkdocs.yml}" \
	  $(BIN)/python -m mentorhub.inbox serve --host 127.0.0.1 --port 8001

clean:
	rm -rf site $(VENV) .pytest_cache
