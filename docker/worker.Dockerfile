# syntax=docker/dockerfile:1.7
# The worker: apps/worker compiled to JavaScript (apps/worker/build.mjs), run by plain node.
# Build from the repository root: docker build -f docker/worker.Dockerfile -t shop-worker .
# Also runs the one-shot migration: docker run --rm shop-worker node dist/migrate/index.js

FROM node:22-bookworm-slim AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=1
RUN corepack enable
WORKDIR /repo
# The packages, fetched from the lockfile alone: this layer changes only with the lockfile.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --store-dir /pnpm/store
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store
# dist/ plus only the packages the bundle imports at run time (see build.mjs --runtime).
RUN node apps/worker/build.mjs --runtime /out

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /out/ ./
COPY --chown=node:node docker/worker-health.mjs ./health.mjs
# Media (STORAGE_DIR) and mail files (MAIL_DIR); a volume mounted here starts with this owner.
RUN mkdir -p /data/storage /data/mail && chown node:node /data/storage /data/mail
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "health.mjs"]
CMD ["node", "dist/main.js"]
