#!/usr/bin/env bash
# tpe plot and the sweep's own figure: every PNG is a valid PNG (signature,
# IHDR chunk, width and height > 0, an IEND chunk) of more than 5 kB, every
# SVG an <svg> document; bad input names what is wrong.
set -euo pipefail
TPE=$1; SRC=$2; WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK"
check_png() {
  local f=$1
  [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || { echo "$f: not a PNG"; exit 1; }
  [ "$(dd if="$f" bs=1 skip=12 count=4 2>/dev/null)" = "IHDR" ] || { echo "$f: no IHDR"; exit 1; }
  local w h
  w=$(od -An -tu1 -j16 -N4 "$f" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  h=$(od -An -tu1 -j20 -N4 "$f" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
  [ "$w" -gt 0 ] && [ "$h" -gt 0 ] || { echo "$f: empty image ${w}x${h}"; exit 1; }
  case "$(tail -c 12 "$f" | od -c | tr -d " \n")" in *IEND*) ;; *) echo "$f: truncated (no IEND)"; exit 1;; esac
  [ "$(stat -c %s "$f")" -gt 5000 ] || { echo "$f: under 5 kB, nothing drawn"; exit 1; }
}
check_svg() { grep -q "<svg" "$1" && grep -q "</svg>" "$1" || { echo "$1: not an SVG document"; exit 1; }; }

"$TPE" sweep --spec "$SRC/configs/sweeps/small_gemm_cycle_model.json" --out "$WORK/sweep" --jobs 2 2> /dev/null
check_png "$WORK/sweep/pareto.png"; check_svg "$WORK/sweep/pareto.svg"
"$TPE" plot pareto --sweep "$WORK/sweep" --x pe_count --y utilization --out "$WORK/pareto_util"
check_png "$WORK/pareto_util.png"; check_svg "$WORK/pareto_util.svg"
# The labels of the front are drawn (the SVG holds the text).
grep -q "rows=8" "$WORK/pareto_util.svg" || grep -q "rows=8" "$WORK/sweep/pareto.svg"

"$TPE" run-model --scheme w8a8 --config "$SRC/configs/systolic_os_4x4_int8.json" --steps 3 --json > "$WORK/run.json"
"$TPE" plot layers --run "$WORK/run.json" --out "$WORK/layers"
check_png "$WORK/layers.png"; check_svg "$WORK/layers.svg"
grep -q "classifier" "$WORK/layers.svg"
"$TPE" layer --model stories260K --phase decode --batch 2 --ctx 16 --config "$SRC/configs/systolic_os_4x4_int8.json" --json > "$WORK/layer.json"
"$TPE" plot layers --run "$WORK/layer.json" --out "$WORK/layer_ops"
check_png "$WORK/layer_ops.png"
"$TPE" plot energy --run "$SRC/tests/data/plots/energy_report_4x4.json" --out "$WORK/energy"
check_png "$WORK/energy.png"; check_svg "$WORK/energy.svg"
grep -q "skew" "$WORK/energy.svg"
# Bad input: a message, a non-zero exit, no image.
if "$TPE" plot energy --run "$WORK/run.json" --out "$WORK/never" 2> "$WORK/err.txt"; then
  if grep -q '"energy"' "$WORK/run.json"; then :; else echo "energy plot of a run without energy accepted"; exit 1; fi
else
  grep -q "no energy report in it" "$WORK/err.txt"; [ ! -e "$WORK/never.png" ]
fi
echo "plots: ok"
