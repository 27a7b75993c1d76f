#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each from its seed corpus; prints the
# executions and the speed of each; exits non-zero on the first finding
# (the crashing input is kept as BUILD/findings/<target>/crash-*).
# Usage: fuzz/run_all.sh BUILD SECONDS [TARGET...]
set -euo pipefail
build=$1; seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_engine_config fuzz_checkpoint fuzz_activity_trace fuzz_event_stream fuzz_cli fuzz_ir_checks)
for t in "${targets[@]}"; do
  work=$build/corpus/$t; findings=$build/findings/$t
  mkdir -p "$work" "$findings"
  log=$build/fuzz-$t.log
  # -rss_limit_mb: the loaders must refuse huge sizes before allocating.
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$findings/" "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1; then
    echo "$t: FINDING (log $log)"; grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5; exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "$t: $runs executions in ${seconds} s ($speed/s), no crash"
done
