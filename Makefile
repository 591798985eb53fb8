# Gridlink: the two commands a newcomer needs are `make run` and `make test`.

CARGO ?= cargo
export GRIDLINK_DATA_DIR ?= data

.PHONY: run build test test-server lint-openapi openapi bench clean-data

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
test: test-server lint-openapi

test-server:
	$(CARGO) test --workspace --locked

## Validate docs/openapi.json against the OpenAPI 3.1 rules
lint-openapi:
	@if command -v npx >/dev/null 2>&1; then \
		REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		npx --yes @redocly/cli@2.77.0 lint --format=stylish docs/openapi.json; \
	else echo "npx not found: OpenAPI lint skipped"; fi

## Rewrite docs/openapi.json from the code (a test fails while it is stale)
openapi:
	$(CARGO) run --quiet -p gridlink -- openapi > docs/openapi.json

## The load benchmark against the release binary; writes docs/performance.md
bench:
	tests/bench/run.sh

## Forget the local SQLite database and signing key
clean-data:
	rm -rf data
