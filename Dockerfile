# syntax=docker/dockerfile:1
#
# Ponte: one image for the hub, the background worker and the operator's command line.
#
#   docker build -t ponte .
#   docker run ponte                                   # the hub (node dist/hub.mjs), port 8080
#   docker run ponte node dist/worker.mjs              # services/worker
#   docker run ponte node dist/cli.mjs migrate         # the migration job, with the owner's DATABASE_URL
#   docker run ponte node dist/cli.mjs audit verify    # any operator command
#
# The base image is pinned to an exact release (Node 20.20.2 on Debian 12 "bookworm", slim). To pin
# it to the byte, replace the tag in both FROM lines with `node:20.20.2-bookworm-slim@sha256:<digest>`
# as `docker buildx imagetools inspect node:20.20.2-bookworm-slim` prints it, and update both together.
# infra/README.md describes the image; test/deploy/container-files.test.ts holds it to its rules.

# --- build: install every dependency, bundle, then a production-only copy of the hub's dependencies
FROM node:20.20.2-bookworm-slim AS build
ENV PNPM_HOME=/pnpm
ENV PATH=/pnpm:$PATH
RUN npm install --global pnpm@12.4.2
WORKDIR /src
# The lock file alone first: the download layer is kept until the lock file changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm install --prefer-offline --frozen-lockfile
# services/hub/dist/{hub,worker,cli}.mjs
RUN pnpm build
# What the bundles keep outside (PGlite, pino, the API explorer's assets; see OUTSIDE in
# services/hub/build.ts), from a production install of the hub: no dev dependencies.
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm --filter @ponte/hub deploy --prod /out \
 && rm -rf /out/src /out/dist /out/build.ts

# --- runtime: Node, the hub's production dependencies and the bundles; nothing to build with
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    PONTE_DATA_DIR=/var/lib/ponte/data \
    PONTE_LOG_ARCHIVE_DIR=/var/lib/ponte/log-archives
WORKDIR /app
# Owned by root and read-only to the process; only /var/lib/ponte is its to write.
COPY --from=build /out/ /app/
COPY --from=build /src/services/hub/dist/ /app/dist/
RUN mkdir -p /var/lib/ponte/data /var/lib/ponte/log-archives \
 && chown -R 1000:1000 /var/lib/ponte
VOLUME ["/var/lib/ponte"]
# 1000 is the image's `node` user; numeric, so an orchestrator can check it is not root.
USER 1000:1000
EXPOSE 8080
# The hub answers /readyz 200 once its storage is open and it listens, 503 while it drains.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/readyz`).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and gets SIGTERM itself: the hub stops taking connections and finishes what is in flight.
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=192", "dist/hub.mjs"]
