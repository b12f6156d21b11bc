# The two commands of the README: `make run` and `make test`. Both set up what is missing.
VENV := .venv/bin
HOTLINE := $(VENV)/hotline

.PHONY: run test setup build lint eval clean

setup:                ## create .venv-rasa and .venv (seconds when nothing changed)
	@scripts/setup.sh

build: setup          ## knowledge-base index, embedding model and Rasa model, when their inputs changed
	@$(HOTLINE) build

run: build            ## start everything; Ctrl-C stops it
	@$(HOTLINE) up

test: build           ## every test, then ruff
	@$(VENV)/ruff check .
	@$(VENV)/python -m pytest

lint: setup
	@$(VENV)/ruff check .

eval: build           ## score the assistant on the labelled development set
	@$(HOTLINE) eval ../shared/eval/dev.jsonl

clean:                ## remove built artefacts (not the virtual environments)
	rm -rf var
