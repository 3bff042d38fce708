# Woperator's virtual desktop: Xvfb, Fluxbox, Firefox ESR in kiosk mode and PulseAudio, streamed by Woperator.
#   docker build -t woperator .
#   docker run --rm --network=host woperator        then open http://localhost:8000
# Builds with the classic builder too (no BuildKit features), as podman and Debian's docker.io do.

FROM debian:bookworm-slim AS build
# Extra certificate authorities, for building behind a proxy that inspects TLS (usually none)
COPY src/main/docker/ca-certificates/ /usr/local/share/ca-certificates/
# The JDK's post-install wants the man directory, which the slim image leaves out
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates ca-certificates-java openjdk-17-jdk-headless maven \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: they change less often than the code, so this layer is reused
COPY pom.xml ./
COPY native-profiles native-profiles
RUN mvn -B -q dependency:resolve dependency:resolve-plugins
COPY src src
COPY web web
RUN mvn -B -q -DskipTests package

FROM debian:bookworm-slim
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless xvfb x11-xserver-utils fluxbox firefox-esr pulseaudio pulseaudio-utils \
      libxcb1 libxcb-shm0 libxcb-xtest0 libxcb-xfixes0 libxcb-damage0 libasound2 libpulse0 libx11-6 libxfixes3 libxrandr2 \
      libxcomposite1 libdbus-1-3 libudev1 fonts-dejavu-core curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 --shell /bin/bash woperator \
 && install -d -o woperator -g woperator /var/lib/woperator
COPY --from=build /src/target/woperator.jar /opt/woperator/woperator.jar
COPY src/main/docker/entrypoint.sh src/main/docker/healthcheck.sh src/main/docker/default.pa /opt/woperator/
# Firefox starts without its first-run page and the "sends some data to Mozilla" bar across the kiosk
COPY src/main/docker/firefox-policies.json /usr/lib/firefox-esr/distribution/policies.json
USER woperator
WORKDIR /home/woperator
# XDG_RUNTIME_DIR and PULSE_SERVER here rather than in the entrypoint, so that `docker exec` finds them too
ENV RESOLUTION=1920x1080 \
    DISPLAY_NUMBER=99 \
    XDG_RUNTIME_DIR=/tmp/runtime-woperator \
    PULSE_SERVER=unix:/tmp/runtime-woperator/pulse/native \
    KIOSK_URL=about:home \
    APP= \
    PORT=8000 \
    WOPERATOR_STATE_DIR=/var/lib/woperator \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS=-Xmx256m
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/opt/woperator/healthcheck.sh"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/woperator/entrypoint.sh"]
