# The admin SPA behind nginx: built with Node, served as static files, with
# /api proxied to the server instances (deploy/nginx.conf).
# Build context: the repository root (see docker-compose.yml).

FROM node:20-bookworm-slim AS build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/frontend/dist /usr/share/nginx/html
