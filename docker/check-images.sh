#!/usr/bin/env bash
# Builds every image in docker/ for real and runs them: docker/check-images.sh
#
# No registry is reachable from this machine, so the base images are stand-ins built here and imported under the
# names the Dockerfiles' ARGs default to: a Debian bookworm root file system (debootstrap, Debian's
# openjdk-17-jre-headless at /opt/java/openjdk) as eclipse-temurin:17-jre-noble and as the CUDA runtime (without
# CUDA), and on it a Flink laid out like the official image (docker/standin) as flink:2.2.1-scala_2.12-java17.
# Then it builds the TensorFlow natives image, the job and trainer images (CPU and GPU variants) and runs
# ContainerImageCheck: the trainer image trains a model into a mounted folder, and the job image runs it as
# JobManager + TaskManager containers against a Kafka broker on the loopback (--network host).
#
# It runs its own Docker engine (Debian's docker.io, installed if missing) with its own data root and socket under
# $SENTIMENT_CACHE/check-images (default ~/.cache/sentiment-stream/check-images), stopped by PID at the end. The
# stand-in images stay cached there; CHECK_IMAGES_REBUILD_BASE=1 rebuilds them.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${SENTIMENT_CACHE:-$HOME/.cache/sentiment-stream}/check-images
flink_image=flink:2.2.1-scala_2.12-java17
jre_image=eclipse-temurin:17-jre-noble
cuda_image=nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started=$SECONDS

step() { printf '[%4ds] %s\n' $((SECONDS - started)) "$*"; }

install_missing() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

dockerd_pid=
stop_dockerd() {
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
    step "Docker engine stopped"
  fi
}

start_dockerd() {
  mkdir -p "$work/docker"
  # no bridge and no iptables: every build and container here uses the host's network
  /usr/sbin/dockerd --data-root "$work/docker" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
    --host "unix://$work/docker.sock" --bridge none --iptables=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  trap stop_dockerd EXIT
  export DOCKER_HOST=unix://$work/docker.sock
  for _ in $(seq 60); do
    docker version >/dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 1
  done
  echo "error: the Docker engine did not start; see $work/dockerd.log" >&2
  exit 1
}

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

build() { # build TAG DOCKERFILE CONTEXT [--build-arg ...]
  local tag=$1 file=$2 context=$3 t0=$SECONDS log
  shift 3
  log=$work/build-$(tr '/:' '__' <<<"$tag").log
  if ! docker build --network host -t "$tag" -f "$file" "$@" "$context" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "error: building $tag failed; see $log" >&2
    exit 1
  fi
  step "built $tag ($((SECONDS - t0)) s)"
}

jre_standin() {
  local rootfs=$work/rootfs
  if [ ! -x "$rootfs/opt/java/openjdk/bin/java" ]; then
    step "debootstrap bookworm with openjdk-17-jre-headless (a few minutes, once)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,gettext-base,libjemalloc-dev,libsnappy1v5 \
      bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1
    # where the Temurin images keep their runtime; dereferenced, so it can be copied into other images
    mkdir -p "$rootfs/opt/java"
    cp -rL "$rootfs/usr/lib/jvm/java-17-openjdk-amd64" "$rootfs/opt/java/openjdk"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  fi
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$jre_image" >/dev/null
  # the CUDA runtime stand-in has no CUDA: it only lets the GPU Dockerfiles build
  docker tag "$jre_image" "$cuda_image"
  step "imported $jre_image and $cuda_image (stand-ins)"
}

flink_standin() {
  local dir=$work/flink-standin
  rm -rf "$dir"
  mkdir -p "$dir/flink/lib" "$dir/flink/plugins/metrics-prometheus" "$dir/flink/conf" "$dir/flink/log" \
    "$dir/flink/bin" "$dir/flink/opt"
  mvn -q -B -f "$root/docker/standin/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/flink/lib" \
    -DexcludeArtifactIds=flink-metrics-prometheus
  mvn -q -B -f "$root/docker/standin/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$dir/flink/plugins/metrics-prometheus" -DincludeArtifactIds=flink-metrics-prometheus
  cp "$root/docker/standin/config.yaml" "$root/docker/standin/log4j-console.properties" "$dir/flink/conf/"
  cp "$root/docker/standin/Dockerfile" "$root/docker/standin/docker-entrypoint.sh" "$dir/"
  build "$flink_image" "$dir/Dockerfile" "$dir"
}

install_missing
mkdir -p "$work"
start_dockerd
step "Docker engine $(docker version -f '{{.Server.Version}}') at $DOCKER_HOST"

if [ -n "${CHECK_IMAGES_REBUILD_BASE:-}" ] || ! has_image "$jre_image"; then jre_standin; fi
if [ -n "${CHECK_IMAGES_REBUILD_BASE:-}" ] || ! has_image "$flink_image"; then flink_standin; fi

step "building the jars and the build context"
context=$("$root/docker/build-context.sh" "$work/context")

natives=(--build-arg NATIVES_IMAGE=sentiment-stream/tensorflow-natives:check)
build sentiment-stream/tensorflow-natives:check "$root/docker/tensorflow-natives/Dockerfile" "$context"
build sentiment-stream/job:check "$root/docker/job/Dockerfile" "$context" "${natives[@]}"
build sentiment-stream/trainer:check "$root/docker/trainer/Dockerfile" "$context" "${natives[@]}"
build sentiment-stream/flink-cuda:check "$root/docker/flink-cuda/Dockerfile" "$root/docker/flink-cuda"
build sentiment-stream/job-gpu:check "$root/docker/job/Dockerfile" "$context" "${natives[@]}" \
  --build-arg FLINK_IMAGE=sentiment-stream/flink-cuda:check
build sentiment-stream/trainer-gpu:check "$root/docker/trainer/Dockerfile" "$context" "${natives[@]}" \
  --build-arg BASE_IMAGE=sentiment-stream/flink-cuda:check

step "running ContainerImageCheck (trainer image, then the job image against Kafka on the loopback)"
mvn -q -B -f "$root/pom.xml" -pl job -am verify -Dit.test=ContainerImageCheck -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Djob.image=sentiment-stream/job:check -Dtrainer.image=sentiment-stream/trainer:check
step "all images built; trainer and job images ran and passed"
