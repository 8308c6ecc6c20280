# Komek: one command to run the demo, one to run the tests. Needs only python3 (3.11+) and make;
# everything else (uv, the locked dependencies) is installed here, under .tools/ and .venv/.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
KOMEK := .venv/bin/komek

.PHONY: demo test setup lint format messages bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

setup: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

demo: setup
	KOMEK_DEMO=1 $(KOMEK) demo

test: setup
	./scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint --check komek
	.venv/bin/mypy komek conftest.py
	.venv/bin/lint-imports

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djlint --reformat komek

messages: setup
	$(KOMEK) makemessages -l kk -l ru -l en --ignore=.venv --ignore=.tools
	$(KOMEK) compilemessages --ignore=.venv --ignore=.tools

bench: setup
	.venv/bin/python bench/run.py

clean:
	rm -rf var .pytest_cache
