# syntax=docker/dockerfile:1
# Trợ lý HTX — the bot in a container. Build:   docker build -t tro-ly-htx .
# Run alone (SQLite in the volume):             docker run -p 3000:3000 -v htx-data:/data --env-file .env tro-ly-htx
# Two processes on Redis behind Caddy:          deploy/compose.yaml (README, "Running it in production")
#
# The app runs its TypeScript through tsx, which is a runtime dependency (package.json
# "dependencies"), exactly as `npm start` does: the image runs the same files the tests run, and the
# views, scripts and content the code finds next to src/ stay where it looks for them.

ARG NODE_IMAGE=node:20-bookworm-slim

# Tools to compile a native module (better-sqlite3, argon2) should its prebuilt binary not fit.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Everything, to check the sources: a type error or a bad content file stops the build here.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY flows ./flows
COPY locales ./locales
RUN npx tsc --noEmit -p . && npm run -s content:check > /dev/null

# Only what runs: no TypeScript compiler, test runner or browser driver in the image.
FROM toolchain AS runtime-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# sqlite3: the backup of DATA_DIR/bot.db while the bot runs (sqlite3 /data/bot.db ".backup …").
RUN apt-get update \
 && apt-get install -y --no-install-recommends sqlite3 \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# Owned by root: the bot's user reads its code and dependencies but cannot change them.
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
# From the checked stage, so the checks always run before an image is made.
COPY --from=build /app/src ./src
COPY --from=build /app/flows ./flows
COPY --from=build /app/locales ./locales
# The embedded database and the web chat's photos (SQLite mode); unused when REDIS_URL is set.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# /healthz answers within 2 s: 200 when storage and the delivery queue answer, 503 naming what does not.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself (not npm) is the container's main process, so SIGTERM reaches the bot's own shutdown
# (pending deliveries stay in the queue; it exits within 8 s).
CMD ["node", "--import", "tsx", "src/main.ts"]
