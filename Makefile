# The two commands: `make run` (the whole stack on SQLite with the demo bank) and `make test`.
# Each sets up what it needs first; everything is skipped when already done.
SHELL := /bin/bash
BANKBOT := .venv/bin/bankbot

.PHONY: setup run test test-unit test-dialogue train seed lint format clean

setup:
	@bash scripts/bootstrap.sh all

run: setup
	@$(BANKBOT) run

train: setup
	@$(BANKBOT) train

seed: setup
	@$(BANKBOT) seed

# The model is trained (or taken from the cache) before pytest, so stack tests find it ready.
# PostgreSQL, Redis and RabbitMQ: the running ones, else private servers for the run (tests/conftest.py).
test: setup
	@bash scripts/bootstrap.sh browser
	@bash scripts/bootstrap.sh services
	@$(BANKBOT) train
	@.venv/bin/python -m pytest $(PYTEST_ARGS)

# The whole form matrix (tests/dialogue/README.md): every form × step × kind of turn × language on
# the real stack; `make test` runs a seeded sample of it. BANKBOT_DIALOGUE_SHARD=i/n splits it.
test-dialogue: setup
	@$(BANKBOT) train
	@BANKBOT_DIALOGUE_MATRIX=full .venv/bin/python -m pytest tests/dialogue $(PYTEST_ARGS)

test-unit: setup
	@.venv/bin/python -m pytest tests/unit $(PYTEST_ARGS)

lint: setup
	@.venv/bin/ruff check .

format: setup
	@.venv/bin/ruff format .

clean:
	rm -rf var models/*.tar.gz .pytest_cache

# Intent accuracy, false alarms, out-of-scope caught, per-intent precision and recall and the
# commonest confusions on the four held-out files (bench/results/nlu.md); needs `make train`.
.PHONY: nlu-report
nlu-report: setup
	@.venv/bin/python -m bench.nlu

# The FallbackClassifier threshold swept on the dev split (bench/nlu_dev, never tests/nlu) and the
# one the rule picks (docs/nlu.md); trains the NLU alone once if bench.nlu_offline's cache lacks it.
.PHONY: nlu-threshold
nlu-threshold: setup
	@PYTHONPATH=. nice -n 5 .venv-core/bin/python -m bench.threshold

# Benchmarks, not tests: each prints its figures and writes them to bench/results/ (see bench/README.md).
# They need the trained model (`make train`) and never train it themselves.
# BENCH_SKIP_TRAINING=1 leaves out the minutes of the training bench; BENCH_E2E_ARGS, e.g. --profile.
# The second e2e run measures `bankbot run --instances 2` (skipped, saying so, without PostgreSQL or Redis).
.PHONY: bench
bench: setup
	@.venv/bin/python -m bench.nlu
	@.venv/bin/python -m bench.e2e $(BENCH_E2E_ARGS)
	@.venv/bin/python -m bench.e2e --instances 2 --skip-if-unreachable $(BENCH_E2E_ARGS)
	@.venv/bin/python -m bench.startup
	@if [ "$(BENCH_SKIP_TRAINING)" = "1" ]; then echo "training bench skipped (BENCH_SKIP_TRAINING=1)"; \
	else .venv/bin/python -m bench.training; fi
