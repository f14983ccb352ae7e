#!/usr/bin/env bash
# Summarises ThreadSanitizer reports (BUILD_DIR/tsan-report.PID, one file per process that had
# any): how many reports, and each distinct warning with the first frame of this project's code
# in its first stack.   tests/tsan_summary.sh BUILD_DIR
set -uo pipefail
dir=$1
shopt -s nullglob
reports=("$dir"/tsan-report.*)
if [ ${#reports[@]} -eq 0 ]; then
  echo "ThreadSanitizer: no reports"
  exit 0
fi
echo "ThreadSanitizer: $(cat "${reports[@]}" | grep -c '^WARNING: ThreadSanitizer') warnings in ${#reports[@]} processes"
# For each warning: its kind and the first frame inside the source tree.
awk '
  /^WARNING: ThreadSanitizer:/ { kind = $0; sub(/^WARNING: ThreadSanitizer: /, "", kind); sub(/ \(pid=.*/, "", kind); want = 1; next }
  want && /#[0-9]+ .*\/(engine|api|cli|delivery|tests)\// {
    frame = $0; sub(/^ *#[0-9]+ /, "", frame); sub(/ \(.*$/, "", frame)
    where = $0; sub(/^.* \/[^ ]*\/(engine|api|cli|delivery|tests)\//, "", where); sub(/ .*$/, "", where)
    print kind " — " frame " (" where ")"; want = 0
  }' "${reports[@]}" | sed -E 's/\(([^:]*\/)?/(/' | sort | uniq -c | sort -rn
