# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production ones only, as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
# V8's young generation capped at 4 MB per half (default 16): ~25 MB less resident memory for the
# bot at no measured cost in throughput (README, Performance). Shards and the diagram child inherit it.
ENV NODE_OPTIONS=--max-semi-space-size=4
USER node
VOLUME ["/data"]
EXPOSE 8080
# Readiness, not liveness: in bot mode /readyz fails until Discord is connected. A failed start
# exits non-zero, so `--restart` or the orchestrator sees it (the web server needs HTTP_PORT > 0).
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# With DISCORD_TOKEN: the bot and the web pages. Without: the web pages alone (the console needs a
# terminal: `docker run -it dialtone node dist/bin/cli.js console`).
# --liftoff-only (not allowed in NODE_OPTIONS, so here; shards inherit it): WebAssembly only through
# V8's baseline compiler. Its optimising compiler, run on undici's HTTP parser at the first REST
# call, took ~25 MB for a moment in every start (README, Performance); the diagram child, which
# runs Graphviz's WebAssembly, is started without it.
CMD ["node", "--liftoff-only", "dist/bin/cli.js", "service"]
