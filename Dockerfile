# syntax=docker/dockerfile:1
# Build: docker build -t ki-widerspruch-bot .   Run: see README.md ("Docker").

# --- build stage: install with the lockfile, type-check and compile ------------------------------------
# Node.js 24 (LTS until April 2028), the newest line every dependency supports: better-sqlite3 12 builds
# for Node 20 to 25 only (13 drops Node 20). Build and runtime stages use the same line; keep it in step with
# LTS_VERSION in .ci/lts-run and the README ("Node.js versions").
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Compilers for better-sqlite3's native addon (used when no prebuilt binary matches).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
  && npm rebuild better-sqlite3 \
  # Encrypted Matrix rooms: fetch the native crypto library (its install script is denied in package.json
  # so that installs work offline; here, with internet access, we run it on purpose).
  && node node_modules/@matrix-org/matrix-sdk-crypto-nodejs/download-lib.js \
  # download-lib.js exits 0 even when the download failed: prove that the library loads.
  && node -e "require('@matrix-org/matrix-sdk-crypto-nodejs')"
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY adapters adapters
RUN npm run build && npm prune --omit=dev

# --- runtime stage: production dependencies, compiled output and content only --------------------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    CONTENT_DIR=/app/content \
    HTTP_PORT=8080 \
    # Set to the guide's https:// address to serve the web guide on HTTP_PORT too (empty: off).
    WEB_BASE_URL=""
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY content content
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
