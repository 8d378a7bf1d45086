#!/bin/sh
# Container entrypoint: runs the pipeline CLI with the container's arguments, e.g. "validate --run-id ID".
#
# The CLI writes its JSON log lines (PIPELINE_LOG_FORMAT=json) to stderr and its one-line result to stdout. In the
# container both go to stdout, so the task's log in CloudWatch is one ordered stream of lines, whatever log driver
# collects it. exec: the JVM becomes PID 1 and gets ECS's SIGTERM directly, so a stopped task ends the job cleanly.
set -eu
# JAVA_OPTS is a list of flags: split on spaces on purpose
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "${PIPELINE_JAR:-/app/pipeline.jar}" "$@" 2>&1
