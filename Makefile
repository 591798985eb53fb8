# Gridlink: the two commands a newcomer needs are `make run` and `make test`.

CARGO ?= cargo
export GRIDLINK_DATA_DIR ?= data

.PHONY: run build web test test-server lint-openapi test-web test-e2e openapi bench cost clean-data

## Build the server and the admin app, seed the demo district on SQLite, serve on http://127.0.0.1:8080
run: build web
	./target/release/gridlink seed --demo
	@echo
	@echo "Gridlink: http://127.0.0.1:8080  (API docs: http://127.0.0.1:8080/api/docs/)"
	@echo
	./target/release/gridlink serve

build:
	$(CARGO) build --release --locked -p gridlink

## The admin SPA, built into frontend/dist (served by `gridlink serve`)
web:
	cd frontend && npm ci --no-audit --no-fund && npm run build

## Every test: SQLite always, PostgreSQL too when GRIDLINK_TEST_POSTGRES_URL is set
test: test-server lint-openapi test-web test-e2e

test-server:
	$(CARGO) test --workspace --locked

## Validate docs/openapi.json against the OpenAPI 3.1 rules
lint-openapi:
	@if command -v npx >/dev/null 2>&1; then \
		REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		npx --yes @redocly/cli@2.77.0 lint --format=stylish docs/openapi.json; \
	else echo "npx not found: OpenAPI lint skipped"; fi

## The SPA: generated API types current, unit tests, type check and production build
test-web:
	cd frontend && npm ci --no-audit --no-fund && npm run check:api && npm test && npm run build && npm run size

## The browser suite: Chromium against the release server and the built SPA
test-e2e: build test-web
	cd tests/e2e && npm ci --no-audit --no-fund && npx playwright test

## Rewrite docs/openapi.json from the code (a test fails while it is stale)
openapi:
	$(CARGO) run --quiet -p gridlink -- openapi > docs/openapi.json

## The load benchmark against the release binary; writes docs/performance.md
bench:
	tests/bench/run.sh

## Instructions per request under callgrind on a city-scale SQLite database (tests/bench/cost.py)
cost:
	$(CARGO) build --profile profiling --locked -p gridlink
	rm -rf tests/bench/out-cost && mkdir -p tests/bench/out-cost
	GRIDLINK_DATA_DIR=tests/bench/out-cost GRIDLINK_DATABASE_URL= ./target/profiling/gridlink seed --scale city
	python3 tests/bench/cost.py target/profiling/gridlink tests/bench/out-cost

## Forget the local SQLite database and signing key
clean-data:
	rm -rf data
