# "Let's chat" dystonia assistant. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-12)
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

SPACY_PIPELINE := build/spacy-en/config.cfg
# The app database also holds handoff requests, so its file time says nothing about
# the content: a stamp records when the content was last built into it.
CONTENT_STAMP := build/content.stamp
MODEL := models/dystonia.tar.gz
SAFETY_CLASSIFIER := build/safety-classifier.joblib
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/nlu/*.yml data/nlu/es/*.yml data/rules/*.yml data/stories/*.yml) \
	$(wildcard components/*.py) $(SPACY_PIPELINE)

.PHONY: help venv build train validate run test bench bench-console lint clean chromium haproxy

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(STAMP) ## make .venv with Python 3.10 and install the pinned requirements

$(STAMP): requirements.lock
	@py=$$(scripts/find-python310) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then \
		rm -rf $(VENV) && $$py -m venv $(VENV); fi
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	$(PY) -m pip check
	@rm -f $(VENV)/.installed-* && touch $@

$(SPACY_PIPELINE): bot/nlp.py $(STAMP)
	$(PY) -m bot.nlp build/spacy-en

$(CONTENT_STAMP): $(SPACY_PIPELINE) $(wildcard data/content/*.txt bot/content/*.py bot/db/*.py bot/db/migrations/versions/*.py)
	$(PY) -m bot.content build
	@touch $@

$(SAFETY_CLASSIFIER): $(wildcard data/safety/*.yml data/nlu/*.yml data/nlu/es/*.yml bot/safety/*.py) bot/language.py $(STAMP)
	$(PY) -m bot.safety.classifier $@

build: $(CONTENT_STAMP) $(SAFETY_CLASSIFIER) ## build the spaCy pipeline, content store and safety classifier when stale

$(MODEL): $(TRAINING_INPUTS) $(STAMP) | $(SAFETY_CLASSIFIER)
	$(VENV)/bin/rasa train --fixed-model-name dystonia --out models
	@touch $@

train: $(MODEL) ## train the Rasa model when its inputs changed

validate: $(STAMP) ## check the training data, domain and stories
	$(VENV)/bin/rasa data validate --fail-on-warnings

run: build train ## start the action server (5055), Rasa (5005) and the web app (8000) until Ctrl-C
	@if [ "$${LETSCHAT_RASA_SERVERS:-1}" -gt 1 ]; then scripts/ensure-haproxy; fi
	$(PY) -m bot.serve

chromium: ## install Debian's Chromium for the browser tests when it is missing (as root)
	@scripts/ensure-chromium

haproxy: ## install Debian's HAProxy (the balancer for several Rasa servers) when it is missing (as root)
	@scripts/ensure-haproxy

test: build train chromium haproxy ## run every test (unit, data validation, stories, held-out NLU, end to end, browser)
	$(PY) -m pytest

bench: build train haproxy ## benchmark against a `rasa init`-style baseline; the console at 100,000 conversations; failover with 40 patients
	$(PY) -m tools.bench
	$(PY) -m tools.console_bench
	$(PY) -m tools.failover_bench

bench-console: $(STAMP) ## only the console at 100,000 conversations (PostgreSQL on 127.0.0.1:5432)
	$(PY) -m tools.console_bench

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot actions components tools

clean: ## remove the spaCy pipeline, models and logs (keeps the venv, conversations and requests)
	rm -rf build models var/logs .rasa
