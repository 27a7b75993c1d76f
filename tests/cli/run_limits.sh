#!/usr/bin/env bash
# Run bounds and progress through the real `tpe` (docs/cli.md, "Long runs"):
# --max-cycles and --timeout stop a run with a clear message, a non-zero
# exit and no output file; --timeout also kills the external tools the run
# started; the progress line shows on a terminal only, never with --quiet.
# Usage: run_limits.sh CASE TPE CONFIG SCRATCH_DIR
set -uo pipefail
case_name=$1; tpe=$2; config=$3; dir=$4
source "$(dirname "$0")/refusal_lib.sh"
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir" || exit 1
# GEMM 512x512x512 on the OS 4x4 array: 8,617,983 cycles (the closed form: 128 x 128 tiles of
# 512+4+4+4+2 edges, minus 1; docs/families/systolic.md), seconds of simulation.
big=512x512x512
case $case_name in
  max_cycles_sim)
    # 8x8x8 on OS 4x4 takes 87 cycles (the closed form, docs/families/systolic.md).
    expect_refusal "--max-cycles 50: the simulation had not finished after 50 cycles \(the closed form says it needs 87 cycles\)" \
      "$tpe" sim --config "$config" --gemm 8x8x8 --max-cycles 50 --activity out.json --trace trace.txt
    [ ! -e out.json ] && [ ! -e trace.txt ] || fail "an output file appeared"
    # A bound the run fits in changes nothing.
    "$tpe" sim --config "$config" --gemm 8x8x8 --max-cycles 87 --activity out.json >/dev/null || fail "87 cycles refused"
    [ -s out.json ] || fail "no output with a sufficient bound"
    expect_refusal "--max-cycles has value 0; allowed: an integer >= 1" "$tpe" sim --config "$config" --gemm 8x8x8 --max-cycles 0 ;;
  timeout_sim)
    start=$(date +%s.%N)
    err=$("$tpe" sim --config "$config" --gemm $big --timeout 0.5 --activity out.json --trace trace.txt 2>&1 >/dev/null)
    code=$?
    took=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
    [ $code -eq 124 ] || fail "exit $code, want 124: $err"
    grep -q -- "tpe sim: error: --timeout 0.5 s reached: the run was stopped; no output file was written" <<<"$err" \
      || fail "message: $err"
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 5 else 1)" "$took" || fail "took $took s"
    [ -z "$(ls -A)" ] || fail "left files: $(ls -A)"
    echo "ok: stopped after $took s: $err"
    expect_refusal "--timeout has value -1; allowed: 0 < seconds <= 10000000" "$tpe" sim --config "$config" --gemm 8x8x8 --timeout -1 ;;
  timeout_child)
    # The external tool (yosys, in a fresh cache so nothing is cached) is
    # killed with the run: nothing keeps running in the scratch directory.
    command -v yosys >/dev/null || fail "yosys is not installed (make setup installs it)"
    export TPE_CACHE_DIR=$dir/cache
    err=$("$tpe" synth --config "$config" --timeout 1 2>&1 >/dev/null); code=$?
    [ $code -eq 124 ] || fail "exit $code, want 124: $err"
    sleep 0.5
    if pgrep -f "$dir/cache" >/dev/null; then fail "a tool of the run is still running: $(pgrep -af "$dir/cache")"; fi
    echo "ok: $err" ;;
  progress_terminal)
    command -v script >/dev/null || fail "script(1) is not installed (bsdutils)"
    # script(1) gives the run a terminal: the progress line shows there.
    script -qec "'$tpe' sim --config '$config' --gemm $big" /dev/null >tty.txt </dev/null || fail "tpe sim on a terminal"
    grep -qE "sim $big: [0-9.]+% \([0-9,]+ of 8,617,983 cycles\), [0-9.]+ s elapsed, about [0-9.]+ s left" tty.txt \
      || fail "no progress line with an estimate: $(tr '\r' '\n' <tty.txt | head -5)"
    grep -q "cycles        : 8617983" tty.txt || fail "no report"
    # --quiet and a non-terminal stderr: no progress line.
    script -qec "'$tpe' sim --config '$config' --gemm $big --quiet" /dev/null >quiet.txt </dev/null || fail "--quiet"
    ! grep -q "elapsed" quiet.txt || fail "progress despite --quiet"
    "$tpe" sim --config "$config" --gemm $big >out.txt 2>err.txt || fail "plain run"
    [ ! -s err.txt ] || fail "stderr not empty off a terminal: $(head -c 200 err.txt)"
    echo "ok: $(tr '\r' '\n' <tty.txt | grep -m1 elapsed)" ;;
  *) fail "unknown case" ;;
esac
