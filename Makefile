# Two commands on a fresh machine with only python3:  make demo  and  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ORG    ?= datasets/acme
OUT    ?= reports

.PHONY: demo test install dev lab acme bench notebooks clean

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

## make acme: regenerate the bundled synthetic organisation
acme: install
	rm -rf datasets/acme
	$(BIN)/stakeholder-graph synth --people 400 --seed 0 --out datasets/acme

## make bench: speed and peak memory of read + validate + build (10k, 100k, 1M people)
bench: install
	OMP_WAIT_POLICY=passive $(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

## make notebooks: write the notebooks from notebooks/_build_notebooks.py and run them in place (nbval compares their stored outputs)
notebooks: dev
	$(BIN)/python notebooks/_build_notebooks.py
	cd notebooks && for nb in *.ipynb; do \
	  OMP_WAIT_POLICY=passive ../$(BIN)/python -c "import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], 4); nbclient.NotebookClient(nb, timeout=600, kernel_name='python3', resources={'metadata': {'path': '.'}}).execute(); nbformat.write(nb, sys.argv[1])" $$nb || exit 1; done
