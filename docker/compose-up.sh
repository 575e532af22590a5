#!/usr/bin/env bash
# The whole stack on this machine: IMDB_ARCHIVE=PATH [MODEL_VERSION=VERSION] docker/compose-up.sh
# Builds the jars, the TensorFlow natives image and the job and trainer images (CPU; FLINK_IMAGE / BASE_IMAGE pick
# other bases); without MODEL_VERSION, trains a new model into the models volume first and serves that version;
# then starts docker/compose.yaml. Flink UI http://localhost:8081, Prometheus http://localhost:9090,
# Grafana http://localhost:3000. Stop: docker compose -f docker/compose.yaml down (add -v to drop the models and Kafka data).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${IMDB_ARCHIVE:?set IMDB_ARCHIVE to the IMDB archive (aclImdb_v1.tar.gz)}"
export IMDB_ARCHIVE TAG=${TAG:-dev}

context=$("$root/docker/build-context.sh")
docker build -t sentiment-stream/tensorflow-natives:2.16.1 -f "$root/docker/tensorflow-natives/Dockerfile" "$context"
docker build -t "sentiment-stream/job:$TAG" -f "$root/docker/job/Dockerfile" \
  ${FLINK_IMAGE:+--build-arg FLINK_IMAGE="$FLINK_IMAGE"} "$context"
docker build -t "sentiment-stream/trainer:$TAG" -f "$root/docker/trainer/Dockerfile" \
  ${BASE_IMAGE:+--build-arg BASE_IMAGE="$BASE_IMAGE"} "$context"
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$root/docker/compose.yaml" "$@"
  else
    docker-compose -f "$root/docker/compose.yaml" "$@"
  fi
}
if [ -z "${MODEL_VERSION:-}" ]; then
  # the trainer prints "model <version> written to /models/<version>"
  MODEL_VERSION=$(compose --profile train run --rm -T trainer | tee /dev/stderr \
    | sed -n 's#^model \([^ ]*\) written to /models/.*#\1#p')
  [ -n "$MODEL_VERSION" ] || { echo "error: the trainer printed no model version" >&2; exit 1; }
fi
export MODEL_VERSION
echo "serving model $MODEL_VERSION (MODEL_VERSION=$MODEL_VERSION docker/compose-up.sh serves it again)" >&2
compose up -d
