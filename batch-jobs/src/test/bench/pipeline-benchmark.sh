#!/usr/bin/env bash
# Wall time and peak memory of the pipeline on a generated drop, and the cost of checkpointing in transform.
#
#   mvn -B -q package -DskipTests
#   batch-jobs/src/test/bench/pipeline-benchmark.sh 100000      # orders; about 2.5 items each
#   batch-jobs/src/test/bench/pipeline-benchmark.sh 1000000
#
# Prints: `run` wall time and peak RSS (/usr/bin/time -v), the run's step timings, then `transform` of the same
# validated run checkpointing every 10,000 rows (validate's default), 100,000 (transform's default) and 1,000,000
# rows (the most the CLI allows).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
JAR=${JAR:-$PWD/batch-jobs/target/pipeline.jar}
ORDERS=${1:-100000}
DAYS=${DAYS:-30}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

measure() { # label, command...
    local label=$1; shift
    /usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$WORK/time.txt" || { head -5 "$WORK/time.txt"; exit 1; }
    printf '%-34s wall %8s  peak RSS %6d MB\n' "$label" \
        "$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}')" \
        "$(( $(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print $NF}') / 1024 ))"
}

java -jar "$JAR" generate --out "$WORK/drop" --orders "$ORDERS" --days "$DAYS" --seed 1 --quiet >/dev/null
echo "drop: $ORDERS orders, $(du -sh "$WORK/drop/landing-data" | cut -f1) of CSV; $(nproc) cores; java $(java -version 2>&1 | head -1)"

cp -r "$WORK/drop" "$WORK/bucket"
measure "run (validate + transform)" java -jar "$JAR" run --bucket "$WORK/bucket" --store "h2:$WORK/store" --run-id bench --quiet
grep -o '"timingsMillis":{[^}]*}' "$WORK/bucket/runs/bench/report.json" || true

# checkpoint overhead: one validated run, transformed twice from identical copies
mkdir -p "$WORK/ck"
cp -r "$WORK/drop" "$WORK/ck/bucket"
java -jar "$JAR" validate --run-id ck --bucket "$WORK/ck/bucket" --store "h2:$WORK/ck/store" --quiet >/dev/null
for chunk in 10000 100000 1000000; do
    rm -rf "$WORK/ck-$chunk" && cp -r "$WORK/ck" "$WORK/ck-$chunk"
    measure "transform, checkpoint every $chunk" java -jar "$JAR" transform --run-id ck --chunk-size "$chunk" \
        --bucket "$WORK/ck-$chunk/bucket" --store "h2:$WORK/ck-$chunk/store" --quiet
done
