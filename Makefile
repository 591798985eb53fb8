# Gridlink: the two commands a newcomer needs are `make run` and `make test`.

CARGO ?= cargo
export GRIDLINK_DATA_DIR ?= data

.PHONY: run build test openapi bench clean-data

## Build, seed the demo district on SQLite, and serve on http://127.0.0.1:8080
run: build
	./target/release/gridlink seed --demo
	@echo
	@echo "Gridlink: http://127.0.0.1:8080  (API docs: http://127.0.0.1:8080/api/docs/)"
	@echo
	./target/release/gridlink serve

build:
	$(CARGO) build --release --locked -p gridlink

## Every test: SQLite always, PostgreSQL too when GRIDLINK_TEST_POSTGRES_URL is set
test:
	$(CARGO) test --workspace --locked

## Rewrite docs/openapi.json from the code (a test fails while it is stale)
openapi:
	$(CARGO) run --quiet -p gridlink -- openapi > docs/openapi.json

## The load benchmark against the release binary; writes docs/performance.md
bench:
	tests/bench/run.sh

## Forget the local SQLite database and signing key
clean-data:
	rm -rf data
