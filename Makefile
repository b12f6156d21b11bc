# The two commands of the README: `make run` and `make test`. Both set up what is missing.
# `make test-fast` is the subset a change is checked with first: no process started, no embedder trained.
VENV := .venv/bin
HOTLINE := $(VENV)/hotline

.PHONY: run test test-fast setup build lint eval clean

setup:                ## create .venv-rasa and .venv (seconds when nothing changed)
	@scripts/setup.sh

build: setup          ## knowledge-base index, embedding model and Rasa model, when their inputs changed
	@$(HOTLINE) build

run: build            ## start everything; Ctrl-C stops it
	@$(HOTLINE) up

test: build           ## ruff, then every test
	@$(VENV)/ruff check .
	@$(VENV)/python -m pytest

test-fast: build      ## ruff, then the tests that start no process (not `stack`) and train no embedder (not `training`)
	@$(VENV)/ruff check .
	@$(VENV)/python -m pytest -m "not stack and not training"

lint: setup
	@$(VENV)/ruff check .

eval: build           ## score the assistant on the labelled development set
	@$(HOTLINE) eval ../shared/eval/dev.jsonl

clean:                ## remove built artefacts (not the virtual environments)
	rm -rf var
