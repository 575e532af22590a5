#!/usr/bin/env bash
# Builds the jars (no tests) and lays out the Docker build context the images in docker/ are built from:
#   job/sentiment-job.jar   the shaded job jar (-> /opt/flink/usrlib)
#   lib/                    DJL, TensorFlow, JavaCPP, protobuf (+ gson, JNA): loaded parent-first from /opt/flink/lib
#   natives/                the TensorFlow natives jar, unpacked inside the image build
#   ops/                    our TensorFlow ops (libsentiment_ops.so, from the model jar): a container's /tmp is
#                           often noexec, so the images load this copy (SENTIMENT_OPS_LIBRARY)
#   cli/                    the ./sentiment launcher with cli/target/ as it runs it (trainer and replay image)
# Usage: docker/build-context.sh [DIR]   (default docker/target/context); prints the directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
context=${1:-$root/docker/target/context}
natives_jar=$HOME/.m2/repository/ai/djl/tensorflow/tensorflow-native-cu121/2.16.1/tensorflow-native-cu121-2.16.1-linux-x86_64.jar

mvn -q -B -f "$root/pom.xml" -pl job,cli -am package -DskipTests >&2

rm -rf "$context"
mkdir -p "$context"/{job,lib,natives,cli,ops}
cp "$root"/job/target/sentiment-job-*-flink.jar "$context/job/sentiment-job.jar"
for jar in api tensorflow-engine tensorflow-api javacpp protobuf-java gson jna; do
  cp "$root"/cli/target/lib/"$jar"-[0-9]*.jar "$context/lib/"
done
(cd "$context/ops" && jar xf "$(ls "$root"/cli/target/lib/sentiment-model-*.jar)" \
  org/sentimentstream/model/libsentiment_ops.so && mv org/sentimentstream/model/libsentiment_ops.so . && rm -r org)
# a hard link where the file system allows it: the natives jar is 485 MB
ln "$natives_jar" "$context/natives/" 2>/dev/null || cp "$natives_jar" "$context/natives/"
# the launcher's own layout: sentiment beside cli/target/{sentiment-cli.jar,lib,.built}
mkdir -p "$context/cli/cli/target"
cp "$root/sentiment" "$context/cli/"
cp -r "$root/cli/target/sentiment-cli.jar" "$root/cli/target/lib" "$context/cli/cli/target/"
touch "$context/cli/cli/target/.built"
echo "$context"
