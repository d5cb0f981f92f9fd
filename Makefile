# Every target bootstraps .venv from the locked requirements first: requirements/site.txt
# for the site, requirements/test.txt (a superset) for the tests. Both are installed
# with --require-hashes, so every package, direct or transitive, is the one locked.
# The tests also get a wheelhouse of the check's and the build's locked wheels, from
# which the pre-commit test installs the hook without reaching an index.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
WHEELHOUSE := $(VENV)/wheelhouse
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check test test-fast bench lock released-validators clean

$(SITE_STAMP): requirements/site.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "getchitty needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements/site.txt
	$(PIP) --no-deps -e .
	@touch $@

$(TEST_STAMP): requirements/test.txt requirements/check.txt requirements/build.txt $(SITE_STAMP)
	$(PIP) --require-hashes -r requirements/test.txt
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r requirements/check.txt -r requirements/build.txt -d $(WHEELHOUSE)
	@touch $@

site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve

check: $(SITE_STAMP)
	$(BIN)/getchitty check .

# The tests run on every core, a module per worker (modules share expensive fixtures: built sites, checks).
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile

test: $(TEST_STAMP)
	@tools/test-deps
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(PYTEST)

# The inner loop: lint, types and every test but the slow ones (conftest.SLOW), in about two minutes.
test-fast: $(TEST_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(PYTEST) -m "not slow"

# Each script prints its own figures; the last step prints every figure beside its target in one table.
# A missed target is a figure to read, not a reason to stop measuring the others (hence the leading "-").
bench: $(TEST_STAMP)
	@mkdir -p bench/out
	-$(BIN)/python bench/check_bench.py --json bench/out/check.json
	-$(BIN)/python bench/yaml_bench.py --json bench/out/yaml.json
	-$(BIN)/python bench/site_bench.py --json bench/out/site.json
	-$(BIN)/python bench/sync_bench.py
	-$(BIN)/python bench/hostile_bench.py
	$(BIN)/python bench/summary.py bench/out/check.json bench/out/yaml.json bench/out/site.json

# Re-resolves the locks after a change to requirements/*.in: existing pins are kept
# unless `make lock UPGRADE=--upgrade`. Each lock is complete on its own and agrees
# with the one below it (check <= site <= test).
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" $(UPGRADE)
lock: $(TEST_STAMP)
	$(LOCK) -o requirements/check.txt requirements/check.in
	$(LOCK) -c requirements/check.txt -o requirements/site.txt requirements/site.in
	$(LOCK) -c requirements/site.txt -o requirements/test.txt requirements/test.in
	$(LOCK) -o requirements/build.txt requirements/build.in

# The quick validators of the seed's schemas, generated ahead (generator/rules/schema.py, `_shipped`): written again
# after a schema of etc/authority/schema/ changes; tests/test_rules_schema.py fails until it is.
released-validators: $(SITE_STAMP)
	$(BIN)/python -c 'import pathlib; from getchitty.rules.schema import released_validators_source as source; \
	  pathlib.Path("generator/rules/released_validators.py").write_text(source(), encoding="utf-8")'

clean:
	rm -rf site $(VENV) .pytest_cache test-artifacts
