# user-streamer container image.
#   docker build -t user-streamer .
#   docker run --rm -p 8080:8080 -e USER_STREAMER_KAFKA_BROKERS=kafka:9092 \
#     -e USER_STREAMER_CASSANDRA_CONTACT_POINTS=cassandra:9042 user-streamer          # = serve (HTTP API + processor)
#   docker run --rm user-streamer users --limit 5                                       # any CLI command
# Configuration: only USER_STREAMER_* environment variables (`docker run --rm user-streamer config --list`).
# The whole stack (Kafka, Cassandra, this image as API/processor/scheduler): docker-compose.yml, docs/docker.md.

ARG NODE_IMAGE=node:24-slim

# ---- deps: production dependencies only -------------------------------------------------------------------------
# --ignore-scripts: the package's `prepare` script (tsc -> dist/) needs the dev dependencies and is not needed here,
# since the image runs the TypeScript sources through Node's type stripping (as `node src/cli/main.ts` does).
# No production dependency needs an install script (protobufjs' postinstall is only a version notice).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# ---- runtime ----------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="user-streamer" \
      org.opencontainers.image.description="randomuser.me API -> Apache Kafka -> Apache Cassandra, in TypeScript" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
ENV NODE_ENV=production \
    USER_STREAMER_HTTP_HOST=0.0.0.0 \
    USER_STREAMER_HTTP_PORT=8080
# Everything is owned by root and read-only for the runtime user: the app writes nothing to disk in a container
# (logs go to stderr, data to Kafka and Cassandra). stack/ holds the Maven poms the CLI reads when it loads.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY stack ./stack
COPY docker/healthcheck.mjs ./docker/healthcheck.mjs
COPY src ./src
# The base image's unprivileged `node` user, by number so that runAsNonRoot-style checks can verify it.
USER 1000:1000
EXPOSE 8080 3100
# Liveness of the HTTP API (`serve`, the default command). Other commands (schedule, serve-randomuser) get their own
# healthcheck in docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "docker/healthcheck.mjs"]
# Exec form: node is PID 1 and receives SIGTERM itself; user-streamer handles SIGTERM/SIGINT by finishing in-flight
# work, committing offsets and closing (a second signal exits at once).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "src/cli/main.ts"]
CMD ["serve"]
