#!/usr/bin/env bash
# Our whole pipeline against DuckDB over the same drop: wall, CPU and peak RSS of each, their ratio, and whether
# both compute the same KPIs cell for cell. Not a test: nothing in `mvn verify` runs it.
#
#   batch-jobs/src/test/bench/pipeline-vs-duckdb.sh --orders 1000000 --runs 3
#
# One command: builds the jar and test classes (offline; --no-build skips it), generates the drop once and keeps
# it under batch-jobs/target/bench/drops/ (--drops DIR elsewhere), then RUNS times each, engines interleaved (the
# order alternating run by run):
#   ours    `java -jar pipeline.jar run` over a fresh bucket holding the drop and a fresh H2 store, whole process;
#   duckdb  `org.ecomkpi.bench.DuckDbDropKpis` in its own JVM: DuckDB reads the same CSV files and states SPEC 3
#           (which rows count) and 5 (KPIs over current versions) in SQL, the oracle the tests use
#           (kpi-lib test sources, DuckDbKpiOracle.validateAndComputeCurrent).
# Each process is measured by /usr/bin/time (wall, user + system CPU, maximum resident set). After each pair our
# `kpis --format json` exports of both tables are compared with DuckDB's, rows by key and every cell as an exact
# decimal (org.ecomkpi.bench.KpiAgreement). Prints the runs, a summary of medians, and a Markdown row for the
# "Measurements" table of batch-jobs/README.md.
#
# Options: --orders N (100000)  --runs R (3)  --days D (30)  --bad-rows B (10 per reject rule)  --seed S (1)
#          --drops DIR  --ours-java-opts "..." (e.g. "-Xmx512m", or a JFR recording)  --duckdb-java-opts "..."
#          --duckdb-threads T (0: every core)  --label TEXT (names the figures)  --no-build  --keep (work folder)
#          --update-readme (puts the Markdown row into batch-jobs/README.md's "Measurements" table, replacing
#          the row with the same command)
#          --jfr FILE (records our runs with JFR's profile settings, the last run kept in FILE, then prints
#          where the time went: org.ecomkpi.bench.JfrHotMethods; a recorded run is slower, so quote its
#          figures apart)
# The body is one function, read whole before it runs: editing this file during a long run cannot derail it.
main() {
set -euo pipefail
cd "$(dirname "$0")/../../../.."
ROOT=$PWD

ORDERS=100000 RUNS=3 DAYS=30 BAD_ROWS=10 SEED=1 DROPS=$ROOT/batch-jobs/target/bench/drops
OURS_OPTS="" DUCK_OPTS="" DUCK_THREADS=0 BUILD=yes KEEP=no LABEL="" JFR="" README=no
while (($#)); do
    case $1 in
        --orders) ORDERS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --days) DAYS=$2; shift 2 ;;
        --bad-rows) BAD_ROWS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --drops) DROPS=$2; shift 2 ;;
        --ours-java-opts) OURS_OPTS=$2; shift 2 ;;
        --duckdb-java-opts) DUCK_OPTS=$2; shift 2 ;;
        --duckdb-threads) DUCK_THREADS=$2; shift 2 ;;
        --label) LABEL=$2; shift 2 ;;
        --jfr) JFR=$(realpath -m "$2"); shift 2 ;;
        --no-build) BUILD=no; shift ;;
        --keep) KEEP=yes; shift ;;
        --update-readme) README=yes; shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

[[ -n $JFR ]] && OURS_OPTS="$OURS_OPTS -XX:StartFlightRecording=filename=$JFR,settings=profile"
JAR=$ROOT/batch-jobs/target/pipeline.jar
BENCH=$ROOT/batch-jobs/target/bench
mkdir -p "$BENCH" "$DROPS"
if [[ $BUILD == yes ]]; then
    echo "building (mvn -B -o -q package -DskipTests) ..." >&2
    mvn -B -o -q package -DskipTests >&2
fi
if [[ ! -s $BENCH/duckdb.classpath ]]; then
    mvn -B -o -q dependency:build-classpath -pl kpi-lib -Dmdep.includeScope=test \
        -Dmdep.outputFile="$BENCH/duckdb.classpath" >&2
fi
CP=$ROOT/batch-jobs/target/test-classes:$ROOT/kpi-lib/target/test-classes:$ROOT/kpi-lib/target/classes:$(cat "$BENCH/duckdb.classpath")

DROP=$DROPS/orders-$ORDERS-days-$DAYS-bad-$BAD_ROWS-seed-$SEED
if [[ ! -f $DROP/.complete ]]; then
    echo "generating $ORDERS orders into $DROP ..." >&2
    rm -rf "$DROP"
    java -jar "$JAR" generate --out "$DROP" --orders "$ORDERS" --days "$DAYS" --seed "$SEED" --bad-rows "$BAD_ROWS" --quiet >&2
    touch "$DROP/.complete"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-vs-duckdb.XXXXXX")
[[ $KEEP == yes ]] && echo "work folder kept: $WORK" >&2 || trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.txt
: >"$RESULTS"

# measure ENGINE RUN command...: appends "engine run wall cpu rss_kb" to $RESULTS
measure() {
    local engine=$1 run=$2; shift 2
    if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/$engine.out" 2>"$WORK/$engine.err"; then
        echo "$engine failed (run $run):" >&2; tail -20 "$WORK/$engine.err" >&2; exit 1
    fi
    read -r wall user sys rss < <(tail -1 "$WORK/time.txt")
    echo "$engine $run $wall $(echo "$user + $sys" | bc) $rss" >>"$RESULTS"
    printf '  run %d  %-8s wall %7.1f s  cpu %7.1f s  peak RSS %6d MB\n' "$run" "$engine" "$wall" \
        "$(echo "$user + $sys" | bc)" $((rss / 1024))
}

ours() {
    rm -rf "$WORK/ours" && mkdir -p "$WORK/ours/bucket"
    cp -al "$DROP/landing-data" "$WORK/ours/bucket/" 2>/dev/null || cp -r "$DROP/landing-data" "$WORK/ours/bucket/"
    # shellcheck disable=SC2086
    measure ours "$1" java $OURS_OPTS -jar "$JAR" run --bucket "$WORK/ours/bucket" --store "h2:$WORK/ours/store" \
        --run-id bench --quiet
    echo "  run $1  ours steps, ms: $(grep -o '"timingsMillis":{[^}]*}' "$WORK/ours/bucket/runs/bench/report.json" \
        | sed 's/"timingsMillis":{//; s/}//; s/"//g; s/,/, /g')"
}

duckdb() {
    rm -rf "$WORK/duckdb"
    # shellcheck disable=SC2086
    measure duckdb "$1" java $DUCK_OPTS -cp "$CP" org.ecomkpi.bench.DuckDbDropKpis --out "$WORK/duckdb" \
        --threads "$DUCK_THREADS" "$DROP/landing-data"
}

AGREE=yes
agreement() {
    for table in order_kpi_table category_kpi_table; do
        java -jar "$JAR" kpis --store "h2:$WORK/ours/store" --table "$table" --format json >"$WORK/ours-$table.json"
    done
    local line
    for spec in "order_kpi_table order_date" "category_kpi_table category order_date"; do
        set -- $spec
        if line=$(java -cp "$CP" org.ecomkpi.bench.KpiAgreement "$1" "$WORK/ours-$1.json" "$WORK/duckdb/$1.json" "${@:2}"); then
            echo "  $line"
        else
            echo "$line" | sed 's/^/  /'; AGREE=no
        fi
    done
}

CSV_MB=$(du -sm "$DROP/landing-data" | cut -f1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain 2>/dev/null | grep -q . && echo "+changes" || true)
echo "drop: $ORDERS orders over $DAYS days, $BAD_ROWS bad rows per rule, $CSV_MB MB of CSV ($DROP)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; $(java -version 2>&1 | head -1); commit $COMMIT$DIRTY"
echo "ours:   java ${OURS_OPTS:-(default flags)} -jar pipeline.jar run   duckdb: java ${DUCK_OPTS:-(default flags)}, threads ${DUCK_THREADS/#0/all}"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
for ((run = 1; run <= RUNS; run++)); do
    if ((run % 2)); then ours "$run"; duckdb "$run"; else duckdb "$run"; ours "$run"; fi
    agreement
done
echo "load after:  $(uptime | sed 's/.*load average/load average/')"

median() { # engine column
    awk -v e="$1" -v c="$2" '$1 == e {print $c}' "$RESULTS" | sort -g | awk '{v[NR] = $1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
OW=$(median ours 3) OC=$(median ours 4) OR=$(median ours 5)
DW=$(median duckdb 3) DC=$(median duckdb 4) DR=$(median duckdb 5)
ratio() { echo "scale=2; $1 / $2" | bc; }
echo
printf '%-8s %12s %12s %14s   (median of %d runs)\n' engine "wall s" "CPU s" "peak RSS MB" "$RUNS"
printf '%-8s %12.1f %12.1f %14d\n' ours "$OW" "$OC" $((${OR%.*} / 1024))
printf '%-8s %12.1f %12.1f %14d\n' duckdb "$DW" "$DC" $((${DR%.*} / 1024))
printf '%-8s %11sx %11sx %13sx\n' ours/duckdb "$(ratio "$OW" "$DW")" "$(ratio "$OC" "$DC")" "$(ratio "$OR" "$DR")"
echo "results agree cell for cell: $AGREE (every run, both tables)"
echo
COMMAND="batch-jobs/src/test/bench/pipeline-vs-duckdb.sh --orders $ORDERS --runs $RUNS${OURS_OPTS:+ --ours-java-opts \"${OURS_OPTS# }\"}"
ROW=$(printf '| %s`run` vs DuckDB over %s orders (%s MB of CSV), median of %s interleaved runs | ours %.1f s wall, %.1f s CPU, %d MB peak RSS; DuckDB %.1f s, %.1f s, %d MB; ours/DuckDB wall %sx, CPU %sx; KPIs agree cell for cell: %s | `%s` |' \
    "${LABEL:+$LABEL: }" "$ORDERS" "$CSV_MB" "$RUNS" "$OW" "$OC" $((${OR%.*} / 1024)) \
    "$DW" "$DC" $((${DR%.*} / 1024)) "$(ratio "$OW" "$DW")" "$(ratio "$OC" "$DC")" "$AGREE" "$COMMAND")
echo "Markdown row for batch-jobs/README.md \"Measurements\":"
echo "$ROW"
if [[ $README == yes ]]; then
    # replace the row with the same command in the Measurements table, or add it at the table's end
    ROW=$ROW COMMAND=$COMMAND awk '
        /^## / { section = $0 }
        section == "## Measurements" && /^\|/ && index($0, "`" ENVIRON["COMMAND"] "`") { print ENVIRON["ROW"]; done = 1; next }
        section == "## Measurements" && /^\|/ { intable = 1 }
        section == "## Measurements" && intable && !/^\|/ && !done { print ENVIRON["ROW"]; done = 1; intable = 0 }
        { print }' batch-jobs/README.md >"$WORK/README.md" && cp "$WORK/README.md" batch-jobs/README.md
    echo "batch-jobs/README.md updated"
fi
if [[ -n $JFR ]]; then
    echo
    echo "JFR of our last run ($JFR):"
    java -cp "$CP" org.ecomkpi.bench.JfrHotMethods "$JFR" 25
fi
[[ $AGREE == yes ]]
}
main "$@"
