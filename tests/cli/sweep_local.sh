#!/usr/bin/env bash
# tpe sweep, local backend: one results.csv row per point of the spec (4 rows
# x 3 cols = 12), the rows = 300 points recorded invalid with the validation
# message, each valid point's cycles equal to `tpe sim` on its description,
# the Pareto front non-dominated, a rerun refused without --resume, and the
# result deterministic (a second sweep gives the same bytes).
set -euo pipefail
TPE=$1; SRC=$2; WORK=$3
SPEC=$SRC/configs/sweeps/small_gemm_cycle_model.json
rm -rf "$WORK"; mkdir -p "$WORK"
"$TPE" sweep --spec "$SPEC" --out "$WORK/a" --jobs 2 2> "$WORK/progress.txt"
grep -q "^\[12/12\] 100 %" "$WORK/progress.txt" || { echo "no final progress line"; cat "$WORK/progress.txt"; exit 1; }
grep -q "ETA" "$WORK/progress.txt"
rows=$(($(wc -l < "$WORK/a/results.csv") - 1))
[ "$rows" -eq 12 ] || { echo "results.csv has $rows rows, the spec has 12 points"; exit 1; }
[ "$(grep -c ',invalid,' "$WORK/a/results.csv")" -eq 3 ] || { echo "expected 3 invalid points"; exit 1; }
grep -q "field 'rows' has value 300; allowed: an integer in 1..256" "$WORK/a/results.csv"
[ "$(ls "$WORK/a/points" | wc -l)" -eq 12 ]
# Each valid point's cycles from tpe sim on the point's own description.
while IFS=, read -r id r c status tag cycles rest; do
  [ "$status" = ok ] || continue
  sim=$("$TPE" sim --config "$WORK/a/points/$id/description.json" --gemm 24x40x24 --seed 3 --json |
        sed -n 's/.*"cycles":\([0-9]*\),.*/\1/p')
  [ "$sim" = "$cycles" ] || { echo "$id: sweep cycles $cycles, tpe sim $sim"; exit 1; }
done < <(tail -n +2 "$WORK/a/results.csv")
# Pareto front: no listed point is dominated by any valid point (cycles, pe_count).
awk -F, 'NR==FNR { if (FNR>1 && $4=="ok") { n++; cy[n]=$6; pe[n]=$8 } next }
         FNR>1 { for (i=1;i<=n;i++) if (cy[i]<=$5 && pe[i]<=$6 && (cy[i]<$5 || pe[i]<$6)) { print "dominated: " $0; bad=1 } }
         END { exit bad }' "$WORK/a/results.csv" "$WORK/a/pareto.csv"
[ "$(($(wc -l < "$WORK/a/pareto.csv") - 1))" -ge 2 ]
# A second run into the same directory needs --resume.
if "$TPE" sweep --spec "$SPEC" --out "$WORK/a" 2> "$WORK/err.txt"; then echo "rerun without --resume accepted"; exit 1; fi
grep -q "rerun with --resume" "$WORK/err.txt"
# Deterministic.
"$TPE" sweep --spec "$SPEC" --out "$WORK/b" --jobs 1 2> /dev/null
cmp "$WORK/a/results.csv" "$WORK/b/results.csv"
cmp "$WORK/a/pareto.csv" "$WORK/b/pareto.csv"
echo "sweep_local: ok"
# Workload fields vary too ("workload.batch"): 4 x 3 x 3 x 3 points.
"$TPE" sweep --spec "$SRC/configs/sweeps/decode_batch.json" --out "$WORK/never" --dry-run > "$WORK/dry.txt"
n=$(wc -l < "$WORK/dry.txt")
[ "$n" -eq 108 ] || { echo "decode_batch.json expands to $n points, not 108"; exit 1; }
head -1 "$WORK/dry.txt" | grep -q '"workload.batch":1'
[ ! -e "$WORK/never" ]
echo "sweep_local (workload axes): ok"
# A point past max_seconds_per_point is stopped and recorded "timeout"; the others finish.
# The 1x1 point needs 196 M cycles (seconds at any model speed), the 64x64 one 49 k: the
# 1x64 and 64x1 points (3 M cycles) may land on either side of the limit, so only the
# two ends are asserted.
cat > "$WORK/timeout.json" <<'SPEC'
{"base": {"family": "systolic", "dataflow": "os", "rows": 1, "cols": 1,
          "a": {"bits": 8, "signed": true}, "b": {"bits": 8, "signed": true}, "acc_bits": 32},
 "vary": {"rows": [1, 64], "cols": [1, 64]},
 "workload": {"gemm": "256x3000x256"}, "metrics": ["cycles"], "max_seconds_per_point": 1.0}
SPEC
"$TPE" sweep --spec "$WORK/timeout.json" --out "$WORK/timeout" --jobs 2 2> /dev/null > "$WORK/timeout.txt" || true
grep -qE "[1-9][0-9]* timed out" "$WORK/timeout.txt" || { cat "$WORK/timeout.txt"; exit 1; }
grep -q "^p00000,1,1,timeout,.*ran past max_seconds_per_point = 1 s" "$WORK/timeout/results.csv"
grep -q "^p00003,64,64,ok,systolic_os_64x64" "$WORK/timeout/results.csv"
echo "sweep_local (timeout): ok"
# A YAML spec gives the same results as the same spec in JSON.
"$TPE" sweep --spec "$SRC/configs/sweeps/systolic_geometry.json" --out "$WORK/geo_json" --no-plot 2> /dev/null > /dev/null
"$TPE" sweep --spec "$SRC/configs/sweeps/systolic_geometry.yaml" --out "$WORK/geo_yaml" --no-plot 2> /dev/null > /dev/null
cmp "$WORK/geo_json/results.csv" "$WORK/geo_yaml/results.csv"
printf 'base: [unclosed\n' > "$WORK/bad.yaml"
if "$TPE" sweep --spec "$WORK/bad.yaml" --out "$WORK/never" 2> "$WORK/err.txt"; then echo "bad YAML accepted"; exit 1; fi
grep -q "bad.yaml: malformed YAML" "$WORK/err.txt"
echo "sweep_local (YAML): ok"
