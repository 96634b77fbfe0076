# syntax=docker/dockerfile:1
# kezek in one image (docs/operations.md, "Container"): the web app built in one stage, the
# server's production dependencies installed in another, both put together in the last, which
# runs as an unprivileged user.
# Build: docker build -t kezek .        Try it: docker compose up (compose.yaml)

ARG NODE_VERSION=20

# --- the manifests npm reads: every workspace's, as the lock file lists them all
FROM node:${NODE_VERSION}-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY domain/package.json domain/
COPY contracts/package.json contracts/
COPY eds/package.json eds/
COPY verifier/package.json verifier/
COPY server/package.json server/
COPY web/package.json web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/

# --- build: every workspace's dependencies, then the web app (web/dist, with .br and .gz copies)
FROM manifests AS build
# `npm install` from the lock, not `npm ci`: see .ci/run (the lock lists one platform's optional
# packages). No browser download: the image never runs the end-to-end tests.
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund
COPY tsconfig.base.json ./
COPY domain domain
COPY contracts contracts
COPY eds eds
COPY web web
RUN npm run build -w web

# --- production dependencies: the server and the workspaces it imports (eds: the demo's test CA),
# nothing of the web app's
FROM manifests AS dependencies
RUN npm install --omit=dev --workspace=server --workspace=domain --workspace=contracts \
      --workspace=eds --no-audit --no-fund --ignore-scripts \
 && npm cache clean --force

# --- runtime
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KEZEK_DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules node_modules
COPY package.json ./
COPY domain/package.json domain/
COPY domain/src domain/src
COPY contracts/package.json contracts/
COPY contracts/src contracts/src
COPY eds/package.json eds/
COPY eds/src eds/src
COPY server/package.json server/
COPY server/src server/src
COPY --from=build /app/web/dist web/dist
# The node image's own unprivileged user; PGlite's data and the file transports' mail/ and sms/
# (without DATABASE_URL, SMTP_URL, SMS_GATEWAY_URL) live in /data.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# Liveness: the process answers (no curl in a slim image: node itself asks).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server itself, not `npm start` (which would try to rebuild the web app): node is PID 1 and
# gets SIGTERM, which it answers by finishing what is under way (close-with-grace).
CMD ["node", "--import", "tsx", "server/src/main.ts"]
