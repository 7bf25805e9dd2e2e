# Two commands on a fresh machine with only python3:  make demo  and  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ORG    ?= datasets/acme
OUT    ?= reports
BENCH_ORGS ?= /tmp/stakeholder-graph-bench

.PHONY: demo test install dev lab dashboard acme bench bench-monitor notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## make demo: analyse the bundled synthetic organisation and write reports/ (analysis and plan, one run)
demo: install
	$(BIN)/stakeholder-graph analyze $(ORG) --out $(OUT) --system "Atlas ERP" --go-live 2027-03-01 \
	  --replaces "Excel month-end workbooks"

## make test: the whole suite (unit tests, doctests, and the notebooks under nbval)
test: dev
	OMP_WAIT_POLICY=passive $(BIN)/python -m pytest
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  OMP_WAIT_POLICY=passive $(BIN)/python -m pytest --nbval -p no:randomly notebooks \
	    --nbval-sanitize-with notebooks/nbval_sanitize.cfg -o addopts="" ; fi

## make lab: JupyterLab on notebooks/
lab: dev
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks

## make dashboard: the champion and cluster explorers as a Voilà app on http://localhost:8866 (no code shown)
dashboard: dev
	cd notebooks && ../$(BIN)/voila dashboard.ipynb --no-browser --port=$${PORT:-8866} --Voila.ip=127.0.0.1

## make acme: regenerate the bundled synthetic organisation
acme: install
	rm -rf datasets/acme
	$(BIN)/stakeholder-graph synth --people 400 --seed 0 --out datasets/acme

## make bench: end-to-end time and peak memory of analyze (demo, 10k, 100k, 1M people) and the networkx ratio; writes benchmarks/RESULTS.md
bench: install
	OMP_WAIT_POLICY=passive $(BIN)/python benchmarks/bench_analyze.py --keep $(BENCH_ORGS) --write benchmarks/RESULTS.md

## make bench-monitor: the rollout monitor on 10 and 100 million events (DuckDB, 2 threads, spilling to disk); writes benchmarks/RESULTS_monitor.md
BENCH_MONITOR ?= /tmp/stakeholder-graph-bench-monitor
bench-monitor: install
	OMP_WAIT_POLICY=passive $(BIN)/python benchmarks/bench_monitor.py --keep $(BENCH_MONITOR) \
	  --write benchmarks/RESULTS_monitor.md 10000000 100000000

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

## make notebooks: write the notebooks from notebooks/_build_notebooks.py and run them in place (nbval compares their stored outputs)
notebooks: dev
	$(BIN)/python notebooks/_build_notebooks.py
	cd notebooks && for nb in *.ipynb; do \
	  OMP_WAIT_POLICY=passive ../$(BIN)/python -c "import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], 4); nbclient.NotebookClient(nb, timeout=600, kernel_name='python3', resources={'metadata': {'path': '.'}}).execute(); nbformat.write(nb, sys.argv[1])" $$nb || exit 1; done
