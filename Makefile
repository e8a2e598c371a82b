# ShareCheck — two commands on a fresh machine with Python 3.11:
#   make run    set up .venv (CPU torch first), build the index, serve http://127.0.0.1:7860
#   make test   set up .venv with the test extras, run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 GRADIO_ANALYTICS_ENABLED=False \
       ANONYMIZED_TELEMETRY=False TOKENIZERS_PARALLELISM=false

.PHONY: run test test-fast browser index scenarios eval bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first and pinned: pip then takes the CPU build on this machine instead of a multi-GB CUDA one.
$(VENV)/.torch: | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/python -c "import torch, sys; sys.exit(0 if torch.__version__.endswith('+cpu') else 'torch is not the CPU build: ' + torch.__version__)"
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

index: $(VENV)/.installed
	$(BIN)/sharecheck index

run: index
	$(BIN)/sharecheck serve

# Browser tests drive Debian's chromium. Install it when we can (root with apt-get); otherwise the
# browser tests are skipped with one notice (tests/conftest.py).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests (~25 s) …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "NOTICE: chromium is missing and cannot be installed here (not root): browser tests will be skipped"; fi; }

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest

# Everything but the model, server and browser tests (real index mechanics over the hash embedder).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow"

# Every trainer scenario step against the engine (README, "Trainer scenarios"); exit 1 on a disagreement.
scenarios: index
	$(BIN)/sharecheck scenarios check

# The evaluation suite (README, "Evaluation"): report in $(EVAL_REPORT); exit 1 below the thresholds.
EVAL_REPORT ?= test-artifacts/eval
eval: index
	$(BIN)/sharecheck eval --cases evals/cases --report $(EVAL_REPORT) --min-accuracy 0.85 --max-dangerous 0

bench: index
	@# About 8 min; BENCH_QUICK=1: the short runs (about 3 min); BENCH_SCALES=1,10,100 adds the 100x build (~9 min).
	@set -e; quick=$${BENCH_QUICK:+--quick}; scales=$${BENCH_SCALES:-$${BENCH_QUICK:+1}}; \
	run() { echo; echo "=== $$1 ==="; shift; $(BIN)/python "$$@"; }; \
	run "bench/latency.py: warm answers in process vs one query embedding" bench/latency.py $$quick; \
	run "bench/load.py: end to end at 1, 4 and 20 concurrent chats (UI and REST)" bench/load.py; \
	run "bench/serve.py: start to ready, first answer vs later ones, cold sharecheck ask" bench/serve.py; \
	run "bench/memory.py: server RSS over many stateless calls" bench/memory.py $$quick; \
	run "bench/index_scale.py: index builds at $${scales:-1,10}x the corpus" bench/index_scale.py --scales $${scales:-1,10}

lint: $(VENV)/.installed-test
	$(BIN)/ruff check assistant evals tests bench deploy app.py
	$(BIN)/mypy assistant evals

clean:
	rm -rf var test-artifacts .pytest_cache
