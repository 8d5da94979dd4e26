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
# The worker answers /api/health, /api/ready and /api/metrics here (packages/observability).
ENV NODE_ENV=production WORKER_HEALTH_PORT=3100
WORKDIR /app
COPY --from=build --chown=node:node /out/ ./
# Media (STORAGE_DIR) and mail files (MAIL_DIR); a volume mounted here starts with this owner.
RUN mkdir -p /data/storage /data/mail && chown node:node /data/storage /data/mail
USER node
EXPOSE 3100
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.WORKER_HEALTH_PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
