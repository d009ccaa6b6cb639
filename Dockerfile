# vram-bot container image.
#
#   docker compose up        (compose.yaml: the bot and PostgreSQL; README "Deploying")
# or, alone with SQLite state in the volume:
#   docker build -t vram-bot .
#   docker run --env-file bot.env -p 3000:3000 -v vram-data:/data vram-bot
# where bot.env has plain KEY=value lines: `docker run --env-file` keeps a trailing `# comment`
# as part of the value (compose's env_file and dotenv strip it), and .env.example has them.
#
# Two stages: `build` installs every dependency (dev ones included) and runs the typecheck, so an
# image is only produced from code that compiles; `runtime` installs the production dependencies
# only and runs the TypeScript with tsx (a runtime dependency, as `npm start` does). Node 20, the
# release package.json's `engines` names first. test/docs/deploy.test.ts checks the facts below.

# ---- build: dev dependencies, typecheck ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 falls back to compiling itself when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY scripts ./scripts
COPY bench ./bench
COPY test ./test
RUN npx tsc --noEmit -p tsconfig.json

# ---- runtime: production dependencies only, non-root ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    OPS_PORT=9090
WORKDIR /app
COPY package.json package-lock.json ./
# The compilers are installed, used (if better-sqlite3 must build) and removed in one layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && apt-get purge -y python3 make g++ \
 && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
# The sources come from the build stage: the image is only made once the typecheck has passed.
COPY --from=build /app/tsconfig.json ./tsconfig.json
COPY --from=build /app/src ./src
COPY --from=build /app/commands ./commands
COPY --from=build /app/adapters ./adapters
# The node image's unprivileged user (uid 1000); it owns the state volume.
RUN mkdir -p /data && chown node:node /data
USER node
# SQLite state (presets, run records, Hub cache) when DATABASE_URL is not set.
VOLUME ["/data"]
# PORT: Slack HTTP mode (/slack/events; /healthz /readyz /metrics too). OPS_PORT: /healthz /readyz
# /metrics in every mode (Socket Mode and Discord have no other HTTP server).
EXPOSE 3000 9090
# Liveness: the process and its event loop answer (adapters/ops/health.ts). No curl in the slim
# image: Node's own fetch. OPS_PORT emptied by an env file (the app then serves no ops port):
# PORT, where Slack HTTP mode serves the same routes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.OPS_PORT || process.env.PORT) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# One process, no npm in between: SIGTERM reaches the bot, which drains and exits 0.
CMD ["node", "--import", "tsx", "adapters/main.ts"]
