# Gridlink server image: build with Rust, run on Debian slim as a non-root user.
#
#   docker build -t gridlink .
#   docker run -p 8080:8080 -v gridlink-data:/data gridlink            # SQLite in /data
#
# docker-compose.yml runs two of these on PostgreSQL behind nginx.
# The cache mounts need BuildKit (the default builder of current Docker).

# ---- build -----------------------------------------------------------------
FROM rust:1-bookworm AS build

# libpq is built from source (pq-sys "bundled") but links the system OpenSSL.
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libssl-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# The whole workspace: Cargo loads the test crate's manifest too, even though
# only the server is built. target/ is a cache mount, so a change to the tests
# costs no rebuild of the server.
COPY Cargo.toml Cargo.lock ./
# Build settings: how the bundled SQLite is compiled.
COPY .cargo .cargo
COPY tests tests
COPY backend backend

RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p gridlink \
    && cp target/release/gridlink /usr/local/bin/gridlink

# ---- run -------------------------------------------------------------------
FROM debian:bookworm-slim

# curl serves the health check only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 gridlink \
    && useradd --system --uid 10001 --gid gridlink --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin gridlink \
    && mkdir -p /data \
    && chown gridlink:gridlink /data

COPY --from=build /usr/local/bin/gridlink /usr/local/bin/gridlink

# On SQLite the database file and the generated JWT signing key live in /data.
ENV GRIDLINK_DATA_DIR=/data \
    GRIDLINK_BIND=0.0.0.0:8080
VOLUME ["/data"]
WORKDIR /data
USER gridlink
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/readyz || exit 1

# SIGTERM (docker stop) shuts down gracefully within GRIDLINK_SHUTDOWN_TIMEOUT_SECONDS.
ENTRYPOINT ["gridlink"]
CMD ["serve"]
