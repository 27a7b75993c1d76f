#!/usr/bin/env bash
# Runs every fuzz target from its seed corpus, one at a time (one process
# each: the machine is shared), for SECONDS each, or until FUZZ_RUNS
# executions when that is set (whichever comes first); prints the
# executions, time, speed and corpus size of each; exits non-zero on the
# first finding and prints how to replay it (the crashing input is kept as
# BUILD/findings/<target>/crash-*, timeout-*, oom-* or leak-*).
# FUZZ_SEED=N fixes libFuzzer's random seed: with FUZZ_RUNS and a fresh
# BUILD/corpus the run is then nearly the same on every machine (CI's smoke;
# libFuzzer is not fully deterministic: corpus sizes differ a little).
# Usage: [FUZZ_RUNS=N] [FUZZ_SEED=N] fuzz/run_all.sh BUILD SECONDS [TARGET...]
set -euo pipefail
build=$1; seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_engine_config fuzz_checkpoint fuzz_activity_trace fuzz_event_stream fuzz_cli fuzz_ir_checks)
runs_opt=()
[ -z "${FUZZ_RUNS:-}" ] || runs_opt=(-runs="$FUZZ_RUNS")
[ -z "${FUZZ_SEED:-}" ] || runs_opt+=(-seed="$FUZZ_SEED")
for t in "${targets[@]}"; do
  work=$build/corpus/$t; findings=$build/findings/$t
  mkdir -p "$work" "$findings"
  log=$build/fuzz-$t.log
  start=$(date +%s)
  # -rss_limit_mb: the loaders must refuse huge sizes before allocating.
  if ! "$build/fuzz/$t" -max_total_time="$seconds" "${runs_opt[@]}" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$findings/" "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1; then
    echo "$t: FINDING (full log: $log)"
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
    input=$(sed -n 's/^.*Test unit written to \([^ ]*\).*$/\1/p' "$log" | tail -1)
    if [ -n "$input" ]; then
      echo "reproducer: $input (base64 below)"; base64 "$input" | head -40
      echo "replay it: $build/fuzz/$t $input"
    fi
    exit 1
  fi
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  corpus=$(find "$work" -type f | wc -l)
  echo "$t: $runs executions in $elapsed s ($speed/s), corpus $corpus inputs, no crash"
done
