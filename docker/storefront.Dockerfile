# syntax=docker/dockerfile:1.7
# The storefront: a Next standalone build (NEXT_OUTPUT=standalone, see apps/storefront/next.config.ts)
# served by the launcher (tooling/scripts/serve-next.ts compiled to serve-next.js), which puts
# the client-identity server in front of Next. Build from the repository root:
#   docker build -f docker/storefront.Dockerfile -t shop-storefront .

FROM node:22-bookworm-slim AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=1 NEXT_TELEMETRY_DISABLED=1
RUN corepack enable
WORKDIR /repo
# The packages, fetched from the lockfile alone: this layer changes only with the lockfile.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --store-dir /pnpm/store
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store
# No secret is needed to build: the env's defaults validate, the real values come at run time.
RUN NEXT_OUTPUT=standalone pnpm exec turbo run build --filter=@shop/storefront --filter=@shop/worker

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /repo/apps/storefront/.next/standalone/ ./
COPY --from=build --chown=node:node /repo/apps/storefront/.next/static ./apps/storefront/.next/static
COPY --from=build --chown=node:node /repo/apps/worker/dist/serve-next.js ./serve-next.js
COPY --chown=node:node docker/next-entry.mjs ./next-entry.mjs
# Uploaded media (STORAGE_DIR); a volume mounted here starts with this owner.
RUN mkdir -p /data/storage && chown node:node /data/storage
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "next-entry.mjs", "--dir", "apps/storefront"]
