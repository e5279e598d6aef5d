# kg — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kg-installed
SHARED ?= ../shared

.PHONY: demo test eval bench clean install

install: $(STAMP)

# The environment: a venv in the repo with kg installed editable and every dependency at
# the version in constraints.txt (the spaCy model is a pinned package, not a download).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples/ --out output/

test: $(STAMP)
	$(BIN)/python -m pytest

# Needs ../shared (public gold sets and the seed article): not part of `make test`.
eval: $(STAMP)
	$(BIN)/python benchmarks/run_eval.py --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/store_vs_rdflib.py

clean:
	rm -rf output/* test-artifacts .pytest_cache
	touch output/.gitkeep
