# syntax=docker/dockerfile:1
# Vigía: one image for the api (default command) and the worker (command: node dist/apps/worker/src/main.js).
# Build: docker build -t vigia .   Run with a real PostgreSQL and Redis: see docker-compose.yml and docs/operations.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# npm 11 honours the `allowScripts` policy in package.json (Node 20 ships npm 10, which would run every install
# script). The toolchain compiles argon2 when its prebuilt binary cannot be used (node-gyp-build falls back to a
# source build); it stays in the build stages and never reaches the runtime image.
FROM ${NODE_IMAGE} AS toolchain
ARG NPM_VERSION=11.19.1
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g npm@${NPM_VERSION} \
  && npm cache clean --force
WORKDIR /app

# Every dependency, for the build. Only the manifests first, so source changes keep this layer cached.
FROM toolchain AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# Compiles the api and the worker into dist/ (dist/apps/api/src/main.js, dist/apps/worker/src/main.js).
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build

# Production dependencies only, installed on their own so no dev dependency reaches the runtime image.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay owned by root (read-only for the app); only DATA_DIR is writable by `node`.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The demo engagement's data and its source documents: `node dist/apps/api/src/seed-demo.js` loads them.
COPY seeds ./seeds
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The api's health endpoint: 200 while PostgreSQL answers, 503 otherwise. The worker has no HTTP port, so
# docker-compose.yml disables this check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
