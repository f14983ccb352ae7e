#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time and prints, per target, the CPU time it used,
# the inputs it ran, the coverage it reached and whether it found anything.
#   tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
# Seeds: tests/fuzz/corpus/<name>/ (name = target without _fuzz) and, for some targets, the
# project's own sample data. New inputs are kept in BUILD_DIR/corpus/<name>/ for the next run;
# a crash, leak or timeout is written to BUILD_DIR/artifacts/ and makes this script fail.
set -uo pipefail
build=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
printf '%-18s %10s %12s %8s %s\n' target cpu_s execs cov result
for target in "$@"; do
  name=${target%_fuzz}
  work=$build/corpus/$name
  mkdir -p "$work" "$build/artifacts"
  seeds=("$root/tests/fuzz/corpus/$name")
  case $name in
    workflow) seeds+=("$root/workflows") ;;
    plan_import) seeds+=("$root/tests/data") ;;
  esac
  log=$build/$name.log
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb bounds memory per input.
  /usr/bin/time -f '%U %S' -o "$build/$name.time" \
    "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" "$work" "${seeds[@]}" \
    >"$log" 2>&1
  rc=$?
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$build/$name.time" 2>/dev/null)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  if [ $rc -eq 0 ]; then
    result="no finding"
  else
    result="FINDING (exit $rc): $(grep -m1 -E 'ERROR|runtime error|TZ_ASSERT|assertion' "$log")"
    status=1
  fi
  printf '%-18s %10s %12s %8s %s\n' "$target" "${cpu:-?}" "${execs:-?}" "${cov:-?}" "$result"
done
exit $status
