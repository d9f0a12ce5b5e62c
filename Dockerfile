# factbot in a container: built in one stage, run from a small one as a non-root user, with
# the fact base and config.toml inside the image and the token from the environment.
#
#   docker build -t factbot .
#   docker run -d --name factbot --restart on-failure -e DISCORD_TOKEN factbot
#
# See "Deploying" in README.md (metrics, health checks, several processes).

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin factbot \
 && install -D -m 0755 target/release/factbot /out/factbot

FROM debian:bookworm-slim
# A fixed, unprivileged uid, so that mounted files can be made readable to it.
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin factbot
COPY --from=build /out/factbot /usr/local/bin/factbot
COPY config.toml /opt/factbot/config.toml
COPY knowledge /opt/factbot/knowledge
USER 10001:10001
WORKDIR /opt/factbot
# Validates the fact base at build time: a broken one fails the build, not the deployment.
RUN ["factbot", "--config", "/opt/factbot/config.toml", "check"]
# SIGTERM (docker stop) shuts the shards down cleanly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["factbot", "--config", "/opt/factbot/config.toml", "--log-format", "json"]
CMD ["run"]
