#!/usr/bin/env bash
# kill -9 a running sweep (the driver and its workers, the whole process
# group) once some points are written, rerun with --resume: every point
# present once, results identical to an uninterrupted sweep. BACKEND is
# local or parallel.
set -euo pipefail
TPE=$1; SRC=$2; WORK=$3; BACKEND=${4:-local}
if [ "$BACKEND" = parallel ] && ! command -v parallel >/dev/null; then echo "GNU parallel not installed: skipped"; exit 77; fi
SPEC=$SRC/tests/cli/sweep_kill_spec.json
rm -rf "$WORK"; mkdir -p "$WORK"
"$TPE" sweep --spec "$SPEC" --out "$WORK/whole" --jobs 2 --backend "$BACKEND" 2> /dev/null
setsid "$TPE" sweep --spec "$SPEC" --out "$WORK/killed" --jobs 1 --backend "$BACKEND" 2> /dev/null &
pid=$!
for _ in $(seq 600); do
  n=$(ls "$WORK/killed/points" 2>/dev/null | wc -l || true)
  [ "$n" -ge 2 ] && break
  sleep 0.05
done
kill -9 -- "-$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
done_before=$(ls "$WORK/killed/points" | wc -l)
echo "killed with $done_before of 6 points written"
[ "$done_before" -lt 6 ] || { echo "the sweep finished before the kill: make its points slower"; exit 1; }
[ ! -e "$WORK/killed/results.csv" ]
"$TPE" sweep --spec "$SPEC" --out "$WORK/killed" --jobs 2 --backend "$BACKEND" --resume 2> /dev/null
[ "$(ls "$WORK/killed/points" | wc -l)" -eq 6 ]
[ -z "$(ls -A "$WORK/killed/points" | grep '^\.' || true)" ] || { echo "staging directories left"; exit 1; }
cmp "$WORK/whole/results.csv" "$WORK/killed/results.csv"
cmp "$WORK/whole/results.json" "$WORK/killed/results.json"
cmp "$WORK/whole/pareto.csv" "$WORK/killed/pareto.csv"
echo "sweep_resume ($BACKEND): ok"
