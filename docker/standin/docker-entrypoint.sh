#!/usr/bin/env bash
# Stand-in for the official Flink image's /docker-entrypoint.sh, written here because no registry is reachable from
# this machine: the same commands (jobmanager, standalone-job, taskmanager, help, anything else passed through) and
# FLINK_PROPERTIES (one "key: value" a line, merged into conf/config.yaml). It starts the same Java entry points the
# distribution's scripts start, with the memory settings Flink's BashJavaUtils derives from the configuration and
# the JVM options from the configuration as Flink's config.sh joins them (env.java.default-opts.all, then
# env.java.opts.all, where the distribution keeps the JDK 17 flags). Not a copy of the upstream scripts: docker/check-images.sh only uses it
# to run our images.
set -euo pipefail

conf_dir=$FLINK_HOME/conf
config=$conf_dir/config.yaml
classpath="$FLINK_HOME/lib/*"

merge_properties() {
  local line key
  while IFS= read -r line; do
    line=$(sed 's/^[[:space:]]*//;s/[[:space:]]*$//' <<<"$line")
    [ -n "$line" ] || continue
    key=${line%%:*}
    grep -v -F -e "$key:" "$config" >"$config.new" || true
    printf '%s\n' "$line" >>"$config.new"
    mv "$config.new" "$config"
  done <<<"$1"
}

# BashJavaUtils prints its results on lines prefixed BASH_JAVA_UTILS_EXEC_RESULT: JVM options first, then dynamic
# configuration (-D key=value ...) last.
resource_params() {
  java -cp "$classpath" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf_dir" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

run() {
  local name=$1 main=$2 params=$3
  shift 3
  local results jvm dynamic opts
  results=$(resource_params "$params")
  jvm=$(head -n 1 <<<"$results")
  dynamic=$(tail -n 1 <<<"$results")
  [ "$(wc -l <<<"$results")" -gt 1 ] || dynamic=""
  opts="$(sed -n 's/^env\.java\.default-opts\.all:[[:space:]]*//p' "$config")"
  opts="$opts $(sed -n 's/^env\.java\.opts\.all:[[:space:]]*//p' "$config")"
  # shellcheck disable=SC2086 # word splitting of the JVM options is intended
  exec java $jvm $opts \
    -Dlog.file="$FLINK_HOME/log/$name.log" -Dlog4j.configurationFile="$conf_dir/log4j-console.properties" \
    -cp "$classpath" "$main" --configDir "$conf_dir" $dynamic "$@"
}

if [ -n "${FLINK_PROPERTIES:-}" ]; then
  merge_properties "$FLINK_PROPERTIES"
fi

command=${1:-help}
[ $# -eq 0 ] || shift
case $command in
  help) echo "Usage: $(basename "$0") (jobmanager|standalone-job|taskmanager|COMMAND...)" ;;
  jobmanager) run jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    GET_JM_RESOURCE_PARAMS "$@" ;;
  standalone-job) run jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
    GET_JM_RESOURCE_PARAMS "$@" ;;
  taskmanager) run taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$@" ;;
  *) exec "$command" "$@" ;;
esac
